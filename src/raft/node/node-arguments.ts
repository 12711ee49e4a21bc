import { parseArgs } from "node:util";
import { assertSyncLatencyRange } from "../storage/file/sync-latency.js";
import { assertLoopbackHost, type LoopbackAddress } from "./transport/loopback.js";

/**
 * The node program's argument vector (DESIGN.md: argument vectors, never a shell). The harness
 * builds it with `formatNodeArguments` and the node reads it with `parseNodeArguments`, so the
 * two sides cannot drift apart.
 */
export interface NodeArguments {
  id: string;
  /** Every voting member, this node included, in cluster order. */
  members: string[];
  /** Where this node sends each peer's messages: the harness's proxy for that link, or the peer. */
  peerAddresses: Record<string, LoopbackAddress>;
  /** The port to receive peer messages on; 0 lets the OS choose (reported in `listening`). */
  peerPort: number;
  /** The port of the client API; 0 lets the OS choose. */
  clientPort: number;
  dataDirectory: string;
  tickMs: number;
  /** Clock skew: ticks come `clockRate` times as often as `tickMs` says. */
  clockRate: number;
  electionTicks: number;
  heartbeatTicks: number;
  /** Seeds the node's randomized election timeouts. */
  seed: number;
  mutations: string[];
  maxInflightMessages: number | null;
  maxInflightBytes: number | null;
  maxMessageBytes: number | null;
  /**
   * A slow disk: each WAL sync takes at least a latency drawn from `[min, max]` ms (the
   * scenario's `disk.syncLatency`); `[0, 0]` adds nothing to the real disk's own latency.
   */
  syncLatencyMs: [number, number];
  /** Whether to send node events up the control channel (status lines are always sent). */
  events: boolean;
}

/** The argument vector is wrong: a harness bug or a person running the node by hand. */
export class NodeArgumentError extends Error {
  readonly exitCode = 64;
  override name = "NodeArgumentError";
}

const nodeNamePattern = /^[A-Za-z0-9_-]{1,64}$/;

export function formatNodeArguments(args: NodeArguments): string[] {
  const argv = [
    "--id",
    args.id,
    "--members",
    args.members.join(","),
    "--peer-port",
    String(args.peerPort),
    "--client-port",
    String(args.clientPort),
    "--data",
    args.dataDirectory,
    "--tick-ms",
    String(args.tickMs),
    "--clock-rate",
    String(args.clockRate),
    "--election-ticks",
    String(args.electionTicks),
    "--heartbeat-ticks",
    String(args.heartbeatTicks),
    "--seed",
    String(args.seed),
    "--sync-latency-ms",
    args.syncLatencyMs.join(","),
  ];
  for (const [peer, address] of Object.entries(args.peerAddresses)) {
    argv.push("--peer", `${peer}=${address.host}:${address.port}`);
  }
  for (const mutation of args.mutations) argv.push("--mutation", mutation);
  const bounds = [
    ["--max-inflight-messages", args.maxInflightMessages],
    ["--max-inflight-bytes", args.maxInflightBytes],
    ["--max-message-bytes", args.maxMessageBytes],
  ] as const;
  for (const [flag, value] of bounds) if (value !== null) argv.push(flag, String(value));
  argv.push(args.events ? "--events" : "--no-events");
  return argv;
}

const optionsSpec = {
  id: { type: "string" },
  members: { type: "string" },
  peer: { type: "string", multiple: true },
  "peer-port": { type: "string", default: "0" },
  "client-port": { type: "string", default: "0" },
  data: { type: "string" },
  "tick-ms": { type: "string" },
  "clock-rate": { type: "string", default: "1" },
  "election-ticks": { type: "string" },
  "heartbeat-ticks": { type: "string" },
  seed: { type: "string" },
  mutation: { type: "string", multiple: true },
  "max-inflight-messages": { type: "string" },
  "max-inflight-bytes": { type: "string" },
  "max-message-bytes": { type: "string" },
  "sync-latency-ms": { type: "string", default: "0,0" },
  events: { type: "boolean", default: true },
  "no-events": { type: "boolean", default: false },
} as const;

