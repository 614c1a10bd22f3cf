/**
 * `@toex/service`: toex at shared-service scale. Jobs queue on Redis (BullMQ), workers on several
 * machines share one provider quota and one translation memory, and costs go to a PostgreSQL ledger.
 * Without it, every capability runs in one process on local files.
 *
 * @packageDocumentation
 */
export { VERSION } from './version';

// Redis: connection, errors, shared translation memory
export { connectRedis, describeRedisServer, registerRedisUrlSecrets } from './redis/connect-redis';
export { redactRedisUrl } from './redis/redact-redis-url';
export { RedisError, toRedisError } from './redis/redis-error';
export { DEFAULT_KEY_PREFIX } from './redis/redis-keys';
export { createRedisContentStore, DEFAULT_MEMORY_EXPIRY_MS } from './redis/redis-content-store';
export type { RedisContentStoreOptions } from './redis/redis-content-store';
export { purgeCase } from './redis/purge-case';
export type { PurgeCaseOptions } from './redis/purge-case';

// Redis: the quota shared by every worker
export { apiKeyFingerprint } from './redis/api-key-fingerprint';
export { createRedisRateLimiter, rateLimitQuotaKey } from './redis/redis-rate-limiter';
export type { RedisRateLimiter } from './redis/redis-rate-limiter';
export type { RateLimitScope, RedisRateLimiterOptions } from './redis/redis-rate-limiter-options';

// PostgreSQL: ledger and budgets shared by every worker
export type { PostgresConnection } from './postgres/database';
export { latestSchemaVersion } from './postgres/migrations';
export { PostgresError } from './postgres/postgres-error';
export type { PostgresLedger, PostgresLedgerOptions } from './postgres/postgres-ledger';
export { createPostgresLedger } from './postgres/postgres-ledger';
export { isDatabaseUrl, redactDatabaseUrl } from './postgres/redact-database-url';
export type {
  BudgetLease,
  BudgetLeaseRequest,
  SharedBudgetCaps,
  SharedBudgetPosition,
} from './postgres/budget-lease';
export type { PostgresBudgets, PostgresBudgetsOptions } from './postgres/postgres-budgets';
export { createPostgresBudgets } from './postgres/postgres-budgets';

// Queue and workers
export { ServiceError } from './queue/service-error';
export { openJobQueue, TOEX_QUEUE_NAME } from './queue/job-queue';
export type { JobQueue, QueueConnectionOptions } from './queue/job-queue';
export { submitJob, FINISHED_JOB_RETENTION_SECONDS } from './queue/submit-job';
export type { JobSubmission, SubmittedJob } from './queue/submit-job';
export { getJobStatus } from './queue/job-status';
export type { JobState, JobStatus } from './queue/job-status';
export { cancelJob } from './queue/cancel-job';
export type { CancelOutcome } from './queue/cancel-job';
export { jobPayloadSchema, translateJobPayloadSchema } from './queue/translate-job-payload';
export type { JobPayload, TranslateJobPayload } from './queue/translate-job-payload';
export type { JobProgress, TranslateJobResult } from './queue/translate-job-result';
export { createWorker } from './worker/create-worker';
export type { ToexWorker, ToexWorkerOptions } from './worker/create-worker';
export { redisConnectionOptions } from './redis/redis-connection';
export { openSharedServices } from './worker/shared-services';
export type { SharedServices, SharedServicesOptions } from './worker/shared-services';
