import { describe, expect, it } from 'vitest';
import { classifyWhatsAppText, parseWhatsAppBody } from './whatsapp-body';

const kindOf = (rest: string) => classifyWhatsAppText(parseWhatsAppBody(rest));

describe('classifyWhatsAppText', () => {
  it.each([
    'Ana: <Media omitted>',
    'Ana: \u200e< Media omitted >\u200f',
    'Ana: <Multimedia omitido>',
    'Ana: <attached: 00000042-PHOTO-2020-06-07-15-13-20.jpg>',
    'Ana: \u200eimage omitted',
    'Ana: \u200evideo omitted',
    'Ana: IMG-20210428-WA0001.jpg (file attached)',
    'Ana: 2015-08-04-PHOTO-00004762.jpg <\u200eattached>',
    'Ana: \u200eInforme final.pdf • 3 pages document omitted',
  ])('%j is media', (rest) => {
    expect(kindOf(rest)).toBe('media');
  });

  it.each([
    'Ana added Ben',
    'Messages and calls are end-to-end encrypted.',
    'Grupo: \u200eAna added Ben',
    'Ana: This message was deleted',
  ])('%j is a system line', (rest) => {
    expect(kindOf(rest)).toBe('system');
  });

  it.each([
    'Ana: hola',
    'Ana: mira <esto>, no lo borres',
    'Ana: IMG-20210428-WA0001.jpg (file attached)\nla foto del coche',
    'Ana: image omitted? no, te la mando luego',
  ])('%j is a message', (rest) => {
    expect(kindOf(rest)).toBe('message');
  });

  it('takes the sender up to the first ": ", and strips the marks around a phone number', () => {
    expect(parseWhatsAppBody('\u202a+34 600 000 111\u202c: hola: qué tal')).toEqual({
      sender: '+34 600 000 111',
      text: 'hola: qué tal',
      hasSender: true,
    });
  });
});
