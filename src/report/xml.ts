/**
 * XML text and attribute escaping for junit.xml. Reasons and messages can hold anything a
 * history held (keys, values, error strings), so characters XML 1.0 cannot carry at all
 * (control characters other than tab, newline and carriage return; lone surrogates) are
 * replaced by U+FFFD rather than written raw, which would make the whole file unreadable.
 */

// Built from strings: a regex literal of control characters reads as a mistake to linters.
const forbiddenInXml = new RegExp(
  [
    "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]",
    "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])",
    "(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]",
  ].join("|"),
  "g",
);

const textEntities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
};

const attributeEntities: Record<string, string> = {
  ...textEntities,
  '"': "&quot;",
  "'": "&apos;",
  // Inside an attribute a raw newline or tab is normalised to a space by XML parsers;
  // character references keep a multi-line message intact.
  "\n": "&#10;",
  "\r": "&#13;",
  "\t": "&#9;",
};

/** Escapes text for element content. */
export function escapeXmlText(text: string): string {
  return text.replace(forbiddenInXml, "\uFFFD").replace(/[&<>]/g, (char) => textEntities[char]!);
}

/** Escapes text for a double- or single-quoted attribute value. */
export function escapeXmlAttribute(text: string): string {
  return text
    .replace(forbiddenInXml, "\uFFFD")
    .replace(/[&<>"'\n\r\t]/g, (char) => attributeEntities[char]!);
}
