import type { z } from "zod";

export type FieldPath = readonly (string | number)[];

/**
 * Cross-field checks run inside zod transforms, where every field already has its type and its
 * default. They report through this sink with a path relative to the transformed object, and a
 * transform that reported anything returns `z.NEVER`.
 */
export interface ProblemSink {
  add(path: FieldPath, message: string): void;
  readonly count: number;
}

export function problemSink(context: z.core.$RefinementCtx<unknown>): ProblemSink {
  let count = 0;
  return {
    add(path, message) {
      count += 1;
      context.addIssue({ code: "custom", message, path: [...path] });
    },
    get count() {
      return count;
    },
  };
}
