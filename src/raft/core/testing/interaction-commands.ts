import type { MutationName } from "../config.js";
import type { Message } from "../types.js";
import { formatEntry, formatMessage, formatStatus } from "./format.js";
import type { InteractionEnv } from "./interaction-env.js";

type Handler = (env: InteractionEnv, args: string[]) => void;

const textEncoder = new TextEncoder();
const maxStabilizeRounds = 100;

/**
 * The script commands. Node ids are "1".."N". After a command, every node's Readys are processed
 * and printed, so a command's output is everything it caused up to the network.
 */
export const interactionCommands: Record<string, Handler> = {
  "add-nodes": (env, args) => {
    const [count, ...options] = args;
    const settings = parseOptions(options);
    env.addNodes(Number(count), {
      electionTicks: Number(settings.get("election") ?? 10),
      heartbeatTicks: Number(settings.get("heartbeat") ?? 1),
      maxInflightMessages: Number(settings.get("inflight") ?? 256),
      maxMessageBytes: Number(settings.get("max-message-bytes") ?? 64 * 1024),
      mutations: new Set<MutationName>(settings.get("mutations")?.split(",") ?? []),
    });
    env.print(`nodes ${[...env.nodes.keys()].join(" ")}`);
  },
  campaign: (env, [id]) => env.raft(id!).campaign(),
  propose: (env, [id, data]) => {
    const result = env.raft(id!).propose(textEncoder.encode(data));
    env.print(
      result.ok
        ? `${id}: proposed ${result.index}/${result.term}`
        : `${id}: refused ${result.reason} leader=${result.leaderHint ?? "none"}`,
    );
  },
  "read-index": (env, [id, context]) => {
    const result = env.raft(id!).readIndex(context!);
    env.print(
      result.ok
        ? `${id}: read accepted`
        : `${id}: read refused ${result.reason} leader=${result.leaderHint ?? "none"}`,
    );
  },
  tick: (env, [id, count]) => {
    for (let tick = 0; tick < Number(count ?? 1); tick++) {
      env.raft(id!).tick();
      env.processReadys();
    }
  },
  deliver: (env, [filter, count]) => deliverRound(env, firstMatches(env, matcher(filter), count)),
  stabilize: (env) => {
    for (let round = 0; env.inFlight.length > 0; round++) {
      if (round >= maxStabilizeRounds)
        throw new Error(`not stable after ${maxStabilizeRounds} rounds`);
      deliverRound(env, () => true);
    }
  },
  drop: (env, [filter, count]) => {
    const matches = firstMatches(env, matcher(filter), count);
    const dropped = env.inFlight.filter(matches);
    env.inFlight = env.inFlight.filter((message) => !matches(message));
    for (const message of dropped) env.print(`dropped ${formatMessage(message)}`);
  },
  duplicate: (env, [filter]) => {
    const copies = env.inFlight.filter(matcher(filter)).map((message) => ({ ...message }));
    env.inFlight.push(...copies);
    for (const message of copies) env.print(`duplicated ${formatMessage(message)}`);
  },
  "in-flight": (env) => {
    for (const message of env.inFlight) env.print(formatMessage(message));
  },
  isolate: (env, [id]) => {
    env.isolated.add(id!);
    env.print(`isolated ${id}`);
  },
  heal: (env) => {
    env.isolated.clear();
    env.print("healed");
  },
  crash: (env, [id]) => {
    env.crash(id!);
    env.print(`${id}: crashed`);
  },
  restart: (env, [id]) => {
    env.restart(id!);
    for (const line of formatStatus(env.raft(id!).status())) env.print(line);
  },
  status: (env, [id]) => {
    const ids = id === undefined ? [...env.nodes.keys()] : [id];
    for (const each of ids) {
      const raft = env.node(each).raft;
      if (raft === null) env.print(`${each}: crashed`);
      else for (const line of formatStatus(raft.status())) env.print(line);
    }
  },
  log: (env, [id]) => {
    const node = env.node(id!);
    const commit = node.raft?.status().commitIndex ?? node.stored.hardState.commit;
    const entries = node.stored.entries.map((entry) =>
      entry.index === commit ? `${formatEntry(entry)} |commit` : formatEntry(entry),
    );
    env.print(`${id}: ${entries.length === 0 ? "empty" : entries.join(", ")}`);
  },
};

/**
 * Delivers the messages in flight at the start of the round that match, in order; what they
 * cause is queued for the next round. Messages to or from an isolated node are dropped.
 */
function deliverRound(env: InteractionEnv, matches: (message: Message) => boolean): void {
  const round = env.inFlight.filter(matches);
  env.inFlight = env.inFlight.filter((message) => !matches(message));
  for (const message of round) {
    const blocked = env.isolated.has(message.from) || env.isolated.has(message.to);
    if (blocked || env.node(message.to).raft === null) {
      env.print(`dropped ${formatMessage(message)}`);
      continue;
    }
    env.print(`> ${formatMessage(message)}`);
    env.deliver(message);
  }
}

/** `1->2`, `1->*`, `*->2`, `3` (to or from 3), `*` or nothing (everything). */
function matcher(filter: string | undefined): (message: Message) => boolean {
  if (filter === undefined || filter === "*") return () => true;
  if (!filter.includes("->")) return (message) => message.from === filter || message.to === filter;
  const [from, to] = filter.split("->");
  return (message) => (from === "*" || message.from === from) && (to === "*" || message.to === to);
}

/**
 * Narrows a filter: `N` keeps the first N matching messages in flight, `@K` only the K-th
 * (1-based), nothing keeps all.
 */
function firstMatches(
  env: InteractionEnv,
  matches: (message: Message) => boolean,
  selector: string | undefined,
): (message: Message) => boolean {
  if (selector === undefined) return matches;
  const matching = env.inFlight.filter(matches);
  const chosen = selector.startsWith("@")
    ? matching.slice(Number(selector.slice(1)) - 1, Number(selector.slice(1)))
    : matching.slice(0, Number(selector));
  const chosenSet = new Set(chosen);
  return (message) => chosenSet.has(message);
}

function parseOptions(options: string[]): Map<string, string> {
  return new Map(options.map((option) => option.split("=", 2) as [string, string]));
}

/** Runs one command line against the environment and returns its output lines. */
export function runCommand(env: InteractionEnv, commandLine: string): string[] {
  const [name, ...args] = commandLine.trim().split(/\s+/);
  const handler = interactionCommands[name!];
  if (handler === undefined) throw new Error(`unknown command ${name}`);
  try {
    handler(env, args);
    env.processReadys();
  } catch (error) {
    env.print(
      `error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
  }
  return env.takeOutput();
}
