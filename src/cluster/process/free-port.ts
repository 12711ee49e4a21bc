import net from "node:net";
import { loopbackHost } from "../../raft/node/transport/loopback.js";

/**
 * Ports are the harness's to choose, never the user's problem (DESIGN.md). A port is chosen by
 * binding 127.0.0.1:0, reading what the OS gave, and releasing it; between the release and the
 * real listener's bind another process may take it, so whoever binds for real retries with a new
 * port on EADDRINUSE (`withFreePortRetry`). Where the listener is ours (the link proxies), it
 * binds port 0 itself and there is nothing to race.
 */
export async function allocateFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host: loopbackHost, exclusive: true }, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function isAddressInUse(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "EADDRINUSE";
}

export class NoFreePortError extends Error {
  override name = "NoFreePortError";
}

/**
 * Calls `attempt` with a fresh free port until it does not fail with EADDRINUSE, at most
 * `attemptsMax` times. Any other failure is passed on at once.
 */
export async function withFreePortRetry<T>(
  attempt: (port: number) => Promise<T>,
  options: { attemptsMax?: number } = {},
): Promise<T> {
  const attemptsMax = options.attemptsMax ?? 8;
  const portsTried: number[] = [];
  for (let attemptNumber = 1; attemptNumber <= attemptsMax; attemptNumber++) {
    const port = await allocateFreePort();
    portsTried.push(port);
    try {
      return await attempt(port);
    } catch (error) {
      if (!isAddressInUse(error)) throw error;
    }
  }
  throw new NoFreePortError(
    `every port tried on 127.0.0.1 was taken before it could be bound (${portsTried.join(", ")})`,
  );
}
