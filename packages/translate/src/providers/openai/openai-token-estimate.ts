import type { TokenUsage } from '../../spec';
import { numberSegments, translationInstruction } from './openai-segments';

/**
 * Characters of ASCII text counted as one token. OpenAI's rule of thumb is "1 token ≈ 4 characters" of
 * English (help.openai.com, "What are tokens and how to count them?"); Spanish and other Latin-script
 * languages take more (OpenAI's own example, "¿Cómo estás?", is 5 tokens for 12 characters), so 3.
 */
export const ASCII_CHARACTERS_PER_TOKEN = 3;

/**
 * Tokens the chat API adds around each message (role and separators). OpenAI's cookbook ("How to count
 * tokens with tiktoken") counts 3 per message and 3 to prime the reply for current models; 4 errs high.
 */
const tokensPerMessage = 4;

/**
 * Estimated tokens of `text`: its ASCII characters at {@link ASCII_CHARACTERS_PER_TOKEN} a token and
 * every other character (a code point) as a whole token. Cyrillic, Arabic and accented letters take less
 * in current tokenizers and CJK about one, so the estimate errs high outside English, as an estimate a
 * budget reserves on should. Never exact: the reply's `usage` is what is billed.
 */
export function estimateTextTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const character of text) {
    if (character.charCodeAt(0) < 0x80) ascii += 1;
    else other += 1;
  }
  return Math.ceil(ascii / ASCII_CHARACTERS_PER_TOKEN) + other;
}

/**
 * Estimated tokens of one chat translation request: the prompt as sent (the instruction and the numbered
 * segments as JSON, with the chat framing) in, and the numbered translations out, each translation
 * assumed as long in tokens as its source. An empty request costs nothing: it is never sent.
 */
export function estimateChatTranslationTokens(
  texts: readonly string[],
  from: string | undefined,
  to: string,
): TokenUsage {
  if (texts.length === 0) return { inputTokens: 0, outputTokens: 0 };
  const instruction = translationInstruction(from, to);
  const inputTokens =
    2 * tokensPerMessage + estimateTextTokens(instruction) + estimateTextTokens(numberSegments(texts));
  // The reply has the same shape as the segments sent, with "translations" for "segments".
  const outputTokens = tokensPerMessage + estimateTextTokens(numberSegments(texts));
  return { inputTokens, outputTokens };
}
