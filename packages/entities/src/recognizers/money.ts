import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

const SYMBOLS: Record<string, string> = {
  '£': 'GBP',
  $: 'USD',
  '€': 'EUR',
  '¥': 'JPY',
  '₹': 'INR',
  '₽': 'RUB',
  '₺': 'TRY',
  '₴': 'UAH',
  '₦': 'NGN',
  '₩': 'KRW',
  '₪': 'ILS',
  '﷼': 'SAR',
  '₱': 'PHP',
  '฿': 'THB',
  '₫': 'VND',
  '₿': 'BTC',
};
const CODES = [
  'GBP',
  'USD',
  'EUR',
  'JPY',
  'CNY',
  'RMB',
  'INR',
  'RUB',
  'TRY',
  'UAH',
  'NGN',
  'PKR',
  'AED',
  'SAR',
  'CHF',
  'CAD',
  'AUD',
  'PLN',
  'RON',
  'BGN',
  'ALL',
  'IRR',
  'IQD',
  'EGP',
  'KWD',
  'QAR',
  'HKD',
  'SGD',
  'BTC',
  'ETH',
  'USDT',
  'XMR',
  'TRX',
];
const WORDS: Record<string, string> = {
  pounds: 'GBP',
  pound: 'GBP',
  quid: 'GBP',
  sterling: 'GBP',
  dollars: 'USD',
  dollar: 'USD',
  bucks: 'USD',
  euros: 'EUR',
  euro: 'EUR',
  rupees: 'INR',
  roubles: 'RUB',
  rubles: 'RUB',
  lira: 'TRY',
  yuan: 'CNY',
  dirhams: 'AED',
  riyals: 'SAR',
  naira: 'NGN',
  bitcoin: 'BTC',
  btc: 'BTC',
  usdt: 'USDT',
  tether: 'USDT',
};
const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  grand: 1e3,
  g: 1e3,
  m: 1e6,
  mil: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
};

const SYMBOL_CLASS = Object.keys(SYMBOLS)
  .map((symbol) => (symbol === '$' ? '\\$' : symbol))
  .join('');
const AMOUNT = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d{1,2})?|\\d+(?:\\.\\d{1,2})?';
const MULTIPLIER = `(?:[ \\t]?(${Object.keys(MULTIPLIERS).join('|')})(?![\\p{L}\\p{N}_]))?`;
const CODE = `(?:${CODES.join('|')})`;
const WORD = `(?:${Object.keys(WORDS).join('|')})`;

// £250, $1,200.50, €5k, GBP 250, USD1,000; and 250 GBP, 300 quid, 2.5 btc, 3k pounds.
const PREFIXED = new RegExp(
  `(?<![\\p{L}\\p{N}_])(?:([${SYMBOL_CLASS}])|(${CODE})[ \\t]?)[ \\t]?(${AMOUNT})${MULTIPLIER}(?![\\p{N}]|[.,]\\d)`,
  'giu',
);
const SUFFIXED = new RegExp(
  `(?<![\\p{L}\\p{N}_.,$£€])(${AMOUNT})${MULTIPLIER}[ \\t]?(${CODE}|${WORD}|[${SYMBOL_CLASS}])(?![\\p{L}\\p{N}_])`,
  'giu',
);

// Cheap test first: money needs a digit and a currency symbol, code or word somewhere in the text.
const CURRENCY_HINT = new RegExp(`[${SYMBOL_CLASS}]|${CODE}|${WORD}`, 'i');

function currencyOf(token: string): string {
  const upper = token.toUpperCase();
  return (
    SYMBOLS[token] ??
    (CODES.includes(upper) ? (upper === 'RMB' ? 'CNY' : upper) : (WORDS[token.toLowerCase()] ?? upper))
  );
}

function normalisedAmount(amount: string, multiplier: string | undefined, currency: string): string {
  const value =
    Number(amount.replace(/,/g, '')) *
    (multiplier === undefined ? 1 : MULTIPLIERS[multiplier.toLowerCase()]!);
  return `${currency} ${Number.isInteger(value) ? value : value.toFixed(2)}`;
}

/**
 * Money amounts with a currency: symbols (£ $ € …), ISO codes before or after, and the words people
 * write (quid, pounds, grand, 5k). Bare numbers are not money. Normalised to `GBP 1200.50`.
 */
export function createMoneyRecognizer(): Recognizer {
  return {
    name: 'money',
    types: ['money'],
    needs: { minDigits: 1 },
    find(text) {
      if (!/\d/.test(text) || !CURRENCY_HINT.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(PREFIXED)) {
        const [, symbol, code, amount, multiplier] = match;
        findings.push({
          type: 'money',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: normalisedAmount(amount!, multiplier, currencyOf(symbol ?? code!)),
          confidence: 0.85,
          recognizer: 'money',
          validated: false,
        });
      }
      for (const match of text.matchAll(SUFFIXED)) {
        const [, amount, multiplier, currency] = match;
        findings.push({
          type: 'money',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: normalisedAmount(amount!, multiplier, currencyOf(currency!)),
          confidence: 0.8,
          recognizer: 'money',
          validated: false,
        });
      }
      return findings;
    },
  };
}
