import { describe, expect, it } from 'vitest';
import { createCardRecognizer } from './card';
import { createIbanRecognizer } from './iban';
import { IBAN_FORMATS } from './iban-formats';
import { findings, found } from './test-helpers';
import { createUkSortCodeAccountRecognizer } from './uk-sort-code-account';

describe('IBAN recognizer', () => {
  const iban = createIbanRecognizer();
  it('finds compact, grouped and lower-case IBANs and normalises them', () => {
    const result = findings(iban, 'pay GB29 NWBK 6016 1331 9268 19 or de89370400440532013000 ok');
    expect(result.map((f) => f.normalized)).toEqual(['GB29NWBK60161331926819', 'DE89370400440532013000']);
  });
  it('rejects a failed mod-97 check, a wrong length and a wrong BBAN structure', () => {
    expect(found(iban, 'GB29 NWBK 6016 1331 9268 18')).toEqual([]);
    expect(found(iban, 'GB29 NWBK 6016 1331 9268 1')).toEqual([]);
    expect(found(iban, 'AL47 212A 1009 0000 0002 3569 8741')).toEqual([]);
  });
  it('stops at the country length so a following word is not swallowed', () => {
    expect(found(iban, 'GB29 NWBK 6016 1331 9268 19 THANKS')).toEqual(['GB29 NWBK 6016 1331 9268 19']);
  });
  it('knows the GB length from the registry', () => {
    expect(IBAN_FORMATS.get('GB')?.length).toBe(22);
  });
});

describe('card recognizer', () => {
  const card = createCardRecognizer();
  it('finds Luhn-valid numbers in issuer ranges, grouped or not', () => {
    expect(found(card, '4111 1111 1111 1111 and 5555-5555-5555-4444 and 378282246310005')).toEqual([
      '4111 1111 1111 1111',
      '5555-5555-5555-4444',
      '378282246310005',
    ]);
  });
  it('drops decoys: a failed Luhn check, no issuer range, or odd grouping', () => {
    expect(found(card, '4111 1111 1111 1112, 9111111111111111, 41111 1111111 11111')).toEqual([]);
  });
});

describe('UK sort code and account recognizer', () => {
  const sortCode = createUkSortCodeAccountRecognizer();
  it('finds dashed sort codes with an account and labelled compact ones', () => {
    const result = findings(sortCode, 'use 20-00-00 55779911 or sort code 601613 acc 31926819');
    expect(result.map((f) => f.normalized)).toEqual(['20-00-00 55779911', '60-16-13 31926819']);
  });
  it('does not read two unlabelled digit runs as an account', () => {
    expect(found(sortCode, 'ref 123456 12345678')).toEqual([]);
  });
});
