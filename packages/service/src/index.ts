/**
 * `@toex/service`: toex at shared-service scale. Jobs queue on Redis (BullMQ), workers on several
 * machines share one provider quota and one translation memory, and costs go to a PostgreSQL ledger.
 * Without it, every capability runs in one process on local files.
 *
 * @packageDocumentation
 */
export { VERSION } from './version';
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
