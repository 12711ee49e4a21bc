import type { Link, LinkFaults, NodeName } from "../cluster/types.js";
import { allLinks, formatLink } from "./partition/links.js";

/** One network fault's contribution: its faults on its links (null: every link). */
export interface LinkFaultLayer {
  faults: LinkFaults;
  links: readonly Link[] | null;
}

/** One `setLinkFaults` call: these faults on these links (null: every link). */
export interface LinkFaultAssignment {
  faults: LinkFaults;
  links: Link[] | null;
}

/**
 * Composes overlapping network faults link by link, as independent effects: a message survives
 * two drop faults only if it survives each (drop = 1 - (1 - a)(1 - b)), likewise for duplicate
 * and reorder, and delays add up (ranges add). The result is grouped into as few calls as
 * possible: links with the same composed faults share a call; a group covering every link is one
 * call with no links. Links under no fault are absent (the caller clears everything first).
 */
export function composeLinkFaults(
  layers: readonly LinkFaultLayer[],
  nodes: readonly NodeName[],
): LinkFaultAssignment[] {
  const links = allLinks(nodes);
  const groups = new Map<string, { faults: LinkFaults; links: Link[] }>();
  for (const link of links) {
    const name = formatLink(link);
    const applying = layers.filter(
      (layer) => layer.links === null || layer.links.some((other) => formatLink(other) === name),
    );
    if (applying.length === 0) continue;
    const faults = combine(applying.map((layer) => layer.faults));
    const key = JSON.stringify(faults);
    const group = groups.get(key) ?? { faults, links: [] };
    group.links.push(link);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({
    faults: group.faults,
    links: group.links.length === links.length ? null : group.links,
  }));
}

function combine(faults: readonly LinkFaults[]): LinkFaults {
  const result: LinkFaults = {};
  for (const name of ["drop", "duplicate", "reorder"] as const) {
    const survive = faults.reduce((product, fault) => product * (1 - (fault[name] ?? 0)), 1);
    const probability = Math.round((1 - survive) * 1e9) / 1e9;
    if (probability > 0) result[name] = probability;
  }
  const delays = faults.map((fault) => fault.delayMs).filter((delay) => delay !== undefined);
  if (delays.length > 0) {
    result.delayMs = [
      delays.reduce((sum, delay) => sum + delay[0], 0),
      delays.reduce((sum, delay) => sum + delay[1], 0),
    ];
  }
  return result;
}
