/**
 * `@toex/service`: toex at shared-service scale. Jobs queue on Redis (BullMQ), workers on several
 * machines share one provider quota and one translation memory, and costs go to a PostgreSQL ledger.
 * Without it, every capability runs in one process on local files.
 *
 * @packageDocumentation
 */
export { VERSION } from './version';
