export { VERSION } from './version';

// errors
export { ToexError, hasMarker } from './errors/toex-error';
export type { ToexErrorOptions } from './errors/toex-error';
export { ConfigurationError } from './errors/configuration-error';
export { InputError, formatLocation } from './errors/input-error';
export type { InputLocation } from './errors/input-error';
export { BudgetExceededError } from './errors/budget-exceeded-error';
export type { BudgetScope } from './errors/budget-exceeded-error';
export { ToexAbortError } from './errors/abort-error';

// http + retry + secrets + logging
export { ApiCallError, MAX_ERROR_BODY_LENGTH } from './errors/api-call-error';
export type { ApiCallErrorOptions } from './errors/api-call-error';
export { RetryError } from './errors/retry-error';
export { createHttpClient, DEFAULT_TIMEOUT_MS } from './http/create-http-client';
export type {
  FetchFunction,
  FormFields,
  HeaderRecord,
  HeadersSource,
  HttpClient,
  HttpClientOptions,
  HttpRequest,
  HttpRequestBody,
  HttpResponse,
  JsonRequestOptions,
  JsonResponse,
  MultipartFields,
  MultipartFile,
} from './http/http-client';
export { parseCommonErrorBody } from './http/parse-common-error-body';
export type { ErrorParser, ProviderErrorDetails } from './http/parse-common-error-body';
export { toexUserAgent } from './http/toex-user-agent';
export { closeSharedAgent, SHARED_AGENT_CONNECTIONS_PER_ORIGIN } from './http/shared-agent';
export { assertSecureEndpoint, isLoopbackHost } from './http/assert-secure-endpoint';
export { isRetryableStatusCode } from './http/is-retryable-status-code';
export { findNetworkErrorCode } from './http/find-network-error-code';
export { signAwsRequest } from './http/sign-aws-request';
export type { AwsCredentials } from './http/sign-aws-request';
export { createAwsErrorParser, loadAwsCredentials, loadAwsRegion } from './http/aws-json';
export { findRequestId, REQUEST_ID_HEADER_NAMES } from './http/find-request-id';
export { secureJsonParse, UnsafeJsonError } from './http/secure-json-parse';
export { retry, DEFAULT_MAX_RETRIES } from './retry/retry';
export type { RetryEvent, RetryOptions } from './retry/retry';
export { delay, MAX_DELAY_MS } from './retry/delay';
export { parseRetryAfter } from './retry/parse-retry-after';
export type { RetryAfterHeaders } from './retry/parse-retry-after';
export { backoffCeilingMs, backoffDelayMs } from './retry/backoff-delay';
export type { BackoffDelayOptions } from './retry/backoff-delay';
export { loadSecret } from './secrets/load-secret';
export type { LoadSecretOptions } from './secrets/load-secret';
export { loadSetting } from './secrets/load-setting';
export type { LoadSettingOptions } from './secrets/load-setting';
export type { Environment } from './secrets/environment';
export { registerSecret, MIN_REDACTED_SECRET_LENGTH } from './secrets/secret-registry';
export { redactSecrets, REDACTED } from './secrets/redact-secrets';
export { redactHeaders, SAFE_HEADER_NAMES } from './secrets/redact-headers';
export type { HeadersInput } from './secrets/redact-headers';
export { redactUrl, SAFE_QUERY_PARAMETER_NAMES } from './secrets/redact-url';
export { redactDeep, isCredentialPropertyName } from './secrets/redact-deep';
export { functionSetting, objectSetting, parseSettings } from './settings/parse-settings';
export type { Logger, LogFields, LogLevel } from './logging/logger';
export { LOG_LEVELS, isLogLevel } from './logging/logger';
export { createConsoleLogger } from './logging/create-console-logger';
export type { LogStream } from './logging/create-console-logger';
export { createRedactingLogger } from './logging/create-redacting-logger';
export { resolveLogger } from './logging/resolve-logger';
export type { ResolveLoggerOptions } from './logging/resolve-logger';
export { silentLogger } from './logging/silent-logger';

// runtime
export { limitHeapGrowth } from './runtime/limit-heap-growth';

// pacing + events + store + manifest
export { systemClock } from './pacing/clock';
export type { Clock } from './pacing/clock';
export { createSimulatedClock } from './pacing/simulated-clock';
export type { SimulatedClock } from './pacing/simulated-clock';
export type { RateBudget, RateRequest } from './pacing/rate-budget';
export { createRateLimiter } from './pacing/rate-limiter';
export type { RateLimiter } from './pacing/rate-limiter';
export type { AdaptiveRateOptions, RateLimiterOptions, ThrottleOptions } from './pacing/rate-limiter-options';
export type { RateBudgetStats, RateLimiterStats } from './pacing/rate-limiter-stats';
export type { RatePermit } from './pacing/rate-permit';
export { jobKinds } from './events/job-kind';
export type { JobKind } from './events/job-kind';
export type {
  CostAmount,
  JobFinishedEvent,
  JobProgressEvent,
  JobRetryEvent,
  JobStartedEvent,
  JobWarningEvent,
  ProgressEventMap,
  ProgressEventName,
} from './events/progress-events';
export { ProgressEmitter } from './events/progress-emitter';
export { createEtaEstimator } from './events/eta-estimator';
export type { EtaEstimator, EtaEstimatorOptions } from './events/eta-estimator';
export type { ContentStore } from './store/content-store';
export { ContentStoreError } from './store/content-store-error';
export { contentKey } from './store/content-key';
export { createContentKeyer } from './store/content-keyer';
export { createMemoryContentStore } from './store/memory-content-store';
export { openFileContentStore } from './store/file-content-store';
export type {
  ContentStoreFsync,
  ContentStoreWarning,
  FileContentStore,
  FileContentStoreOptions,
} from './store/file-content-store-options';
export type { FileDigest } from './hashing/file-digest';
export { sha256File } from './hashing/sha256-file';
export { sha256Text } from './hashing/sha256-text';
export { createHashingWriteStream } from './hashing/hashing-write-stream';
export type { HashingWriteStream, HashingWriteStreamOptions } from './hashing/hashing-write-stream';
export {
  MACHINE_OUTPUT_NOTICE,
  MANIFEST_SCHEMA_VERSION,
  manifestSchema,
  meteredFieldName,
} from './manifest/manifest-schema';
export type {
  JsonValue,
  Manifest,
  ManifestAdditionalProvider,
  ManifestBilling,
  ManifestCost,
  ManifestFile,
  ManifestProvider,
  ManifestWarning,
} from './manifest/manifest-schema';
export { manifestEndpoint } from './manifest/manifest-endpoint';
export { writeManifest } from './manifest/write-manifest';
export { readManifest } from './manifest/read-manifest';

// spreadsheet
export { looksLikeSpreadsheetFormula, neutraliseSpreadsheetFormula } from './spreadsheet/formula-injection';

// text and abort helpers
export { utf8ByteLength } from './text/utf8-byte-length';
export { untilAborted } from './abort/until-aborted';
