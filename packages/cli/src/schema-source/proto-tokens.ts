/** One token of `.proto` text with where it starts (0-based, like SourceCodeInfo). */
export interface ProtoToken {
  readonly kind: "ident" | "number" | "string" | "symbol";
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const TAB_WIDTH = 4;

/**
 * Splits `.proto` text into tokens with their line and column, skipping
 * comments. Columns advance to the next multiple of 4 at a tab, as buf
 * counts them, so positions match the SourceCodeInfo of `buf build`. Never
 * throws: unterminated strings and comments end at the end of the text
 * (protobufjs has already rejected malformed text by the time positions are
 * wanted).
 */
export function tokenizeProto(text: string): ProtoToken[] {
  const tokens: ProtoToken[] = [];
  let i = 0;
  let line = 0;
  let column = 0;
  const advance = (n: number): void => {
    for (let k = 0; k < n && i < text.length; k++, i++) {
      const c = text[i];
      if (c === "\n") {
        line++;
        column = 0;
      } else if (c === "\t") {
        column += TAB_WIDTH - (column % TAB_WIDTH);
      } else {
        column++;
      }
    }
  };
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      advance(1);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") advance(1);
    } else if (c === "/" && text[i + 1] === "*") {
      advance(2);
      while (i < text.length && !(text[i] === "*" && text[i + 1] === "/")) advance(1);
      advance(2);
    } else if (c === '"' || c === "'") {
      const start = { line, column };
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      const end = Math.min(j + 1, text.length);
      tokens.push({ kind: "string", text: text.slice(i, end), ...start });
      advance(end - i);
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 256))!;
      tokens.push({ kind: "ident", text: m[0], line, column });
      advance(m[0].length);
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      const m = /^[0-9A-Za-z_.]+([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 256))!;
      tokens.push({ kind: "number", text: m[0], line, column });
      advance(m[0].length);
    } else {
      tokens.push({ kind: "symbol", text: c, line, column });
      advance(1);
    }
  }
  return tokens;
}
