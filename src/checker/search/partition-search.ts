import { mixHash } from "../hash.js";
import type { Model } from "../model.js";
import { buildEntryList, type EntryList, liftEntry, unliftEntry } from "./entry-list.js";
import { GrowthPruning } from "./growth-pruning.js";
import { StateTable } from "./state-table.js";
import { VisitedSet } from "./visited-set.js";

export type SearchStatus = "running" | "ok" | "illegal" | "unknown";

/** One partition's operations, in the columns the search reads. */
export interface PartitionInput<Input, Output> {
  inputs: readonly Input[];
  outputs: readonly Output[];
  callTimes: Float64Array;
  /** Infinity for an operation open to the end. */
  returnTimes: Float64Array;
}

export interface SearchOptions {
  /** Keep, for every operation, the longest linearized prefix that contains it (for the visualization). */
  trackLinearizations: boolean;
  /** At most this many bytes for the transition memo. */
  memoBytesMax: number;
  /** performance.now() time by which the work before the search (pruning setup, conflict check) gives up. */
  setupDeadlineMs: number;
}

/** A linearized prefix: operation indexes (partition-local) in order, and the state it reaches. */
export interface Prefix {
  operations: Int32Array;
  stateId: number;
}

/** How many distinct end states of longest prefixes to keep for the counterexample. */
const deepestPrefixesMax = 4;
/** Beyond this depth, other longest prefixes are not copied (each copy costs the depth). */
const variantCopyDepthMax = 4096;
/** Iterations between looks at the clock and the memory budget. */
const checkInterval = 1024;

/**
 * Wing & Gong's search with Lowe's memoization over one partition, resumable: `run` advances
 * it by a bounded number of iterations, so a scheduler can interleave partitions and stop at a
 * deadline or a memory budget. The search linearizes the earliest call it can (stepping the
 * model), restarting from the head of the list; reaching a return entry means that operation
 * had to be linearized by then, so it backtracks. A configuration (set of linearized
 * operations, state) already explored is never explored again.
 *
 * One pruning beyond Porcupine: a read-only operation (one that changes the state nowhere it
 * is legal: a read, a refused cas) that can be placed now is placed without branching. From
 * a configuration C where such an operation r is callable and legal, C extends to a full
 * linearization iff C + r does: take any linearization from C and move r to the front — r is
 * legal there and changes nothing, every other step sees the same states as before, and the
 * real-time order still holds, since whatever returned before r was called is in C already. So when C + r fails (now, or because it was explored before), C fails too and the
 * search backtracks past C at once instead of trying C's other operations.
 */
export class PartitionSearch<State, Input, Output> {
  status: SearchStatus = "running";
  unknownReason: "timeout" | "memory" | "skipped" | undefined;
  iterations = 0;
  readonly operationCount: number;
  readonly states: StateTable<State, Input, Output>;
  deepestLength = 0;
  /**
   * The longest prefix found, kept incrementally: `recorded` holds its operations and only
   * the part below `lowWater` (the lowest depth the stack fell to since the last record) can
   * differ, so recording costs what the stack changed, not its whole depth.
   */
  private readonly recorded: Int32Array;
  private recordedLength = -1;
  private recordedState = 0;
  private lowWater = 0;
  /** Other longest prefixes, reaching other states (only for partitions small enough to copy). */
  private variants: Prefix[] = [];
  /** When tracking: per operation, the longest linearized prefix containing it (shared arrays). */
  readonly longestByOperation: (Int32Array | null)[] | undefined;
  /** When ok: a complete linearization. */
  linearization: Int32Array | undefined;
  /** When illegal before any search: two reads (partition-local) that no order satisfies. */
  readonly conflict: [number, number] | undefined;

  private readonly list: EntryList;
  private visited: VisitedSet;
  private readonly bits: Uint32Array;
  private readonly zobrist: Int32Array;
  private readonly stackEntries: Int32Array;
  private readonly stackStates: Int32Array;
  /** 1 where the pushed operation is read-only (see the class comment). */
  private readonly stackForced: Uint8Array;
  /** Per operation: 1 when the model says it is read-only. */
  private readonly readOnly: Uint8Array;
  private pruning: GrowthPruning<State, Input, Output> | undefined;
  private depth = 0;
  private entry: number;
  private stateId: number;
  private bitsHash = 0;
  private visitedPeakBeforeRelease = 0;

