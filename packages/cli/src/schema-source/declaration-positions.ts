import type { ProtoToken } from "./proto-tokens.js";

/** A declaration's start, 0-based. */
export interface DeclarationPosition {
  readonly line: number;
  readonly column: number;
}

/** Where a file's declarations start, keyed by full name (no leading dot). */
export interface DeclarationPositions {
  /** The `package` statement, if any. */
  readonly package: DeclarationPosition | undefined;
  /** Messages (`pkg.Outer.Inner`), enums and fields (`pkg.Msg.field`). */
  readonly elements: ReadonlyMap<string, DeclarationPosition>;
  /** The `syntax` or `edition` statement's value: "proto2", "proto3", "2023"... */
  readonly syntax: string | undefined;
}

const LABELS = new Set(["optional", "required", "repeated"]);
const SKIPPED_STATEMENTS = new Set(["option", "reserved", "extensions", "import", "syntax", "edition", "package"]);

/**
 * Finds where every message, enum and field of a `.proto` file is declared,
 * the positions protoc writes to SourceCodeInfo: a message at its `message`
 * keyword, a field at its label (or type, or `map`). protobufjs keeps no
 * positions, so this walks the tokens itself. It is lenient: anything it does
 * not understand is skipped, and the element simply has no position.
 */
export function declarationPositions(tokens: readonly ProtoToken[]): DeclarationPositions {
  const elements = new Map<string, DeclarationPosition>();
  let packagePosition: DeclarationPosition | undefined;
  let syntax: string | undefined;
  let pkg = "";
  let i = 0;
  const at = (k: number): string | undefined => tokens[k]?.text;
  const pos = (t: ProtoToken): DeclarationPosition => ({ line: t.line, column: t.column });
  const join = (scope: string, name: string): string => (scope ? `${scope}.${name}` : name);

  /** Skips to just past the `;` (or balanced `{...}` block) that ends the statement starting at i. */
  function skipStatement(): void {
    let depth = 0;
    while (i < tokens.length) {
      const t = tokens[i++].text;
      if (t === "{" || t === "[" || t === "(") depth++;
      else if (t === "}" || t === "]" || t === ")") {
        depth--;
        if (depth <= 0 && t === "}") {
          if (at(i) === ";") i++;
          return;
        }
        if (depth < 0) return;
      } else if (t === ";" && depth <= 0) return;
    }
  }

  /** Skips a balanced `{...}` block whose `{` is at or after i. */
  function skipBlock(): void {
    while (i < tokens.length && at(i) !== "{") i++;
    let depth = 0;
    while (i < tokens.length) {
      const t = tokens[i++].text;
      if (t === "{") depth++;
      else if (t === "}" && --depth === 0) return;
    }
  }

  /** Reads a (possibly dotted, possibly leading-dot) type name at i. */
  function readTypeName(): string {
    let name = "";
    if (at(i) === ".") name += tokens[i++].text;
    while (tokens[i]?.kind === "ident") {
      name += tokens[i++].text;
      if (at(i) === "." && tokens[i + 1]?.kind === "ident") name += tokens[i++].text;
      else break;
    }
    return name;
  }

  /** Walks a body (file, message or oneof) until its closing `}` (consumed) or the end. */
  function body(scope: string, inMessage: boolean): void {
    while (i < tokens.length) {
      const token = tokens[i];
      const t = token.text;
      if (t === "}") {
        i++;
        return;
      }
      if (t === ";") {
        i++;
        continue;
      }
      if (t === "export" || t === "local") {
        i++;
        continue;
      }
      if (t === "package" && !inMessage) {
        packagePosition = pos(token);
        i++;
        pkg = readTypeName();
        scope = pkg;
        skipStatement();
        continue;
      }
      if ((t === "syntax" || t === "edition") && !inMessage) {
        const value = tokens[i + 2];
        if (value?.kind === "string") syntax = value.text.slice(1, -1);
        skipStatement();
        continue;
      }
      if (SKIPPED_STATEMENTS.has(t)) {
        skipStatement();
        continue;
      }
      if (t === "message" && tokens[i + 1]?.kind === "ident") {
        const name = join(scope, tokens[i + 1].text);
        elements.set(name, pos(token));
        i += 2;
        if (at(i) === "{") {
          i++;
          body(name, true);
        }
        continue;
      }
      if (t === "enum" && tokens[i + 1]?.kind === "ident") {
        elements.set(join(scope, tokens[i + 1].text), pos(token));
        skipBlock();
        continue;
      }
      if (t === "service" || t === "extend") {
        skipBlock();
        continue;
      }
      if (t === "oneof" && inMessage) {
        i += 2;
        if (at(i) === "{") {
          i++;
          body(scope, true);
        }
        continue;
      }
      if (inMessage) {
        field(scope, token);
        continue;
      }
      skipStatement();
    }
  }

  /** A field (or map field, or group) declaration starting at `first`. */
  function field(scope: string, first: ProtoToken): void {
    if (LABELS.has(first.text) && tokens[i + 1]?.kind === "ident") i++;
    if (at(i) === "map" && at(i + 1) === "<") {
      while (i < tokens.length && at(i) !== ">") i++;
      i++;
    } else if (at(i) === "group") {
      const name = tokens[i + 1];
      if (name?.kind === "ident") {
        elements.set(join(scope, name.text.toLowerCase()), pos(first));
        elements.set(join(scope, name.text), pos(first));
        while (i < tokens.length && at(i) !== "{" && at(i) !== ";") i++;
        if (at(i) === "{") {
          i++;
          body(join(scope, name.text), true);
        } else skipStatement();
      } else skipStatement();
      return;
    } else {
      readTypeName();
    }
    const name = tokens[i];
    if (name?.kind === "ident" && at(i + 1) === "=") elements.set(join(scope, name.text), pos(first));
    skipStatement();
  }

  while (i < tokens.length) {
    const before = i;
    body(pkg, false);
    if (i === before) i++;
  }
  return { package: packagePosition, elements, syntax };
}
