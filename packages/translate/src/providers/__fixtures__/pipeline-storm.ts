import { type JobRetryEvent, ProgressEmitter } from '@toex/core';
import { vi } from 'vitest';
import { useVirtualSystemClock } from '../../job/__fixtures__/virtual-clock';
import { type TranslateTextsResult, translateTexts } from '../../job/translate-texts';
import type { TranslationProvider } from '../../spec';

/** Chat-like texts for storms: mostly distinct, one repeated, some empty. */
export function stormTexts(count: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    index % 50 === 49
      ? ''
      : index % 7 === 3
        ? 'vale, hasta luego'
        : `Mensaje ${index}: nos vemos en el bar a las ${index % 24}`,
  );
}

/** What {@link runPipelineStorm} saw. */
export interface PipelineStormRun {
  result: TranslateTextsResult;
  /** One event per failed attempt the pipeline retried. */
  retries: JobRetryEvent[];
  /** Pauses the rate limiter asked for (virtual: nothing really waits). */
  clockWaits: number[];
}

/**
 * Runs `texts` through the real pipeline (`translateTexts`: packing, pacing, retries, metering) against a
 * provider on msw, with the clock made virtual so 429 back-offs cost no real time.
 */
export async function runPipelineStorm(
  provider: TranslationProvider,
  texts: readonly string[],
  options: { from?: string; to?: string[]; concurrency?: number } = {},
): Promise<PipelineStormRun> {
  const clock = useVirtualSystemClock();
  const events = new ProgressEmitter();
  const retries: JobRetryEvent[] = [];
  events.on('retry', (event) => retries.push(event));
  try {
    const result = await translateTexts(texts, {
      provider,
      to: options.to ?? ['en'],
      ...(options.from === undefined ? {} : { from: options.from }),
      cache: false,
      concurrency: options.concurrency ?? 4,
      events,
      retry: { maxRetries: 8, random: () => 0.5, sleep: async () => {} },
    });
    return { result, retries, clockWaits: clock.waits };
  } finally {
    vi.restoreAllMocks();
  }
}
