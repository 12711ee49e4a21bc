/**
 * The history of one partition as a doubly linked list of call and return entries in time
 * order, kept in typed arrays (Wing & Gong's representation, as Porcupine uses it). Linearizing
 * an operation "lifts" its call and return out of the list; backtracking puts them back in
 * O(1), since a lifted entry remembers its neighbours. Entry 2i is operation i's call and
 * 2i + 1 its return, so `entry >> 1` is the operation and `entry & 1` says a return.
 */
export interface EntryList {
  operationCount: number;
  /** The sentinel before the first entry: index 2 * operationCount. */
  head: number;
  next: Int32Array;
  previous: Int32Array;
  /** Entry indexes in time order (calls and returns), for replaying a prefix. */
  order: Int32Array;
}

/**
 * Builds the list. An operation's interval is closed: a call at the same time as another
 * operation's return overlaps it (calls sort before returns at equal times), since neither
 * certainly finished before the other began. `returnTimes` holds Infinity for open operations.
 */
export function buildEntryList(callTimes: Float64Array, returnTimes: Float64Array): EntryList {
  const operationCount = callTimes.length;
  const entryCount = 2 * operationCount;
  const order = new Int32Array(entryCount);
  for (let entry = 0; entry < entryCount; entry++) order[entry] = entry;
  const timeOf = (entry: number): number =>
    (entry & 1) === 0 ? callTimes[entry >> 1]! : returnTimes[entry >> 1]!;
  order.sort((first, second) => {
    const difference = timeOf(first) - timeOf(second);
    if (difference !== 0 && !Number.isNaN(difference)) return difference < 0 ? -1 : 1;
    const kindDifference = (first & 1) - (second & 1);
    return kindDifference !== 0 ? kindDifference : first - second;
  });
  const head = entryCount;
  const next = new Int32Array(entryCount + 1);
  const previous = new Int32Array(entryCount + 1);
  let last = head;
  previous[head] = -1;
  for (const entry of order) {
    next[last] = entry;
    previous[entry] = last;
    last = entry;
  }
  next[last] = -1;
  return { operationCount, head, next, previous, order };
}

/** Removes a call entry and its return from the list. */
export function liftEntry(list: EntryList, call: number): void {
  const { next, previous } = list;
  next[previous[call]!] = next[call]!;
  previous[next[call]!] = previous[call]!;
  const returned = call + 1;
  next[previous[returned]!] = next[returned]!;
  const after = next[returned]!;
  if (after !== -1) previous[after] = previous[returned]!;
}

/** Puts back a call entry and its return, in the reverse order of `liftEntry`. */
export function unliftEntry(list: EntryList, call: number): void {
  const { next, previous } = list;
  const returned = call + 1;
  next[previous[returned]!] = returned;
  const after = next[returned]!;
  if (after !== -1) previous[after] = returned;
  next[previous[call]!] = call;
  previous[next[call]!] = call;
}
