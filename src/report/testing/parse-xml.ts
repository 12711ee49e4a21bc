/**
 * A small strict XML reader for tests: it throws on anything not well-formed (unbalanced or
 * misnested tags, a raw `<` or `&` in text or attributes, unknown entities, duplicate
 * attributes, characters XML 1.0 forbids) and returns the element tree with decoded text, so a
 * test can check that what went in comes back out. Enough for junit.xml; no DTDs, no CDATA.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const namePattern = /^[A-Za-z_][\w.-]*/;
const attributePattern = /^\s+([A-Za-z_][\w.-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: checking for exactly those characters
const forbiddenCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function parseXml(source: string): XmlElement {
  if (forbiddenCharacters.test(source)) throw new Error("a character XML 1.0 forbids");
  let rest = source.replace(/^<\?xml[^?]*\?>\s*/, "");
  const root: XmlElement = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  while (rest.length > 0) {
    const top = stack[stack.length - 1]!;
    const lessThan = rest.indexOf("<");
    const textEnd = lessThan === -1 ? rest.length : lessThan;
    top.text += decodeEntities(rest.slice(0, textEnd));
    rest = rest.slice(textEnd);
    if (rest.length === 0) break;
    if (rest.startsWith("</")) {
      const match = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(rest);
      if (!match || match[1] !== top.name)
        throw new Error(`misnested close tag near ${rest.slice(0, 40)}`);
      stack.pop();
      rest = rest.slice(match[0].length);
      continue;
    }
    rest = readStartTag(rest, stack);
  }
  if (stack.length !== 1) throw new Error(`unclosed element ${stack[stack.length - 1]!.name}`);
  const elements = root.children;
  if (elements.length !== 1 || root.text.trim() !== "")
    throw new Error("not exactly one root element");
  return elements[0]!;
}

function readStartTag(source: string, stack: XmlElement[]): string {
  const nameMatch = namePattern.exec(source.slice(1));
  if (!nameMatch) throw new Error(`bad tag near ${source.slice(0, 40)}`);
  const element: XmlElement = { name: nameMatch[0], attributes: {}, children: [], text: "" };
  let rest = source.slice(1 + nameMatch[0].length);
  for (;;) {
    const attribute = attributePattern.exec(rest);
    if (!attribute) break;
    const attributeName = attribute[1]!;
    if (attributeName in element.attributes)
      throw new Error(`duplicate attribute ${attributeName}`);
    element.attributes[attributeName] = decodeEntities(attribute[3] ?? attribute[4] ?? "");
    rest = rest.slice(attribute[0].length);
  }
  const close = /^\s*(\/?)>/.exec(rest);
  if (!close) throw new Error(`bad start tag near ${source.slice(0, 60)}`);
  stack[stack.length - 1]!.children.push(element);
  if (close[1] !== "/") stack.push(element);
  return rest.slice(close[0].length);
}

const namedEntities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) {
    throw new Error(`a raw & in ${JSON.stringify(text.slice(0, 60))}`);
  }
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    if (entity.startsWith("#x")) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return namedEntities[entity]!;
  });
}

/** Every element below `element` (depth first) with the given name. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of element.children) {
    if (child.name === name) found.push(child);
    found.push(...findAll(child, name));
  }
  return found;
}
