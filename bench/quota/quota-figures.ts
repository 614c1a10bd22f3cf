import { perRequestCap, type QuotaResult } from './run-quota';

/** One minute of a quota run, counted from the first accepted request. */
export interface QuotaMinute {
  minute: number;
  characters: number;
  requests: number;
  /** Characters as a fraction of the quota. */
  share: number;
}

/** What a quota run achieved, against the targets. */
export interface QuotaFigures {
  /**
   * Characters accepted in the run's complete minutes (from the first accepted request, up to the last
   * whole minute before the last one) over the quota for those minutes. A client that keeps the quota
   * full scores 100%; the final, partial minute (the job running out of work) is left out.
   */
  quotaUsed: number;
  completeMinutes: number;
  minutes: QuotaMinute[];
  acceptedCharacters: number;
  acceptedRequests: number;
  /** Fewest requests that could carry the accepted characters: ceil(characters / per-request cap). */
  packingMinimum: number;
  /** Accepted requests over the packing minimum: 1.00 is perfect packing. */
  requestRatio: number;
  /** Seconds a perfect client would need: one full quota a minute, the last batch answered after one latency. */
  idealSeconds: number;
}

/** Derives the figures of one quota scenario from what the stand-in saw. */
export function quotaFigures(result: QuotaResult): QuotaFigures {
  const quota = result.scenario.charactersPerMinute;
  const accepted = [...result.server.accepted].sort((left, right) => left.arrivedAt - right.arrivedAt);
  const first = accepted[0]?.arrivedAt ?? 0;
  const last = accepted.at(-1)?.arrivedAt ?? 0;
  const completeMinutes = Math.floor((last - first) / 60_000);
  const minutes: QuotaMinute[] = [];
  for (const request of accepted) {
    const minute = Math.floor((request.arrivedAt - first) / 60_000);
    while (minutes.length <= minute)
      minutes.push({ minute: minutes.length + 1, characters: 0, requests: 0, share: 0 });
    const entry = minutes[minute]!;
    entry.characters += request.characters;
    entry.requests += 1;
    entry.share = entry.characters / quota;
  }
  const inCompleteMinutes = minutes
    .slice(0, completeMinutes)
    .reduce((sum, minute) => sum + minute.characters, 0);
  const acceptedCharacters = accepted.reduce((sum, request) => sum + request.characters, 0);
  const packingMinimum = Math.ceil(acceptedCharacters / perRequestCap(result.scenario));
  return {
    quotaUsed: completeMinutes === 0 ? Number.NaN : inCompleteMinutes / (quota * completeMinutes),
    completeMinutes,
    minutes,
    acceptedCharacters,
    acceptedRequests: accepted.length,
    packingMinimum,
    requestRatio: packingMinimum === 0 ? Number.NaN : accepted.length / packingMinimum,
    idealSeconds: (Math.ceil(acceptedCharacters / quota) - 1) * 60 + result.latencyMs / 1000,
  };
}
