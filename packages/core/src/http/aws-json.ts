import { z } from 'zod';
import { ConfigurationError } from '../errors/configuration-error';
import { loadSecret } from '../secrets/load-secret';
import { loadSetting } from '../secrets/load-setting';
import type { ErrorParser } from './parse-common-error-body';
import { secureJsonParse } from './secure-json-parse';
import type { AwsCredentials } from './sign-aws-request';

/**
 * The AWS credentials for one request: each from its setting, else `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY` and (when set) `AWS_SESSION_TOKEN`, registered with the redactor. A missing one
 * throws `ConfigurationError` naming both the option and the variable.
 */
export function loadAwsCredentials(settings: {
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  sessionToken?: string | undefined;
}): AwsCredentials {
  const sessionToken = loadSetting({
    value: settings.sessionToken,
    environmentVariable: 'AWS_SESSION_TOKEN',
  });
  return {
    accessKeyId: loadSecret({
      value: settings.accessKeyId,
      environmentVariable: 'AWS_ACCESS_KEY_ID',
      description: 'The AWS access key id',
      optionName: 'accessKeyId',
    }),
    secretAccessKey: loadSecret({
      value: settings.secretAccessKey,
      environmentVariable: 'AWS_SECRET_ACCESS_KEY',
      description: 'The AWS secret access key',
      optionName: 'secretAccessKey',
    }),
    ...(sessionToken === undefined
      ? {}
      : {
          sessionToken: loadSecret({
            value: sessionToken,
            environmentVariable: 'AWS_SESSION_TOKEN',
            description: 'The AWS session token',
            optionName: 'sessionToken',
          }),
        }),
  };
}

/**
 * The AWS region for a request: `region` when given, else `AWS_REGION`, else `AWS_DEFAULT_REGION`. A missing
 * one throws `ConfigurationError` saying how to give it.
 */
export function loadAwsRegion(region: string | undefined): string {
  const value =
    region ??
    loadSetting({ environmentVariable: 'AWS_REGION' }) ??
    loadSetting({ environmentVariable: 'AWS_DEFAULT_REGION' });
  if (value === undefined) {
    throw new ConfigurationError({
      code: 'missing_setting',
      setting: 'AWS_REGION',
      message: "The AWS region is missing: pass 'region' or set AWS_REGION (e.g. eu-west-2 for London).",
    });
  }
  return value;
}

const awsErrorBodySchema = z.object({
  __type: z.string().nullish(),
  message: z.string().nullish(),
  Message: z.string().nullish(),
});

/**
 * An error parser for AWS JSON 1.1 APIs (Translate, Comprehend): the exception name (from `__type`
 * after `#`, else the `x-amzn-ErrorType` header) becomes `providerCode`, and `hints` says what it means
 * and whether sending again can help. Never throws.
 */
export function createAwsErrorParser(
  hints: Readonly<Record<string, { hint: string; retryable: boolean }>>,
): ErrorParser {
  return (_statusCode, bodyText, headers) => {
    let body: z.infer<typeof awsErrorBodySchema> = {};
    try {
      const parsed = awsErrorBodySchema.safeParse(secureJsonParse(bodyText));
      if (parsed.success) body = parsed.data;
    } catch {
      // the header may still name the error
    }
    const rawType = body.__type ?? headers.get('x-amzn-errortype') ?? undefined;
    const type = rawType?.split('#').pop()?.split(':')[0];
    const known = type === undefined ? undefined : hints[type];
    const message = body.message ?? body.Message ?? undefined;
    return {
      ...(type === undefined ? {} : { providerCode: type }),
      ...(message === undefined ? {} : { message }),
      ...(known === undefined ? {} : { hint: known.hint, retryable: known.retryable }),
    };
  };
}
