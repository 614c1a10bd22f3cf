import { neutraliseSpreadsheetFormula } from '@toex/core';
import type { Finding } from '../finding';

/** A node of the network: a party or an identifier, keyed by its normalised value. */
export interface NetworkNode {
  id: string;
  /** `phone`, `email`, `handle`, … or `party` for a sender/recipient that is no identifier. */
  type: string;
  label: string;
}

/** A link between two nodes, aggregated over messages. */
export interface NetworkLink {
  source: string;
  target: string;
  /** `message` (sender → recipient), `mentions` (sender → identifier in the text), `co-occurs`. */
  type: 'message' | 'mentions' | 'co-occurs';
  weight: number;
  firstSeen: string;
  lastSeen: string;
}

/** One message for {@link CommunicationsNetwork.addMessage}. */
export interface NetworkMessage {
  sender?: string;
  recipients?: readonly string[];
  /** Findings in the message text; identifiers (not keywords, names or money) become nodes. */
  findings: readonly Finding[];
  /** When the message was sent (ISO-8601 sorts correctly), or a row label. */
  seenAt: string;
}

/** Identifier types that stand for a person or account, and so belong in a network. */
const NETWORK_TYPES = new Set([
  'phone',
  'email',
  'handle',
  'iban',
  'card',
  'uk-sort-code-account',
  'bitcoin',
  'ethereum',
  'tron',
  'monero',
  'imei',
  'ip',
  'mac',
  'uk-vehicle-registration',
  'url',
]);
/** Identifiers per message linked pairwise at most: a message listing 200 numbers is not 20,000 links. */
const MAX_CO_OCCURRING = 12;

/**
 * Who talks to whom: built from an export's sender and recipient columns and from the identifiers
 * that occur in messages, then written as an i2 Analyst's Notebook-friendly CSV or as GraphML.
 * `partyOf` turns a sender/recipient cell into a node (by default the first phone or email in it,
 * else the trimmed text), so `Ahmed <+44 7911 123456>` and `07911123456` are one node.
 */
export class CommunicationsNetwork {
  readonly #nodes = new Map<string, NetworkNode>();
  readonly #links = new Map<string, NetworkLink>();
  readonly #partyOf: (cell: string) => NetworkNode | undefined;

  constructor(options: { partyOf: (cell: string) => NetworkNode | undefined }) {
    this.#partyOf = options.partyOf;
  }

  /** Adds one message's links. */
  addMessage(message: NetworkMessage): void {
    const sender = message.sender === undefined ? undefined : this.#party(message.sender);
    for (const cell of message.recipients ?? []) {
      for (const part of cell.split(/[;,\n]/)) {
        const recipient = this.#party(part);
        if (sender !== undefined && recipient !== undefined && recipient.id !== sender.id) {
          this.#link(sender.id, recipient.id, 'message', message.seenAt);
        }
      }
    }
    const identifiers: NetworkNode[] = [];
    for (const finding of message.findings) {
      if (!NETWORK_TYPES.has(finding.type)) continue;
      const node = this.#node({
        id: `${finding.type}:${finding.normalized}`,
        type: finding.type,
        label: finding.normalized,
      });
      if (!identifiers.some((other) => other.id === node.id)) identifiers.push(node);
    }
    for (const node of identifiers) {
      if (sender !== undefined && node.id !== sender.id)
        this.#link(sender.id, node.id, 'mentions', message.seenAt);
    }
    const linked = identifiers.slice(0, MAX_CO_OCCURRING);
    for (let a = 0; a < linked.length; a++) {
      for (let b = a + 1; b < linked.length; b++)
        this.#link(linked[a]!.id, linked[b]!.id, 'co-occurs', message.seenAt);
    }
  }

  /** The nodes, in the order first seen. */
  nodes(): NetworkNode[] {
    return [...this.#nodes.values()];
  }

  /** The links, heaviest first. */
  links(): NetworkLink[] {
    return [...this.#links.values()].sort((a, b) => b.weight - a.weight);
  }

  /**
   * i2 Analyst's Notebook import CSV: one link per line with both ends' identity and type, the link
   * type, weight and first/last seen. Cells are neutralised for spreadsheets; UTF-8 with a BOM, CRLF.
   */
  toI2Csv(): string {
    const cell = (text: string) => {
      const safe = neutraliseSpreadsheetFormula(text);
      return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
    };
    const lines = [
      [
        'Entity 1',
        'Entity 1 Type',
        'Entity 2',
        'Entity 2 Type',
        'Link Type',
        'Weight',
        'First Seen',
        'Last Seen',
      ],
      ...this.links().map((link) => {
        const source = this.#nodes.get(link.source)!;
        const target = this.#nodes.get(link.target)!;
        return [
          source.label,
          source.type,
          target.label,
          target.type,
          link.type,
          String(link.weight),
          link.firstSeen,
          link.lastSeen,
        ];
      }),
    ];
    return `\uFEFF${lines.map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
  }

  /** GraphML (graphml.graphdrawing.org): nodes with label and type, directed edges with type, weight and dates. */
  toGraphml(): string {
    const xml = (text: string) =>
      text
        .replace(
          /[<>&"']/g,
          (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
        )
        // Control characters are not allowed in XML 1.0.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
    const ids = new Map([...this.#nodes.keys()].map((id, index) => [id, `n${index}`]));
    const out = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
      '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
      '  <key id="type" for="node" attr.name="type" attr.type="string"/>',
      '  <key id="linkType" for="edge" attr.name="type" attr.type="string"/>',
      '  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
      '  <key id="firstSeen" for="edge" attr.name="firstSeen" attr.type="string"/>',
      '  <key id="lastSeen" for="edge" attr.name="lastSeen" attr.type="string"/>',
      '  <graph id="communications" edgedefault="directed">',
    ];
    for (const [id, node] of this.#nodes) {
      out.push(
        `    <node id="${ids.get(id)}"><data key="label">${xml(node.label)}</data><data key="type">${xml(node.type)}</data></node>`,
      );
    }
    this.links().forEach((link, index) => {
      out.push(
        `    <edge id="e${index}" source="${ids.get(link.source)}" target="${ids.get(link.target)}"><data key="linkType">${link.type}</data><data key="weight">${link.weight}</data><data key="firstSeen">${xml(link.firstSeen)}</data><data key="lastSeen">${xml(link.lastSeen)}</data></edge>`,
      );
    });
    out.push('  </graph>', '</graphml>', '');
    return out.join('\n');
  }

  #party(cell: string): NetworkNode | undefined {
    if (cell.trim() === '') return undefined;
    const node = this.#partyOf(cell);
    return node === undefined ? undefined : this.#node(node);
  }

  #node(node: NetworkNode): NetworkNode {
    const existing = this.#nodes.get(node.id);
    if (existing !== undefined) return existing;
    this.#nodes.set(node.id, node);
    return node;
  }

  #link(source: string, target: string, type: NetworkLink['type'], seenAt: string): void {
    // Co-occurrence has no direction: one link per pair whichever came first.
    const [a, b] = type === 'co-occurs' && target < source ? [target, source] : [source, target];
    const key = `${type}\u0000${a}\u0000${b}`;
    const link = this.#links.get(key);
    if (link === undefined) {
      this.#links.set(key, { source: a, target: b, type, weight: 1, firstSeen: seenAt, lastSeen: seenAt });
      return;
    }
    link.weight++;
    if (seenAt < link.firstSeen) link.firstSeen = seenAt;
    if (seenAt > link.lastSeen) link.lastSeen = seenAt;
  }
}
