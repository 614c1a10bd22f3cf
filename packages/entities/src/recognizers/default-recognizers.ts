import { createBitcoinRecognizer } from './bitcoin';
import { createCardRecognizer } from './card';
import { createCoordinatesRecognizer } from './coordinates';
import { createEmailRecognizer } from './email';
import { createEthereumRecognizer } from './ethereum';
import { createIbanRecognizer } from './iban';
import { createImeiRecognizer } from './imei';
import { createIpRecognizer } from './ip';
import { createMacRecognizer } from './mac';
import { createMoneroRecognizer } from './monero';
import { createMoneyRecognizer } from './money';
import { createNhsNumberRecognizer } from './nhs-number';
import { createPhoneRecognizer, type PhoneRecognizerOptions } from './phone';
import type { Recognizer } from './recognizer';
import { createSocialRecognizer } from './social';
import { createTronRecognizer } from './tron';
import { createUkNinoRecognizer } from './uk-nino';
import { createUkPostcodeRecognizer } from './uk-postcode';
import { createUkSortCodeAccountRecognizer } from './uk-sort-code-account';
import { createUkVehicleRegistrationRecognizer } from './uk-vehicle-registration';
import { createUrlRecognizer } from './url';

/** Every built-in pattern recognizer, freshly created (the phone recognizer keeps a parse cache). */
export function defaultRecognizers(options: { phone?: PhoneRecognizerOptions } = {}): Recognizer[] {
  return [
    createPhoneRecognizer(options.phone),
    createEmailRecognizer(),
    createUrlRecognizer(),
    createIpRecognizer(),
    createMacRecognizer(),
    createIbanRecognizer(),
    createCardRecognizer(),
    createUkSortCodeAccountRecognizer(),
    createBitcoinRecognizer(),
    createEthereumRecognizer(),
    createTronRecognizer(),
    createMoneroRecognizer(),
    createImeiRecognizer(),
    createUkPostcodeRecognizer(),
    createUkVehicleRegistrationRecognizer(),
    createUkNinoRecognizer(),
    createNhsNumberRecognizer(),
    createCoordinatesRecognizer(),
    createSocialRecognizer(),
    createMoneyRecognizer(),
  ];
}
