import { HttpResponse, http } from 'msw';

// Fakes of Azure AI Speech's Speech to text REST API, version 2024-11-15, following the documented wire format:
// - fast transcription, POST {endpoint}/speechtotext/transcriptions:transcribe?api-version=2024-11-15, multipart
//   `audio` + `definition` (JSON string; locales, diarization {enabled, maxSpeakers}, profanityFilterMode), response
//   {durationMilliseconds, combinedPhrases, phrases[{speaker, offsetMilliseconds, durationMilliseconds, text,
//   words, locale, confidence}]}: https://learn.microsoft.com/azure/ai-services/speech-service/fast-transcription-create
// - batch: POST …/transcriptions:submit (201, {self, status, links.files}), GET self (status NotStarted →
//   Running → Succeeded | Failed with properties.error {code, message}), GET …/files (values[{kind, links.contentUrl}],
//   @nextLink paging), result file {durationInTicks, recognizedPhrases[{recognitionStatus, speaker, offsetInTicks,
//   durationInTicks, nBest[{confidence, display}]}]}, DELETE self (204):
//   https://learn.microsoft.com/azure/ai-services/speech-service/batch-transcription-create and batch-transcription-get
// - errors {"error":{"code","message"}}; 401 without `Ocp-Apim-Subscription-Key`; 429 with Retry-After:
//   https://learn.microsoft.com/azure/ai-services/speech-service/speech-services-quotas-and-limits

const TICKS = 10_000_000;

function unauthorised() {
  return HttpResponse.json(
    {
      error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' },
    },
    { status: 401 },
  );
}

function wavSeconds(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (bytes.length - 44) / view.getUint32(28, true);
}

/** Fast transcription: one phrase per 2 s of audio, alternating speakers 0/1 when diarization is on. */
export function createAzureFastHandlers(options: {
  endpoint: string;
  apiKey: string;
  throttleFirst?: boolean;
}) {
  const definitions: Array<Record<string, unknown>> = [];
  let calls = 0;
  const handlers = [
    http.post(`${options.endpoint}/speechtotext/transcriptions\\:transcribe`, async ({ request }) => {
      if (request.headers.get('ocp-apim-subscription-key') !== options.apiKey) return unauthorised();
      if (new URL(request.url).searchParams.get('api-version') !== '2024-11-15') {
        return HttpResponse.json(
          { error: { code: 'InvalidRequest', message: 'Unsupported api-version.' } },
          { status: 400 },
        );
      }
      calls += 1;
      if (options.throttleFirst === true && calls === 1) {
        return HttpResponse.json(
          { error: { code: '429', message: 'Too many requests.' } },
          { status: 429, headers: { 'retry-after': '1' } },
        );
      }
      const form = await request.formData();
      const definition = JSON.parse(String(form.get('definition'))) as Record<string, unknown>;
      definitions.push(definition);
      const audio = form.get('audio');
      if (!(audio instanceof File))
        return HttpResponse.json(
          { error: { code: 'InvalidRequest', message: 'audio is required' } },
          { status: 400 },
        );
      const seconds = wavSeconds(new Uint8Array(await audio.arrayBuffer()));
      const diarize = (definition.diarization as { enabled?: boolean } | undefined)?.enabled === true;
      const phrases = Array.from({ length: Math.floor(seconds / 2) }, (_, i) => ({
        ...(diarize ? { speaker: i % 2 } : {}),
        offsetMilliseconds: i * 2000,
        durationMilliseconds: 1500,
        text: `Phrase ${i}.`,
        words: [{ text: 'Phrase', offsetMilliseconds: i * 2000, durationMilliseconds: 700 }],
        locale: ((definition.locales as string[] | undefined) ?? ['en-US'])[0],
        confidence: 0.9,
      }));
      return HttpResponse.json({
        durationMilliseconds: Math.round(seconds * 1000),
        combinedPhrases: [{ text: phrases.map((p) => p.text).join(' ') }],
        phrases,
      });
    }),
  ];
  return { handlers, definitions };
}

/** How a batch job proceeds: the status answered on each poll, in order (the last repeats). */
export interface BatchScript {
  statuses: Array<'NotStarted' | 'Running' | 'Succeeded' | 'Failed'>;
  error?: { code: string; message: string };
}

