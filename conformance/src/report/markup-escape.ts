/** Characters XML 1.0 cannot carry at all, even escaped. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Escapes text for XML and HTML content and attribute values, dropping characters XML cannot carry. */
export function escapeMarkup(text: string): string {
  return text
    .replace(FORBIDDEN, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
