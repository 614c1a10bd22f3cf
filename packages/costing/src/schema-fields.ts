import { z } from 'zod';
import { type BillingUnit, billingUnits } from './billing-unit';
import { isDateText } from './utc-date';

// Shared zod fields for the package's file formats. Not exported from the package: the zod version must
// not become part of the public API.

const plainDecimalPattern = /^-?\d+(?:\.\d+)?$/;

/** A plain decimal string (`"0.00001"`), or a finite JSON number read through its shortest text. */
export const decimalField = z.union([
  z
    .string()
    .regex(
      plainDecimalPattern,
      'must be a plain decimal such as "10" or "0.00002", no symbols or separators',
    ),
  z.number().finite(),
]);

/** A plain decimal string only: ledger lines never carry floats. */
export const decimalStringField = z
  .string()
  .regex(plainDecimalPattern, 'must be a plain decimal string such as "4.47975"');

/** `YYYY-MM-DD` or an ISO-8601 timestamp with a zone. */
export const dateField = z
  .string()
  .refine(isDateText, 'must be YYYY-MM-DD or an ISO-8601 time with Z or an offset');

/** An ISO 4217 code: three capital letters. */
export const currencyField = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as GBP');

/** One of the `BillingUnit` names. */
export const billingUnitField = z.enum(
  billingUnits as readonly BillingUnit[] as [BillingUnit, ...BillingUnit[]],
);
