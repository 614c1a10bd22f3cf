import type { Clock } from '@toex/core';
import { HttpResponse, http } from 'msw';

// A fake of Azure AI Video Indexer (ARM-based accounts) following the documented flow:
// - POST https://management.azure.com/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.VideoIndexer/
//   accounts/{name}/generateAccessToken?api-version=2024-01-01 with `Authorization: Bearer <ARM token>`, body
//   {permissionType, scope} → {accessToken}: https://learn.microsoft.com/rest/api/videoindexer/generate/access-token
// - "Access tokens expire every hour": MicrosoftDocs/azure-video-indexer faq.yml; an expired token gets a 401
//   (the error body's wording is representative, not documented)
// - POST https://api.videoindexer.ai/{location}/Accounts/{accountId}/Videos?accessToken&name&privacy…, multipart
//   file → {id, state}: upload-index-media.md
// - GET …/Videos/{id}/Index?accessToken&includeSummarizedInsights=false → {state, videos[{state, failureCode,
//   failureMessage, insights{sourceLanguage, transcript[{id, text, confidence, speakerId, instances[{start,end}]}]}}]},
//   states Uploaded, Processing, Processed, Failed, Quarantined: video-indexer-output-json-v2.md
// - DELETE …/Videos/{id}?accessToken (204)

/** Options of {@link createVideoIndexerHandlers}. */
export interface VideoIndexerFakeOptions {
  location: string;
  accountId: string;
  subscriptionId: string;
  resourceGroup: string;
  accountName: string;
  armToken: string;
  /** Index state answered on each poll, in order (the last repeats). */
  states: string[];
  /** Decides token expiry; the same clock the adapter polls with. */
  clock: Clock;
}

/** The msw handlers and what they saw. */
export function createVideoIndexerHandlers(options: VideoIndexerFakeOptions) {
  const tokens = new Map<string, number>();
  const seen = {
    tokensIssued: 0,
    expiredTokenRequests: 0,
    uploads: [] as Array<{ name: string | null; privacy: string | null }>,
    polls: 0,
    deleted: [] as string[],
  };
  const videos = `https://api.videoindexer.ai/${options.location}/Accounts/${options.accountId}/Videos`;
  const validToken = (request: Request): boolean => {
    const token = new URL(request.url).searchParams.get('accessToken');
    const expiresAt = token === null ? undefined : tokens.get(token);
    if (expiresAt === undefined) return false;
    if (options.clock.now() >= expiresAt) {
      seen.expiredTokenRequests += 1;
      return false;
    }
    return true;
  };
  const unauthorised = () =>
    HttpResponse.json(
      { ErrorType: 'UNAUTHORIZED', Message: 'Access token is invalid or has expired.' },
      { status: 401 },
    );
  const handlers = [
    http.post(
      `https://management.azure.com/subscriptions/${options.subscriptionId}/resourceGroups/${options.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${options.accountName}/generateAccessToken`,
      async ({ request }) => {
        if (request.headers.get('authorization') !== `Bearer ${options.armToken}`) {
          return HttpResponse.json(
            { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } },
            { status: 401 },
          );
        }
        const body = (await request.json()) as { permissionType?: string; scope?: string };
        if (body.permissionType !== 'Contributor' || body.scope !== 'Account') {
          return HttpResponse.json(
            { error: { code: 'InvalidInput', message: 'permissionType and scope are required.' } },
            { status: 400 },
          );
        }
        seen.tokensIssued += 1;
        const accessToken = `vi-token-${seen.tokensIssued}-abcdefghijklmnop`;
        tokens.set(accessToken, options.clock.now() + 3_600_000);
        return HttpResponse.json({ accessToken });
      },
    ),
    http.post(videos, async ({ request }) => {
      if (!validToken(request)) return unauthorised();
      const url = new URL(request.url);
      const form = await request.formData();
      if (!(form.get('file') instanceof File))
        return HttpResponse.json({ ErrorType: 'INVALID_INPUT', Message: 'No file' }, { status: 400 });
      seen.uploads.push({ name: url.searchParams.get('name'), privacy: url.searchParams.get('privacy') });
      return HttpResponse.json({ id: `video${seen.uploads.length}`, state: 'Uploaded' });
    }),
    http.get(`${videos}/:id/Index`, ({ request }) => {
      if (!validToken(request)) return unauthorised();
      const state = options.states[Math.min(seen.polls, options.states.length - 1)]!;
      seen.polls += 1;
      return HttpResponse.json({
        state,
        videos: [
          {
            state,
            processingProgress: state === 'Processed' ? '100%' : '40%',
            ...(state === 'Failed'
              ? { failureCode: 'UnsupportedFileType', failureMessage: 'The file type is not supported.' }
              : {}),
            insights:
              state === 'Processed'
                ? {
                    sourceLanguage: 'en-GB',
                    duration: '0:00:10.0',
                    transcript: [
                      {
                        id: 1,
                        text: 'Control, this is unit four.',
                        confidence: 0.91,
                        speakerId: 1,
                        language: 'en-GB',
                        instances: [
                          {
                            adjustedStart: '0:00:00',
                            adjustedEnd: '0:00:02.5',
                            start: '0:00:00',
                            end: '0:00:02.5',
                          },
                        ],
                      },
                      {
                        id: 2,
                        text: 'Go ahead, unit four.',
                        confidence: 0.88,
                        speakerId: 2,
                        language: 'en-GB',
                        instances: [
                          {
                            adjustedStart: '0:00:03.1',
                            adjustedEnd: '0:00:04.9',
                            start: '00:00:03.1000000',
                            end: '00:00:04.9000000',
                          },
                        ],
                      },
                    ],
                  }
                : {},
          },
        ],
      });
    }),
    http.delete(`${videos}/:id`, ({ request, params }) => {
      if (!validToken(request)) return unauthorised();
      seen.deleted.push(String(params.id));
      return new HttpResponse(null, { status: 204 });
    }),
  ];
  return { handlers, seen };
}
