/** Every kind of long job toex runs, as listed in progress events and manifests. */
export const jobKinds = ['translation', 'transcription', 'entities'] as const;

/** What a long job does: `translation`, `transcription` or `entities` (entity extraction). */
export type JobKind = (typeof jobKinds)[number];
