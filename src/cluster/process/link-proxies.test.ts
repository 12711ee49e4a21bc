import { afterEach, describe, expect, it } from "vitest";
import { PeerSender } from "../../raft/node/transport/peer-sender.js";
import { waitUntil } from "../../raft/node/transport/test-support.js";
import { LinkProxies } from "./link-proxies.js";
import { startSink } from "./proxy-test-support.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Three stand-in nodes, each sending to each other through the proxies. */
async function threeNodes() {
  const nodes = ["n1", "n2", "n3"];
  const proxies = await LinkProxies.start({ nodes, seed: 3 });
  cleanups.push(() => proxies.close());
  const sinks = new Map<string, Awaited<ReturnType<typeof startSink>>>();
  for (const node of nodes) {
    const sink = await startSink();
    cleanups.push(() => sink.server.close());
    sinks.set(node, sink);
    proxies.setNodePort(node, sink.server.port);
  }
  const senders = new Map<string, PeerSender>();
  for (const from of nodes) {
    for (const to of nodes) {
      if (from === to) continue;
      const sender = new PeerSender({ peer: to, address: proxies.addressFor({ from, to }) });
      cleanups.push(() => sender.close());
      senders.set(`${from}->${to}`, sender);
    }
  }
  /**
   * Every node sends one frame "round:from->to" to every other; waits until `expected` of them
   * arrived (the senders may still be connecting), then a little longer for any unexpected
   * ones, and returns what each node got.
   */
  const exchange = async (round: string, expected: number) => {
    const received = () =>
      Object.fromEntries(
        nodes.map((node) => [
          node,
          sinks
            .get(node)!
            .texts()
            .filter((text) => text.startsWith(`${round}:`))
            .sort(),
        ]),
      );
    const count = () => Object.values(received()).flat().length;
    for (const [name, sender] of senders) sender.send(Buffer.from(`${round}:${name}`));
    await waitUntil(() => count() >= expected, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return received();
  };
  return { proxies, sinks, exchange };
}

describe("LinkProxies", () => {
  it("cuts both directions between partition groups and nothing within a group", async () => {
    const { proxies, exchange } = await threeNodes();
    proxies.partition({ groups: [["n1"], ["n2", "n3"]] });
    expect(await exchange("a", 2)).toEqual({
      n1: [],
      n2: ["a:n3->n2"],
      n3: ["a:n2->n3"],
    });
  });

  it("puts the nodes no group names together in one more group", async () => {
    const { proxies, exchange } = await threeNodes();
    proxies.partition({ groups: [["n1"]] });
    expect(await exchange("u", 2)).toEqual({ n1: [], n2: ["u:n3->n2"], n3: ["u:n2->n3"] });
  });

  it("cuts one direction only for a one-way partition, and heals", async () => {
    const { proxies, exchange } = await threeNodes();
    proxies.partition({ links: [{ from: "n1", to: "n2" }] });
    const cut = await exchange("b", 5);
    expect(cut.n2).toEqual(["b:n3->n2"]);
    expect(cut.n1).toEqual(["b:n2->n1", "b:n3->n1"]);
    proxies.heal();
    await waitUntil(() => proxies.proxy({ from: "n1", to: "n2" }).currentFaults.cut === false);
    expect((await exchange("c", 6)).n2).toEqual(["c:n1->n2", "c:n3->n2"]);
  });

  it("keeps link faults across a partition and its heal", async () => {
    const { proxies } = await threeNodes();
    proxies.setLinkFaults({ drop: 0.25, delayMs: [1, 2] }, [{ from: "n2", to: "n3" }]);
    proxies.partition({ groups: [["n1", "n2"], ["n3"]] });
    proxies.heal();
    const faults = proxies.proxy({ from: "n2", to: "n3" }).currentFaults;
    expect(faults).toMatchObject({ cut: false, drop: 0.25, delayMs: [1, 2] });
    expect(proxies.proxy({ from: "n3", to: "n2" }).currentFaults.drop).toBe(0);
    proxies.setLinkFaults({});
    expect(proxies.proxy({ from: "n2", to: "n3" }).currentFaults.drop).toBe(0);
  });

  it("refuses unknown nodes and invalid faults without changing anything", async () => {
    const { proxies } = await threeNodes();
    expect(() => proxies.partition({ groups: [["n1", "n9"]] })).toThrow(/unknown node n9/);
    expect(() => proxies.partition({ links: [{ from: "n1", to: "n1" }] })).toThrow(
      /no link n1->n1/,
    );
    expect(() => proxies.setLinkFaults({ duplicate: 2 })).toThrow(/duplicate must be/);
    expect(proxies.proxy({ from: "n1", to: "n2" }).currentFaults.cut).toBe(false);
  });
});
