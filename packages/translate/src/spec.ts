/**
 * The translation provider contract. Every adapter (Azure, DeepL, Apertium, …) implements
 * {@link TranslationProvider}; the pipeline does everything else — packing to {@link TranslationLimits},
 * pacing, retries, caching, ordering — so an adapter only turns one request into one HTTP exchange.
 */

/** How a provider's per-request limits are measured. The packer never builds a request over any of them. */
export interface TranslationLimits {
  /** Most texts in one request (Azure 1,000; DeepL 50). */
  maxItemsPerRequest: number;
  /**
   * Most characters in one request, in UTF-16 code units (JavaScript `string.length`), summed over all
   * texts. When {@link TranslationLimits.charactersCountPerTarget} is true the sum is multiplied by the
   * number of target languages (Azure: "50,000 characters across all the target languages").
   */
  maxCharactersPerRequest: number;
  /** True when the request character limit counts every target language separately. */
  charactersCountPerTarget: boolean;
  /** Most UTF-8 bytes of text in one request, when the provider limits the body size (DeepL 128 KiB). */
  maxBytesPerRequest?: number;
  /**
   * Longest single text, in UTF-16 code units. Longer cells are split at sentence boundaries before
   * packing and rejoined after. Defaults to `maxCharactersPerRequest`.
   */
  maxCharactersPerItem?: number;
  /**
   * Requests worth having in flight at once. Absent: no engine-side reason to limit (cloud providers
   * scale). Apertium serialises each language pair, so more than 1 only queues inside APY.
   */
  maxConcurrentRequests?: number;
}

/** What a provider can do natively. Missing features are emulated by the pipeline or reported as warnings. */
export interface TranslationCapabilities {
  /** Detects the source language per text when `from` is omitted. */
  detectsLanguage: boolean;
  /** Accepts several target languages in one request. */
  multipleTargets: boolean;
  /**
   * How a glossary is applied: `native` (a provider glossary resource, e.g. DeepL), `markup` (inline
   * markup the provider honours and bills, e.g. Azure dynamic dictionary), `none` (the pipeline protects
   * terms with placeholders and restores them).
   */
  glossary: 'native' | 'markup' | 'none';
}

/** One glossary entry: `term` in the source language is always rendered as `translation`. */
export interface GlossaryEntry {
  term: string;
  translation: string;
}

/** A keyword dictionary applied at the point of translation. */
export interface Glossary {
  /** Stable identity of this glossary's content (a hash); part of every cache key. */
  id: string;
  entries: readonly GlossaryEntry[];
  /** The file it was read from and the SHA-256 of its bytes, when it was loaded from a file. */
  source?: { path: string; sha256: string };
}

/** One request's worth of work, already packed within the provider's limits. */
export interface TranslationRequest {
  /** Texts to translate, in order. Never empty strings: the pipeline skips those. */
  texts: readonly string[];
  /** Target language codes (BCP 47 as the user gave them, e.g. `en`, `zh-Hans`). */
  to: readonly string[];
  /** Source language; absent means detect per text. */
  from?: string;
  /** Glossary to apply; only passed to providers whose `capabilities.glossary` is not `none`. */
  glossary?: Glossary;
  /** Vendor-specific options under the provider's own id, validated by the provider. */
  providerOptions?: Record<string, unknown>;
}

/** What one text came back as. */
export interface TranslatedItem {
  /** Translation per target language code, keyed exactly as requested in `to`. */
  translations: Record<string, string>;
  /** The detected source language, when detection was used and reported. */
  detectedLanguage?: { language: string; score?: number };
  /**
   * Set when this one text could not be translated while the others of its request were (a chat model
   * that refused it, or kept answering it wrongly when sent alone): its rows are marked
   * `failed:<code>` with `message`, and `translations` is ignored. Set by the toex request sender, not by
   * adapters.
   */
  failure?: { code: string; message: string };

  /**
   * True when the provider reported that it stopped before finishing this text (an output limit
   * reached). The text is kept and flagged `truncated` for review; absent means not reported.
   */
  truncated?: boolean;
}

/** Something about a request worth telling the user that did not stop it. */
export interface TranslationWarning {
  type: 'unsupported' | 'truncated' | 'other';
  message: string;
}

/** The outcome of one request: items in request order, plus what the provider reported. */
export interface TranslationResponse {
  /** Exactly one item per requested text, in request order. */
  items: TranslatedItem[];
  /**
   * Characters the provider says it billed for this request (Azure `X-metered-usage`, DeepL
   * `billed_characters`). Absent when the provider does not report usage — never a guessed zero.
   */
  meteredCharacters?: number;
  /**
   * Characters the provider's billing rule counts for what the adapter actually sent, when that differs
   * from the texts (glossary markup added by the adapter is billed). Absent: the pipeline counts the
   * texts itself.
   */
  billableCharacters?: number;
  /** The provider's request id, for support tickets and the manifest. */
  requestId?: string;
  /** Tokens the provider billed for this request, from providers that bill tokens (chat models). */
  usage?: TokenUsage;
  warnings: TranslationWarning[];
}

