import { setFlagsFromString } from 'node:v8';

/**
 * Makes V8 collect old garbage before the heap doubles, instead of letting it grow up to fourfold past
 * what is live, which it does whenever collection looks cheap, as it does in a long streaming job: a
 * translation of 350,000 rows peaked at about 330 MB of RSS by default and about 240 MB with this, in the
 * same time (every row's objects live long enough to be promoted, then die together).
 *
 * Process-wide, so for a program's entry point, never a library: the `toex` command calls it. Later
 * heap sizing uses it; V8 reads the setting each time it sizes the heap.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=100');
}
