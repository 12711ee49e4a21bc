import net from "node:net";
import { describe, expect, it } from "vitest";
import { allocateFreePort, NoFreePortError, withFreePortRetry } from "./free-port.js";

function listen(port: number): Promise<net.Server> {
  const server = net.createServer();
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => resolve(server));
  });
}

const closeServer = (server: net.Server) => new Promise((resolve) => server.close(resolve));

describe("free ports", () => {
  it("allocates a port on 127.0.0.1 that can then be bound", async () => {
    const port = await allocateFreePort();
    const server = await listen(port);
    expect((server.address() as net.AddressInfo).port).toBe(port);
    await closeServer(server);
  });

  it("retries with a new port when the chosen one was taken before the bind", async () => {
    const squatters: net.Server[] = [];
    const tried: number[] = [];
    const server = await withFreePortRetry(async (port) => {
      tried.push(port);
      if (tried.length <= 2) squatters.push(await listen(port)); // someone takes it first
      return listen(port);
    });
    expect(tried).toHaveLength(3);
    expect((server.address() as net.AddressInfo).port).toBe(tried[2]);
    await Promise.all([server, ...squatters].map(closeServer));
  });

  it("gives up after the attempt bound, and passes other errors on at once", async () => {
    const taken = Object.assign(new Error("taken"), { code: "EADDRINUSE" });
    let attempts = 0;
    const always = withFreePortRetry(
      async () => {
        attempts += 1;
        throw taken;
      },
      { attemptsMax: 3 },
    );
    await expect(always).rejects.toBeInstanceOf(NoFreePortError);
    expect(attempts).toBe(3);
    await expect(withFreePortRetry(async () => Promise.reject(new Error("other")))).rejects.toThrow(
      "other",
    );
  });
});
