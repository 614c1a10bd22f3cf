import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without a dot followed by letters cannot hold one, and most chat messages have none.
const DOT_LETTERS_TRIGGER = /[a-z0-9]\.[a-z]{2}|:\/\//i;

// With a scheme or "www.", anything up to white space is the URL; trailing sentence punctuation is not.
const WITH_SCHEME = /(?<![\p{L}\p{N}_])(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'`\u00A0]+/giu;

// Bare domains ("evil-shop.co.uk/pay") are reported only with a top-level domain from this list: with
// every two-letter code, ordinary text ("i.e", "file.pl") would be full of false hits.
const BARE_TLDS = [
  'com',
  'net',
  'org',
  'info',
  'biz',
  'io',
  'co',
  'uk',
  'me',
  'tv',
  'app',
  'dev',
  'xyz',
  'online',
  'site',
  'top',
  'club',
  'shop',
  'store',
  'live',
  'ru',
  'su',
  'cn',
  'de',
  'fr',
  'nl',
  'eu',
  'es',
  'it',
  'pl',
  'ua',
  'tr',
  'ir',
  'pk',
  'in',
  'br',
  'au',
  'ca',
  'us',
  'ly',
  'gg',
  'to',
  'ws',
  'onion',
  'ie',
  'ae',
  'sa',
  'al',
  'ro',
  'bg',
  'lt',
  'lv',
  'cz',
  'gr',
  'ng',
  'gov',
  'edu',
  'ac',
  'ai',
  'cc',
  'ph',
  'sh',
  'gl',
  'link',
  'vip',
  'pro',
  'mobi',
];
const BARE_DOMAIN = new RegExp(
  `(?<![\\p{L}\\p{N}\\p{M}_@./:-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:(?:co|com|org|net|ac|gov|edu)\\.[a-z]{2}|${BARE_TLDS.join('|')})` +
    `(?![\\p{L}\\p{N}\\p{M}_@-]|\\.[\\p{L}\\p{N}])(?:/[^\\s<>"'\`]*)?`,
  'giu',
);

const TRAILING_PUNCTUATION = /[.,;:!?'"»”’]+$/;

/** Trims sentence punctuation and unbalanced closing brackets from the end of a URL. */
function trimUrl(url: string): string {
  let trimmed = url.replace(TRAILING_PUNCTUATION, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
    ['{', '}'],
  ] as const) {
    while (trimmed.endsWith(close) && trimmed.split(open).length < trimmed.split(close).length) {
      trimmed = trimmed.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
    }
  }
  return trimmed;
}

/** Lower-cases the scheme and host of a URL and leaves its path as written. */
function normaliseUrl(url: string): string {
  const match = /^((?:[a-z]+:\/\/)?[^/?#]*)(.*)$/is.exec(url);
  return match === null ? url : `${match[1]!.toLowerCase()}${match[2]}`;
}

/**
 * URLs with a scheme or `www.` (confidence 0.9) and bare domains with a common top-level domain
 * (0.6), normalised with the scheme and host in lower case. Shape only: nothing is looked up.
 */
export function createUrlRecognizer(): Recognizer {
  return {
    name: 'url',
    types: ['url'],
    needs: { anyOf: '.' },
    find(text) {
      if (!DOT_LETTERS_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      const push = (raw: string, start: number, confidence: number) => {
        const url = trimUrl(raw);
        // The host needs a dot and a top-level domain of letters after "www.", if any ("www.microsoft" is not a URL).
        const host = url
          .replace(/^[a-z]+:\/\//i, '')
          .replace(/^www\./i, '')
          .split(/[/?#:]/, 1)[0]!;
        if (!/[\p{L}\p{N}]\.(?:\p{L}{2,}|xn--[a-z0-9-]+)$/u.test(host) && !/^\[?[0-9a-f:.]+\]?$/i.test(host))
          return;
        findings.push({
          type: 'url',
          text: url,
          start,
          end: start + url.length,
          normalized: normaliseUrl(url),
          confidence,
          recognizer: 'url',
          validated: false,
        });
      };
      for (const match of text.matchAll(WITH_SCHEME)) push(match[0], match.index, 0.9);
      for (const match of text.matchAll(BARE_DOMAIN)) {
        if (!/^www\./i.test(match[0])) push(match[0], match.index, 0.6);
      }
      return findings;
    },
  };
}
