import { ConfigurationError, loadSecret } from '@toex/core';
import {
  createAssemblyAiTranscriber,
  createAzureFastTranscriber,
  createDeepgramTranscriber,
  createOpenAiTranscriber,
  createPocketSphinxTranscriber,
  createVideoIndexerTranscriber,
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
  const endpoint = args.endpoint === undefined ? {} : { endpoint: args.endpoint };
  switch (args.provider) {
    case 'pocketsphinx':
      return createPocketSphinxTranscriber({}, env);
    case 'openai': {
      const base = args.endpoint ?? env.OPENAI_BASE_URL;
      const model = env.TOEX_OPENAI_TRANSCRIBE_MODEL;
      return createOpenAiTranscriber({
        env,
        ...(base === undefined ? {} : { endpoint: base }),
        ...(model === undefined ? {} : { model }),
      });
    }
    case 'azure-speech':
      return createAzureFastTranscriber({ env, ...endpoint });
    case 'assemblyai':
      return createAssemblyAiTranscriber({ env, ...endpoint });
    case 'deepgram':
      return createDeepgramTranscriber({ env, ...endpoint });
    case 'video-indexer':
      return createVideoIndexerTranscriber({
        subscriptionId: env.VIDEO_INDEXER_SUBSCRIPTION_ID ?? '',
        resourceGroup: env.VIDEO_INDEXER_RESOURCE_GROUP ?? '',
        accountName: env.VIDEO_INDEXER_ACCOUNT_NAME ?? '',
        accountId: env.VIDEO_INDEXER_ACCOUNT_ID ?? '',
        location: env.VIDEO_INDEXER_LOCATION ?? '',
        // An Entra ID token for https://management.azure.com/.default, e.g. `az account get-access-token`.
        getArmToken: async () =>
          loadSecret({
            environmentVariable: 'AZURE_ARM_TOKEN',
            description: 'An Azure Resource Manager token',
            env,
          }),
      });
    case 'azure-batch':
      throw new ConfigurationError({
        code: 'provider_not_available',
        setting: 'provider',
        message:
          'Azure batch transcription reads audio from a storage URL, which the command line cannot provide yet: use --provider azure-speech (fast transcription), or createAzureBatchTranscriber({ uploadAudio }) from @toex/transcribe.',
      });
  }
}
