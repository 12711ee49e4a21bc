// Test-only preload (`node --import tsx --import ./announce-program-load.mjs`): writes a marker
// line on stderr when raftctl's main module asks for its program module, so a test can signal
// raftctl at that exact point of its start-up: after main.ts began, while the program loads.
import { register } from "node:module";

register("./announce-program-load-hooks.mjs", import.meta.url);
