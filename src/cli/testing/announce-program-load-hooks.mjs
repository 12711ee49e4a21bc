import { writeSync } from "node:fs";

/** The marker the test waits for on raftctl's stderr. */
const marker = "raftctl-test: the program module is loading\n";

export async function resolve(specifier, context, next) {
  const fromMain = /\/cli\/main\.(ts|js)$/.test(context.parentURL ?? "");
  if (fromMain && /^\.\/program\.(js|ts)$/.test(specifier)) writeSync(2, marker);
  return next(specifier, context);
}
