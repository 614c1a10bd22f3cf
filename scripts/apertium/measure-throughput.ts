/**
 * Measures the Apertium adapter against a real APY: generated Spanish chat sentences are packed by the
 * provider's own limits (as the pipeline does), translated, and checked for completeness; with
 * `--compare`, every batched translation is also checked against the same text translated on its own.
 *
 * Usage: npx tsx scripts/apertium/measure-throughput.ts [--count 2000] [--concurrency 1] [--compare]
 * Uses APERTIUM_URL when set, else starts a private APY (spa-eng only) and stops it afterwards.
 */
import { packTexts } from '../../packages/translate/src/pipeline/pack';
import { createApertiumTranslator } from '../../packages/translate/src/providers/apertium';
import type { TranslationProvider } from '../../packages/translate/src/spec';
import { type RunningApy, startApy } from './apy-server.mjs';

const subjects = [
  'Mi hermano',
  'Juan',
  'La vecina',
  'El jefe',
  'Tu primo',
  'Carlos',
  'La señora',
  'El chico',
];
const verbs = ['compra', 'vende', 'trae', 'busca', 'necesita', 'guarda', 'esconde', 'recoge'];
const objects = [
  'el dinero',
  'las llaves',
  'un coche nuevo',
  'el paquete',
  'dos teléfonos',
  'la bolsa negra',
  'los documentos',
];
const places = [
  'en la plaza',
  'en el bar de siempre',
  'cerca de la estación',
  'en casa de la abuela',
  'en el parque',
  'detrás del mercado',
];
const times = [
  'mañana por la noche',
  'a las 8',
  'el viernes',
  'esta tarde',
  'antes de las 22:30',
  'después de comer',
];

/** A small deterministic generator, so every run measures the same text. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `count` Spanish chat-like sentences. */
export function generateSpanishSentences(count: number, seed = 2026): string[] {
  const random = createRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, index) => {
    switch (index % 4) {
      case 0:
        return `${pick(subjects)} ${pick(verbs)} ${pick(objects)} ${pick(places)} ${pick(times)}.`;
      case 1:
        return `¿Tienes ${pick(objects)}? Te espero ${pick(places)} ${pick(times)}`;
      case 2:
        return `Vale, nos vemos ${pick(places)}. Llámame al 6${Math.floor(random() * 1e8)} si hay problemas`;
      default:
        return `${pick(subjects)} dice que no ${pick(verbs)} nada ${pick(times)}, no te preocupes`;
    }
  });
}

interface Measurement {
  requests: number;
  characters: number;
  seconds: number;
  complete: boolean;
  translations: string[];
}

async function measure(
  translator: TranslationProvider,
  texts: string[],
  concurrency: number,
): Promise<Measurement> {
  const requests = packTexts(
    texts.map((text, index) => ({ text, index })),
    translator.limits,
    1,
  );
  const translations: string[] = new Array(texts.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const request = requests[next++] ?? [];
        const response = await translator.translate({
          texts: request.map((item) => item.text),
          from: 'es',
          to: ['en'],
        });
        response.items.forEach((item, position) => {
          const target = request[position];
          if (target !== undefined) translations[target.index] = item.translations.en ?? '';
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const characters = texts.reduce((sum, text) => sum + text.length, 0);
  const complete = texts.every((_, index) => (translations[index] ?? '').trim() !== '');
  return { requests: requests.length, characters, seconds, complete, translations };
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function main(): Promise<void> {
  const count = Number(option('count') ?? 2_000);
  const concurrency = Number(option('concurrency') ?? 1);
  const apy: RunningApy | undefined = process.env.APERTIUM_URL
    ? undefined
    : await startApy({ pairs: ['spa-eng'] });
  const url = apy?.url ?? process.env.APERTIUM_URL ?? '';
  try {
    const texts = generateSpanishSentences(count);
    const translator = createApertiumTranslator({ baseUrl: url });
    // Warm the pipeline so its start-up is not counted.
    await translator.translate({ texts: ['hola'], from: 'es', to: ['en'] });
    const batched = await measure(translator, texts, concurrency);
    const rate = Math.round(batched.characters / batched.seconds);
    process.stdout.write(
      `${texts.length} texts, ${batched.characters} characters, ${batched.requests} requests ` +
        `(~${Math.round(batched.characters / batched.requests)} characters each), concurrency ${concurrency}: ` +
        `${batched.seconds.toFixed(2)} s, ${rate} characters/s, complete: ${batched.complete ? 'yes' : 'no'}\n`,
    );
    if (process.argv.includes('--compare')) {
      const single = createApertiumTranslator({ baseUrl: url });
      const alone = await measure(
        { ...single, limits: { ...single.limits, maxItemsPerRequest: 1 }, translate: single.translate },
        texts,
        1,
      );
      const differing = texts.filter((_, index) => alone.translations[index] !== batched.translations[index]);
      process.stdout.write(
        `one text per request: ${alone.seconds.toFixed(2)} s, ${Math.round(alone.characters / alone.seconds)} characters/s; ` +
          `batched translations identical to one-by-one: ${texts.length - differing.length}/${texts.length}\n`,
      );
      for (const text of differing.slice(0, 5)) process.stdout.write(`  differs: ${JSON.stringify(text)}\n`);
    }
  } finally {
    await apy?.stop();
  }
}

if (process.argv[1]?.endsWith('measure-throughput.ts')) await main();
