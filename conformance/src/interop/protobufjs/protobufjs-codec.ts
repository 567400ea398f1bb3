import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import type { JsonValue } from "@bufbuild/protobuf";
import protobuf from "protobufjs";
import protojson from "protobufjs/ext/protojson.js";
import { CodecFailure, UnknownMessageTypeError } from "../codec/codec-errors.js";
import type { WireCodec } from "../codec/wire-codec.js";
import { findPactProtoDir } from "./pact-proto-dir.js";

/** Options of {@link protobufjsCodec}. */
export interface ProtobufjsCodecOptions {
  /** The `proto/` directory to read; found above this module or the working directory by default. */
  readonly protoDir?: string;
  /** Files to load, relative to `protoDir`; by default every `.proto` under `datapact/`. */
  readonly files?: readonly string[];
}

function protoFilesUnder(protoDir: string): string[] {
  const found: string[] = [];
  (function walk(dir: string) {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".proto")) found.push(relative(protoDir, path).split(sep).join("/"));
    }
  })(join(protoDir, "datapact"));
  return found;
}

/** Where protobufjs keeps its copies of google/protobuf/*.proto. */
function protobufjsPackageDir(): string {
  // The CommonJS build has __filename and no import.meta.url; the ESM build the reverse.
  const require = createRequire(typeof __filename === "string" ? __filename : import.meta.url);
  return dirname(require.resolve("protobufjs/package.json"));
}

/**
 * Loads the pact's `.proto` text with protobufjs 8 at run time (no generated
 * code, no compiler): field names kept as written (`keepCase`), and
 * `google/protobuf/*` imports resolved to the copies protobufjs ships. Options
 * are parsed but never needed here. JSON goes through protobufjs's own
 * ProtoJSON extension (`protobufjs/ext/protojson`), binary through
 * `Type.encode`/`Type.decode`.
 *
 * The files are read once, on the first call that needs a type.
 */
export function protobufjsCodec(options: ProtobufjsCodecOptions = {}): WireCodec {
  let root: protobuf.Root | undefined;
  const loaded = (): protobuf.Root => {
    if (root) return root;
    const protoDir = options.protoDir ?? findPactProtoDir();
    const bundled = protobufjsPackageDir();
    const r = new protobuf.Root();
    r.resolvePath = (_origin, target) => (target.startsWith("google/protobuf/") ? join(bundled, target) : join(protoDir, target));
    r.loadSync([...(options.files ?? protoFilesUnder(protoDir))], { keepCase: true });
    r.resolveAll();
    root = r;
    return r;
  };
  const lookup = (typeName: string): protobuf.Type | undefined => {
    const found = loaded().lookup(typeName);
    return found instanceof protobuf.Type ? found : undefined;
  };
  const messageType = (typeName: string): protobuf.Type => {
    const type = lookup(typeName);
    if (!type) throw new UnknownMessageTypeError("protobufjs", typeName);
    return type;
  };
  return {
    name: "protobufjs",
    has: (typeName) => lookup(typeName) !== undefined,
    encode(typeName, json) {
      const type = messageType(typeName);
      try {
        return type.encode(protojson.fromJson(type, json)).finish();
      } catch (cause) {
        throw new CodecFailure("protobufjs", "encode", typeName, cause);
      }
    },
    decode(typeName, bytes): JsonValue {
      const type = messageType(typeName);
      try {
        return protojson.toJson(type, type.decode(bytes)) as JsonValue;
      } catch (cause) {
        throw new CodecFailure("protobufjs", "decode", typeName, cause);
      }
    },
  };
}
