import fc from "fast-check";
import type { KvWriteRequest } from "../command.js";

/** Any write request, for the codec property tests. */
export const arbitraryWriteRequest: fc.Arbitrary<KvWriteRequest> = fc.oneof(
  fc.record({ f: fc.constant("put" as const), key: fc.string(), value: fc.string() }),
  fc.record({ f: fc.constant("append" as const), key: fc.string(), value: fc.string() }),
  fc.record({
    f: fc.constant("cas" as const),
    key: fc.string(),
    from: fc.option(fc.string(), { nil: null }),
    to: fc.string(),
  }),
);
