import { randomUUID } from 'node:crypto';
import { BudgetExceededError, ConfigurationError } from '@toex/core';
import { type DateInput, Decimal, type DecimalInput, type Ledger, type LedgerEntry } from '@toex/costing';
import type pg from 'pg';
import type { BudgetLease, BudgetLeaseRequest, SharedBudgetCaps, SharedBudgetPosition } from './budget-lease';
import { inTransaction, type PostgresConnection } from './database';
import { insertEntries } from './ledger-rows';
import { PostgresError } from './postgres-error';
import { ledgerOn, type PostgresLedger, type Prepared, prepare } from './postgres-ledger';

/** Options for {@link createPostgresBudgets}. */
export interface PostgresBudgetsOptions {
  /** The schema holding toex's tables; the ledger it counts is the one in the same schema. Default `toex`. */
  schema?: string;
  /**
   * How long a lease holds budget unless renewed. Default 15 minutes. A worker that dies stops renewing,
   * and its hold is free again after this long. Renew well within it (e.g. every third of it).
   */
  leaseTtlMs?: number;
}

/**
 * Case and organisation budgets shared by every worker, reserved in PostgreSQL. A job leases its
 * estimated cost before it starts; the lease holds that amount against the caps until the job's ledger
 * lines replace it. Two workers can never together hold or spend more than a cap, because every lease
 * is granted under a lock on the caps it touches, counting the ledger and every live lease.
 */
export interface PostgresBudgets {
  /** The database as a redacted URL. */
  readonly database: string;
  /** The ledger in the same schema, whose lines count as spent. */
  readonly ledger: PostgresLedger;
  /**
   * Holds `request.amount` against the caps, or less (down to `request.minimum`) when that is all they
   * leave. Throws `BudgetExceededError` naming the tightest cap, and holds nothing, when even the minimum
   * does not fit: then the job must not start.
   */
  reserve(request: BudgetLeaseRequest): Promise<BudgetLease>;
  /**
   * A ledger that writes through the lease: each append stores the lines and, in the same transaction,
   * takes their cost off the hold, so the budget never counts them twice. Give it to the job as its ledger.
   */
  ledgerFor(lease: BudgetLease): Ledger;
  /**
   * Records the job's ledger lines and frees what is left of the hold, in one transaction. Idempotent: a
   * retried settle writes each line once. Lines are written even when the lease has expired: that money was spent.
   */
  settle(lease: BudgetLease, entries: readonly LedgerEntry[]): Promise<void>;
  /** Frees the hold without spending (the job failed before sending, or was cancelled). Idempotent. */
  release(lease: BudgetLease): Promise<void>;
  /**
   * Extends a live lease by `ttlMs` (default: the store's) from now. Throws `PostgresError`
   * (`lease_expired`) when it already lapsed: its amount may have been granted to others; reserve again.
   */
  renew(lease: BudgetLease, ttlMs?: number): Promise<BudgetLease>;
  /**
   * Renews `lease` in the background every third of the lease time until `stop()` is called, so a
   * long job keeps its hold while its worker lives (and loses it soon after the worker dies). A failed
   * renewal is retried at the next tick; `onLost` is called once, and renewing stops, when the lease
   * has lapsed: stop sending, and reserve again. The timer does not keep the process alive.
   */
  keepAlive(lease: BudgetLease, options?: { onLost?: (error: PostgresError) => void }): { stop(): void };
  /** Where each cap stands for this organisation and case, counting the ledger and live leases. */
  position(subject: {
    organisation: string;
    caseReference?: string;
    currency: string;
    caps: SharedBudgetCaps;
  }): Promise<SharedBudgetPosition[]>;
  /** Deletes lapsed leases (reserve ignores them anyway); returns how many. For housekeeping. */
  releaseExpired(): Promise<number>;
  /** Ends the connection pool, unless it was passed in as a `pg.Pool`. */
  close(): Promise<void>;
}

interface Cap {
  scope: 'case' | 'organisation';
  subject: string;
  limit: Decimal;
  from: Date | undefined;
  to: Date | undefined;
}

const defaultLeaseTtlMs = 15 * 60_000;

