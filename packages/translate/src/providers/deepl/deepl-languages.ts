// DeepL language codes: https://developers.deepl.com/docs/getting-started/supported-languages.
// Targets need a variant for English and Portuguese (plain `EN`/`PT` are deprecated as targets) and take one
// for Chinese and Latin American Spanish; sources never take a variant; glossaries use lower-case base codes.

const latinAmericanRegions = new Set([
  '419',
  'ar',
  'bo',
  'cl',
  'co',
  'cr',
  'cu',
  'do',
  'ec',
  'gt',
  'hn',
  'mx',
  'ni',
  'pa',
  'pe',
  'pr',
  'py',
  'sv',
  'us',
  'uy',
  've',
]);
const traditionalChineseRegions = new Set(['tw', 'hk', 'mo']);

interface LanguageTag {
  /** Primary language subtag, lower case, with Norwegian folded into `nb` as DeepL names it. */
  language: string;
  /** Script subtag, lower case (`hans`, `hant`), when given. */
  script?: string;
  /** Region subtag, lower case (`gb`, `br`, `419`), when given. */
  region?: string;
}

function parseTag(code: string): LanguageTag {
  const [first = '', ...rest] = code.trim().toLowerCase().split(/[-_]/);
  const language = first === 'no' || first === 'nn' ? 'nb' : first;
  const script = rest.find((part) => /^[a-z]{4}$/.test(part));
  const region = rest.find((part) => /^(?:[a-z]{2}|\d{3})$/.test(part));
  return {
    language,
    ...(script === undefined ? {} : { script }),
    ...(region === undefined ? {} : { region }),
  };
}

/**
 * The DeepL `target_lang` for a BCP 47 code. `en` becomes `EN-GB` (toex is made for UK users; `en-US` gives
 * `EN-US`), `pt` becomes `PT-PT` (`pt-BR` gives `PT-BR`), Chinese becomes `ZH-HANS` or, for `zh-Hant`,
 * `zh-TW`, `zh-HK` and `zh-MO`, `ZH-HANT`, and Latin American Spanish (`es-419`, `es-MX`, …) `ES-419`.
 * Anything else is the upper-cased language subtag (`de-AT` → `DE`).
 */
export function toDeeplTargetLanguage(code: string): string {
  const { language, script, region } = parseTag(code);
  switch (language) {
    case 'en':
      return region === 'us' ? 'EN-US' : 'EN-GB';
    case 'pt':
      return region === 'br' ? 'PT-BR' : 'PT-PT';
    case 'zh':
      return script === 'hant' ||
        (script === undefined && region !== undefined && traditionalChineseRegions.has(region))
        ? 'ZH-HANT'
        : 'ZH-HANS';
    case 'es':
      return region !== undefined && latinAmericanRegions.has(region) ? 'ES-419' : 'ES';
    default:
      return language.toUpperCase();
  }
}

/** The DeepL `source_lang` for a BCP 47 code: the upper-cased language subtag, without variant (`en-GB` → `EN`). */
export function toDeeplSourceLanguage(code: string): string {
  return parseTag(code).language.toUpperCase();
}

/** The language code of a DeepL glossary dictionary: the lower-case language subtag (`EN-GB` → `en`). */
export function toDeeplGlossaryLanguage(code: string): string {
  return parseTag(code).language;
}
