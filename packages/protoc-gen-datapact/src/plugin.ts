import type { DescMessage } from "@bufbuild/protobuf";
import { createEcmaScriptPlugin, type Schema } from "@bufbuild/protoplugin";
import { barredFields, TIERS, type TierName } from "./barred-fields.js";

/** The file the plugin writes, at the root of its output directory. */
export const GUARDS_FILE = "pact_guards.ts";

// The generic half of the output: identical for every schema, so it is text.
const GUARD_TYPES = `
type TierName = ${Object.keys(TIERS)
  .map((t) => JSON.stringify(t))
  .join(" | ")};
type Barred<N, K extends TierName> = N extends keyof BarredFields ? BarredFields[N][K] : never;

type StoredValue<V, K extends TierName> = V extends Uint8Array
  ? V
  : V extends { $typeName: string }
    ? StoredRecord<V, K>
    : V extends readonly (infer E)[]
      ? StoredValue<E, K>[]
      : V;

// A oneof loses the cases that are barred; the others keep their values' guards.
type StoredMember<V, D, K extends TierName> = V extends { case: infer C; value?: infer X }
  ? C extends undefined
    ? V
    : C extends D
      ? never
      : { case: C; value: StoredValue<X, K> }
  : StoredValue<V, K>;

/**
 * What of a message may be stored at tier K: barred fields are removed and
 * typed \`?: never\`, so handing a full message (say, a notification with its
 * display-only text) to a function that takes a StoredRecord fails to compile.
 * Held messages are guarded recursively; map values are not narrowed (the
 * runtime policy still strips them).
 */
export type StoredRecord<T extends { $typeName: string }, K extends TierName> = {
  [P in keyof T as P extends Barred<T["$typeName"], K> ? never : P]: StoredMember<T[P], Barred<T["$typeName"], K>, K>;
} & { [P in Barred<T["$typeName"], K> & keyof T]?: never };

/** What of T may be stored in the cloud. */
export type CloudRecord<T extends { $typeName: string }> = StoredRecord<T, "cloud">;
/** What of T may be stored by the companion app. */
export type AppRecord<T extends { $typeName: string }> = StoredRecord<T, "app">;
/** What of T may be stored on the device. */
export type DeviceRecord<T extends { $typeName: string }> = StoredRecord<T, "device">;
`;

function* allMessages(schema: Schema): Generator<DescMessage> {
  for (const file of schema.files)
    for (const type of schema.typesInFile(file)) if (type.kind === "message" && !type.proto.options?.mapEntry) yield type;
}

function generateTs(schema: Schema): void {
  const f = schema.generateFile(GUARDS_FILE);
  f.preamble(schema.files[0]!);
  f.print("/**");
  f.print(" * Per message type, the fields (local names) that may never be stored at each");
  f.print(" * tier, as decided by @datapact/policy from the pact's annotations.");
  f.print(" */");
  f.print("export interface BarredFields {");
  for (const message of allMessages(schema)) {
    const barred = barredFields(message);
    const union = (names: string[]) => (names.length === 0 ? "never" : names.map((n) => JSON.stringify(n)).join(" | "));
    const tiers = (Object.keys(TIERS) as TierName[]).map((t) => `${t}: ${union(barred[t])}`).join("; ");
    f.print("  ", JSON.stringify(message.typeName), ": { ", tiers, " };");
  }
  f.print("}");
  f.print(GUARD_TYPES);
}

/**
 * protoc-gen-datapact: emits `pact_guards.ts`, type-level storage guards for
 * every message of the request. Run it with buf's `strategy: all` so that one
 * invocation sees every file.
 */
export const protocGenDatapact = createEcmaScriptPlugin({
  name: "protoc-gen-datapact",
  version: "v0.1.0",
  generateTs,
});
