import { UsageError } from '../usage-error';

/** The `--redis` option every queue command takes; `TOEX_REDIS_URL` keeps a password off the command line. */
export const redisUsage = `  --redis URL             the queue's Redis: redis://[USER:PASSWORD@]HOST:PORT[/DB], or rediss://
                          for TLS (default: the TOEX_REDIS_URL environment variable, which keeps a
                          password out of the process list)`;

/** `--redis`, else `TOEX_REDIS_URL`; a usage error naming both when neither is set. */
export function redisUrlOption(
  value: string | undefined,
  env: Record<string, string | undefined>,
  command: string,
): string {
  const url = value ?? env.TOEX_REDIS_URL;
  if (url === undefined || url === '') {
    throw new UsageError(`${command} needs the queue's Redis: give --redis URL or set TOEX_REDIS_URL.`);
  }
  return url;
}
