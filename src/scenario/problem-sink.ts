import type { z } from "zod";

export type FieldPath = readonly (string | number)[];

/**
 * Cross-field checks run inside zod transforms, where every field already has its type and its
 * default. They report through this sink with a path relative to the transformed object, and a
 * transform that reported anything returns `z.NEVER`.
 */
export interface ProblemSink {
  /** Reports a problem with the value at `path`; with `at: "key"`, with the key itself being there. */
  add(path: FieldPath, message: string, at?: "key" | "value"): void;
  readonly count: number;
}

export function problemSink(context: z.core.$RefinementCtx<unknown>): ProblemSink {
  let count = 0;
  return {
    add(path, message, at = "value") {
      count += 1;
      context.addIssue({ code: "custom", message, path: [...path], params: { at } });
    },
    get count() {
      return count;
    },
  };
}
