import type { SeededRandom } from './seeded-random';
import {
  amounts,
  closings,
  commonPhrases,
  emojiOnly,
  greetings,
  names,
  openings,
  places,
  shortReplies,
  things,
  verbs,
  websites,
} from './spanish-vocabulary';

/**
 * The kinds of message body in a generated export and how often each occurs. The shares follow what
 * phone downloads look like: a third short replies, many stock phrases, the rest mostly unique, with a
 * few attachments (empty body), emoji-only and number-only messages, links, multi-line and long ones.
 */
const messageMix: ReadonlyArray<{ share: number; compose: (random: SeededRandom) => string }> = [
  { share: 0.3, compose: (random) => random.pickZipf(shortReplies) },
  { share: 0.14, compose: (random) => random.pickZipf(commonPhrases) },
  { share: 0.367, compose: (random) => composeSentence(random) },
  { share: 0.04, compose: (random) => `${composeSentence(random)} ${random.pick(emojiOnly)}` },
  { share: 0.03, compose: () => '' },
  { share: 0.03, compose: (random) => random.pick(emojiOnly) },
  { share: 0.025, compose: (random) => composeNumber(random) },
  { share: 0.005, compose: (random) => composeLink(random) },
  { share: 0.05, compose: (random) => composeMultiLine(random) },
  { share: 0.013, compose: (random) => composeLong(random) },
];

/** One message body in Spanish, drawn from {@link messageMix}. */
export function composeMessage(random: SeededRandom): string {
  let draw = random.next();
  for (const kind of messageMix) {
    if (draw < kind.share) return kind.compose(random);
    draw -= kind.share;
  }
  return random.pickZipf(shortReplies);
}

/** A sentence built from slots: mostly unique, as the bulk of real messages are. */
function composeSentence(random: SeededRandom): string {
  switch (random.integer(0, 7)) {
    case 0:
      return `${random.pick(greetings)} ${random.pick(names)}, ${random.pick(openings).toLowerCase()} ${random.pick(verbs)} ${random.pick(things)}`;
    case 1:
      return `${random.pick(openings)} en ${random.pick(places)} a las ${random.integer(1, 12)}${random.chance(0.5) ? `:${random.pick(['00', '15', '30', '45'])}` : ''}, ${random.pick(closings)}`;
    case 2:
      return `¿Le ${random.pick(['has dado', 'has pedido', 'has llevado', 'has dicho'])} ${random.pick(things)} a ${random.pick(names)}?`;
    case 3:
      return `Son ${random.pick(amounts)} euros por ${random.pick(things)}, ${random.pick(closings)}`;
    case 4:
      return `${random.pick(names)} dice que ${random.pick(verbs)} ${random.pick(things)} en ${random.pick(places)}`;
    case 5:
      return `Estoy en ${random.pick(places)} con ${random.pick(names)}, ${random.pick(closings)}`;
    case 6:
      return `${random.pick(greetings)}, ¿${random.pick(['tienes', 'has visto', 'sabes algo de', 'has pillado'])} ${random.pick(things)}? ${random.pick(closings)}`;
    default:
      return `${random.pick(openings)} ${random.pick(verbs)} ${random.pick(things)} y ${random.pick(verbs)} ${random.pick(things)}`;
  }
}

/** Numbers only: phone numbers, times, amounts. Nothing to translate. */
function composeNumber(random: SeededRandom): string {
  switch (random.integer(0, 3)) {
    case 0:
      return `+34 6${random.integer(10, 99)} ${random.integer(100, 999)} ${random.integer(100, 999)}`;
    case 1:
      return `${random.integer(0, 23)}:${String(random.integer(0, 59)).padStart(2, '0')}`;
    case 2:
      return random.pick(amounts);
    default:
      return `${random.integer(1, 999)}`;
  }
}

/** A shared location link: nothing to translate. */
function composeLink(random: SeededRandom): string {
  const latitude = (36 + random.next() * 7).toFixed(6);
  const longitude = (-9 + random.next() * 12).toFixed(6);
  return `${random.pick(websites)}${latitude},${longitude}`;
}

/** Two to four messages on separate lines, as when someone writes a list or a note. */
function composeMultiLine(random: SeededRandom): string {
  const lines = Array.from({ length: random.integer(2, 4) }, () =>
    random.chance(0.4) ? random.pickZipf(commonPhrases) : composeSentence(random),
  );
  return lines.join(random.chance(0.8) ? '\n' : '\r\n');
}

/** A long message: a forwarded text or a voice note transcribed by the phone, 4 to 18 sentences. */
function composeLong(random: SeededRandom): string {
  const sentences = Array.from({ length: random.integer(4, 18) }, () => `${composeSentence(random)}.`);
  return sentences.join(' ');
}
