import { HttpResponse, http } from 'msw';

// AssemblyAI, following its documented REST flow (AssemblyAI/assemblyai-node-sdk src/services/files and
// transcripts; https://www.assemblyai.com/docs/api-reference/transcripts):
// - POST /v2/upload, `Authorization: <key>`, `Content-Type: application/octet-stream`, raw bytes → {upload_url}
// - POST /v2/transcript {audio_url, speaker_labels, speakers_expected, language_code|language_detection, …}
//   → {id, status: "queued"}
// - GET /v2/transcript/{id} → status queued | processing | completed | error; when completed: text,
//   audio_duration (seconds), language_code, words[] and utterances[] with start/end in MILLISECONDS
// - errors {"error": "…"}; 401 for a bad key

/** AssemblyAI fake: `statuses` are answered on successive polls (the last repeats). */
export function createAssemblyAiHandlers(options: {
  apiKey: string;
  statuses: Array<'queued' | 'processing' | 'completed' | 'error'>;
}) {
  const base = 'https://api.assemblyai.com/v2';
  const seen = { uploads: 0, submitted: [] as Array<Record<string, unknown>>, polls: 0 };
  const denied = () =>
    HttpResponse.json({ error: 'Authentication error, API token missing/invalid' }, { status: 401 });
  const handlers = [
    http.post(`${base}/upload`, async ({ request }) => {
      if (request.headers.get('authorization') !== options.apiKey) return denied();
      if (request.headers.get('content-type') !== 'application/octet-stream')
        return HttpResponse.json({ error: 'Unsupported content type' }, { status: 400 });
      await request.arrayBuffer();
      seen.uploads += 1;
      return HttpResponse.json({ upload_url: `https://cdn.assemblyai.com/upload/${seen.uploads}` });
    }),
    http.post(`${base}/transcript`, async ({ request }) => {
      if (request.headers.get('authorization') !== options.apiKey) return denied();
      const body = (await request.json()) as Record<string, unknown>;
      seen.submitted.push(body);
      return HttpResponse.json({ id: `tr_${seen.submitted.length}`, status: 'queued' });
    }),
    http.get(`${base}/transcript/:id`, ({ request, params }) => {
      if (request.headers.get('authorization') !== options.apiKey) return denied();
      const status = options.statuses[Math.min(seen.polls, options.statuses.length - 1)]!;
      seen.polls += 1;
      if (status === 'error')
        return HttpResponse.json({ id: params.id, status, error: 'Audio file could not be decoded' });
      if (status !== 'completed') return HttpResponse.json({ id: params.id, status });
      return HttpResponse.json({
        id: params.id,
        status,
        language_code: 'en',
        audio_duration: 6,
        text: 'Where were you? At home.',
        words: [],
        utterances: [
          { speaker: 'A', start: 250, end: 1900, confidence: 0.94, text: 'Where were you?', words: [] },
          { speaker: 'B', start: 2400, end: 3300, confidence: 0.9, text: 'At home.', words: [] },
        ],
      });
    }),
  ];
  return { handlers, seen };
}

// Deepgram, following https://developers.deepgram.com/reference/speech-to-text-api/listen and the JS SDK
// types (ListenV1Response*): POST /v1/listen?model&smart_format&utterances&diarize&language, `Authorization:
// Token <key>`, audio bytes as the body; times in SECONDS, speakers integers from 0; errors
// {"err_code","err_msg","request_id"}; 429 when over the concurrency limit.

/** Deepgram fake. */
export function createDeepgramHandlers(options: { apiKey: string }) {
  const seen = { queries: [] as URLSearchParams[], contentTypes: [] as Array<string | null> };
  const handlers = [
    http.post('https://api.deepgram.com/v1/listen', async ({ request }) => {
      if (request.headers.get('authorization') !== `Token ${options.apiKey}`) {
        return HttpResponse.json(
          { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: 'r0' },
          { status: 401 },
        );
      }
      const query = new URL(request.url).searchParams;
      seen.queries.push(query);
      seen.contentTypes.push(request.headers.get('content-type'));
      const bytes = (await request.arrayBuffer()).byteLength;
      const duration = (bytes - 44) / 32_000;
      const diarize = query.get('diarize') === 'true';
      return HttpResponse.json({
        metadata: {
          request_id: 'dg-req-1',
          sha256: 'x',
          created: '2026-12-06T00:00:00Z',
          duration,
          channels: 1,
          models: ['m'],
        },
        results: {
          channels: [{ alternatives: [{ transcript: 'Hello. Hi there.', confidence: 0.97, words: [] }] }],
          utterances: [
            {
              id: 'u1',
              start: 0.5,
              end: 1.2,
              confidence: 0.98,
              channel: 0,
              transcript: 'Hello.',
              words: [],
              ...(diarize ? { speaker: 0 } : {}),
            },
            {
              id: 'u2',
              start: 1.6,
              end: 2.4,
              confidence: 0.96,
              channel: 0,
              transcript: 'Hi there.',
              words: [],
              ...(diarize ? { speaker: 1 } : {}),
            },
          ],
        },
      });
    }),
  ];
  return { handlers, seen };
}
