import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { scenarioJsonSchemaText } from "./json-schema.js";

/**
 * `npm run schema`: writes schema/scenario.schema.json from the zod schema. A test fails while
 * the committed file differs from what this writes.
 */
export const scenarioJsonSchemaPath = fileURLToPath(
  new URL("../../schema/scenario.schema.json", import.meta.url),
);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(dirname(scenarioJsonSchemaPath), { recursive: true });
  writeFileSync(scenarioJsonSchemaPath, scenarioJsonSchemaText());
  console.log(`wrote ${scenarioJsonSchemaPath}`);
}
