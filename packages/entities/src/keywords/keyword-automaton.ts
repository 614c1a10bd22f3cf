/**
 * An Aho-Corasick automaton over UTF-16 code units, held in typed arrays and built once per watchlist.
 *
 * Why not a library: `@monyone/aho-corasick` (double-array build) measured 9.7 MB/s on the benchmark's
 * 10,000-term watchlist over 12.2 MB of chat text, and its profile showed half the time in allocating a
 * match object per raw hit and in the search loop around it; `modern-ahocorasick` segments graphemes
 * with `Intl.Segmenter` on every call (0.05–0.7 MB/s). This one steps a caller's loop one code unit at a
 * time, so the caller can fold case and diacritics on the fly and check word boundaries before
 * allocating anything (see the package README's benchmark table for the figures after).
 *
 * Layout: code units are mapped to a compact alphabet (`symbolOf`, 0 = a unit in no term, which always
 * leads back to the root). States are numbered breadth first, so a state's failure link always points to
 * a lower number. The first `denseStates` states (all of them for watchlists up to a few hundred
 * thousand transitions) have a full transition row, failure already resolved — one array read per code
 * unit; deeper states of very large watchlists keep sorted goto edges and a failure link.
 */
export class KeywordAutomaton {
  /** Length in code units of each pattern, by pattern index. */
  readonly patternLengths: Int32Array;
  /** Number of states, the root included. */
  readonly stateCount: number;
  /**
   * Code unit → alphabet symbol; 0 for a unit in no pattern (from any state, it leads to the root). A
   * scan loop reads these tables directly: a method call per code unit measurably costs.
   */
  readonly symbolOf = new Uint32Array(0x10000);
  /** Alphabet symbols, 0 included: the width of a dense transition row. */
  readonly alphabetSize: number;
  /** States below this number have a dense row in {@link dense}; all of them when it equals `stateCount`. */
  readonly denseStates: number;
  /** Dense transitions: the state after symbol `s` in state `q < denseStates` is `dense[q * alphabetSize + s]`. */
  readonly dense: Int32Array;
  /** Per state, {@link firstOutput} precomputed: the first state on its failure chain where a pattern ends, or -1. */
  readonly firstOutputs: Int32Array;
  private readonly edgeStart: Int32Array;
  private readonly edgeSymbol: Uint32Array;
  private readonly edgeTarget: Int32Array;
  private readonly fail: Int32Array;
  /** The pattern ending at a state, or -1. */
  private readonly patternAt: Int32Array;
  /** The nearest state on the failure chain (not the state itself) where a pattern ends, or -1. */
  private readonly outputLink: Int32Array;

