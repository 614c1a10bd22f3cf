/** How the HTTP stand-in for Azure Translator behaves. */
export interface StandInSettings {
  /** Delay before every answer, in milliseconds. */
  latencyMs: number;
  /** Characters (summed over targets, as Azure meters) it accepts in any sliding 60-second window. */
  charactersPerMinute: number;
}

/** One request the stand-in accepted. */
export interface AcceptedRequest {
  /** Milliseconds since the stand-in started. */
  arrivedAt: number;
  characters: number;
  texts: number;
}

/** One request the stand-in refused for want of quota. */
export interface ThrottledRequest {
  arrivedAt: number;
  characters: number;
  /** Characters already in the sliding window when it arrived. */
  inWindow: number;
  retryAfterSeconds: number;
}

/** What the stand-in saw, served at `GET /stats`. */
export interface StandInStats {
  /** Every `POST /translate`, whatever the answer. */
  requests: number;
  accepted: AcceptedRequest[];
  /** Requests answered 429 because the quota had no room. */
  throttled: number;
  /** Each 429: when, how large the request was, and what the window already held. */
  throttledRequests: ThrottledRequest[];
  /** Requests answered 400 for breaking Azure's per-request limits (1,000 texts, 50,000 characters). */
  overLimit: number;
  /** Requests answered 400 or 401 for anything else (bad body, missing key). */
  malformed: number;
}

/** The line the stand-in prints once it listens: `STAND-IN-PORT <port>`. */
export const portLinePrefix = 'STAND-IN-PORT ';

/** Azure's per-request limits, which the stand-in enforces. */
export const azureRequestLimits = { maxTexts: 1_000, maxCharacters: 50_000 } as const;

/** The stand-in's "translation" of a text: recognisable, so the client can check every row came back right. */
export function standInTranslation(text: string, target: string): string {
  return `${target.toUpperCase()}: ${text}`;
}
