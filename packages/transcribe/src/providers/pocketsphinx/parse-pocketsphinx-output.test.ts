import { describe, expect, it } from 'vitest';
import { parsePocketSphinxOutput } from './parse-pocketsphinx-output';

// Real `pocketsphinx_continuous -time yes` output (Debian 12, 0.8), from local-engines.md, plus a
// filler-only utterance and `++NOISE++` fillers as the en-us model emits them.
const OUTPUT = `the weather is cold and windy today
<s> 0.000 0.120 1.000000
the 0.130 0.390 0.890107
weather 0.400 0.790 0.817730
is 0.800 1.000 0.992130
cold 1.010 1.490 0.271186
and 1.500 1.660 0.420588
windy 1.670 1.950 0.843901
today(2) 1.960 2.600 0.521485
</s> 2.610 2.900 1.000000

<s> 3.000 3.100 1.000000
<sil> 3.110 3.500 1.000000
</s> 3.510 3.700 1.000000
please send
<s> 3.750 3.810 1.000000
please 3.820 4.080 1.000000
++NOISE++ 4.090 4.200 0.900000
send 4.210 4.500 0.700000
<sil> 4.510 4.600 1.000000
</s> 4.610 4.700 1.000000
`;

describe('parsePocketSphinxOutput', () => {
  it('makes one segment per utterance, strips (2) suffixes and drops fillers', () => {
    const segments = parsePocketSphinxOutput(OUTPUT);
    expect(segments.map((s) => s.text)).toEqual(['the weather is cold and windy today', 'please send']);
    expect(segments[0]).toMatchObject({ start: 0.13, end: 2.61 });
    expect(segments[0]!.words!.at(-1)).toEqual({
      text: 'today',
      start: 1.96,
      end: 2.61,
      confidence: 0.521485,
    });
    expect(segments[1]!.words!.map((w) => w.text)).toEqual(['please', 'send']);
    expect(segments[1]!.confidence).toBeCloseTo(0.85, 3);
  });

  it('gives nothing for silence', () => {
    expect(parsePocketSphinxOutput('')).toEqual([]);
    expect(parsePocketSphinxOutput('\n<s> 0.000 0.100 1.000000\n</s> 0.110 0.500 1.000000\n')).toEqual([]);
  });
});
