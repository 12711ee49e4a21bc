import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

let cachedVersion: string | undefined;

/** The folder holding raftctl's package.json, found relative to this file in both src/ and dist/. */
export function packageRoot(): string {
  return fileURLToPath(new URL("../../", import.meta.url));
}

/** The version from package.json. */
export function raftctlVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  const text = readFileSync(fileURLToPath(new URL("../../package.json", import.meta.url)), "utf8");
  cachedVersion = (JSON.parse(text) as { version: string }).version;
  return cachedVersion;
}
