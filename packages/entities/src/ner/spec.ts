/**
 * The named-entity provider contract. Every adapter (the local compromise recognizer, Azure AI Language
 * and AWS Comprehend) implements {@link NamedEntityProvider}: it turns one batch of texts,
 * already packed within its {@link NamedEntityLimits}, into findings with UTF-16 offsets into each text.
 */
import type { Finding } from '../finding';

/** How much one request may carry. The caller packs texts within these. */
export interface NamedEntityLimits {
  /** Most texts in one request (Azure 5 for synchronous NER/PII; AWS batch 25). */
  maxDocumentsPerRequest: number;
  /** Longest text, in UTF-16 code units (Azure 5,120 characters). Longer texts are split by the caller. */
  maxCharactersPerDocument: number;
}

/** One request: texts to search, in the order findings come back. */
export interface NamedEntityRequest {
  texts: readonly string[];
  /** BCP 47 language of the texts when known (`en`); providers that need one default to English. */
  language?: string;
  /** Cancels the request. */
  signal?: AbortSignal;
}

/** What a request cost, for providers that bill (Azure text records, AWS 100-character units). */
export interface NamedEntityBilling {
  /** Name of the billed unit (`text_records`, `units`). */
  unit: string;
  /** Units billed for this request. */
  quantity: number;
  /** The `@toex/costing` price catalogue entry these units are priced under (e.g. azure/language/text-records). */
  priceKey?: { provider: string; service: string; sku: string };
}

/**
 * How a billing provider counts a request before it is sent, so a job can be estimated and held within a
 * budget. `units` must count exactly what the response's {@link NamedEntityBilling} will report.
 */
export interface NamedEntityMeter {
  /** Name of the billed unit, as in {@link NamedEntityBilling.unit}. */
  unit: string;
  /** The `@toex/costing` price catalogue entry the units are priced under. */
  priceKey: { provider: string; service: string; sku: string };
  /** Units billed for one request carrying `texts`. */
  units(texts: readonly string[]): number;
}

/** One response: `documents[i]` holds the findings in `texts[i]`. */
export interface NamedEntityResponse {
  documents: Finding[][];
  billing?: NamedEntityBilling;
}

/** A named-entity recognizer: people, locations and organisations (and whatever else it maps). */
export interface NamedEntityProvider {
  /** Stable id, recorded in manifests and on findings (`recognizer`). */
  readonly providerId: string;
  /** Model or API version, for the manifest. */
  readonly modelVersion: string;
  /** Where texts are sent: `local` for in-process recognizers, the endpoint URL otherwise. */
  readonly endpoint: string;
  readonly limits: NamedEntityLimits;
  /** How requests are billed; absent for providers that bill nothing (local recognizers). */
  readonly meter?: NamedEntityMeter;
  /** Recognises entities in one packed batch of texts. */
  recognize(request: NamedEntityRequest): Promise<NamedEntityResponse>;
}
