/** Escaping for text and attributes in the page, and for JSON embedded in a `<script>` element. */

const htmlEntities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEntities[char]!);
}

/**
 * JSON that is safe inside `<script type="application/json">`: `<` is written as `\u003c`, so no
 * value (a key named `</script>`, say) can close the element early; JSON.parse reads it back.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * Script or style text that is safe inside its element: a literal `</script` or `</style` in a
 * string would end the element, so the slash is escaped (`<\/script` means the same in JS and CSS strings).
 */
export function safeElementText(text: string, element: "script" | "style"): string {
  return text.replace(new RegExp(`</(${element})`, "gi"), "<\\/$1");
}
