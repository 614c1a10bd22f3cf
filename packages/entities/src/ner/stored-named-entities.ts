import { contentKey } from '@toex/core';
import { z } from 'zod';
import { ENTITY_TYPES, type Finding } from '../finding';
import type { NamedEntityProvider } from './spec';

/**
 * What a provider answered for one text (or one piece of a long text), as kept in a content store so a
 * rerun after a kill or a failure does not pay for it again. Offsets are into the piece.
 */
export const storedNamedEntitiesSchema = z.object({
  findings: z.array(
    z.object({
      type: z.enum(ENTITY_TYPES),
      text: z.string(),
      start: z.number().int().nonnegative(),
      end: z.number().int().nonnegative(),
      normalized: z.string(),
      confidence: z.number(),
      recognizer: z.string(),
      validated: z.boolean(),
    }),
  ),
  /** Units billed for the piece when it was sent (see the provider's meter). */
  units: z.number().nonnegative(),
});

/** One piece's stored answer. */
export type StoredNamedEntities = { findings: Finding[]; units: number };

/**
 * The store key of a piece: everything that changes the answer (provider, model version, language) and
 * the text itself. The same text sent again with the same settings is never paid twice, whichever row or
 * file it came from.
 */
export function namedEntitiesKey(provider: NamedEntityProvider, language: string, text: string): string {
  return contentKey('named-entities/v1', provider.providerId, provider.modelVersion, language, text);
}