  constructor(
    model: Model<State, Input, Output>,
    input: PartitionInput<Input, Output>,
    options: SearchOptions,
  ) {
    const operationCount = input.inputs.length;
    this.operationCount = operationCount;
    this.list = buildEntryList(input.callTimes, input.returnTimes);
    this.states = new StateTable(model, input.inputs, input.outputs, options.memoBytesMax);
    this.stateId = this.states.intern(model.init());
    const wordsPerEntry = Math.max(1, Math.ceil(operationCount / 32));
    this.visited = new VisitedSet(wordsPerEntry);
    this.bits = new Uint32Array(wordsPerEntry);
    this.zobrist = zobristKeys(operationCount);
    this.stackEntries = new Int32Array(operationCount);
    this.stackStates = new Int32Array(operationCount);
    this.stackForced = new Uint8Array(operationCount);
    this.recorded = new Int32Array(operationCount);
    this.readOnly = new Uint8Array(operationCount);
    if (model.readOnly) {
      for (let operation = 0; operation < operationCount; operation++) {
        this.readOnly[operation] = model.readOnly(
          input.inputs[operation]!,
          input.outputs[operation]!,
        )
          ? 1
          : 0;
      }
    }
    this.pruning = model.growth
      ? new GrowthPruning(model.growth, input, this.readOnly, options.setupDeadlineMs)
      : undefined;
    this.conflict = this.pruning?.findConflict();
    if (this.conflict) this.status = "illegal";
    if (model.growth?.pruneDuringSearch === false || !this.pruning?.usable)
      this.pruning = undefined;
    this.entry = this.list.next[this.list.head]!;
    this.longestByOperation = options.trackLinearizations
      ? new Array(operationCount).fill(null)
      : undefined;
    if (operationCount === 0) this.finishOk();
  }

  /** Estimated bytes this search holds now, or after the growth `iterations` more steps may cause. */
  memoryBytes(iterations = 0): number {
    const fixed = 64 * this.operationCount;
    return this.visited.bytesWithin(iterations) + this.states.bytes + fixed;
  }

  /** Call and return entries in time order (entry 2i is operation i's call, 2i + 1 its return). */
  get entryOrder(): Int32Array {
    return this.list.order;
  }

  get visitedCount(): number {
    return this.visited.count;
  }

  /** The most configurations the memo held. */
  get visitedPeak(): number {
    return Math.max(this.visitedPeakBeforeRelease, this.visited.count);
  }

  /** Declares the search undecided and frees its memo of visited configurations. */
  giveUp(reason: "timeout" | "memory" | "skipped"): void {
    this.status = "unknown";
    this.unknownReason = reason;
    this.releaseVisited();
  }

  /**
   * Advances the search by at most `iterationsMax` iterations. It stops early, still running,
   * when its memory might pass `memoryBytesMax` (returning "memory": the caller decides which
   * partition to give up), and gives up with `unknown` at `deadlineMs` (performance.now() time).
   */
  run(iterationsMax: number, deadlineMs: number, memoryBytesMax: number): "memory" | undefined {
    let remaining = iterationsMax;
    while (this.status === "running" && remaining > 0) {
      const slice = Math.min(remaining, checkInterval);
      if (this.memoryBytes(slice) > memoryBytesMax) return "memory";
      this.runIterations(slice);
      remaining -= slice;
      if (this.status === "running" && performance.now() >= deadlineMs) this.giveUp("timeout");
    }
    if (this.status !== "running") this.releaseVisited();
    return undefined;
  }

  private releaseVisited(): void {
    this.visitedPeakBeforeRelease = Math.max(this.visitedPeakBeforeRelease, this.visited.count);
    this.visited = new VisitedSet(1);
  }

  private runIterations(iterationsMax: number): void {
    const { next, head } = this.list;
    const { bits, zobrist, stackEntries, stackStates, stackForced, readOnly, states, visited } =
      this;
    let entry = this.entry;
    let stateId = this.stateId;
    let depth = this.depth;
    let bitsHash = this.bitsHash;
    let iteration = 0;
    for (; iteration < iterationsMax; iteration++) {
      if (next[head] === -1) break;
      const operation = entry >> 1;
      if ((entry & 1) === 0) {
        const nextState = states.transition(stateId, operation);
        if (nextState >= 0) {
          const word = operation >> 5;
          const mask = 1 << (operation & 31);
          bits[word] = bits[word]! | mask;
          const nextHash = bitsHash ^ zobrist[operation]!;
          if (nextState !== stateId && this.pruning && this.isDeadAfter(entry, nextState)) {
            bits[word] = bits[word]! & ~mask;
            entry = next[entry]!;
            continue;
          }
          if (visited.addIfAbsent(nextHash ^ mixHash(nextState + 1), nextState, bits)) {
            stackEntries[depth] = entry;
            stackStates[depth] = stateId;
            stackForced[depth] = readOnly[operation]!;
            depth++;
            stateId = nextState;
            bitsHash = nextHash;
            liftEntry(this.list, entry);
            entry = this.firstLegalRead(stateId);
            if (depth > this.deepestLength) this.deepestLength = depth;
            continue;
          }
          bits[word] = bits[word]! & ~mask;
          // Already explored, and it failed; for a read-only operation, so does this configuration.
          if (readOnly[operation] === 0) {
            entry = next[entry]!;
            continue;
          }
        } else {
          entry = next[entry]!;
          continue;
        }
      }
      // A return entry (its operation had to be linearized by now), or a configuration known
      // to fail: backtrack.
      this.depth = depth;
      this.stateId = stateId;
      this.bitsHash = bitsHash;
      if (!this.backtrack()) {
        this.status = "illegal";
        break;
      }
      entry = this.entry;
      depth = this.depth;
      stateId = this.stateId;
      bitsHash = this.bitsHash;
    }
    this.iterations += iteration;
    this.entry = entry;
    this.stateId = stateId;
    this.depth = depth;
    this.bitsHash = bitsHash;
    if (this.status === "running" && next[head] === -1) this.finishOk();
  }

