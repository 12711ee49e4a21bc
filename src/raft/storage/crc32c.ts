/**
 * CRC-32C (Castagnoli), the checksum of the write-ahead log's records. Castagnoli rather than
 * the zip CRC-32 because it detects more error patterns at record sizes and is the one storage
 * systems use (iSCSI, ext4, LevelDB). Table-driven, one byte at a time: the log's records are
 * small, and this stays well off the simulator's profile.
 */

/** The reflected Castagnoli polynomial. */
const polynomialReflected = 0x82f63b78;

const table: Uint32Array = buildTable();

function buildTable(): Uint32Array {
  const result = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let value = byte;
    for (let bit = 0; bit < 8; bit++) {
      value = value & 1 ? (value >>> 1) ^ polynomialReflected : value >>> 1;
    }
    result[byte] = value >>> 0;
  }
  return result;
}

/** The CRC-32C of `bytes[start, end)` as an unsigned 32-bit integer. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  for (let offset = start; offset < end; offset++) {
    crc = table[(crc ^ (bytes[offset] as number)) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