function dateOf(value: DateInput | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ConfigurationError({
      code: 'invalid_argument',
      setting: name,
      message: `${name}: "${String(value)}" is not a date.`,
    });
  }
  return date;
}

function amountOf(value: DecimalInput, name: string): Decimal {
  const amount = Decimal.from(value);
  if (amount.isNegative()) {
    throw new ConfigurationError({
      code: 'invalid_argument',
      setting: name,
      message: `${name} cannot be negative; got ${amount.toString()}.`,
    });
  }
  return amount;
}

function capsOf(request: { organisation: string; caseReference?: string; caps: SharedBudgetCaps }): Cap[] {
  const caps: Cap[] = [];
  if (request.caps.case !== undefined) {
    if (request.caseReference === undefined) {
      throw new ConfigurationError({
        code: 'budget_needs_case',
        setting: 'caseReference',
        message: 'A case budget needs the case reference the job is charged to (--case REF).',
      });
    }
    caps.push({
      scope: 'case',
      subject: request.caseReference,
      limit: amountOf(request.caps.case, 'case budget'),
      from: undefined,
      to: undefined,
    });
  }
  const organisation = request.caps.organisation;
  if (organisation !== undefined) {
    const period =
      typeof organisation === 'object' && !(organisation instanceof Decimal)
        ? organisation
        : { limit: organisation };
    caps.push({
      scope: 'organisation',
      subject: request.organisation,
      limit: amountOf(period.limit, 'organisation budget'),
      from: dateOf(period.from, 'organisation budget from'),
      to: dateOf(period.to, 'organisation budget to'),
    });
  }
  return caps;
}

/** Positions of caps, read in one statement each. Callers lock the caps first when they will grant. */
async function readPositions(
  client: pg.PoolClient,
  sql: string,
  database: string,
  caps: readonly Cap[],
  currency: string,
): Promise<SharedBudgetPosition[]> {
  const positions: SharedBudgetPosition[] = [];
  for (const cap of caps) {
    const column = cap.scope === 'case' ? 'case_reference' : 'organisation';
    // One statement, so the ledger and the leases are read from the same snapshot: a settle that moves a
    // hold into the ledger is seen entirely or not at all.
    const result = await client.query<{ spent: string; held: string; foreign: string; unknown: string }>(
      `WITH lines AS (
         SELECT cost, currency FROM ${sql}.ledger_entries
          WHERE ${column} = $1
            AND ($3::timestamptz IS NULL OR entry_time >= $3) AND ($4::timestamptz IS NULL OR entry_time < $4)
       )
       SELECT (SELECT coalesce(sum(cost), 0)::text FROM lines WHERE currency = $2) AS spent,
              (SELECT count(*) FROM lines WHERE currency <> $2) AS foreign,
              (SELECT count(*) FROM lines WHERE cost IS NULL) AS unknown,
              (SELECT coalesce(sum(amount), 0)::text FROM ${sql}.budget_reservations
                WHERE ${column} = $1 AND currency = $2 AND expires_at > now()) AS held`,
      [cap.subject, currency, cap.from ?? null, cap.to ?? null],
    );
    const row = result.rows[0]!;
    if (row.foreign !== '0') {
      throw new PostgresError({
        code: 'currency_mismatch',
        database,
        message: `${row.foreign} ledger line(s) for ${cap.scope} "${cap.subject}" in ${database} are not in ${currency}, the budget's currency. Use one billing currency per ledger.`,
      });
    }
    const spent = Decimal.from(row.spent);
    const held = Decimal.from(row.held);
    positions.push({
      scope: cap.scope,
      subject: cap.subject,
      currency,
      limit: cap.limit.toString(),
      spent: spent.toString(),
      held: held.toString(),
      remaining: cap.limit.subtract(spent).subtract(held).toString(),
      unknownCostEntries: Number(row.unknown),
    });
  }
  return positions;
}

