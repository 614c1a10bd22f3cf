import { InputError } from '@toex/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeText } from '../__fixtures__/encode-text';
import { detectEncoding, resolveEncodingName } from './detect-encoding';

const spanish = 'Hola Lucía, ¿quedamos mañana a las diez? El envío llegó ayer y está en la estación.';
const arabic = 'مرحبا، كيف حالك؟ هل وصلت الشحنة؟ سأرسلها غدا في الساعة العاشرة';
const chinese = '你好，明天见面吗？货已经到了，晚上八点在老地方。别用这个号码打电话';

function expectInputError(action: () => unknown, code: string): InputError {
  try {
    action();
  } catch (error) {
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).code).toBe(code);
    return error as InputError;
  }
  throw new Error(`expected InputError ${code}`);
}

describe('detectEncoding', () => {
  it.each([
    ['utf-8-bom', 'utf-8'],
    ['utf-16le-bom', 'utf-16le'],
    ['utf-16be-bom', 'utf-16be'],
  ] as const)('trusts a %s byte-order mark', (encoding, expected) => {
    const detection = detectEncoding(encodeText(`#,Body\r\n1,${spanish}`, encoding));
    expect(detection).toMatchObject({ name: expected, method: 'bom', confidence: 'certain' });
  });

  it.each([
    ['utf-16le', spanish],
    ['utf-16be', spanish],
    ['utf-16le', arabic],
    ['utf-16le', chinese],
    ['utf-16be', chinese],
  ] as const)('recognises %s without a byte-order mark from its NUL bytes (%s)', (encoding, text) => {
    const detection = detectEncoding(encodeText(`Hora,Mensaje\r\n12:05,${text}\r\n`, encoding));
    expect(detection).toMatchObject({ name: encoding, method: 'utf-16-pattern' });
  });

  it('reads ASCII as UTF-8 and says the sample was only ASCII', () => {
    const detection = detectEncoding(encodeText('#,Body\r\n1,Hello\r\n', 'utf-8'));
    expect(detection).toMatchObject({ name: 'utf-8', method: 'ascii' });
    expect(detection.reason).toContain('ASCII');
  });

  it('accepts UTF-8 even when the sample ends in the middle of a character', () => {
    const bytes = encodeText(`Body\n${spanish} 📦`, 'utf-8');
    expect(detectEncoding(bytes.slice(0, bytes.length - 2))).toMatchObject({
      name: 'utf-8',
      method: 'utf-8',
    });
  });

  it.each([
    ['windows-1252', spanish],
    ['windows-1256', arabic],
    ['gb18030', chinese],
  ] as const)('tells %s from the other legacy encodings', (encoding, text) => {
    const detection = detectEncoding(
      encodeText(`Hora;Mensaje\r\n12:05;${text}\r\n12:06;${text}\r\n`, encoding),
    );
    expect(detection).toMatchObject({ name: encoding, method: 'heuristic' });
    expect(detection.reason).not.toBe('');
  });

  it('chooses the right legacy encoding for any message assembled from real words', () => {
    const words = {
      'windows-1252': [
        'mañana',
        'estación',
        'está',
        'aquí',
        'envío',
        'qué',
        'ahí',
        'corazón',
        'Ángel',
        'sí',
        'café',
      ],
      'windows-1256': ['مرحبا', 'الشحنة', 'غدا', 'الساعة', 'الرقم', 'بخير', 'هل', 'لا', 'في', 'على', 'و'],
      gb18030: ['你好', '明天', '见面', '货', '已经', '到了', '晚上', '地方', '号码', '电话', '小心'],
    } as const;
    const plain = ['hola', 'el', '07700', '900123', '12:05', 'ok', '2023', 'la', 'de'];
    const encodingArbitrary = fc.constantFrom('windows-1252', 'windows-1256', 'gb18030') as fc.Arbitrary<
      keyof typeof words
    >;
    fc.assert(
      fc.property(
        encodingArbitrary.chain((encoding) =>
          fc.tuple(
            fc.constant(encoding),
            fc.array(fc.oneof(fc.constantFrom(...words[encoding]), fc.constantFrom(...plain)), {
              minLength: 12,
              maxLength: 60,
            }),
          ),
        ),
        ([encoding, sentence]) => {
          const text = `Hora,Mensaje\r\n12:05,${sentence.join(' ')} ${words[encoding].slice(0, 4).join(' ')}\r\n`;
          expect(detectEncoding(encodeText(text, encoding)).name).toBe(encoding);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('uses the encoding option instead of detecting, resolving labels', () => {
    const detection = detectEncoding(encodeText(spanish, 'utf-8'), { encoding: 'latin1' });
    expect(detection).toMatchObject({ name: 'windows-1252', method: 'option', confidence: 'certain' });
    expect(resolveEncodingName('CP1256')).toBe('windows-1256');
    expect(resolveEncodingName(' GBK ')).toBe('gbk');
  });

  it('rejects an unknown encoding name and lists the usual ones', () => {
    const error = expectInputError(
      () => detectEncoding(new Uint8Array([0x41]), { encoding: 'klingon', file: 'a.csv' }),
      'unknown_encoding',
    );
    expect(error.message).toMatch(/^a\.csv: "klingon" is not an encoding/);
    expect(error.message).toContain('windows-1256');
  });

  it.each([
    ['ZIP archive', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]],
    ['SQLite database', [...new TextEncoder().encode('SQLite format 3'), 0x00, 0x10, 0x00]],
    ['PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]],
  ])('rejects a %s as a binary file, naming it, even with an encoding given', (kind, bytes) => {
    const sample = Uint8Array.from(bytes);
    const error = expectInputError(() => detectEncoding(sample, { file: 'chats.csv' }), 'binary_file');
    expect(error.message).toContain(kind);
    expect(error.file).toBe('chats.csv');
    expectInputError(() => detectEncoding(sample, { encoding: 'utf-8' }), 'binary_file');
  });

  it('rejects NUL bytes that do not follow a UTF-16 pattern', () => {
    const sample = Uint8Array.from({ length: 400 }, (_, index) =>
      index % 7 === 0 ? 0 : 0x41 + (index % 26),
    );
    const error = expectInputError(() => detectEncoding(sample), 'binary_file');
    expect(error.message).toContain('NUL bytes');
  });
});
