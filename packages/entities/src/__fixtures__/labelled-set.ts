// The labelled test set: hand-written chat messages (labelled-messages.txt, [[type:text]] markup) plus
// seeded generated messages that carry valid identifiers and their decoys (one digit off, so the
// checksum fails), dates, times and order numbers. Used by the precision/recall test and the benchmark.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58, base58xmr, bech32, bech32m } from '@scure/base';
import type { EntityType } from '../finding';

/** One labelled message. */
export interface LabelledMessage {
  text: string;
  expected: Array<{ type: EntityType; start: number; end: number }>;
}

/** Parses `[[type:text]]` markup into a text and its expected findings. */
export function parseMarkup(line: string): LabelledMessage {
  const expected: LabelledMessage['expected'] = [];
  let text = '';
  let rest = line;
  for (;;) {
    const open = rest.indexOf('[[');
    if (open < 0) break;
    const close = rest.indexOf(']]', open);
    const colon = rest.indexOf(':', open);
    text += rest.slice(0, open);
    const type = rest.slice(open + 2, colon) as EntityType;
    const value = rest.slice(colon + 1, close);
    expected.push({ type, start: text.length, end: text.length + value.length });
    text += value;
    rest = rest.slice(close + 2);
  }
  return { text: text + rest, expected };
}

