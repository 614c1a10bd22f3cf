import { describe, expect, it } from 'vitest';
import { apertiumUrlForTests } from '../../../../scripts/test/apertium-url';
import { createApertiumTranslator } from '../providers/apertium';
import { defaultSecondOpinionThreshold } from './second-opinion-settings';
import { translationSimilarity } from './similarity';

// Spanish chat lines, each with two independent human English renderings (written for this test). The
// figures the translate README quotes for the second-opinion threshold come from this set.
const lines: Array<[string, string, string]> = [
  [
    'Nos vemos mañana en la puerta del mercado.',
    'See you tomorrow at the market gate.',
    "We'll meet tomorrow at the entrance to the market.",
  ],
  [
    'Trae el dinero a la estación esta noche.',
    'Bring the money to the station tonight.',
    'Bring the cash to the station this evening.',
  ],
  [
    'No digas nada a nadie, ¿vale?',
    "Don't say anything to anyone, OK?",
    "Don't tell anybody anything, alright?",
  ],
  ['Llámame cuando llegues a casa.', 'Call me when you get home.', 'Ring me when you arrive home.'],
  [
    'El paquete está en el garaje de mi primo.',
    "The package is in my cousin's garage.",
    "The parcel is at my cousin's garage.",
  ],
  [
    'Mi hermano tiene el coche desde el lunes.',
    'My brother has had the car since Monday.',
    'My brother has the car since Monday.',
  ],
  [
    '¿Dónde dejaste las llaves del piso?',
    'Where did you leave the keys to the flat?',
    'Where did you put the apartment keys?',
  ],
  [
    'Hoy no puedo, mañana te escribo.',
    "I can't today, I'll write to you tomorrow.",
    "Can't make it today, I'll text you tomorrow.",
  ],
  [
    'La policía estuvo preguntando por ti.',
    'The police were asking about you.',
    'The police have been asking after you.',
  ],
  [
    'Necesito que me devuelvas lo que te presté.',
    'I need you to give back what I lent you.',
    'I need you to return what I lent you.',
  ],
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('the second-opinion threshold, measured against a real Apertium engine', () => {
  it('lies under translations of the same line and above most translations of different lines', async () => {
    const apertium = createApertiumTranslator({ baseUrl: apertiumUrlForTests() });
    const response = await apertium.translate({
      texts: lines.map(([source]) => source),
      from: 'es',
      to: ['en'],
    });
    const machine = response.items.map((item) => item.translations.en!);
    const human = lines.map(([, a, b]) => translationSimilarity(a, b));
    const engine = lines.flatMap(([, a, b], index) => [
      translationSimilarity(machine[index]!, a),
      translationSimilarity(machine[index]!, b),
    ]);
    const unrelated = lines.map(([, a], index) =>
      translationSimilarity(a, lines[(index + 3) % lines.length]![1]),
    );
    // Measured here: human pairs 0.48–0.92 (median 0.60), Apertium against either human 0.30–0.82
    // (median 0.61), different lines 0.00–0.37 (median 0.13).
    expect(Math.min(...human)).toBeGreaterThan(defaultSecondOpinionThreshold);
    expect(median(engine)).toBeGreaterThan(defaultSecondOpinionThreshold + 0.2);
    expect(median(unrelated)).toBeLessThan(defaultSecondOpinionThreshold);
    expect(unrelated.filter((score) => score < defaultSecondOpinionThreshold).length).toBeGreaterThanOrEqual(
      8,
    );
  });
});
