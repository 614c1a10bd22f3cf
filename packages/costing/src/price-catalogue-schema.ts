import { z } from 'zod';
import { billingUnitField, currencyField, dateField, decimalField } from './schema-fields';

const meteringRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('characters'),
    characterCounting: z.enum(['utf16', 'codepoints', 'none']),
    billedPerTarget: z.boolean(),
    billsMarkup: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('text-records'),
    charactersPerRecord: z.number().int().positive(),
    characterCounting: z.enum(['utf16', 'codepoints', 'graphemes']),
    minimumRecords: z.number().int().positive().optional(),
  }),
  z.strictObject({
    kind: z.literal('duration'),
    incrementSeconds: z.number().positive(),
    minimumSeconds: z.number().nonnegative(),
  }),
  z.strictObject({ kind: z.literal('other'), description: z.string().min(1) }),
]);

const priceEntrySchema = z.strictObject({
  provider: z.string().min(1),
  service: z.string().min(1),
  sku: z.string().min(1),
  meterId: z.string().min(1).optional(),
  description: z.string().min(1),
  unit: billingUnitField,
  unitSize: decimalField.optional(),
  unitPrice: decimalField.optional(),
  currency: currencyField,
  tiers: z
    .array(z.strictObject({ from: decimalField, unitPrice: decimalField }))
    .min(1)
    .optional(),
  effectiveFrom: dateField,
  effectiveTo: dateField.optional(),
  metering: meteringRuleSchema.optional(),
  source: z.strictObject({
    url: z.url().optional(),
    checked: z.string().regex(/^\d{4}-\d{2}(?:-\d{2})?$/, 'must be YYYY-MM or YYYY-MM-DD'),
    confidence: z.enum(['official', 'contract', 'secondary', 'unconfirmed', 'self-hosted']),
    note: z.string().optional(),
  }),
});

/** The JSON price-file format. */
export const priceCatalogueSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.string().min(1),
  published: dateField.optional(),
  entries: z.array(priceEntrySchema),
});
