import { parseArgs } from 'node:util';
import { connectRedis, purgeCase } from '@toex/service';
import type { Command } from '../command';
import { ExitCode } from '../io';
import { UsageError } from '../usage-error';
import { redisUrlOption, redisUsage } from './queue-options';

const usage = `Usage: toex purge --case REF --redis URL

Deletes every entry the shared translation memory holds for a case, at once (disclosure, retention).
Other cases that would have reused those texts pay for them again. Job records leave Redis a day after
they finish; outputs and manifests on the volume are not touched.

Options:
  --case REF              the case reference the jobs were submitted with (required)
${redisUsage}
`;

/** `toex purge --case REF`: removes a case's text from the shared translation memory. */
export const purgeCommand: Command = {
  path: ['purge'],
  summary: "delete a case's entries from the shared translation memory",
  usage,
  async run(argv, io) {
    let values: { case?: string; redis?: string };
    try {
      ({ values } = parseArgs({
        args: argv,
        strict: true,
        options: { case: { type: 'string' }, redis: { type: 'string' } },
      }));
    } catch (error) {
      throw new UsageError(
        `${(error as Error).message.replace(/\. To specify.*$/s, '.')} See 'toex purge --help'.`,
      );
    }
    if (values.case === undefined || values.case === '')
      throw new UsageError('--case REF is required: the case whose entries to delete.');
    const redis = connectRedis(redisUrlOption(values.redis, io.env, 'toex purge'));
    try {
      const deleted = await purgeCase(redis, { caseReference: values.case });
      io.stdout.write(
        `Deleted ${deleted.toLocaleString('en-GB')} translation-memory entr${deleted === 1 ? 'y' : 'ies'} of case ${values.case}.\n`,
      );
      return ExitCode.ok;
    } finally {
      redis.disconnect();
    }
  },
};
