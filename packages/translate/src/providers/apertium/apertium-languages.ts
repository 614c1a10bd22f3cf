/**
 * Language codes between users (BCP 47: `es`, `en-US`, or ISO 639-3 `spa`) and APY, which names pairs by
 * ISO 639-3 codes with an optional variant (`spa`→`eng_US`, `eng`→`hbs_HR`, `cat_valencia`).
 */

/** One direction APY offers, in APY's own codes, e.g. `{ source: 'spa', target: 'eng_US' }`. */
export interface ApertiumPair {
  source: string;
  target: string;
}

// ISO 639-1 → 639-3, as APY itself maps them (apertium_apy.utils.iso639_codes); `az` and `fa` take the
// macrolanguage codes.
const ALPHA2_TO_ALPHA3 = new Map(
  (
    'aa:aar ab:abk ae:ave af:afr ak:aka am:amh an:arg ar:ara as:asm av:ava ay:aym az:aze ba:bak ' +
    'be:bel bg:bul bh:bih bi:bis bm:bam bn:ben bo:bod br:bre bs:bos ca:cat ce:che ch:cha co:cos ' +
    'cr:cre cs:ces cu:chu cv:chv cy:cym da:dan de:deu dv:div dz:dzo ee:ewe el:ell en:eng eo:epo ' +
    'es:spa et:est eu:eus fa:fas ff:ful fi:fin fj:fij fo:fao fr:fra fy:fry ga:gle gd:gla gl:glg ' +
    'gn:grn gu:guj gv:glv ha:hau he:heb hi:hin ho:hmo hr:hrv ht:hat hu:hun hy:hye hz:her ia:ina ' +
    'id:ind ie:ile ig:ibo ii:iii ik:ipk io:ido is:isl it:ita iu:iku ja:jpn jv:jav ka:kat kg:kon ' +
    'ki:kik kj:kua kk:kaz kl:kal km:khm kn:kan ko:kor kr:kau ks:kas ku:kur kv:kom kw:cor ky:kir ' +
    'la:lat lb:ltz lg:lug li:lim ln:lin lo:lao lt:lit lu:lub lv:lav mg:mlg mh:mah mi:mri mk:mkd ' +
    'ml:mal mn:mon mr:mar ms:msa mt:mlt my:mya na:nau nb:nob nd:nde ne:nep ng:ndo nl:nld nn:nno ' +
    'no:nor nr:nbl nv:nav ny:nya oc:oci oj:oji om:orm or:ori os:oss pa:pan pi:pli pl:pol ps:pus ' +
    'pt:por qu:que rm:roh rn:run ro:ron ru:rus rw:kin sa:san sc:srd sd:snd se:sme sg:sag sh:hbs ' +
    'si:sin sk:slk sl:slv sm:smo sn:sna so:som sq:sqi sr:srp ss:ssw st:sot su:sun sv:swe sw:swa ' +
    'ta:tam te:tel tg:tgk th:tha ti:tir tk:tuk tl:tgl tn:tsn to:ton tr:tur ts:tso tt:tat tw:twi ' +
    'ty:tah ug:uig uk:ukr ur:urd uz:uzb ve:ven vi:vie vo:vol wa:wln wo:wol xh:xho yi:yid yo:yor ' +
    'za:zha zh:zho zu:zul'
  )
    .split(' ')
    .map((entry) => entry.split(':') as [string, string]),
);
// `sh` is deprecated in BCP 47, so Serbo-Croatian is reported as `hbs`.
const ALPHA3_TO_ALPHA2 = new Map(
  [...ALPHA2_TO_ALPHA3].filter(([alpha2]) => alpha2 !== 'sh').map(([alpha2, alpha3]) => [alpha3, alpha2]),
);

/**
 * Languages Apertium serves under a wider code: Serbian, Croatian and Bosnian are one pair `hbs` with a
 * variant per standard (`eng-hbs_HR`); Norwegian is Bokmål (`nob`) or Nynorsk (`nno`).
 */
