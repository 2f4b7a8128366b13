/** Text inside HTML or SVG markup. */

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * `text` safe as an element's content or a quoted attribute value in HTML and SVG.
 *
 * @example
 * ```ts
 * escapeMarkup('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 * ```
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char] as string);
}