function leaseOf(row: {
  id: string;
  job_id: string;
  organisation: string;
  case_reference: string | null;
  currency: string;
  amount: string;
  expires_at: Date;
}): BudgetLease {
  return {
    id: row.id,
    jobId: row.job_id,
    organisation: row.organisation,
    ...(row.case_reference === null ? {} : { caseReference: row.case_reference }),
    currency: row.currency,
    amount: Decimal.from(row.amount).toString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

function ttlOf(ttlMs: number | undefined, fallback: number): number {
  const ttl = ttlMs ?? fallback;
  if (!Number.isInteger(ttl) || ttl <= 0) {
    throw new ConfigurationError({
      code: 'invalid_argument',
      setting: 'ttlMs',
      message: `A lease time must be a positive whole number of milliseconds; got ${ttl}.`,
    });
  }
  return ttl;
}

/**
 * Opens the shared budgets in a PostgreSQL database (the same one, and schema, as the ledger they
 * count). Tables are created on first use, as by {@link createPostgresLedger}.
 *
 * Granting locks each cap it touches (a transaction-level advisory lock per case or organisation, taken
 * in a fixed order so two grants never deadlock), then counts the ledger lines charged to the cap and
 * every live lease, and grants only what fits. Settling moves a hold into the ledger in one transaction.
 * Lease expiry uses the database's clock, so workers' clocks do not matter.
 *
 * @example
 * const budgets = createPostgresBudgets(process.env.TOEX_LEDGER_URL!);
 * const lease = await budgets.reserve({ jobId, organisation: 'force-a', caseReference: 'OP-KESTREL',
 *   currency: 'GBP', amount: estimate.cost.high.toDecimalString(), caps: { case: '500', organisation: '20000' } });
 * try {
 *   await translateFile({ ...options, budget: { job: lease.amount },
 *     ledger: { ledger: budgets.ledgerFor(lease), organisation: 'force-a', caseReference: 'OP-KESTREL' } });
 * } finally {
 *   await budgets.release(lease); // frees whatever the job did not spend
 * }
 */
export function createPostgresBudgets(
  connection: PostgresConnection,
  options: PostgresBudgetsOptions = {},
): PostgresBudgets {
  const prepared: Prepared = prepare(connection, options.schema);
  const { database, sql } = prepared;
  const defaultTtl = ttlOf(options.leaseTtlMs, defaultLeaseTtlMs);
  const ledger = ledgerOn(prepared);

  async function appendThrough(
    lease: BudgetLease,
    entries: readonly LedgerEntry[],
    free: boolean,
  ): Promise<void> {
    await prepared.ready();
    await inTransaction(
      database,
      `Settling budget lease ${lease.id} of job ${lease.jobId}`,
      async (client) => {
        const inserted = await insertEntries(client, sql, database.name, entries);
        if (free) {
          await client.query(`DELETE FROM ${sql}.budget_reservations WHERE id = $1`, [lease.id]);
          return;
        }
        const spent = inserted
          .filter((line) => line.currency === lease.currency && line.cost !== null)
          .reduce((sum, line) => sum.add(line.cost!), Decimal.zero);
        if (!spent.isZero()) {
          await client.query(
            `UPDATE ${sql}.budget_reservations SET amount = greatest(amount - $2::numeric, 0) WHERE id = $1`,
            [lease.id, spent.toString()],
          );
        }
      },
    );
  }

  const store: PostgresBudgets = {
    database: database.name,
    ledger,
    close: () => database.close(),

    async reserve(request) {
      const wanted = amountOf(request.amount, 'amount');
      const minimum = request.minimum === undefined ? wanted : amountOf(request.minimum, 'minimum');
      const caps = capsOf(request);
      const ttl = ttlOf(request.ttlMs, defaultTtl);
      await prepared.ready();
      return inTransaction(database, `Reserving budget for job ${request.jobId}`, async (client) => {
        // Lock keys sorted, so two grants touching the same caps take them in the same order.
        const keys = caps.map((cap) => `toex.budget:${prepared.schema}:${cap.scope}:${cap.subject}`).sort();
        for (const key of keys)
          await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
        if (request.replaceEarlierLeases === true) {
          await client.query(`DELETE FROM ${sql}.budget_reservations WHERE job_id = $1`, [request.jobId]);
        }
        const positions = await readPositions(client, sql, database.name, caps, request.currency);
        let granted = wanted;
        let tightest: SharedBudgetPosition | undefined;
        for (const position of positions) {
          const remaining = Decimal.from(position.remaining);
          if (remaining.lessThan(granted)) {
            granted = remaining.isNegative() ? Decimal.zero : remaining;
            tightest = position;
          }
        }
        // A free job (nothing to hold) is never refused; a paid one is refused rather than granted nothing.
        if (tightest !== undefined && (granted.lessThan(minimum) || (granted.isZero() && !wanted.isZero()))) {
          throw new BudgetExceededError({
            scope: tightest.scope,
            subject: tightest.subject,
            limit: tightest.limit,
            committed: Decimal.from(tightest.spent).add(tightest.held).toString(),
            requested: (wanted.greaterThan(minimum) ? minimum : wanted).toString(),
            currency: request.currency,
            message:
              `The ${tightest.scope} "${tightest.subject}" budget of ${tightest.limit} ${request.currency} cannot hold job ${request.jobId}: ` +
              `${tightest.spent} ${request.currency} is spent and ${tightest.held} ${request.currency} is held by running jobs, ` +
              `leaving ${tightest.remaining}; the job needs ${minimum.toString()}. Nothing was sent. Raise the budget, wait for running jobs, or narrow the job.`,
          });
        }
        const row = await client.query(
          `INSERT INTO ${sql}.budget_reservations (id, job_id, case_reference, organisation, currency, amount, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7::double precision / 1000))
           RETURNING id, job_id, case_reference, organisation, currency, amount::text, expires_at`,
          [
            randomUUID(),
            request.jobId,
            request.caseReference ?? null,
            request.organisation,
            request.currency,
            granted.toString(),
            ttl,
          ],
        );
        return leaseOf(row.rows[0]);
      });
    },

    ledgerFor(lease) {
      return {
        append: (entries) =>
          entries.length === 0 ? Promise.resolve() : appendThrough(lease, entries, false),
        entries: () => ledger.entries(),
      };
    },

    settle(lease, entries) {
      return appendThrough(lease, entries, true);
    },

    async release(lease) {
      await prepared.ready();
      await inTransaction(
        database,
        `Releasing budget lease ${lease.id} of job ${lease.jobId}`,
        async (client) => {
          await client.query(`DELETE FROM ${sql}.budget_reservations WHERE id = $1`, [lease.id]);
        },
      );
    },

    async renew(lease, ttlMs) {
      const ttl = ttlOf(ttlMs, defaultTtl);
      await prepared.ready();
      return inTransaction(
        database,
        `Renewing budget lease ${lease.id} of job ${lease.jobId}`,
        async (client) => {
          const result = await client.query(
            `UPDATE ${sql}.budget_reservations
              SET expires_at = now() + make_interval(secs => $2::double precision / 1000)
            WHERE id = $1 AND expires_at > now()
           RETURNING id, job_id, case_reference, organisation, currency, amount::text, expires_at`,
            [lease.id, ttl],
          );
          if (result.rows.length === 0) {
            throw new PostgresError({
              code: 'lease_expired',
              database: database.name,
              message: `Budget lease ${lease.id} of job ${lease.jobId} has lapsed or was settled; its amount may now be held by other jobs. Reserve again before sending more.`,
            });
          }
          return leaseOf(result.rows[0]);
        },
      );
    },

    keepAlive(lease, keepOptions = {}) {
      let stopped = false;
      const timer = setInterval(
        () => {
          store.renew(lease).catch((error: unknown) => {
            if (stopped) return;
            if (PostgresError.isInstance(error) && error.code === 'lease_expired') {
              stopped = true;
              clearInterval(timer);
              keepOptions.onLost?.(error);
            }
            // Anything else (the database briefly unreachable) is retried at the next tick.
          });
        },
        Math.max(1, Math.floor(defaultTtl / 3)),
      );
      timer.unref();
      return {
        stop() {
          stopped = true;
          clearInterval(timer);
        },
      };
    },

    async position(subject) {
      const caps = capsOf(subject);
      await prepared.ready();
      return inTransaction(database, 'Reading budget positions', (client) =>
        readPositions(client, sql, database.name, caps, subject.currency),
      );
    },

    async releaseExpired() {
      await prepared.ready();
      return inTransaction(database, 'Removing lapsed budget leases', async (client) => {
        const result = await client.query(`DELETE FROM ${sql}.budget_reservations WHERE expires_at <= now()`);
        return result.rowCount ?? 0;
      });
    },
  };
  return store;
}