/** A small deterministic PRNG (mulberry32), so the generated set is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let index = 0; index < body.length; index++) {
    let digit = Number(body[body.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

function ibanWithCheck(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  return `${country}${String(98 - remainder).padStart(2, '0')}${bban}`;
}

function nhsCheck(body: string): string | undefined {
  let sum = 0;
  for (let index = 0; index < 9; index++) sum += Number(body[index]) * (10 - index);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? undefined : String(check);
}

/** Changes the last digit so any checksum over the digits fails. */
function offByOne(value: string): string {
  const match = /(\d)(\D*)$/.exec(value)!;
  const digit = (Number(match[1]) + 1) % 10;
  return `${value.slice(0, match.index)}${digit}${match[2]}`;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();
const base58check = (payload: Uint8Array) =>
  base58.encode(Buffer.concat([payload, sha256(sha256(payload)).subarray(0, 4)]));

function generated(): string[] {
  const next = random(20261206);
  const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const digits = (count: number) => Array.from({ length: count }, () => int(0, 9)).join('');
  const bytes = (count: number) => Uint8Array.from({ length: count }, () => int(0, 255));
  const pick = <T>(items: readonly T[]) => items[int(0, items.length - 1)]!;
  const letters = (alphabet: string, count: number) =>
    Array.from({ length: count }, () => alphabet[int(0, alphabet.length - 1)]).join('');
  const lines: string[] = [];
  const lead = ['send to', 'use', 'its', 'here:', 'got', 'new one'];
  for (let index = 0; index < 24; index++) {
    // Cards: Visa and Mastercard 16 digits grouped, Amex 15.
    const body = pick(['4', '51', '52', '55', '2221']) + digits(15 - pick(['4', '51']).length);
    const card = (body + digits(15)).slice(0, 15);
    const valid = card + luhnCheckDigit(card);
    const grouped = valid.replace(/(\d{4})(?=\d)/g, `$1${pick([' ', '-', ''])}`);
    lines.push(`${pick(lead)} [[card:${grouped}]] pls, not ${offByOne(valid)}`);
  }
  const ibanBbans: Array<[string, () => string]> = [
    ['GB', () => `${letters('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${digits(14)}`],
    ['DE', () => digits(18)],
    ['FR', () => `${digits(10)}${digits(11)}${digits(2)}`],
    ['ES', () => digits(20)],
    ['NL', () => `${letters('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${digits(10)}`],
    ['RO', () => `${letters('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${digits(16)}`],
    ['AL', () => digits(24)],
    ['TR', () => digits(22)],
  ];
  for (let index = 0; index < 24; index++) {
    const [country, bban] = pick(ibanBbans);
    const iban = ibanWithCheck(country, bban());
    const spaced = index % 2 === 0 ? iban.replace(/(.{4})(?=.)/g, '$1 ') : iban;
    lines.push(`${pick(lead)} [[iban:${spaced}]] and the old one ${offByOne(iban)}`);
  }
  let nhs = 0;
  while (nhs < 16) {
    const body = `${int(4, 7)}${digits(8)}`;
    const check = nhsCheck(body);
    if (check === undefined) continue;
    const value = body + check;
    const bad = `${body}${(Number(check) + 1) % 10}`;
    const shown = `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}`;
    lines.push(`nhs no [[nhs-number:${shown}]], not ${bad}, seen 0${int(1, 9)}/0${int(1, 9)}/2024`);
    nhs++;
  }
  for (let index = 0; index < 20; index++) {
    const body = `${pick(['35', '86', '99', '01', '49'])}${digits(12)}`;
    const imei = body + luhnCheckDigit(body);
    lines.push(`IMEI [[imei:${imei}]] handset, bad ${offByOne(imei)} at ${int(10, 23)}:${int(10, 59)}`);
  }
  for (let index = 0; index < 24; index++) {
    const mobile = `07${pick(['4', '5', '7', '8', '9'])}${digits(2)} ${digits(6)}`;
    const international = `+44 7${pick(['4', '5', '7', '8', '9'])}${digits(2)} ${digits(6)}`;
    lines.push(
      `${pick(['ring', 'call', 'txt', 'whatsapp'])} [[phone:${mobile}]] or [[phone:${international}]], order #${digits(8)} on ${int(10, 28)}/0${int(1, 9)}/2023 at ${int(10, 23)}:${int(10, 59)}`,
    );
  }
  for (let index = 0; index < 12; index++) {
    const address = `0x${Buffer.from(bytes(20)).toString('hex')}`;
    const hash = keccak_256(new TextEncoder().encode(address.slice(2)));
    let checksummed = '0x';
    for (let position = 0; position < 40; position++) {
      const nibble = (hash[position >> 1]! >> (position % 2 === 0 ? 4 : 0)) & 15;
      checksummed += nibble >= 8 ? address[position + 2]!.toUpperCase() : address[position + 2];
    }
    lines.push(`eth [[ethereum:${checksummed}]] only`);
    const tron = base58check(Uint8Array.of(0x41, ...bytes(20)));
    lines.push(`trc20 [[tron:${tron}]] ta`);
    const legacy = base58check(Uint8Array.of(pick([0, 5]), ...bytes(20)));
    lines.push(`btc [[bitcoin:${legacy}]] confirmed`);
    const segwit =
      index % 2 === 0
        ? bech32.encode('bc', [0, ...bech32.toWords(bytes(20))])
        : bech32m.encode('bc', [1, ...bech32m.toWords(bytes(32))]);
    lines.push(`wallet [[bitcoin:${segwit}]]`);
    const body = Uint8Array.of(pick([18, 42]), ...bytes(64));
    const monero = base58xmr.encode(Uint8Array.of(...body, ...keccak_256(body).subarray(0, 4)));
    lines.push(`xmr [[monero:${monero}]] sent`);
  }
  const upper = 'ABCDEFGHJKLMNOPRSTUVWXY';
  for (let index = 0; index < 16; index++) {
    const postcode = `${pick(['SW', 'M', 'B', 'LS', 'E', 'N', 'BS', 'NE'])}${int(1, 19)} ${int(0, 9)}${letters('ABDEFGHJLNPQRSTUWXYZ', 2)}`;
    const vrm = `${letters('ABCDEFGHJKLMNOPRSTUVWXY', 2)}${pick(['18', '68', '21', '71', '24', '74'])} ${letters(upper, 3)}`;
    const nino = `${pick(['AB', 'JG', 'TW', 'PR', 'CE', 'SK'])} ${digits(2)} ${digits(2)} ${digits(2)} ${pick(['A', 'B', 'C', 'D'])}`;
    lines.push(`drop at [[uk-postcode:${postcode}]], car [[uk-vehicle-registration:${vrm}]], ni [[uk-nino:${nino}]]`);
  }
  for (let index = 0; index < 16; index++) {
    const latitude = (int(49000, 58000) / 1000 + next() / 1000).toFixed(5);
    const longitude = (-int(0, 6000) / 1000 - next() / 1000).toFixed(5);
    lines.push(`meet [[coordinates:${latitude}, ${longitude}]] at ${int(10, 23)}:${int(10, 59)}`);
    lines.push(
      `${pick(['owe', 'paid', 'send'])} [[money:£${int(5, 900)}]] to [[handle:@${letters('abcdefghijklmnop', 6)}_${int(1, 99)}]] [[hashtag:#${letters('abcdefghijklmnop', 7)}]] price ${int(1, 99)}.${int(10, 99)}`,
    );
    lines.push(
      `mail [[email:${letters('abcdefghij', 5)}.${letters('abcdefghij', 4)}@${pick(['gmail.com', 'proton.me', 'outlook.co.uk'])}]] or [[url:https://${letters('abcdefghij', 8)}.com/${digits(4)}]] ip [[ip:${int(11, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}]]`,
    );
  }
  for (let index = 0; index < 8; index++) {
    const mac = Array.from({ length: 6 }, () => int(16, 255).toString(16)).join(':');
    lines.push(`device [[mac:${mac}]] on [[ip:10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}]] at 2023-0${int(1, 9)}-1${int(0, 9)}`);
    lines.push(`sort code [[uk-sort-code-account:${digits(2)}-${digits(2)}-${digits(2)} ${digits(8)}]] ref ${digits(6)}`);
  }
  return lines;
}

/** The whole labelled set: hand-written messages first, then the generated ones. */
export function labelledSet(): LabelledMessage[] {
  const handWritten = readFileSync(new URL('./labelled-messages.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  return [...handWritten, ...generated()].map(parseMarkup);
}
