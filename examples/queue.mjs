// @ts-check
/**
 * A model of your own, checked with porcupine-ts: a service holding named FIFO queues.
 *
 * It checks two recorded histories, prints each verdict with the reason of a failure, and
 * with a file name as argument writes the HTML view of the failing one there:
 *
 *   node queue.mjs queue-check.html
 *
 * Plain JavaScript (ESM) with JSDoc types, so TypeScript checks it against the package's
 * declarations too (`tsc --allowJs --checkJs`).
 */
import { writeFileSync } from "node:fs";
import {
  checkOperations,
  combineHashes,
  describeFailure,
  describeVerdict,
  hashNumber,
  renderVisualizationPage,
} from "porcupine-ts";

/**
 * What a client asks: put an item at the tail of a queue, or take the item at its head.
 * @typedef {{ queue: string, f: "enqueue", item: number }
 *   | { queue: string, f: "dequeue" }} QueueInput
 */
/**
 * What it got back: `ok` (with the item a dequeue took, null when the queue was empty), or
 * `unknown` when the client never heard back (a timeout: it may or may not have happened).
 * @typedef {{ type: "ok", item?: number | null } | { type: "unknown" }} QueueOutput
 */
/**
 * One queue's items, head first. The model never changes a state in place: `step` returns
 * a new array, because the checker keeps earlier states to come back to.
 * @typedef {readonly number[]} QueueState
 */

/** @type {import("porcupine-ts").Model<QueueState, QueueInput, QueueOutput>} */
export const queueModel = {
  name: "fifo-queue",
  init: () => [],
  step(state, input, output) {
    if (input.f === "enqueue") return [...state, input.item];
    // A dequeue nobody heard back from stays open to the end of the history, so taking the
    // head (if any) is right wherever the checker places it, the very end included.
    if (output.type === "unknown") return state.slice(1);
    const head = state.length > 0 ? state[0] : null;
    // undefined: this output is impossible from this state.
    return output.item === head ? state.slice(1) : undefined;
  },
  equal: (first, second) =>
    first.length === second.length && first.every((item, index) => item === second[index]),
  // Equal states must hash alike; different states may collide (it costs time, not truth).
  hash: (state) =>
    state.reduce((hash, item) => combineHashes(hash, hashNumber(item)), hashNumber(state.length)),
  // Queues are independent: each one's operations are checked alone, which is much faster.
  partition(operations) {
    /** @type {Map<string, number[]>} */
    const byQueue = new Map();
    operations.forEach((operation, index) => {
      const indexes = byQueue.get(operation.input.queue) ?? [];
      indexes.push(index);
      byQueue.set(operation.input.queue, indexes);
    });
    return [...byQueue].map(([queue, operationIndexes]) => ({
      label: `queue ${queue}`,
      operationIndexes,
    }));
  },
  describeOperation(input, output) {
    if (input.f === "enqueue") return `enqueue ${input.item}${output.type === "ok" ? "" : " ?"}`;
    if (output.type === "unknown") return "dequeue -> ?";
    return `dequeue -> ${output.item ?? "empty"}`;
  },
  describeState: (state) => `[${state.join(", ")}]`,
};

/**
 * @param {string} queue
 * @param {number} item
 * @returns {QueueInput}
 */
const enqueue = (queue, item) => ({ queue, f: "enqueue", item });
/**
 * @param {string} queue
 * @returns {QueueInput}
 */
const dequeue = (queue) => ({ queue, f: "dequeue" });
/**
 * @param {number | null} [item]
 * @returns {QueueOutput}
 */
const ok = (item) => (item === undefined ? { type: "ok" } : { type: "ok", item });
/** @type {QueueOutput} */
const unknown = { type: "unknown" };

/**
 * Histories as a client library records them: who called, what, when (any clock, only the
 * order of times matters), what came back and when; `returnTime: null` when nothing did.
 * @type {Record<string, import("porcupine-ts").Operation<QueueInput, QueueOutput>[]>}
 */
const histories = {
  "racing clients": [
    { clientId: 1, input: enqueue("jobs", 1), callTime: 0, output: ok(), returnTime: 10 },
    { clientId: 2, input: enqueue("jobs", 2), callTime: 5, output: ok(), returnTime: 15 },
    { clientId: 3, input: dequeue("jobs"), callTime: 20, output: ok(2), returnTime: 30 },
    { clientId: 1, input: dequeue("jobs"), callTime: 25, output: ok(1), returnTime: 40 },
    { clientId: 4, input: dequeue("mail"), callTime: 12, output: ok(null), returnTime: 18 },
    { clientId: 2, input: enqueue("mail", 7), callTime: 16, output: unknown, returnTime: null },
    { clientId: 3, input: dequeue("mail"), callTime: 35, output: ok(7), returnTime: 45 },
  ],
  "an item jumps the queue": [
    { clientId: 1, input: enqueue("jobs", 1), callTime: 0, output: ok(), returnTime: 10 },
    { clientId: 2, input: enqueue("jobs", 2), callTime: 20, output: ok(), returnTime: 30 },
    { clientId: 3, input: dequeue("jobs"), callTime: 40, output: ok(2), returnTime: 50 },
    { clientId: 1, input: dequeue("jobs"), callTime: 60, output: ok(1), returnTime: 70 },
    { clientId: 4, input: enqueue("mail", 7), callTime: 0, output: ok(), returnTime: 5 },
  ],
};

const htmlPath = process.argv[2];
for (const [name, operations] of Object.entries(histories)) {
  // Budgets: undecided partitions become `unknown` after 10 s; `all` decides every queue
  // instead of stopping at the first that fails.
  const result = checkOperations(queueModel, operations, { timeoutMs: 10_000, all: true });
  console.log(`${name}: ${describeVerdict(result)}`);
  for (const line of describeFailure(result)) console.log(line);
  for (const partition of result.partitions) {
    console.log(`  ${partition.label}: ${partition.verdict}`);
  }
  if (htmlPath && result.verdict === "illegal") {
    writeFileSync(htmlPath, renderVisualizationPage(result, { title: `Queues: ${name}` }));
    console.log(`  the view of this check: ${htmlPath}`);
  }
}
