import { cpus, loadavg, totalmem } from 'node:os';
import { formatNumber } from './table';

/** One line naming the machine and how busy it was: timings mean little without it. */
export function describeMachine(): string {
  const processors = cpus();
  const [load] = loadavg();
  const busy = (load ?? 0) > processors.length * 0.5 ? ' — the machine is busy: timings will be noisy' : '';
  return (
    `${processors[0]?.model.trim() ?? 'unknown CPU'} × ${processors.length}, ` +
    `${formatNumber(totalmem() / 1024 ** 3, 1)} GB RAM, Node ${process.version}, ` +
    `load average ${formatNumber(load ?? 0, 2)}${busy}`
  );
}
