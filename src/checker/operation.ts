/**
 * The two input forms of a history. Times are any monotonic unit (nanoseconds in raftctl's
 * histories); only their order matters.
 */

/**
 * One client operation: what it asked (`input`), when it was called, what it returned
 * (`output`) and when. An indeterminate operation — no answer, it may or may not have taken
 * effect — has `returnTime: null`: it stays open to the end of the history, so it may be
 * linearized at any point after its call or never observed at all; its `output` is whatever
 * the model takes as "unknown".
 */
export interface Operation<Input, Output> {
  clientId: number | string;
  input: Input;
  callTime: number;
  output: Output;
  returnTime: number | null;
}

/**
 * The event form: calls and returns in the order they happened, paired by `id`. A call with no
 * return stays open to the end; its `value` on the return side is then `openOutput`.
 */
export type HistoryEvent<Input, Output> =
  | { kind: "call"; clientId: number | string; id: number; value: Input }
  | { kind: "return"; clientId: number | string; id: number; value: Output };

export class CheckerInputError extends Error {
  override name = "CheckerInputError";
}

/**
 * Turns events into operations, the position of an event in the list standing for its time.
 * Calls without a return become open operations whose output is `openOutput`.
 */
export function eventsToOperations<Input, Output>(
  events: readonly HistoryEvent<Input, Output>[],
  openOutput: Output,
): Operation<Input, Output>[] {
  const operations: Operation<Input, Output>[] = [];
  const openById = new Map<number, Operation<Input, Output>>();
  events.forEach((event, position) => {
    if (event.kind === "call") {
      if (openById.has(event.id)) {
        throw new CheckerInputError(`event ${position}: id ${event.id} is called twice`);
      }
      const operation: Operation<Input, Output> = {
        clientId: event.clientId,
        input: event.value,
        callTime: position,
        output: openOutput,
        returnTime: null,
      };
      openById.set(event.id, operation);
      operations.push(operation);
      return;
    }
    const operation = openById.get(event.id);
    if (!operation) {
      throw new CheckerInputError(`event ${position}: return of id ${event.id} without a call`);
    }
    operation.output = event.value;
    operation.returnTime = position;
    openById.delete(event.id);
  });
  return operations;
}
