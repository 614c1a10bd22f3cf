import { describe, expect, it } from 'vitest';
import { createEntityExtractor } from '../extract/extract-entities';
import { CommunicationsNetwork, type NetworkNode } from './communications-network';

const extractor = createEntityExtractor({ types: ['phone', 'email'] });
const partyOf = (cell: string): NetworkNode => {
  const [identifier] = extractor.extract(cell);
  return identifier === undefined
    ? { id: `party:${cell.trim()}`, type: 'party', label: cell.trim() }
    : {
        id: `${identifier.type}:${identifier.normalized}`,
        type: identifier.type,
        label: identifier.normalized,
      };
};

describe('communications network', () => {
  const network = new CommunicationsNetwork({ partyOf });
  const body = (text: string) => extractor.extract(text);
  network.addMessage({
    sender: 'Ahmed <07911 123456>',
    recipients: ['+44 7911 654321'],
    findings: body('ring 07700 900123'),
    seenAt: '2023-03-12T14:05:00Z',
  });
  network.addMessage({
    sender: '+447911123456',
    recipients: ['07911654321'],
    findings: [],
    seenAt: '2023-03-11T09:00:00Z',
  });

  it('merges parties written differently and aggregates links with weight and first/last seen', () => {
    const message = network.links().find((link) => link.type === 'message')!;
    expect(message).toMatchObject({
      source: 'phone:+447911123456',
      target: 'phone:+447911654321',
      weight: 2,
      firstSeen: '2023-03-11T09:00:00Z',
      lastSeen: '2023-03-12T14:05:00Z',
    });
    expect(
      network.links().some((link) => link.type === 'mentions' && link.target === 'phone:+447700900123'),
    ).toBe(true);
  });

  it('writes i2 CSV and well-formed GraphML', () => {
    const csv = network.toI2Csv();
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFEntity 1,Entity 1 Type,Entity 2,Entity 2 Type,Link Type,Weight,First Seen,Last Seen',
    );
    // Phone numbers stay exactly as they are (an analyst copies them into other systems); only cells a
    // spreadsheet would run as code are neutralised, as in every CSV toex writes.
    expect(csv).toContain(
      '+447911123456,phone,+447911654321,phone,message,2,2023-03-11T09:00:00Z,2023-03-12T14:05:00Z',
    );
    const graphml = network.toGraphml();
    expect(graphml).toContain('<graph id="communications" edgedefault="directed">');
    expect(graphml.match(/<node /g)).toHaveLength(3);
  });

  it('neutralises spreadsheet formulas in the CSV', () => {
    const hostile = new CommunicationsNetwork({
      partyOf: (cell) => ({ id: cell, type: 'party', label: cell }),
    });
    hostile.addMessage({ sender: '=HYPERLINK("x")', recipients: ['bob'], findings: [], seenAt: 'row 1' });
    expect(hostile.toI2Csv()).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
