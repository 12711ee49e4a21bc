/** Bytes that do not form a valid value: says what was wrong and at which byte offset. */
export class CodecError extends Error {
  override readonly name = "CodecError";
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.offset = offset;
  }
}