/** Reads the argument vector; throws NodeArgumentError naming the first thing wrong. */
export function parseNodeArguments(argv: readonly string[]): NodeArguments {
  let values: ReturnType<typeof parseArgs<{ options: typeof optionsSpec }>>["values"];
  try {
    values = parseArgs({ args: [...argv], options: optionsSpec, strict: true }).values;
  } catch (error) {
    throw new NodeArgumentError((error as Error).message);
  }
  const id = nodeName(required(values.id, "--id"), "--id");
  const members = required(values.members, "--members")
    .split(",")
    .map((member) => nodeName(member, "--members"));
  if (!members.includes(id)) throw new NodeArgumentError(`--members must include --id ${id}`);
  if (new Set(members).size !== members.length) {
    throw new NodeArgumentError(`--members lists a node twice: ${members.join(",")}`);
  }
  const peerAddresses = parsePeers(values.peer ?? [], { id, members });
  return {
    id,
    members,
    peerAddresses,
    peerPort: integer(values["peer-port"], "--peer-port", 0, 65_535),
    clientPort: integer(values["client-port"], "--client-port", 0, 65_535),
    dataDirectory: required(values.data, "--data"),
    tickMs: positive(required(values["tick-ms"], "--tick-ms"), "--tick-ms"),
    clockRate: positive(values["clock-rate"], "--clock-rate"),
    electionTicks: integer(
      required(values["election-ticks"], "--election-ticks"),
      "--election-ticks",
      1,
    ),
    heartbeatTicks: integer(
      required(values["heartbeat-ticks"], "--heartbeat-ticks"),
      "--heartbeat-ticks",
      1,
    ),
    seed: integer(required(values.seed, "--seed"), "--seed", 0),
    mutations: [...(values.mutation ?? [])],
    maxInflightMessages: optionalInteger(
      values["max-inflight-messages"],
      "--max-inflight-messages",
    ),
    maxInflightBytes: optionalInteger(values["max-inflight-bytes"], "--max-inflight-bytes"),
    maxMessageBytes: optionalInteger(values["max-message-bytes"], "--max-message-bytes"),
    syncLatencyMs: latencyRange(values["sync-latency-ms"], "--sync-latency-ms"),
    events: values.events === true && values["no-events"] !== true,
  };
}

function parsePeers(
  specs: readonly string[],
  cluster: { id: string; members: readonly string[] },
): Record<string, LoopbackAddress> {
  const peers: Record<string, LoopbackAddress> = {};
  for (const spec of specs) {
    const match = /^([^=]+)=([^:]+):(\d+)$/.exec(spec);
    if (match === null)
      throw new NodeArgumentError(`--peer ${spec}: expected <node>=<host>:<port>`);
    const [, peer, host, port] = match as unknown as [string, string, string, string];
    if (!cluster.members.includes(peer) || peer === cluster.id) {
      throw new NodeArgumentError(`--peer ${spec}: ${peer} is not another member`);
    }
    try {
      assertLoopbackHost(host);
    } catch (error) {
      throw new NodeArgumentError(`--peer ${spec}: ${(error as Error).message}`);
    }
    peers[peer] = { host, port: integer(port, `--peer ${peer}`, 1, 65_535) };
  }
  const missing = cluster.members.filter((member) => member !== cluster.id && !(member in peers));
  if (missing.length > 0) {
    throw new NodeArgumentError(`no --peer address for ${missing.join(", ")}`);
  }
  return peers;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new NodeArgumentError(`${flag} is required`);
  return value;
}

function nodeName(value: string, flag: string): string {
  if (!nodeNamePattern.test(value)) {
    throw new NodeArgumentError(`${flag}: node name '${value}' must be 1-64 of A-Z a-z 0-9 _ -`);
  }
  return value;
}

function integer(value: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new NodeArgumentError(`${flag} must be an integer in [${min}, ${max}], got '${value}'`);
  }
  return number;
}

function optionalInteger(value: string | undefined, flag: string): number | null {
  return value === undefined ? null : integer(value, flag, 1);
}

/** `<min>,<max>` in milliseconds (fractions allowed), as `assertSyncLatencyRange` bounds it. */
function latencyRange(value: string, flag: string): [number, number] {
  const match = /^(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(value);
  if (match === null) throw new NodeArgumentError(`${flag}: expected <min>,<max>, got '${value}'`);
  const range: [number, number] = [Number(match[1]), Number(match[2])];
  try {
    assertSyncLatencyRange(range);
  } catch (error) {
    throw new NodeArgumentError(`${flag}: ${(error as Error).message}`);
  }
  return range;
}

function positive(value: string, flag: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number <= 0) {
    throw new NodeArgumentError(`${flag} must be a positive number, got '${value}'`);
  }
  return number;
}