/** Tokens of one request: the prompt's (input) and the reply's (output), billed at two prices. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** Per-call options. */
export interface TranslationCallOptions {
  /** Aborts the HTTP exchange. */
  signal?: AbortSignal;
}

/** A language pair or language a provider offers. */
export interface LanguageSupport {
  /** Source languages; empty when the provider accepts any. */
  from: string[];
  /** Target languages. */
  to: string[];
  /** Explicit pairs, when only some combinations work (Apertium). */
  pairs?: Array<{ from: string; to: string }>;
}

/**
 * A machine-translation provider. Made by a factory (`createAzureTranslator(settings)`), holding what
 * manifests, the packer and costing need to know, and one method that performs one request.
 *
 * Adapters never retry, sleep, pace or cache: those live once, in `@toex/core` and the pipeline.
 */
export interface TranslationProvider {
  /** Short stable id, e.g. `azure`, `deepl`, `apertium`. Used in cache keys, manifests and ledgers. */
  readonly id: string;
  /** API version spoken, e.g. `3.0`, `v2`, or the engine version when known. */
  readonly apiVersion: string;
  /** Base URL requests go to, with no credentials; recorded in the manifest. */
  readonly endpoint: string;
  /** Data-processing region or geography when known (e.g. `uksouth`, `eur`); recorded in the manifest. */
  readonly region?: string;
  /** Model or system name when it matters for the output (e.g. `general`, `quality_optimized`). */
  readonly model?: string;
  readonly limits: TranslationLimits;
  readonly capabilities: TranslationCapabilities;
  /**
   * The costing meter that bills this provider, as `provider/service/sku` keys into the price catalogue
   * (e.g. `{ provider: 'azure', service: 'translator', sku: 'S1' }`).
   */
  readonly billing: TranslationBilling;
  /** Performs one request. Throws `ApiCallError` (from `@toex/core`) on failure. */
  translate(request: TranslationRequest, options?: TranslationCallOptions): Promise<TranslationResponse>;
  /** Lists supported languages, when the provider can tell. */
  languages?(options?: TranslationCallOptions): Promise<LanguageSupport>;
  /**
   * How long `text` will be as sent (UTF-16 code units) in a request with these settings, when the
   * adapter adds to it, as Azure's glossary markup does. The packer counts this, so a request it fills is
   * never over the provider's limit once prepared, and budgets reserve what will be billed.
   */
  sentLength?(text: string, request: Omit<TranslationRequest, 'texts'>): number;
  /**
   * For providers billed per token (`billing.unit: 'token'`): the tokens a request is expected to bill,
   * estimated before it is sent (the adapter knows its prompt). An estimate, not a count: budgets reserve
   * on it and estimates price it, and each answer's reported `usage` replaces it once known.
   */
  estimateTokens?(request: TranslationRequest): TokenUsage;
  /**
   * The engine behind the API and the data it translates with, as precisely as the adapter can tell
   * (a local Apertium names its installed pair packages and versions). Recorded in the manifest so a
   * reviewer can say which engine made the output. Never throws: what cannot be known is left out.
   */
  describeEngine?(options?: TranslationCallOptions): Promise<TranslationEngine>;
}

/** The engine a provider runs, for the manifest. */
export interface TranslationEngine {
  /** e.g. `Apertium APY`. */
  name: string;
  /** The engine's version, when known. */
  version?: string;
  /** Versions of the parts that decide the output, e.g. `{ 'apertium-eng-spa': '0.8.1-2' }`. */
  components?: Record<string, string>;
}

/** How a provider bills translation, so the pipeline can count and price it before sending. */
export interface TranslationBilling {
  /** Catalogue key of the price entry. */
  provider: string;
  service: string;
  sku: string;
  /**
   * How characters are counted: `utf16` (Azure: code points, surrogate pairs as two = `string.length`),
   * `codepoints` (DeepL), `none` (self-hosted, free).
   */
  characterCounting: 'utf16' | 'codepoints' | 'none';
  /** True when each target language is billed separately (Azure, DeepL). */
  billedPerTarget: boolean;
  /** True when glossary markup sent inline is billed as characters (Azure dynamic dictionary). */
  billsMarkup: boolean;
  /**
   * What the bill counts. `character` (the default): priced from the `provider/service/sku` entry.
   * `token` (chat models): priced from two entries, `<sku>:input` per input token and `<sku>:output` per
   * output token, on the provider's `estimateTokens` before sending and its reported `usage` after.
   * Characters are still counted, for limits and the manifest.
   */
  unit?: 'character' | 'token';
}
