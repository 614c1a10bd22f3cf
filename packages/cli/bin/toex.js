#!/usr/bin/env node
// The `toex` command. A committed stub, so that npm links it into node_modules/.bin at install time in a
// checkout (where dist/ does not exist yet); it loads the build, or says how to make it.
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    process.stderr.write(
      'toex: the command is not built yet. In the toex repository run `npm run build` (or `npm run demo`), then try again.\n',
    );
    process.exit(1);
  }
  throw error;
});
