import protobuf from "protobufjs";
import { declarationPositions, type DeclarationPositions } from "./declaration-positions.js";
import { ProtoSyntaxError, reasonOf } from "./input-error.js";
import { tokenizeProto } from "./proto-tokens.js";

/** One `.proto` file parsed on its own, before types are resolved across files. */
export interface ParsedProtoFile {
  /** The import path (`datapact/devices/band/v1/band.proto`), the descriptor's file name. */
  readonly name: string;
  /** The path findings and errors show (relative to the working directory, or a label for embedded files). */
  readonly displayPath: string;
  readonly package: string;
  readonly imports: readonly string[];
  /** protobufjs's reflection tree of this file alone. */
  readonly root: protobuf.Root;
  readonly positions: DeclarationPositions;
}

// Only identifiers and punctuation are echoed from protobufjs's messages; a
// string literal in a schema is still input we do not print.
// protobufjs names the file in its error messages through a property of
// `parse` its typings do not declare.
const parseState = protobuf.parse as unknown as { filename: string | null };

const SAFE_TOKEN = /^([A-Za-z_][A-Za-z0-9_.]*|[^\sA-Za-z0-9_'"])$/;

function syntaxError(displayPath: string, err: unknown): ProtoSyntaxError {
  const message = reasonOf(err);
  const m = /^illegal (.+?) '(.*)' \((?:.*, )?line (\d+)\)$/s.exec(message);
  if (m) {
    const token = SAFE_TOKEN.test(m[2]) ? ` '${m[2]}'` : "";
    return new ProtoSyntaxError(displayPath, Number(m[3]), `illegal ${m[1]}${token}`);
  }
  return new ProtoSyntaxError(displayPath, undefined, message.replace(/'[^']*'/g, (q) => (SAFE_TOKEN.test(q.slice(1, -1)) ? q : "'…'")));
}

/**
 * Parses `.proto` text with protobufjs into its own Root (so file options and
 * duplicate names stay per file) and finds its declarations' positions.
 * Throws {@link ProtoSyntaxError} with file and line on malformed text.
 */
export function parseProtoFile(name: string, displayPath: string, text: string): ParsedProtoFile {
  const root = new protobuf.Root();
  let result: protobuf.IParserResult;
  try {
    // protobufjs reads the file name for its messages from a global.
    parseState.filename = name;
    result = protobuf.parse(text, root, { keepCase: true, alternateCommentMode: true });
  } catch (err) {
    throw syntaxError(displayPath, err);
  } finally {
    parseState.filename = null;
  }
  return {
    name,
    displayPath,
    package: result.package ?? "",
    imports: [...(result.imports ?? []), ...(result.weakImports ?? [])],
    root,
    positions: declarationPositions(tokenizeProto(text)),
  };
}
