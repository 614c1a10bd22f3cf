import { describe, expect, it } from 'vitest';
import { createImeiRecognizer } from './imei';
import { createNhsNumberRecognizer } from './nhs-number';
import { findings, found } from './test-helpers';
import { createUkNinoRecognizer } from './uk-nino';
import { createUkPostcodeRecognizer } from './uk-postcode';
import { createUkVehicleRegistrationRecognizer } from './uk-vehicle-registration';

describe('UK identifiers', () => {
  it('NINO: HMRC prefix rules, any case, spaced or compact', () => {
    const nino = createUkNinoRecognizer();
    expect(found(nino, 'AB 12 34 56 C, tw987654a')).toEqual(['AB 12 34 56 C', 'tw987654a']);
    expect(found(nino, 'BG123456A QQ123456A AO123456A AB123456E')).toEqual([]);
  });
  it('NHS number: modulus 11', () => {
    const nhs = createNhsNumberRecognizer();
    expect(found(nhs, '943 476 5919 and 401-023-2137')).toEqual(['943 476 5919', '401-023-2137']);
    expect(found(nhs, '943 476 5918')).toEqual([]);
  });
  it('postcode: BS 7666 position rules, normalised with one space', () => {
    const postcode = createUkPostcodeRecognizer();
    expect(findings(postcode, 'to EC1A1BB or M1 1AE').map((f) => f.normalized)).toEqual([
      'EC1A 1BB',
      'M1 1AE',
    ]);
    expect(found(postcode, 'QA1 1AA M1 1CA')).toEqual([]);
  });
  it('vehicle marks: current (with age identifier), prefix and suffix formats', () => {
    const vrm = createUkVehicleRegistrationRecognizer();
    expect(found(vrm, 'AB51 ABC, P123 ABC, ABC 123D')).toEqual(['AB51 ABC', 'P123 ABC', 'ABC 123D']);
    expect(found(vrm, 'AB35 ABC IB51 ABC ABC 123I')).toEqual([]);
  });
  it('IMEI: 15 digits with a Luhn check digit, grouped or not', () => {
    const imei = createImeiRecognizer();
    expect(found(imei, 'imei 490154203237518 / 35-209900-176148-1')).toEqual([
      '490154203237518',
      '35-209900-176148-1',
    ]);
    expect(found(imei, '490154203237519')).toEqual([]);
  });
});
