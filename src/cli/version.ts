import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

let cachedVersion: string | undefined;

/** The version from package.json, found relative to this file in both src/ and dist/. */
export function raftctlVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  const packageJsonUrl = new URL("../../package.json", import.meta.url);
  const text = readFileSync(fileURLToPath(packageJsonUrl), "utf8");
  cachedVersion = (JSON.parse(text) as { version: string }).version;
  return cachedVersion;
}
