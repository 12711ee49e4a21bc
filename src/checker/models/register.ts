import type { GrowthKnowledge, Model } from "../model.js";
import {
  describeCasOutcome,
  describeValue,
  hashValue,
  type ModelOutput,
  sameValue,
  type Value,
} from "./values.js";

export type RegisterInput =
  | { f: "read" }
  | { f: "write"; value: Value }
  | { f: "cas"; from: Value; to: Value };

/**
 * One read/write register, initially nil. A read is legal when it returns the current value
 * (or its outcome is unknown); a write always succeeds.
 */
export const registerModel: Model<Value, RegisterInput, ModelOutput> = {
  name: "register",
  init: () => null,
  step(state, input, output) {
    if (input.f === "cas") {
      throw new TypeError("the register model has no cas: use the cas-register model");
    }
    return stepReadWrite(state, input, output);
  },
  equal: sameValue,
  hash: hashValue,
  readOnly: isReadOnlyRegisterOperation,
  growth: registerGrowth(),
  describeOperation: describeRegisterOperation,
  describeState: describeValue,
};

/**
 * A compare-and-set register, initially nil: read and write as the register; a cas from A to
 * B that applied is legal only when the value is A (it becomes B); a refused cas is legal only
 * when the value differs from A; an unknown cas applies when the value is A.
 */
export const casRegisterModel: Model<Value, RegisterInput, ModelOutput> = {
  name: "cas-register",
  init: () => null,
  step(state, input, output) {
    if (input.f !== "cas") return stepReadWrite(state, input, output);
    const matches = sameValue(state, input.from);
    if (output.type === "unknown") return matches ? input.to : state;
    if (output.applied === false) return matches ? undefined : state;
    return matches ? input.to : undefined;
  },
  equal: sameValue,
  hash: hashValue,
  readOnly: isReadOnlyRegisterOperation,
  growth: registerGrowth(),
  describeOperation: describeRegisterOperation,
  describeState: describeValue,
};

function stepReadWrite(
  state: Value,
  input: Exclude<RegisterInput, { f: "cas" }>,
  output: ModelOutput,
): Value | undefined {
  if (input.f === "write") return input.value;
  if (output.type === "unknown") return state;
  return sameValue(output.value, state) ? state : undefined;
}

/**
 * A register changes only by writes and by a cas that applies (or may have): between two
 * reads with none of those, the second sees the value the first saw. Used for the conflict
 * check before the search (a read of an older value after a newer one was read, with no write
 * of it that could come between them, is illegal at once); not at every step.
 */
function registerGrowth(): GrowthKnowledge<Value, RegisterInput, ModelOutput> {
  const legalIn = (state: Value, input: RegisterInput, output: ModelOutput): boolean => {
    if (output.type === "unknown") return true;
    if (input.f === "read") return sameValue(output.value, state);
    if (input.f === "cas" && output.applied === false) return !sameValue(state, input.from);
    return true;
  };
  return {
    resets: (input, output) => input.f !== "read" && !isReadOnlyRegisterOperation(input, output),
    stillReadable: legalIn,
    readableAfterReset(resetInput, _resetOutput, readInput, readOutput) {
      if (resetInput.f === "write") return legalIn(resetInput.value, readInput, readOutput);
      if (resetInput.f === "cas") return legalIn(resetInput.to, readInput, readOutput);
      return true;
    },
    readsFollow(earlierInput, earlierOutput, laterInput, laterOutput) {
      if (earlierInput.f !== "read" || earlierOutput.type !== "ok") return true;
      return legalIn(earlierOutput.value ?? null, laterInput, laterOutput);
    },
    pruneDuringSearch: false,
  };
}

/** A read with a known value, or a refused cas: legal only where it changes nothing. */
export function isReadOnlyRegisterOperation(input: RegisterInput, output: ModelOutput): boolean {
  if (output.type === "unknown") return false;
  return input.f === "read" || (input.f === "cas" && output.applied === false);
}

export function describeRegisterOperation(input: RegisterInput, output: ModelOutput): string {
  switch (input.f) {
    case "read":
      return `read -> ${output.type === "unknown" ? "?" : describeValue(output.value)}`;
    case "write":
      return `write ${describeValue(input.value)}${output.type === "unknown" ? " ?" : ""}`;
    case "cas":
      return `cas ${describeValue(input.from)}->${describeValue(input.to)} ${describeCasOutcome(output)}`;
  }
}
