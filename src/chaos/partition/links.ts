import type { Link, NodeName, PartitionSpec } from "../../cluster/types.js";
import { NemesisError } from "../errors.js";

/** `n1->n2`: how links are written in scenarios and records. */
export function formatLink(link: Link): string {
  return `${link.from}->${link.to}`;
}

/** Parses `n1->n2` into a link, checking both ends are nodes of the cluster. */
export function parseLink(text: string, nodes: readonly NodeName[]): Link {
  const match = /^\s*([^\s>-]+)\s*->\s*([^\s>-]+)\s*$/.exec(text);
  if (!match) throw new NemesisError(`'${text}' is not a link: write it as from->to, e.g. n1->n2`);
  const link = { from: match[1] as string, to: match[2] as string };
  for (const end of [link.from, link.to]) {
    if (!nodes.includes(end)) {
      throw new NemesisError(
        `link '${text}' names ${end}, which is not a node (nodes: ${nodes.join(", ")})`,
      );
    }
  }
  if (link.from === link.to) throw new NemesisError(`link '${text}' goes from a node to itself`);
  return link;
}

/** Every directed link between distinct nodes, in node order. */
export function allLinks(nodes: readonly NodeName[]): Link[] {
  const links: Link[] = [];
  for (const from of nodes) for (const to of nodes) if (from !== to) links.push({ from, to });
  return links;
}

/** Both directions between every node of `left` and every node of `right`. */
export function linksBetween(left: readonly NodeName[], right: readonly NodeName[]): Link[] {
  const links: Link[] = [];
  for (const from of left) for (const to of right) links.push({ from, to }, { from: to, to: from });
  return links;
}

/** The directed links a partition cuts, in node order, without repeats. */
export function cutLinks(spec: PartitionSpec, nodes: readonly NodeName[]): Link[] {
  if ("links" in spec) {
    const names = new Set(spec.links.map(formatLink));
    return allLinks(nodes).filter((link) => names.has(formatLink(link)));
  }
  const groupOf = new Map<NodeName, number>();
  spec.groups.forEach((group, position) => {
    for (const node of group) groupOf.set(node, position);
  });
  return allLinks(nodes).filter((link) => groupOf.get(link.from) !== groupOf.get(link.to));
}

/** Whether a message from `from` reaches `to` under the partition. */
export function canSend(spec: PartitionSpec, from: NodeName, to: NodeName): boolean {
  if (from === to) return true;
  if ("links" in spec) return !spec.links.some((link) => link.from === from && link.to === to);
  const fromGroup = spec.groups.findIndex((group) => group.includes(from));
  const toGroup = spec.groups.findIndex((group) => group.includes(to));
  return fromGroup === toGroup;
}

/** For each node, the nodes it hears from (itself included), sorted: who can reach whom. */
export function hearsFrom(
  spec: PartitionSpec,
  nodes: readonly NodeName[],
): Record<NodeName, NodeName[]> {
  const result: Record<NodeName, NodeName[]> = {};
  for (const to of nodes) result[to] = nodes.filter((from) => canSend(spec, from, to));
  return result;
}
