// Run by postgres-ledger.test.ts in a child process (node --import tsx): appends two batches in two
// transactions, announcing each on stdout, so the test can kill it between or during them.
import { createPostgresLedger } from '../postgres-ledger';

const [url, schema, first, second] = process.argv.slice(2);
const ledger = createPostgresLedger(url!, { schema: schema! });
await ledger.append(JSON.parse(first!));
process.stdout.write('first committed\n');
process.stdout.write('second started\n');
await ledger.append(JSON.parse(second!));
process.stdout.write('second committed\n');
await ledger.close();
