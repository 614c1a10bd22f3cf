import { describe, expect, it } from 'vitest';
import { createEntityExtractor } from '../extract/extract-entities';
import { createPhoneRecognizer } from './phone';
import { findings, found } from './test-helpers';

describe('phone recognizer', () => {
  const phone = createPhoneRecognizer();
  it('reads national and international numbers and normalises them to E.164', () => {
    const result = findings(phone, 'ring 07911 123456 or +44 20 7946 0958 or 0033 1 42 68 53 00');
    expect(result.map((f) => f.normalized)).toEqual(['+447911123456', '+442079460958', '+33142685300']);
    expect(result.every((f) => f.validated && f.confidence === 0.9)).toBe(true);
  });
  it('reports possible-but-invalid numbers (Ofcom drama range) with a lower confidence', () => {
    const [drama] = findings(phone, 'his number is 07700 900123');
    expect(drama).toMatchObject({ text: '07700 900123', validated: false, confidence: 0.4 });
    expect(found(createPhoneRecognizer({ possible: false }), 'his number is 07700 900123')).toEqual([]);
  });
  it('ignores dates, decimals and bare digit strings without a trunk 0', () => {
    expect(found(phone, 'on 12/03/2023 or 2023-03-12, 1,250.00 each, ref 4485667781')).toEqual([]);
  });
  it('reads national numbers in a fallback region only when valid there', () => {
    const us = createPhoneRecognizer({ fallbackRegions: ['US'] });
    expect(findings(us, 'US: 415-555-2671')[0]?.normalized).toBe('+14155552671');
  });
  it('refuses a region libphonenumber does not know, naming the fix', () => {
    expect(() => createEntityExtractor({ region: 'UK' as 'GB' })).toThrow(/GB \(not UK\)/);
  });
  it('uses the region of the context for national numbers', () => {
    expect(phone.find('call 030 1234567', { region: 'DE' })[0]?.normalized).toBe('+49301234567');
  });
});
