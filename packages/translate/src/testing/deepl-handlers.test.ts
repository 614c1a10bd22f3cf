import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDeeplHandlers } from './deepl-handlers';

// The fake must refuse what DeepL refuses: https://developers.deepl.com/docs/resources/usage-limits,
// https://developers.deepl.com/api-reference/translate, https://developers.deepl.com/api-reference/multilingual-glossaries

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const KEY = '3b9e1f2a-7c4d-4e8f-a1b2-c3d4e5f60718';

async function post(url: string, body: unknown, key = KEY) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `DeepL-Auth-Key ${key}`, 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

describe('createDeeplHandlers', () => {
  it('refuses a body over 128 KiB with 413 and more than 50 texts with 400', async () => {
    const fake = createDeeplHandlers();
    server.use(...fake.handlers);
    const big = await post('https://api.deepl.com/v2/translate', {
      text: ['a'.repeat(128 * 1024)],
      target_lang: 'DE',
    });
    expect(big.status).toBe(413);
    const many = await post('https://api.deepl.com/v2/translate', {
      text: Array(51).fill('a'),
      target_lang: 'DE',
    });
    expect(many.status).toBe(400);
    const fifty = await post('https://api.deepl.com/v2/translate', {
      text: Array(50).fill('a'),
      target_lang: 'DE',
    });
    expect(fifty.status).toBe(200);
  });

  it('bills code points only when show_billed_characters is set, and sends X-Trace-ID', async () => {
    const fake = createDeeplHandlers();
    server.use(...fake.handlers);
    const answer = await post('https://api.deepl.com/v2/translate', {
      text: ['👍🏽 ok'],
      target_lang: 'EN-GB',
      show_billed_characters: true,
    });
    expect(answer.body).toEqual({
      translations: [{ detected_source_language: 'ES', text: '[EN-GB] 👍🏽 OK', billed_characters: 5 }],
    });
    expect(answer.headers.get('x-trace-id')).toBe('fake-deepl-trace-1');
    const quiet = await post('https://api.deepl.com/v2/translate', { text: ['ok'], target_lang: 'DE' });
    expect(quiet.body).toEqual({ translations: [{ detected_source_language: 'ES', text: '[DE] OK' }] });
  });

  it('refuses a Free key on the Pro host and the reverse, as DeepL does', async () => {
    server.use(
      ...createDeeplHandlers().handlers,
      ...createDeeplHandlers({ baseUrl: 'https://api-free.deepl.com' }).handlers,
    );
    const freeOnPro = await post(
      'https://api.deepl.com/v2/translate',
      { text: ['a'], target_lang: 'DE' },
      `${KEY}:fx`,
    );
    expect(freeOnPro).toMatchObject({
      status: 403,
      body: { message: 'Wrong endpoint. Use https://api-free.deepl.com' },
    });
    const proOnFree = await post('https://api-free.deepl.com/v2/translate', {
      text: ['a'],
      target_lang: 'DE',
    });
    expect(proOnFree).toMatchObject({
      status: 403,
      body: { message: 'Wrong endpoint. Use https://api.deepl.com' },
    });
  });

  it('validates glossary TSV and answers the documented duplicate-key detail', async () => {
    const fake = createDeeplHandlers();
    server.use(...fake.handlers);
    const duplicate = await post('https://api.deepl.com/v3/glossaries', {
      name: 'g',
      dictionaries: [
        {
          source_lang: 'en',
          target_lang: 'de',
          entries: 'Hello\tHallo\nHello\tServus',
          entries_format: 'tsv',
        },
      ],
    });
    expect(duplicate).toMatchObject({
      status: 400,
      body: {
        message: 'Invalid glossary entries provided',
        detail:
          'Key with the index 1 (starting at position 12) duplicates key with the index 0 (starting at position 0)',
      },
    });
    const created = await post('https://api.deepl.com/v3/glossaries', {
      name: 'g',
      dictionaries: [
        { source_lang: 'en', target_lang: 'de', entries: 'Hello\tHallo', entries_format: 'tsv' },
      ],
    });
    expect(created.status).toBe(201);
    const glossaryId = created.body.glossary_id;
    const withoutSource = await post('https://api.deepl.com/v2/translate', {
      text: ['Hello'],
      target_lang: 'DE',
      glossary_id: glossaryId,
    });
    expect(withoutSource.status).toBe(400);
    const used = await post('https://api.deepl.com/v2/translate', {
      text: ['Hello you'],
      source_lang: 'EN',
      target_lang: 'DE',
      glossary_id: glossaryId,
    });
    expect(used.body).toEqual({ translations: [{ detected_source_language: 'EN', text: '[DE] Hallo YOU' }] });
    const unknown = await post('https://api.deepl.com/v2/translate', {
      text: ['Hello'],
      source_lang: 'EN',
      target_lang: 'DE',
      glossary_id: 'no-such-glossary',
    });
    expect(unknown.status).toBe(404);
  });
});
