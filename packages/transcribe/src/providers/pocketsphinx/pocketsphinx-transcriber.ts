import { ConfigurationError } from '@toex/core';
import { TranscriptionError } from '../../errors/transcription-error';
import { runProgram } from '../../media/run-program';
import type { TranscriptionProvider, TranscriptionRequest, TranscriptionResponse } from '../../spec';
import { parsePocketSphinxOutput } from './parse-pocketsphinx-output';
import { type PocketSphinxSettings, resolvePocketSphinxSettings } from './pocketsphinx-settings';

/**
 * PocketSphinx, the offline engine: Debian 12's `pocketsphinx_continuous` (0.8) with the en-us model
 * of `pocketsphinx-en-us`, run as a local process per chunk. Nothing leaves the machine and nothing is
 * billed. US English only; it takes the 16 kHz mono 16-bit WAV the job prepares.
 *
 * Accuracy (measured on this stack, `local-engines.md`): 0–13 % word error rate on clear synthetic
 * speech, ~37 % on real read speech. Good for triage and search, not a substitute for a cloud model.
 */
export function createPocketSphinxTranscriber(
  settings: PocketSphinxSettings = {},
  env: Record<string, string | undefined> = process.env,
): TranscriptionProvider {
  const resolved = resolvePocketSphinxSettings(settings, env);
  const program = {
    path: resolved.program,
    debianPackage: 'pocketsphinx pocketsphinx-en-us',
    setting: 'TOEX_POCKETSPHINX',
  };
  const modelArgs = [
    ...(resolved.acousticModel === undefined ? [] : ['-hmm', resolved.acousticModel]),
    ...(resolved.languageModel === undefined ? [] : ['-lm', resolved.languageModel]),
    ...(resolved.dictionary === undefined ? [] : ['-dict', resolved.dictionary]),
    ...(resolved.grammar === undefined ? [] : ['-jsgf', resolved.grammar]),
  ];
  return {
    id: 'pocketsphinx',
    apiVersion: '0.8',
    endpoint: `local:${resolved.program}`,
    model: resolved.grammar === undefined ? 'en-us' : 'en-us+jsgf',
    limits: {
      preferredSecondsPerRequest: resolved.chunkSeconds,
      maxConcurrentRequests: resolved.maxConcurrency,
    },
    capabilities: { diarization: false, wordTimestamps: true, detectsLanguage: false },
    billing: {
      provider: 'pocketsphinx',
      service: 'transcription',
      sku: 'self-hosted',
      rule: { incrementSeconds: 1 },
    },
    async transcribe(request: TranscriptionRequest, options = {}): Promise<TranscriptionResponse> {
      if (request.language !== undefined && !/^en(?:-|$)/i.test(request.language)) {
        throw new ConfigurationError({
          code: 'unsupported_language',
          setting: 'language',
          message: `PocketSphinx here has the US English model only; it cannot transcribe "${request.language}". Choose a cloud provider (--provider) for other languages.`,
        });
      }
      const result = await runProgram(
        program,
        ['-infile', request.audio.path, '-time', 'yes', ...modelArgs],
        options.signal,
      );
      if (result.exitCode !== 0) {
        const reason =
          result.stderr
            .split('\n')
            .filter((line) => /ERROR|FATAL/.test(line))
            .at(-1)
            ?.trim() ?? `exit code ${result.exitCode}`;
        throw new TranscriptionError({
          code: 'pocketsphinx_failed',
          // A decoder crash on one chunk may be memory pressure; a bad model or file fails again.
          retryable: !/model|dict|sample rate|channel|No such file/i.test(reason),
          message: `PocketSphinx failed on ${request.audio.path}: ${reason}. Check that pocketsphinx-en-us is installed (scripts/transcribe/ensure-engines.sh).`,
        });
      }
      const warnings =
        request.speakers !== undefined && request.speakers > 1
          ? [
              {
                code: 'no_diarization',
                message: 'PocketSphinx does not label speakers; the transcript has none.',
              },
            ]
          : [];
      return { segments: parsePocketSphinxOutput(result.stdout), language: 'en-US', warnings };
    },
  };
}
