import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** How to start the node program: the executable and the arguments before the node's own. */
export interface NodeProgram {
  executable: string;
  leadingArguments: string[];
}

let prepared: Promise<NodeProgram> | null = null;

/**
 * Finds the node program beside this module: `dist/raft/node/main.js` in a build. Running from
 * source (tests, tsx), it is `src/raft/node/main.ts`, bundled once per harness process with
 * esbuild (which tsx itself runs on) into one plain JavaScript file: a node then starts in a
 * tenth of a second instead of the second or two that tsx needs to load and transform some fifty
 * modules, which adds up over a test suite's many starts on two cores. Without esbuild, the child
 * runs the source under the tsx loader (the parent's own loader flags, or tsx found from here).
 */
export function prepareNodeProgram(): Promise<NodeProgram> {
  prepared ??= locate().catch((error) => {
    prepared = null;
    throw error;
  });
  return prepared;
}

async function locate(): Promise<NodeProgram> {
  const built = fileURLToPath(new URL("../../raft/node/main.js", import.meta.url));
  if (fs.existsSync(built)) return { executable: process.execPath, leadingArguments: [built] };
  const source = fileURLToPath(new URL("../../raft/node/main.ts", import.meta.url));
  if (!fs.existsSync(source)) {
    throw new Error(`the node program is missing: neither ${built} nor ${source} exists`);
  }
  const bundle = await bundleWithEsbuild(source);
  if (bundle !== null) {
    return { executable: process.execPath, leadingArguments: [bundle] };
  }
  const carried = carriedTsxFlags();
  const loader = carried.length > 0 ? [] : ["--import", tsxLoaderUrl()];
  return { executable: process.execPath, leadingArguments: [...carried, ...loader, source] };
}

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: { contents: Uint8Array }[] }>;
}

/**
 * Bundles `source` into a file named after its content in the temporary directory; null when
 * esbuild is not installed. Content-addressed, so harnesses running at once share one file, a
 * harness that was killed leaves nothing a later one would not reuse, and the file is replaced
 * atomically (written aside, then renamed) — never seen half-written.
 */
async function bundleWithEsbuild(source: string): Promise<string | null> {
  let esbuild: Esbuild;
  try {
    const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx"));
    esbuild = (await import(pathToFileURL(fromTsx.resolve("esbuild")).href)) as Esbuild;
  } catch {
    return null;
  }
  const result = await esbuild.build({
    entryPoints: [source],
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // No source map: loading one costs a node half a second at start. The bundle is not
    // minified, so a stack trace in a node's log still names the functions.
    sourcemap: false,
    logLevel: "silent",
  });
  const contents = result.outputFiles?.[0]?.contents;
  if (contents === undefined) throw new Error(`esbuild produced no bundle of ${source}`);
  const hash = createHash("sha256").update(contents).digest("hex").slice(0, 16);
  const bundle = path.join(os.tmpdir(), `raftctl-node-${hash}.mjs`);
  if (!fs.existsSync(bundle)) {
    const aside = `${bundle}.${process.pid}.tmp`;
    fs.writeFileSync(aside, contents);
    fs.renameSync(aside, bundle);
  }
  return bundle;
}

/** The parent's tsx loader flags (`--require .../preflight.cjs --import .../loader.mjs`), if any. */
function carriedTsxFlags(): string[] {
  const carried: string[] = [];
  const argv = process.execArgv;
  for (let position = 0; position < argv.length; position++) {
    const argument = argv[position]!;
    const value = argv[position + 1];
    if (/^--(import|require|loader|experimental-loader)$/.test(argument) && value !== undefined) {
      if (value.includes("tsx")) carried.push(argument, value);
      position++;
    } else if (/^--(import|require|loader|experimental-loader)=.*tsx/.test(argument)) {
      carried.push(argument);
    }
  }
  return carried;
}

function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve("tsx")).href;
}