const WIDER_CODE: Record<string, { code: string; variant?: string }> = {
  srp: { code: 'hbs', variant: 'SR' },
  hrv: { code: 'hbs', variant: 'HR' },
  bos: { code: 'hbs', variant: 'BS' },
  cnr: { code: 'hbs', variant: 'SR' },
  nor: { code: 'nob' },
};

/**
 * Debian 12 packages holding pairs into or out of English, keyed `source-target` in APY codes, so an
 * error can name the package to install.
 */
const DEBIAN_PACKAGES: Record<string, string> = {
  'spa-eng': 'apertium-eng-spa',
  'eng-spa': 'apertium-eng-spa',
  'cat-eng': 'apertium-eng-cat',
  'eng-cat': 'apertium-eng-cat',
  'glg-eng': 'apertium-en-gl',
  'eng-glg': 'apertium-en-gl',
  'epo-eng': 'apertium-eo-en',
  'eng-epo': 'apertium-eo-en',
  'eus-eng': 'apertium-eu-en',
  'hbs-eng': 'apertium-hbs-eng',
  'eng-hbs': 'apertium-hbs-eng',
  'isl-eng': 'apertium-isl-eng',
  'mkd-eng': 'apertium-mkd-eng',
};

/** The ISO 639-3 code for a two- or three-letter language code (`es` → `spa`, `spa` → `spa`). */
export function toAlpha3(language: string): string {
  const lower = language.toLowerCase();
  return ALPHA2_TO_ALPHA3.get(lower) ?? lower;
}

/**
 * APY codes to try for a user's language code, most specific first: `en-US` → `eng_US`, `eng`;
 * `sr-Latn` → `srp_Latn`, `srp`, `hbs_SR`, `hbs`.
 */
export function apertiumCodeCandidates(language: string): string[] {
  const [primary = '', ...subtags] = language.trim().split(/[-_]/);
  const base = toAlpha3(primary);
  const candidates = [...subtags.map((subtag) => `${base}_${subtag}`), base];
  const wider = WIDER_CODE[base];
  if (wider !== undefined) {
    if (wider.variant !== undefined) candidates.push(`${wider.code}_${wider.variant}`);
    candidates.push(wider.code);
  }
  return candidates;
}

/** The installed pair that translates `from` into `to`, or undefined. Codes match case-insensitively. */
export function findPair(
  from: string,
  to: string,
  installed: readonly ApertiumPair[],
): ApertiumPair | undefined {
  const byKey = new Map(installed.map((pair) => [pairKey(pair).toLowerCase(), pair]));
  for (const source of apertiumCodeCandidates(from)) {
    for (const target of apertiumCodeCandidates(to)) {
      const pair = byKey.get(`${source}-${target}`.toLowerCase());
      if (pair !== undefined) return pair;
    }
  }
  return undefined;
}

/** `spa-eng_US`: how APY names a pair in `.mode` files and `/stats`. */
export function pairKey(pair: ApertiumPair): string {
  return `${pair.source}-${pair.target}`;
}

/** A BCP 47-style code for an APY code: `eng_US` → `en-US`, `hbs` → `hbs`, `cat_valencia` → `ca-valencia`. */
export function toLanguageTag(apertiumCode: string): string {
  const [base = '', ...variants] = apertiumCode.split('_');
  return [ALPHA3_TO_ALPHA2.get(base) ?? base, ...variants].join('-');
}

/** The Debian package that adds the pair `from` → `to`, when Debian 12 has one. */
export function debianPackageFor(from: string, to: string): string | undefined {
  for (const source of apertiumCodeCandidates(from)) {
    for (const target of apertiumCodeCandidates(to)) {
      const found = DEBIAN_PACKAGES[`${source.split('_')[0]}-${target.split('_')[0]}`];
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
