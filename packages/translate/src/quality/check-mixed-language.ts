import { countScripts, mayHoldOtherScripts, type Script, scriptsWriteTogether } from './text-script';

/** The second script must have at least this many letters… */
export const minimumSecondScriptLetters = 8;
/** …and at least this share of the text's letters, for a text to count as mixing scripts. */
export const minimumSecondScriptShare = 0.25;

// Links, addresses, handles and tags are written in Latin letters whatever the language around them.
const latinByConvention = /(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|[@#][\p{L}\p{N}_.]+/giu;

/**
 * `mixed-language`: the source mixes two writing systems substantially: the second most used script has
 * at least {@link minimumSecondScriptLetters} letters and {@link minimumSecondScriptShare} of all letters.
 * URLs, e-mail addresses, @handles and #tags are left out first, and scripts that one language writes
 * together (Han with kana or Hangul) count as one. Mixtures within one script (Spanish and English) are
 * not detected: telling them apart needs a language detector per sentence, which this check does not run.
 */
export function checkMixedLanguage(source: string): boolean {
  // Most texts of most exports are Latin only: one script, nothing to count.
  if (!mayHoldOtherScripts(source)) return false;
  const counts = [...countScripts(source.replace(latinByConvention, ' ')).entries()]
    .filter(([script]) => script !== 'other')
    .sort((a, b) => b[1] - a[1]);
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  const [first, ...others] = counts;
  if (first === undefined) return false;
  const second = others.find(([script]) => !scriptsWriteTogether(first[0], script as Script));
  return (
    second !== undefined &&
    second[1] >= minimumSecondScriptLetters &&
    second[1] / total >= minimumSecondScriptShare
  );
}
