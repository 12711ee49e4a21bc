import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../checker/index.js";
import { checkRegisterHistory, syntheticRun } from "../testing/synthetic-run.js";
import { illegalSubset } from "./illegal-subset.js";

function idsReferenced(result: CheckResult): number[] {
  return result.partitions.flatMap((partition) => [
    ...partition.operationIds,
    ...(partition.counterexample?.endings ?? []).flatMap((ending) => [
      ...ending.prefix.map((step) => step.operationId),
      ...ending.blocked,
      ...(ending.mustPrecede >= 0 ? [ending.mustPrecede] : []),
    ]),
    ...(partition.counterexample?.minimal?.operationIds ?? []),
    ...(partition.counterexample?.minimal?.readOnlyKept ?? []),
    ...(partition.partialLinearizations ?? []).flat().map((step) => step.operationId),
  ]);
}

describe("the illegal part of a check result", () => {
  const run = syntheticRun({ operationsPerSecond: 100, durationMs: 6_000, staleReadAt: 101 });
  const check = checkRegisterHistory(run.records);

  it("keeps only illegal keys and their operations, renumbered densely", () => {
    expect(check.verdict).toBe("illegal");
    const { result, omittedPartitions } = illegalSubset(check, { partitionsMax: 3 });
    expect(omittedPartitions).toBe(0);
    expect(result.partitions.map((partition) => partition.verdict)).toEqual(["illegal"]);
    expect(result.operations.map((operation) => operation.id)).toEqual(
      result.operations.map((_, index) => index),
    );
    expect(result.operations.length).toBeLessThan(check.operations.length);
  });

  it("maps every operation reference to the same operation as before", () => {
    const original = check.partitions.find((partition) => partition.verdict === "illegal")!;
    const { result } = illegalSubset(check, { partitionsMax: 3 });
    const describe = (checkResult: CheckResult, id: number) =>
      checkResult.operations.find((o) => o.id === id)!.description;
    const before = idsReferenced({ ...check, partitions: [original] }).map((id) =>
      describe(check, id),
    );
    const after = idsReferenced(result).map((id) => describe(result, id));
    expect(after).toEqual(before);
    expect(after.length).toBeGreaterThan(0);
  });

  it("leaves out illegal keys beyond the limit and counts them", () => {
    const twoBad = {
      ...check,
      partitions: check.partitions.map((partition) => ({
        ...partition,
        verdict: "illegal" as const,
      })),
    };
    const { result, omittedPartitions } = illegalSubset(twoBad, { partitionsMax: 1 });
    expect(result.partitions).toHaveLength(1);
    expect(omittedPartitions).toBe(check.partitions.length - 1);
  });
});
