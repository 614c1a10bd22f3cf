import { HttpResponse, http } from 'msw';

// A fake of the OpenAI transcription endpoint following its documented wire format:
// - POST /v1/audio/transcriptions, multipart `file`, `model`, `response_format`, `language`,
//   `timestamp_granularities[]`: https://platform.openai.com/docs/api-reference/audio/createTranscription
// - `verbose_json` body {text, language, duration, segments[{id, seek, start, end, text, avg_logprob, …}], words}:
//   openai/openai-node src/resources/audio/transcriptions.ts (TranscriptionVerbose)
// - "File uploads are currently limited to 25 MB": https://platform.openai.com/docs/guides/speech-to-text
//   (413 with the usual error body when exceeded)
// - errors `{"error":{"message","type","param","code"}}`, 401 without a key, 429 with Retry-After:
//   https://platform.openai.com/docs/guides/error-codes
// The fake "recognises" the WAV it is sent: one segment per second of audio, text `second N`.

/** What the fake received. */
export interface OpenAiTranscriptionCall {
  model: string;
  responseFormat: string;
  language: string | null;
  bytes: number;
  durationSeconds: number;
  authorization: string | null;
}

/** Options of {@link createOpenAiTranscriptionHandlers}. */
export interface OpenAiTranscriptionHandlerOptions {
  baseUrl?: string;
  /** Key accepted; default any `Bearer` key. */
  apiKey?: string;
  /** Upload ceiling in bytes; default 25 MB (26,214,400: the MiB reading, as the help centre gives it). */
  maxBytes?: number;
  /** Answers the n-th call (from 0) with a 429 and this Retry-After (seconds), when it returns a number. */
  throttle?: (call: number) => number | undefined;
}

/** The msw handlers and the calls they saw. */
export function createOpenAiTranscriptionHandlers(options: OpenAiTranscriptionHandlerOptions = {}) {
  const baseUrl = options.baseUrl ?? 'https://api.openai.com/v1';
  const maxBytes = options.maxBytes ?? 26_214_400;
  const calls: OpenAiTranscriptionCall[] = [];
  const error = (
    status: number,
    message: string,
    type: string,
    code: string | null,
    headers?: Record<string, string>,
  ) =>
    HttpResponse.json(
      { error: { message, type, param: null, code } },
      { status, ...(headers === undefined ? {} : { headers }) },
    );
  const handlers = [
    http.post(`${baseUrl}/audio/transcriptions`, async ({ request }) => {
      const authorization = request.headers.get('authorization');
      if (
        authorization === null ||
        (options.apiKey !== undefined && authorization !== `Bearer ${options.apiKey}`)
      ) {
        return error(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      }
      const form = await request.formData();
      const file = form.get('file');
      if (!(file instanceof File))
        return error(400, "Missing required parameter: 'file'.", 'invalid_request_error', null);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const call: OpenAiTranscriptionCall = {
        model: String(form.get('model')),
        responseFormat: String(form.get('response_format') ?? 'json'),
        language: form.get('language') as string | null,
        bytes: bytes.length,
        durationSeconds: wavSeconds(bytes),
        authorization,
      };
      const index = calls.length;
      calls.push(call);
      if (bytes.length > maxBytes) {
        return error(
          413,
          `Maximum content size limit (${maxBytes}) exceeded (${bytes.length} bytes read)`,
          'server_error',
          null,
        );
      }
      const retryAfter = options.throttle?.(index);
      if (retryAfter !== undefined) {
        return error(429, 'Rate limit reached for requests', 'requests', 'rate_limit_exceeded', {
          'retry-after': String(retryAfter),
        });
      }
      const seconds = Math.floor(call.durationSeconds);
      const segments = Array.from({ length: seconds }, (_, i) => ({
        id: i,
        seek: 0,
        start: i,
        end: Math.min(i + 0.9, call.durationSeconds),
        text: ` second ${i}`,
        tokens: [],
        temperature: 0,
        avg_logprob: -0.1,
        compression_ratio: 1,
        no_speech_prob: 0.01,
      }));
      if (call.responseFormat !== 'verbose_json')
        return HttpResponse.json({ text: segments.map((s) => s.text).join('') });
      return HttpResponse.json(
        {
          task: 'transcribe',
          language: 'english',
          duration: call.durationSeconds,
          text: segments.map((s) => s.text).join(''),
          segments,
          usage: { type: 'duration', seconds: Math.ceil(call.durationSeconds) },
        },
        { headers: { 'x-request-id': `req_${index}` } },
      );
    }),
  ];
  return { handlers, calls };
}

function wavSeconds(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const byteRate = view.getUint32(28, true);
  return byteRate === 0 ? 0 : (bytes.length - 44) / byteRate;
}
