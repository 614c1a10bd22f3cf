import type { ProgressEmitter } from '@toex/core';
import type { CliIo } from '../io';

/**
 * Shows a job's progress: a single live line on an interactive terminal (rows, characters, cost so far,
 * elapsed, ETA when known), every event as one JSON line with `--json`, and nothing otherwise (a log
 * file gets the final summary only).
 */
export function attachProgressDisplay(
  events: ProgressEmitter,
  io: CliIo,
  mode: 'tty' | 'json' | 'quiet',
): { finish(): void } {
  if (mode === 'json') {
    for (const name of ['started', 'progress', 'warning', 'retry', 'finished'] as const) {
      events.on(name, (event: object) => io.stdout.write(`${JSON.stringify({ event: name, ...event })}\n`));
    }
    return { finish() {} };
  }
  if (mode === 'quiet') return { finish() {} };
  const startedAt = Date.now();
  let shown = false;
  let warnings = 0;
  events.on('progress', (event) => {
    const elapsedSeconds = Math.round((Date.now() - startedAt) / 1000);
    const parts = [
      `${event.rowsDone.toLocaleString('en-GB')} rows`,
      `${event.billedUnits.toLocaleString('en-GB')} characters billed`,
      ...(event.cost === undefined
        ? []
        : [`${event.cost.amount.replace(/(\.\d{4})\d+$/, '$1')} ${event.cost.currency}`]),
      ...(event.failedRows === undefined || event.failedRows === 0 ? [] : [`${event.failedRows} failed`]),
      `${formatDuration(elapsedSeconds)} elapsed`,
      ...(event.etaSeconds === undefined ? [] : [`~${formatDuration(event.etaSeconds)} left`]),
    ];
    io.stderr.write(`\r\x1b[2K${parts.join(' · ')}`);
    shown = true;
  });
  events.on('retry', (event) => {
    io.stderr.write(
      `\r\x1b[2Kretrying after ${event.code} (attempt ${event.attempt + 1}, in ${(event.delayMs / 1000).toFixed(1)} s)\n`,
    );
  });
  events.on('warning', (event) => {
    warnings += 1;
    // One row's warning at a time is useful; thousands are not: the manifest keeps a summary.
    if (warnings <= 5) io.stderr.write(`\r\x1b[2Kwarning: ${event.message}\n`);
    else if (warnings === 6) io.stderr.write('\r\x1b[2Kfurther warnings are listed in the manifest\n');
  });
  return {
    finish() {
      if (shown) io.stderr.write('\n');
    },
  };
}

function formatDuration(totalSeconds: number): string {
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = Math.round(totalSeconds % 60);
  return minutes === 0 ? `${seconds}s` : `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
