/**
 * True when a string of ASCII digits passes the Luhn (mod 10) check of ISO/IEC 7812 Annex B: from the
 * rightmost digit, double every second digit, subtract 9 above 9, and the sum is a multiple of 10.
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let digit = digits.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return false;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}
