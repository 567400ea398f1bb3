import { Purpose } from "@datapact/proto";
import { CorruptStateError } from "../errors/corrupt-state-error.js";

/** A local consent change the cloud has not acknowledged yet. */
export type MirrorOperation =
  | { readonly op: "withdraw"; readonly productId: string; readonly purposes: readonly Purpose[] }
  | { readonly op: "function"; readonly productId: string; readonly fn: string; readonly enabled: boolean }
  | { readonly op: "upload-switch"; readonly productId: string; readonly name: string; readonly enabled: boolean };

const FORMAT = 1;

export function encodeMirrorOperations(ops: readonly MirrorOperation[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ format: FORMAT, ops }));
}

/** Throws CorruptStateError (naming `key`) on bytes this module did not write. */
export function decodeMirrorOperations(key: string, bytes: Uint8Array): MirrorOperation[] {
  let root: { format?: unknown; ops?: unknown };
  try {
    root = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as typeof root;
  } catch {
    throw new CorruptStateError(key, "not JSON");
  }
  if (typeof root !== "object" || root === null || root.format !== FORMAT || !Array.isArray(root.ops)) throw new CorruptStateError(key, "unknown format version");
  return root.ops.map((raw: unknown) => {
    const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof o.productId !== "string") throw new CorruptStateError(key, "bad operation");
    if (o.op === "withdraw" && Array.isArray(o.purposes) && o.purposes.every((p) => typeof p === "number" && Purpose[p] !== undefined))
      return { op: "withdraw", productId: o.productId, purposes: o.purposes as Purpose[] };
    if (o.op === "function" && typeof o.fn === "string" && typeof o.enabled === "boolean")
      return { op: "function", productId: o.productId, fn: o.fn, enabled: o.enabled };
    if (o.op === "upload-switch" && typeof o.name === "string" && typeof o.enabled === "boolean")
      return { op: "upload-switch", productId: o.productId, name: o.name, enabled: o.enabled };
    throw new CorruptStateError(key, "bad operation");
  });
}