/** Batch transcription, with jobs driven by `script`. Result files are served from a storage host. */
export function createAzureBatchHandlers(options: { endpoint: string; apiKey: string; script: BatchScript }) {
  const storage = 'https://speechstorage.blob.core.windows.net/results';
  const jobs = new Map<string, { polls: number; body: Record<string, unknown>; deleted: boolean }>();
  const storageRequests: Array<{ subscriptionKey: string | null }> = [];
  const base = `${options.endpoint}/speechtotext/transcriptions`;
  const statusOf = (job: { polls: number }) =>
    options.script.statuses[Math.min(job.polls, options.script.statuses.length - 1)]!;
  const auth = (request: Request) => request.headers.get('ocp-apim-subscription-key') === options.apiKey;
  const handlers = [
    http.post(`${base}\\:submit`, async ({ request }) => {
      if (!auth(request)) return unauthorised();
      const body = (await request.json()) as Record<string, unknown>;
      const id = `job-${jobs.size + 1}`;
      jobs.set(id, { polls: 0, body, deleted: false });
      return HttpResponse.json(
        {
          self: `${base}/${id}`,
          status: 'NotStarted',
          links: { files: `${base}/${id}/files` },
          properties: {},
        },
        { status: 201 },
      );
    }),
    http.get(`${base}/:id/files`, ({ request, params }) => {
      if (!auth(request)) return unauthorised();
      const id = String(params.id);
      const page = new URL(request.url).searchParams.get('page');
      // Two pages: the report first, then (after @nextLink) the transcription, as paging allows.
      if (page === null) {
        return HttpResponse.json({
          values: [
            {
              name: 'report.json',
              kind: 'TranscriptionReport',
              links: { contentUrl: `${storage}/${id}/report.json?sig=abc` },
            },
          ],
          '@nextLink': `${base}/${id}/files?api-version=2024-11-15&page=2`,
        });
      }
      return HttpResponse.json({
        values: [
          {
            name: 'contenturl_0.json',
            kind: 'Transcription',
            links: { contentUrl: `${storage}/${id}/contenturl_0.json?sig=abc` },
          },
        ],
      });
    }),
    http.get(`${base}/:id`, ({ request, params }) => {
      if (!auth(request)) return unauthorised();
      const job = jobs.get(String(params.id));
      if (job === undefined)
        return HttpResponse.json({ error: { code: 'NotFound', message: 'Not found' } }, { status: 404 });
      const status = statusOf(job);
      job.polls += 1;
      return HttpResponse.json({
        self: `${base}/${params.id}`,
        status,
        links: { files: `${base}/${params.id}/files` },
        properties:
          status === 'Failed'
            ? {
                error: options.script.error ?? {
                  code: 'InvalidData',
                  message: 'Audio could not be decoded.',
                },
              }
            : {},
      });
    }),
    http.delete(`${base}/:id`, ({ request, params }) => {
      if (!auth(request)) return unauthorised();
      const job = jobs.get(String(params.id));
      if (job !== undefined) job.deleted = true;
      return new HttpResponse(null, { status: 204 });
    }),
    http.get(`${storage}/:id/contenturl_0.json`, ({ request }) => {
      storageRequests.push({ subscriptionKey: request.headers.get('ocp-apim-subscription-key') });
      return HttpResponse.json({
        source: 'https://example.blob.core.windows.net/audio/chunk.wav',
        durationInTicks: 42 * TICKS,
        recognizedPhrases: [
          {
            recognitionStatus: 'Success',
            channel: 0,
            speaker: 1,
            offsetInTicks: 0.5 * TICKS,
            durationInTicks: 2 * TICKS,
            nBest: [{ confidence: 0.93, display: 'Where were you on Friday?' }],
          },
          {
            recognitionStatus: 'NoMatch',
            channel: 0,
            offsetInTicks: 3 * TICKS,
            durationInTicks: 1 * TICKS,
            nBest: [],
          },
          {
            recognitionStatus: 'Success',
            channel: 0,
            speaker: 2,
            offsetInTicks: 4 * TICKS,
            durationInTicks: 3 * TICKS,
            nBest: [{ confidence: 0.88, display: 'At home.' }],
          },
        ],
      });
    }),
  ];
  return { handlers, jobs, storageRequests };
}
