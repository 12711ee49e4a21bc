import type { ClientOutcome, ClusterClient, KvRequest, NodeName } from "../types.js";

/** What a simulated client needs from its cluster. */
export interface ClientTransport {
  call(
    clientId: string,
    request: KvRequest,
    options: { node: NodeName; sequence: number; timeoutMs: number },
  ): Promise<ClientOutcome>;
}

/** One client session of a simulated cluster: each call is one request to one node. */
export class SimClient implements ClusterClient {
  constructor(
    readonly clientId: string,
    private readonly transport: ClientTransport,
  ) {}

  call(
    request: KvRequest,
    options: { node: NodeName; sequence: number; timeoutMs: number },
  ): Promise<ClientOutcome> {
    return this.transport.call(this.clientId, request, options);
  }
}
