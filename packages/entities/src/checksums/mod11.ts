/**
 * True when a 10-digit NHS number passes its modulus 11 check: the first nine digits weighted 10 down to
 * 2, 11 minus the sum modulo 11 is the check digit (11 reads as 0; 10 means the number is never issued).
 */
export function nhsNumberValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < 9; index++) sum += (digits.charCodeAt(index) - 48) * (10 - index);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === digits.charCodeAt(9) - 48;
}
