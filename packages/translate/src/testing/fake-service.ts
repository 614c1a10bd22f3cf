import type { HttpHandler } from 'msw';
import { FaultInjector, type FaultPlan, type RecordedRequest, type ServerFault } from './fault-plan';

/**
 * An msw fake of a provider's HTTP API: `server.use(...fake.handlers)` (with `setupServer` from `msw/node`),
 * then inspect what it received. Providers under test must use `fetch: globalThis.fetch`, since msw only
 * patches the global fetch.
 */
export interface FakeService {
  /** The msw request handlers. */
  readonly handlers: HttpHandler[];
  /** Every request received, in arrival order, with what was answered. */
  readonly requests: readonly RecordedRequest[];
  /** Characters the provider would have billed: the sum over answered translation requests. */
  billedCharacters(): number;
  /** Forgets the requests received and restarts the fault plan. */
  reset(): void;
}

/** Shared bookkeeping of the fakes: arrival numbers, the fault plan and the request log. */
export class FakeServiceState {
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Decides the fault, if any, for each request. */
  readonly faults: FaultInjector;
  private sequence = 0;

  constructor(plan: FaultPlan | undefined, defaultKinds: readonly ServerFault[]) {
    this.faults = new FaultInjector(plan, defaultKinds);
  }

  /** The arrival number of a new request. */
  nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }

  /** Adds a request to the log; the entry may be completed afterwards (outcome, status). */
  record(entry: RecordedRequest): void {
    this.requests.push(entry);
  }

  /** Characters billed over all answered translation requests. */
  billedCharacters(): number {
    return this.requests.reduce((sum, request) => sum + (request.billedCharacters ?? 0), 0);
  }

  /** Forgets the log and arrival numbers, and restarts the fault plan. */
  reset(): void {
    this.requests.length = 0;
    this.sequence = 0;
    this.faults.reset();
  }
}
