/** A fault or call that names a node the cluster does not have: the caller's mistake. */
export class UnknownNodeError extends Error {
  readonly exitCode = 64;
  override name = "UnknownNodeError";
  constructor(node: string, nodes: readonly string[], where: string) {
    super(`${where}: there is no node '${node}' (the cluster has ${nodes.join(", ")})`);
  }
}

/** A value a fault method cannot take (a probability above 1, a negative delay, ...). */
export class SimArgumentError extends Error {
  readonly exitCode = 64;
  override name = "SimArgumentError";
}

/** The simulation stopped (by `stop()`, by its limit, or because a node failed): pending sleeps reject with it. */
export class SimulationStoppedError extends Error {
  override name = "SimulationStoppedError";
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}
