import { afterEach, describe, expect, it } from "vitest";
import { ClientCallError, ClientConnection } from "./client-connection.js";
import { ClientServer } from "./client-server.js";
import { unusedPort } from "./test-support.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server whose handler answers "echo:<body>" after the number of ms the body names. */
async function echoServer(inFlightMaxPerConnection?: number) {
  const server = await ClientServer.start({
    nodeId: "n1",
    port: 0,
    inFlightMaxPerConnection,
    async handle(body) {
      const text = Buffer.from(body).toString();
      if (text === "throw") throw new Error("handler broke");
      await new Promise((resolve) => setTimeout(resolve, Number(text) || 0));
      return Buffer.from(`echo:${text}`);
    },
  });
  cleanups.push(() => server.close());
  const connection = await ClientConnection.connect({ port: server.port });
  cleanups.push(() => connection.close());
  return { server, connection };
}

const call = (connection: ClientConnection, text: string, timeoutMs = 2000) =>
  connection.request(Buffer.from(text), { timeoutMs }).then((body) => Buffer.from(body).toString());

describe("client API", () => {
  it("matches answers to requests when they finish out of order", async () => {
    const { connection } = await echoServer();
    const answers = await Promise.all([call(connection, "60"), call(connection, "1")]);
    expect(answers).toEqual(["echo:60", "echo:1"]);
  });

  it("reports a handler error as failed, which may have been applied", async () => {
    const { connection } = await echoServer();
    const error = await connection
      .request(Buffer.from("throw"), { timeoutMs: 1000 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ClientCallError);
    expect(error).toMatchObject({
      failure: "failed",
      message: "handler broke",
      maybeApplied: true,
    });
  });

  it("refuses requests beyond the server's in-flight bound as certainly not applied", async () => {
    const { connection } = await echoServer(1);
    const results = await Promise.allSettled([call(connection, "50"), call(connection, "1")]);
    expect(results[0]).toEqual({ status: "fulfilled", value: "echo:50" });
    expect(results[1]).toMatchObject({
      status: "rejected",
      reason: { failure: "rejected", maybeApplied: false },
    });
  });

  it("times out a request whose answer does not come in time", async () => {
    const { connection } = await echoServer();
    await expect(call(connection, "500", 20)).rejects.toMatchObject({ failure: "timeout" });
    expect(connection.inFlight).toBe(0);
  });

  it("fails open requests as connection-lost when the server goes away", async () => {
    const { server, connection } = await echoServer();
    const open = call(connection, "1000");
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server.close();
    await expect(open).rejects.toMatchObject({ failure: "connection-lost", maybeApplied: true });
    await expect(call(connection, "1")).rejects.toMatchObject({ failure: "not-sent" });
  });

  it("reports a node that is not listening as connect-failed", async () => {
    const port = await unusedPort();
    await expect(ClientConnection.connect({ port })).rejects.toMatchObject({
      failure: "connect-failed",
      maybeApplied: false,
    });
  });
});
