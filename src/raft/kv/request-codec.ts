import type { ByteReader, ByteWriter } from "./bytes.js";
import type { KvRequest } from "./requests.js";

/** One tag byte per request function; shared by the log command and the client request frame. */
const REQUEST_TAG = { get: 1, put: 2, append: 3, cas: 4 } as const;

export function writeKvRequest(writer: ByteWriter, request: KvRequest): void {
  writer.byte(REQUEST_TAG[request.f]).string(request.key);
  switch (request.f) {
    case "get":
      return;
    case "put":
    case "append":
      writer.string(request.value);
      return;
    case "cas":
      writer.optionalString(request.from).string(request.to);
      return;
  }
}

export function readKvRequest(reader: ByteReader): KvRequest {
  const tag = reader.byte();
  switch (tag) {
    case REQUEST_TAG.get:
      return { f: "get", key: reader.name() };
    case REQUEST_TAG.put:
      return { f: "put", key: reader.name(), value: reader.string() };
    case REQUEST_TAG.append:
      return { f: "append", key: reader.name(), value: reader.string() };
    case REQUEST_TAG.cas: {
      const key = reader.name();
      const from = reader.optionalString();
      return { f: "cas", key, from, to: reader.string() };
    }
    default:
      return reader.fail(`unknown request tag ${tag}`);
  }
}
