/** A nemesis description that cannot be carried out (an unknown node, overlapping groups...). */
export class NemesisError extends Error {
  readonly exitCode = 64;
  override name = "NemesisError";
}
