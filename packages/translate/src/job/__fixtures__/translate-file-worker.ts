/**
 * Runs one file job in its own process, so a test can kill it (`kill -9`) mid-run and run it again.
 *   node --import tsx translate-file-worker.ts <input> <output> <cache directory> <endpoint>
 * (run from the repository root, so tsx resolves the `@toex/*` paths of tsconfig.json).
 * Prints the job summary as JSON on success.
 */
import { translateFile } from '../translate-file';
import { standInProvider } from './azure-stand-in';

const [input, output, cache, endpoint] = process.argv.slice(2);
if (input === undefined || output === undefined || cache === undefined || endpoint === undefined) {
  process.stderr.write('usage: translate-file-worker <input> <output> <cache> <endpoint>\n');
  process.exit(2);
}
const result = await translateFile({
  input,
  output,
  cache,
  provider: standInProvider(endpoint),
  from: 'es',
  to: ['en'],
  concurrency: 2,
});
process.stdout.write(
  JSON.stringify({
    rows: result.rows,
    failedRows: result.failedRows,
    requests: result.requests,
    cachedSegments: result.stats.cachedSegments,
  }),
);
