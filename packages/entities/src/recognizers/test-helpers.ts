import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

/** The texts a recognizer finds in `text` (GB region), for compact assertions in tests. */
export function found(recognizer: Recognizer, text: string): string[] {
  return recognizer.find(text, { region: 'GB' }).map((finding) => finding.text);
}

/** The findings a recognizer makes in `text` (GB region). */
export function findings(recognizer: Recognizer, text: string): Finding[] {
  return recognizer.find(text, { region: 'GB' });
}
