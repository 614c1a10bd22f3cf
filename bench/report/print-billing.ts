import type { NaiveClientCount } from '../billing/count-naive-client';
import type { TranslationFigures } from '../measurements/translate-export';
import type { SummaryRow } from './summary-row';
import { formatNumber, formatPercent, renderTable } from './table';

/** The billing comparison table, and its lines of the summary. */
export function printBilling(
  rows: number,
  naive: NaiveClientCount,
  toex: ReadonlyArray<{ label: string; figures: TranslationFigures }>,
): { text: string; summary: SummaryRow[] } {
  const saving = (characters: number) => 1 - characters / naive.characters;
  const floor = naive.distinctTranslatableCharacters;
  const text = renderTable(
    `Billed characters vs a naive client (one request per non-empty message, no skipping, no dedupe), ${formatNumber(rows)} rows, to one language`,
    ['Client', 'Requests', 'Billed characters', 'Saving'],
    [
      [
        'naive: every non-empty message, one request each',
        formatNumber(naive.requests),
        formatNumber(naive.characters),
        '–',
      ],
      ...toex.map(({ label, figures }) => [
        label,
        formatNumber(figures.requests),
        formatNumber(figures.billedCharacters),
        formatPercent(saving(figures.billedCharacters)),
      ]),
      [
        'floor: each distinct translatable message once',
        '–',
        formatNumber(floor),
        formatPercent(saving(floor)),
      ],
    ],
  );
  const breakdown =
    `\nOf the naive bill, ${formatPercent(naive.charactersWithNothingToTranslate / naive.characters)} is messages with nothing to translate ` +
    `(emoji, numbers, links) and ${formatPercent(naive.charactersRepeated / naive.characters)} exact repeats of an earlier message.`;
  const summary: SummaryRow[] = toex.map(({ label, figures }) => ({
    name: `Billed characters saved vs naive, ${label}`,
    measured: `${formatPercent(saving(figures.billedCharacters))} (${formatNumber(figures.requests)} vs ${formatNumber(naive.requests)} requests)`,
    target: '(reported)',
    verdict: 'info',
  }));
  return { text: text + breakdown, summary };
}
