import { VERSION as coreVersion, type FileDigest, type Manifest, manifestEndpoint } from '@toex/core';
import { VERSION } from '../version';

/** What {@link buildEntitiesManifest} records. */
export interface EntitiesManifestInput {
  jobId: string;
  command?: string;
  input: FileDigest & { path: string };
  output: FileDigest & { path: string };
  additionalOutputs?: ReadonlyArray<FileDigest & { path: string }>;
  /** The named-entity provider used, if any (`compromise`, …); pattern recognizers are always local. */
  ner?: { providerId: string; modelVersion: string; endpoint: string };
  /** Named counts: rows, texts, findings, keywordHits, … */
  counts: Record<string, number>;
  /** Characters searched (UTF-16 code units). */
  characters: number;
  /**
   * List price of what a cloud named-entity provider billed (e.g. Azure text records), or null when it
   * has no known price. Absent: nothing billed (local recognizers), recorded as null.
   */
  cost?: { amount: string; currency: string } | null;
  warnings?: Manifest['warnings'];
  startedAt: Date;
  finishedAt: Date;
}

/**
 * The evidential record of an entity extraction, in core's manifest format (`kind: entities`). Local
 * recognizers bill nothing and have no price: `meteredCharacters` and `cost` are null, never 0; a cloud
 * provider's billed units are in `counts.nerBilledUnits` and their list price in `cost` (estimated).
 */
export function buildEntitiesManifest(input: EntitiesManifestInput): Manifest {
  const ner = input.ner;
  return {
    schemaVersion: 1,
    toexVersion: VERSION === '0.0.0-test' ? coreVersion : VERSION,
    kind: 'entities',
    machineOutput: true,
    notice:
      'Machine-extracted entities. Identifiers are checked by their checksums where one exists; names and keyword hits are not verified. Check before evidential use.',
    job: { id: input.jobId, ...(input.command === undefined ? {} : { command: input.command }) },
    input: { path: input.input.path, sha256: input.input.sha256, bytes: input.input.bytes },
    output: { path: input.output.path, sha256: input.output.sha256, bytes: input.output.bytes },
    additionalOutputs: (input.additionalOutputs ?? []).map(({ path, sha256, bytes }) => ({
      path,
      sha256,
      bytes,
    })),
    provider: {
      id: ner === undefined || ner.providerId === 'compromise' ? 'toex-entities' : ner.providerId,
      apiVersion: VERSION,
      endpoint: ner === undefined || ner.endpoint === 'local' ? 'local' : manifestEndpoint(ner.endpoint),
      model: ner === undefined ? 'pattern recognizers' : `pattern recognizers + ${ner.modelVersion}`,
    },
    counts: input.counts,
    billing: { unit: 'characters', characters: input.characters, meteredCharacters: null },
    cost: input.cost === undefined || input.cost === null ? null : { ...input.cost, estimated: true },
    warnings: input.warnings ?? [],
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
  };
}
