/**
 * Length-prefixed frames: a 4-byte big-endian payload length, then the payload. One frame
 * carries one opaque message (the codec is the caller's). Frames are never empty and never
 * longer than a bound, so a reader can tell a garbled stream (a length of 0 or beyond the bound)
 * from a slow one, and its buffering is bounded by the bound plus one chunk.
 */

export const frameHeaderBytes = 4;

/** Default bound on a frame's payload: large enough for a batch of entries, small enough to hold. */
export const frameBytesMaxDefault = 8 * 1024 * 1024;

/**
 * The largest client frame (request or response envelope) the client API carries: a key-value
 * request names a client, a key and at most two values, which the workloads keep to a few bytes.
 * A larger frame is not a client talking: its connection is closed at its header.
 */
export const clientFrameBytesMax = 64 * 1024;

/** Room in a peer frame for a message's own fields (type, names, term, indexes, counts). */
const peerMessageFieldsBytesMax = 4 * 1024;
/**
 * How much larger than the Raft core counts them (data + 8 bytes) entries are once encoded: an
 * entry's term, index and length take at most 20 bytes, so 2.5 times for an empty entry.
 */
const encodedEntryGrowthMax = 3;

/**
 * The largest peer frame the protocol carries for a given `maxMessageBytes` (the Raft core's
 * bound on an append's entries, 64 KiB by default): entries of that many counted bytes as
 * encoded, plus the one entry an append always carries whatever its size (a client command, no
 * larger than a client frame), plus the message's fields. 260 KiB by default; a frame announcing
 * more is not a peer talking, and its connection is closed at its header.
 */
export function peerFrameBytesMax(maxMessageBytes: number): number {
  return encodedEntryGrowthMax * maxMessageBytes + clientFrameBytesMax + peerMessageFieldsBytesMax;
}

/** The stream is not a sequence of valid frames; the connection carrying it must be closed. */
export class FrameError extends Error {
  override name = "FrameError";
}

export function encodeFrame(
  payload: Uint8Array,
  frameBytesMax: number = frameBytesMaxDefault,
): Buffer {
  assertPayloadLength(payload.length, frameBytesMax);
  const frame = Buffer.allocUnsafe(frameHeaderBytes + payload.length);
  frame.writeUInt32BE(payload.length, 0);
  frame.set(payload, frameHeaderBytes);
  return frame;
}

function assertPayloadLength(length: number, frameBytesMax: number): void {
  if (length === 0) throw new FrameError("empty frame: a frame carries one non-empty message");
  if (length > frameBytesMax) {
    throw new FrameError(`frame of ${length} bytes exceeds the bound of ${frameBytesMax} bytes`);
  }
}

/**
 * Cuts a byte stream, arriving in chunks of any size, into frame payloads. `read` hands each
 * payload the chunk completes to `onPayload`, in order, and only then throws a FrameError for
 * garbage that follows them in the same chunk. After a FrameError the reader stays broken: the
 * stream cannot be resynchronised, so every later read throws the same error.
 * Payloads may share memory with the chunks; callers must not modify them.
 */
export class FrameReader {
  private readonly chunks: Buffer[] = [];
  private bufferedBytes = 0;
  /** The payload length announced by the current frame's header, once it has been read. */
  private payloadBytesExpected: number | null = null;
  private failure: FrameError | null = null;

  constructor(private readonly frameBytesMax: number = frameBytesMaxDefault) {
    if (!Number.isInteger(frameBytesMax) || frameBytesMax < 1) {
      throw new Error(`frameBytesMax must be a positive integer, got ${frameBytesMax}`);
    }
  }

  /** Bytes held that do not yet make a whole frame. */
  get pendingBytes(): number {
    return this.bufferedBytes;
  }

  read(chunk: Uint8Array, onPayload: (payload: Uint8Array) => void): void {
    if (this.failure !== null) throw this.failure;
    if (chunk.length > 0) {
      this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      this.bufferedBytes += chunk.length;
    }
    for (;;) {
      const payload = this.nextPayload();
      if (payload === null) return;
      onPayload(payload);
    }
  }

  /** `read`, collecting the payloads (a FrameError loses those before it in the chunk). */
  push(chunk: Uint8Array): Uint8Array[] {
    const payloads: Uint8Array[] = [];
    this.read(chunk, (payload) => payloads.push(payload));
    return payloads;
  }

  private nextPayload(): Uint8Array | null {
    if (this.payloadBytesExpected === null) {
      if (this.bufferedBytes < frameHeaderBytes) return null;
      const length = this.take(frameHeaderBytes).readUInt32BE(0);
      try {
        assertPayloadLength(length, this.frameBytesMax);
      } catch (error) {
        this.failure = error as FrameError;
        throw error;
      }
      this.payloadBytesExpected = length;
    }
    if (this.bufferedBytes < this.payloadBytesExpected) return null;
    const payload = this.take(this.payloadBytesExpected);
    this.payloadBytesExpected = null;
    return payload;
  }

  /** Removes and returns the first `count` buffered bytes; the caller checked they are there. */
  private take(count: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= count) {
      const taken = first.subarray(0, count);
      if (first.length === count) this.chunks.shift();
      else this.chunks[0] = first.subarray(count);
      this.bufferedBytes -= count;
      return taken;
    }
    const taken = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.chunks[0]!;
      const used = Math.min(chunk.length, count - filled);
      chunk.copy(taken, filled, 0, used);
      filled += used;
      if (used === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(used);
    }
    this.bufferedBytes -= count;
    return taken;
  }
}
