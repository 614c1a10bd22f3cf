import { InputError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { pickTextColumns } from './pick-text-columns';

const messages = [
  'Hola Lucía, ¿quedamos mañana a las 10?',
  'Vale, llevo el paquete',
  'No se lo digas a nadie',
  'El número nuevo es otro, el de siempre ya no',
  'Perfecto, hasta mañana',
];

describe('pickTextColumns', () => {
  it('chooses Body in a Cellebrite chat export and says why', () => {
    const header = [
      '#',
      'Chat #',
      'Identifier',
      'Name',
      'From',
      'To',
      'Body',
      'Status',
      'Timestamp: Date',
      'Timestamp: Time',
      'Deleted - Instant Message',
    ];
    const sample = messages.map((body, index) => [
      String(index + 1),
      '1',
      `4f2a9c0${index}`,
      'Grupo familia',
      '447700900123@s.whatsapp.net Carlos',
      '447700900456@s.whatsapp.net Lucía',
      body,
      'Read',
      '12/03/2023',
      `14:0${index}:09(UTC+0)`,
      '',
    ]);
    const choice = pickTextColumns({ header, sample });
    expect(choice.columns).toEqual([{ name: 'Body', index: 6 }]);
    expect(choice.reason).toContain('column "Body"');
    expect(choice.reason).toContain('5 of 5 sampled non-empty values read as sentences');
  });

  it('prefers the AXIOM Message column over the message date column named after it', () => {
    const header = [
      'Item ID',
      'Sender',
      'Message Sent Date/Time - UTC+00:00 (dd/MM/yyyy)',
      'Message',
      'Message Status',
    ];
    const sample = messages.map((text, index) => [
      `${101 + index}`,
      'Carlos',
      `05/06/2024 20:0${index}:15`,
      text,
      'Sent',
    ]);
    expect(pickTextColumns({ header, sample }).columns[0]?.name).toBe('Message');
  });

  it('finds the message column by its values when no name gives it away', () => {
    const header = ['A', 'B', 'C', 'D'];
    const sample = messages.map((text, index) => [
      `+44770090012${index}`,
      `2024-03-0${index + 1}T10:00:00Z`,
      text,
      'IMG-20230312-WA0001.jpg',
    ]);
    expect(pickTextColumns({ header, sample }).columns[0]?.name).toBe('C');
  });

  it('recognises Chinese messages, which have no spaces between words', () => {
    const header = ['时间', '号码', '内容x'];
    const sample = ['你好，明天见面吗？', '货已经到了，晚上八点在老地方。', '别用这个号码打电话'].map(
      (text) => ['21:30', '07700 900111', text],
    );
    expect(pickTextColumns({ header, sample }).columns[0]?.name).toBe('内容x');
  });

  it('does not mistake a status column for messages', () => {
    const header = ['Estado', 'Notas'];
    const sample = messages.map((text, index) => [index % 2 === 0 ? 'Leído' : 'Enviado', text]);
    expect(pickTextColumns({ header, sample }).columns[0]?.name).toBe('Notas');
  });

  it('falls back on the name when the sampled messages are all empty', () => {
    const choice = pickTextColumns({
      header: ['From', 'Body'],
      sample: [
        ['Carlos', ''],
        ['Lucía', ''],
      ],
    });
    expect(choice.columns[0]?.name).toBe('Body');
    expect(choice.reason).toContain('empty');
  });

  it('refuses to guess when nothing looks like text, listing the columns', () => {
    try {
      pickTextColumns({ header: ['Time', 'Number'], sample: [['12:00', '07700 900123']], file: 'calls.csv' });
      expect.unreachable();
    } catch (error) {
      expect(InputError.isInstance(error) && error.code).toBe('no_text_column');
      expect((error as Error).message).toMatch(
        /^calls\.csv: no column looks like message text.*"Time", "Number"/,
      );
    }
  });

  it('resolves requested columns by name ignoring case, every duplicate, or by position', () => {
    const header = ['From', 'Body', 'body', 'Subject'];
    expect(pickTextColumns({ header, sample: [], requested: ['BODY'] }).columns).toEqual([
      { name: 'Body', index: 1 },
      { name: 'body', index: 2 },
    ]);
    expect(pickTextColumns({ header, sample: [], requested: ['4', 'subject'] }).columns).toEqual([
      { name: 'Subject', index: 3 },
    ]);
  });

  it('suggests the closest column for a misspelt one', () => {
    try {
      pickTextColumns({ header: ['Remitente', 'Texto'], sample: [], requested: ['Textos'] });
      expect.unreachable();
    } catch (error) {
      expect(InputError.isInstance(error) && error.code).toBe('no_such_column');
      expect((error as InputError).column).toBe('Textos');
      expect((error as Error).message).toContain('Did you mean "Texto"?');
    }
  });
});
