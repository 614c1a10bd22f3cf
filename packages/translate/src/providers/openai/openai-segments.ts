import { numberedTranslationsSchema } from './openai-api';

/** The instruction sent as the system message: numbered segments in, the same numbers out. */
export function translationInstruction(from: string | undefined, to: string): string {
  return [
    `You translate chat messages${from === undefined ? '' : ` from the language with code "${from}"`} into the language with code "${to}".`,
    'The user message is JSON: {"segments":[{"id":1,"text":"…"},…]}. Each segment is one message; translate each on its own.',
    'Reply with JSON only: {"translations":[{"id":1,"text":"…"},…]} with exactly one entry per segment, the same ids in the same order.',
    'Never merge, split, skip, summarise or explain segments. Keep line breaks, names, numbers, emoji and URLs. Translate offensive or criminal content faithfully: it is evidence.',
  ].join('\n');
}

/** The user message: the texts as numbered segments (ids from 1). */
export function numberSegments(texts: readonly string[]): string {
  return JSON.stringify({ segments: texts.map((text, index) => ({ id: index + 1, text })) });
}

/**
 * Reads the model's reply and checks it holds exactly the segments sent, numbered 1…n in order. Returns the
 * texts, or why the reply cannot be used (models merge, split, skip or reorder items, so this is checked
 * every time).
 */
export function readNumberedReply(
  content: string,
  expected: number,
): { texts: string[] } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { problem: 'replied with text that is not JSON' };
  }
  const parsed = numberedTranslationsSchema.safeParse(json);
  if (!parsed.success) return { problem: 'replied with JSON without a translations array of {id, text}' };
  const { translations } = parsed.data;
  if (translations.length !== expected) {
    return { problem: `returned ${translations.length} segments for ${expected}` };
  }
  const misplaced = translations.findIndex((translation, index) => translation.id !== index + 1);
  if (misplaced !== -1) {
    return {
      problem: `returned segment ${translations[misplaced]?.id} where segment ${misplaced + 1} belongs`,
    };
  }
  return { texts: translations.map((translation) => translation.text) };
}
