import fs from "node:fs";

/** Promise forms of the few descriptor calls the file layer needs (libuv's thread pool). */

/** Writes all of `bytes` at `position`, looping over short writes (bounded by the byte count). */
export async function writeAll(fd: number, bytes: Uint8Array, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const count = await new Promise<number>((resolve, reject) => {
      fs.write(
        fd,
        bytes,
        written,
        bytes.length - written,
        position + written,
        (error, bytesWritten) => (error ? reject(error) : resolve(bytesWritten)),
      );
    });
    if (count <= 0) throw new Error(`write made no progress at offset ${position + written}`);
    written += count;
  }
}

export function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) =>
    fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())),
  );
}

export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) =>
    fs.fsync(fd, (error) => (error ? reject(error) : resolve())),
  );
}

/** Makes a directory's entries (a created or renamed file) durable. */
export async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await fs.promises.open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
