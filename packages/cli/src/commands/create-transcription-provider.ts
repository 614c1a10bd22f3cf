import { ConfigurationError } from '@toex/core';
import {
  createAzureFastTranscriber,
  createOpenAiTranscriber,
  createPocketSphinxTranscriber,
  type TranscriptionProvider,
} from '@toex/transcribe';
import type { TranscribeArguments } from './transcribe-arguments';

/**
 * Makes the provider `--provider` names. Keys are not read here: each adapter loads its key at the
 * first request, so `--estimate` works without one.
 */
export function createTranscriptionProvider(
  args: TranscribeArguments,
  env: Record<string, string | undefined>,
): TranscriptionProvider {
  switch (args.provider) {
    case 'pocketsphinx':
      return createPocketSphinxTranscriber({}, env);
    case 'openai': {
      const endpoint = args.endpoint ?? env.OPENAI_BASE_URL;
      const model = env.TOEX_OPENAI_TRANSCRIBE_MODEL;
      return createOpenAiTranscriber({
        env,
        ...(endpoint === undefined ? {} : { endpoint }),
        ...(model === undefined ? {} : { model }),
      });
    }
    case 'azure-speech':
      return createAzureFastTranscriber({
        env,
        ...(args.endpoint === undefined ? {} : { endpoint: args.endpoint }),
      });
    default:
      throw new ConfigurationError({
        code: 'provider_not_available',
        setting: 'provider',
        message: `The ${args.provider} transcription provider is not in this release of toex yet. Use --provider pocketsphinx (offline), openai or azure-speech. (azure-batch needs an audio upload target and is available from the SDK: createAzureBatchTranscriber.)`,
      });
  }
}
