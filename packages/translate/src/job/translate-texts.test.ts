import { ApiCallError } from '@toex/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAzureTranslator } from '../providers/azure';
import { createAzureTranslatorHandlers, createFakeTranslator } from '../testing';
import { translateTexts } from './translate-texts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const refused = 'Este mensaje lo rechaza el servicio';
const flaky = 'Este falla una vez y luego va';

describe('translateTexts', () => {
  it('returns one result per text, in order, with its status; a failure is marked with its code and message', async () => {
    const failedOnce = new Set<string>();
    const provider = createFakeTranslator({
      // One text a request, so a refusal touches only its own text.
      limits: { maxItemsPerRequest: 1 },
      beforeAnswer: (request) => {
        const [text = ''] = request.texts;
        const url = 'https://translator.example/translate';
        if (text === refused) {
          throw new ApiCallError({
            method: 'POST',
            url,
            statusCode: 400,
            providerMessage: 'The text is not valid.',
          });
        }
        if (text === flaky && !failedOnce.has(text)) {
          failedOnce.add(text);
          throw new ApiCallError({ method: 'POST', url, statusCode: 503 });
        }
        return undefined;
      },
    });
    const texts = [
      'hola',
      '',
      '   ',
      '12:30 👍',
      'https://example.invalid/x',
      refused,
      'hola',
      flaky,
      '¿Dónde estás?',
    ];
    const result = await translateTexts(texts, {
      provider,
      from: 'es',
      to: ['en'],
      retry: { maxRetries: 2, sleep: async () => {} },
    });

    expect(result.texts.map((entry) => entry.text)).toEqual(texts);
    expect(result.texts.map((entry) => entry.status)).toEqual([
      'ok',
      'skipped:empty',
      'skipped:whitespace',
      'skipped:no-letters',
      'skipped:url-only',
      'failed:http_400',
      'ok',
      'ok',
      'ok',
    ]);
    expect(result.texts.map((entry) => entry.translations)).toEqual([
      { en: '[en] HOLA' },
      { en: '' },
      { en: '   ' },
      { en: '12:30 👍' },
      { en: 'https://example.invalid/x' },
      {},
      { en: '[en] HOLA' },
      { en: `[en] ${flaky.toUpperCase()}` },
      { en: '[en] ¿DÓNDE ESTÁS?' },
    ]);
    const failure = result.texts[5]!;
    expect(failure.error?.code).toBe('http_400');
    expect(failure.error?.message).toContain('The text is not valid.');
    expect(result.texts.filter((entry) => entry.error !== undefined)).toHaveLength(1);
    expect(result.texts[0]!.language).toBe('es');
    expect(result).toMatchObject({ rows: texts.length, failedRows: 1, skippedRows: 4, stoppedBy: undefined });
    // `hola` was translated once; the refusal was not retried; the 503 was.
    const sent = provider.calls.flatMap((call) => call.texts);
    expect(sent.filter((text) => text === 'hola')).toHaveLength(1);
    expect(sent.filter((text) => text === refused)).toHaveLength(1);
    expect(sent.filter((text) => text === flaky)).toHaveLength(2);
  });

  it('with Azure and no source language, keeps what is already English and sends the rest once', async () => {
    const key = '0123456789abcdef0123456789abcdef';
    const fake = createAzureTranslatorHandlers({ apiKey: key });
    server.use(...fake.handlers);
    const english = 'I will be there at ten tonight, do not be late';
    const texts = ['Muchas gracias por todo', english, 'Muchas gracias por todo', 'Llego en cinco minutos'];
    const result = await translateTexts(texts, {
      provider: createAzureTranslator({ apiKey: key, fetch: globalThis.fetch }),
      to: ['en'],
    });
    expect(result.texts.map((entry) => [entry.status, entry.translations.en, entry.language])).toEqual([
      ['ok', '[en] MUCHAS GRACIAS POR TODO', 'es'],
      ['skipped:target-language', english, 'en'],
      ['ok', '[en] MUCHAS GRACIAS POR TODO', 'es'],
      ['ok', '[en] LLEGO EN CINCO MINUTOS', 'es'],
    ]);
    const sent = fake.requests.flatMap((request) =>
      (request.body as Array<{ Text: string }>).map((item) => item.Text),
    );
    expect(sent).toEqual(['Muchas gracias por todo', 'Llego en cinco minutos']);
    expect(result.billedCharacters).toBe(fake.billedCharacters());
  });

  it('returns each text its quality flags and counts them', async () => {
    const provider = createFakeTranslator({
      translate: (text) =>
        ({
          'Llego a la estación a las diez. Trae el dinero y no llames a nadie.':
            "I'll be at the station at ten. Bring the money and don't call",
          'Nos vemos mañana en la puerta del mercado.': 'See you tomorrow at the market gate.',
        })[text] ?? text,
    });
    const result = await translateTexts(
      [
        'Llego a la estación a las diez. Trae el dinero y no llames a nadie.',
        'Nos vemos mañana en la puerta del mercado.',
      ],
      { provider, from: 'es', to: ['en'] },
    );
    expect(result.texts.map((entry) => entry.flags)).toEqual([['truncated'], []]);
    expect(result.qualityFlags.truncated).toBe(1);
    expect(result.flaggedRows).toBe(1);
  });
});