  /**
   * Where to go on after a step: a read-only operation callable now and legal in the new
   * state, if there is one (it can be placed at once without branching, before anything else
   * makes it illegal), else the head of the list.
   */
  private firstLegalRead(stateId: number): number {
    const { next, head } = this.list;
    for (let entry = next[head]!; entry !== -1 && (entry & 1) === 0; entry = next[entry]!) {
      const operation = entry >> 1;
      if (this.readOnly[operation] === 1 && this.states.transition(stateId, operation) >= 0)
        return entry;
    }
    return next[head]!;
  }

  /** Whether linearizing `entry`'s operation into state `nextState` leaves a read unsatisfiable. */
  private isDeadAfter(entry: number, nextState: number): boolean {
    liftEntry(this.list, entry);
    const dead = this.pruning!.isDead(this.states.values[nextState]!, this.list, this.bits);
    unliftEntry(this.list, entry);
    return dead;
  }

  /** States dropped by the model-aware pruning. */
  get prunedStates(): number {
    return this.pruning?.pruned ?? 0;
  }

  /**
   * Undoes the last linearized operation and continues after it; popping a read-only
   * operation backtracks further (see the class comment). False when nothing is left to undo:
   * the partition is illegal.
   */
  private backtrack(): boolean {
    const { bits, zobrist, stackEntries, stackStates, stackForced } = this;
    if (this.depth === this.deepestLength) this.noteDeepest();
    if (this.depth === 0) return false;
    if (this.longestByOperation) this.noteLongest(this.depth);
    let undoneEntry: number;
    do {
      if (this.depth === 0) return false;
      this.depth--;
      undoneEntry = stackEntries[this.depth]!;
      this.stateId = stackStates[this.depth]!;
      const undone = undoneEntry >> 1;
      bits[undone >> 5] = bits[undone >> 5]! & ~(1 << (undone & 31));
      this.bitsHash ^= zobrist[undone]!;
      unliftEntry(this.list, undoneEntry);
    } while (stackForced[this.depth] === 1);
    if (this.depth < this.lowWater) this.lowWater = this.depth;
    this.entry = this.list.next[undoneEntry]!;
    return true;
  }

  private finishOk(): void {
    this.status = "ok";
    this.linearization = this.stackOperations(this.depth);
    if (this.longestByOperation) this.longestByOperation.fill(this.linearization);
  }

  private stackOperations(length: number): Int32Array {
    const operations = new Int32Array(length);
    for (let index = 0; index < length; index++) operations[index] = this.stackEntries[index]! >> 1;
    return operations;
  }

  /** The longest linearizable prefixes found (one per distinct state reached, at most a few). */
  get deepestPrefixes(): Prefix[] {
    if (this.recordedLength < 0) return [];
    const primary = {
      operations: this.recorded.slice(0, this.recordedLength),
      stateId: this.recordedState,
    };
    return [
      primary,
      ...this.variants.filter((variant) => variant.operations.length === this.recordedLength),
    ];
  }

  /**
   * Keeps the longest prefix for the counterexample when the search backtracks from the
   * deepest level reached (not each time it gets deeper, so a history searched straight
   * through never copies its stack), plus a few others of the same length that reach other
   * states, while a copy is cheap.
   */
  private noteDeepest(): void {
    const depth = this.depth;
    if (depth !== this.recordedLength) {
      for (let index = this.lowWater; index < depth; index++)
        this.recorded[index] = this.stackEntries[index]! >> 1;
      this.recordedLength = depth;
      this.recordedState = this.stateId;
      this.lowWater = depth;
      this.variants = [];
      return;
    }
    if (depth > variantCopyDepthMax || this.variants.length >= deepestPrefixesMax - 1) return;
    const stateId = this.stateId;
    if (
      stateId === this.recordedState ||
      this.variants.some((variant) => variant.stateId === stateId)
    )
      return;
    this.variants.push({ operations: this.stackOperations(depth), stateId });
  }

  /** Porcupine's verbose bookkeeping: every operation on the stack may have a new longest prefix. */
  private noteLongest(depth: number): void {
    const longest = this.longestByOperation!;
    let snapshot: Int32Array | undefined;
    for (let index = 0; index < depth; index++) {
      const operation = this.stackEntries[index]! >> 1;
      const known = longest[operation];
      if (known && known.length >= depth) continue;
      snapshot ??= this.stackOperations(depth);
      longest[operation] = snapshot;
    }
  }
}

/** Random 32-bit keys per operation (fixed seed): a set's hash is the XOR of its members' keys. */
function zobristKeys(count: number): Int32Array {
  const keys = new Int32Array(count);
  let seed = 0x2545f491;
  for (let index = 0; index < count; index++) {
    seed = mixHash(seed + 0x6d2b79f5);
    keys[index] = seed;
  }
  return keys;
}