  /**
   * @param patterns Distinct, non-empty strings; matches are reported by their index here.
   * @param maxDenseEntries Cap on the dense transition table (entries of 4 bytes). Default 2^22 (16 MB).
   */
  constructor(patterns: readonly string[], maxDenseEntries = 1 << 22) {
    this.patternLengths = Int32Array.from(patterns, (pattern) => pattern.length);
    // The trie, with states numbered as created; renumbered breadth first below.
    let alphabet = 1;
    const children = new Map<number, number>();
    const parents = [-1];
    const symbols = [0];
    const depths = [0];
    const terminal = [-1];
    patterns.forEach((pattern, patternIndex) => {
      let state = 0;
      for (let index = 0; index < pattern.length; index++) {
        const unit = pattern.charCodeAt(index);
        if (this.symbolOf[unit] === 0) this.symbolOf[unit] = alphabet++;
        const symbol = this.symbolOf[unit]!;
        const key = state * 0x10001 + symbol;
        let next = children.get(key);
        if (next === undefined) {
          next = parents.length;
          children.set(key, next);
          parents.push(state);
          symbols.push(symbol);
          depths.push(depths[state]! + 1);
          terminal.push(-1);
        }
        state = next;
      }
      if (terminal[state] === -1) terminal[state] = patternIndex;
    });
    const count = parents.length;
    this.stateCount = count;
    this.alphabetSize = alphabet;

    // Breadth-first numbering: a counting sort by depth, stable, so siblings keep their order.
    let maxDepth = 0;
    for (const depth of depths) if (depth > maxDepth) maxDepth = depth;
    const perDepth = new Int32Array(maxDepth + 2);
    for (const depth of depths) perDepth[depth + 1]!++;
    for (let depth = 1; depth < perDepth.length; depth++) perDepth[depth]! += perDepth[depth - 1]!;
    const renumbered = new Int32Array(count);
    const original = new Int32Array(count);
    for (let state = 0; state < count; state++) {
      const position = perDepth[depths[state]!]!++;
      renumbered[state] = position;
      original[position] = state;
    }

    // Goto edges by state, sorted by symbol.
    this.edgeStart = new Int32Array(count + 1);
    for (let state = 1; state < count; state++) this.edgeStart[renumbered[parents[state]!]! + 1]!++;
    for (let state = 0; state < count; state++) this.edgeStart[state + 1]! += this.edgeStart[state]!;
    this.edgeSymbol = new Uint32Array(Math.max(count - 1, 0));
    this.edgeTarget = new Int32Array(Math.max(count - 1, 0));
    const filled = this.edgeStart.slice(0, count);
    for (let position = 1; position < count; position++) {
      const state = original[position]!;
      const slot = filled[renumbered[parents[state]!]!]!++;
      this.edgeSymbol[slot] = symbols[state]!;
      this.edgeTarget[slot] = position;
    }
    for (let state = 0; state < count; state++) this.sortEdges(state);

    this.patternAt = new Int32Array(count);
    for (let position = 0; position < count; position++)
      this.patternAt[position] = terminal[original[position]!]!;

    // Failure and output links, breadth first: a state's failure target is always shallower.
    this.fail = new Int32Array(count);
    this.outputLink = new Int32Array(count).fill(-1);
    for (let state = 1; state < count; state++) {
      const parent = renumbered[parents[original[state]!]!]!;
      const symbol = symbols[original[state]!]!;
      let target = 0;
      if (parent !== 0) {
        let candidate = this.fail[parent]!;
        for (;;) {
          const next = this.edge(candidate, symbol);
          if (next >= 0) {
            target = next;
            break;
          }
          if (candidate === 0) break;
          candidate = this.fail[candidate]!;
        }
      }
      this.fail[state] = target;
      this.outputLink[state] = this.patternAt[target]! >= 0 ? target : this.outputLink[target]!;
    }

    this.firstOutputs = new Int32Array(count);
    for (let state = 0; state < count; state++) {
      this.firstOutputs[state] = this.patternAt[state]! >= 0 ? state : this.outputLink[state]!;
    }

    // Full transition rows for the shallowest states (the ones a scan visits most).
    this.denseStates = Math.min(count, Math.max(1, Math.floor(maxDenseEntries / alphabet)));
    this.dense = new Int32Array(this.denseStates * alphabet);
    for (let state = 0; state < this.denseStates; state++) {
      const row = state * alphabet;
      const failRow = this.fail[state]! * alphabet;
      for (let symbol = 1; symbol < alphabet; symbol++) {
        const next = this.edge(state, symbol);
        this.dense[row + symbol] = next >= 0 ? next : state === 0 ? 0 : this.dense[failRow + symbol]!;
      }
    }
  }

  /** The state after reading code unit `unit` in `state` (the root is state 0). */
  next(state: number, unit: number): number {
    return this.nextBySymbol(state, this.symbolOf[unit]!);
  }

  /** The state after reading alphabet symbol `symbol` (see {@link symbolOf}) in `state`. */
  nextBySymbol(state: number, symbol: number): number {
    if (symbol === 0) return 0;
    let current = state;
    for (;;) {
      if (current < this.denseStates) return this.dense[current * this.alphabetSize + symbol]!;
      const next = this.edge(current, symbol);
      if (next >= 0) return next;
      current = this.fail[current]!;
    }
  }

  /** The first state at or below `state` (on its failure chain) where a pattern ends, or -1. */
  firstOutput(state: number): number {
    return this.firstOutputs[state]!;
  }

  /** The next state after `outputState` on the failure chain where a pattern ends, or -1. */
  nextOutput(outputState: number): number {
    return this.outputLink[outputState]!;
  }

  /** The index of the pattern that ends at `outputState` (from {@link firstOutput} or {@link nextOutput}). */
  patternOf(outputState: number): number {
    return this.patternAt[outputState]!;
  }

  private edge(state: number, symbol: number): number {
    for (let slot = this.edgeStart[state]!, end = this.edgeStart[state + 1]!; slot < end; slot++) {
      const found = this.edgeSymbol[slot]!;
      if (found === symbol) return this.edgeTarget[slot]!;
      if (found > symbol) return -1;
    }
    return -1;
  }

  private sortEdges(state: number): void {
    const start = this.edgeStart[state]!;
    const end = this.edgeStart[state + 1]!;
    if (end - start < 2) return;
    const pairs: Array<[number, number]> = [];
    for (let slot = start; slot < end; slot++) pairs.push([this.edgeSymbol[slot]!, this.edgeTarget[slot]!]);
    pairs.sort((a, b) => a[0] - b[0]);
    pairs.forEach(([symbol, target], offset) => {
      this.edgeSymbol[start + offset] = symbol;
      this.edgeTarget[start + offset] = target;
    });
  }
}
