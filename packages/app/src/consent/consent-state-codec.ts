import { cloud, Purpose } from "@datapact/proto";
import { CorruptStateError } from "../errors/corrupt-state-error.js";
import type { ConsentReceipt } from "./consent-receipt.js";
import type { PolicyDocument } from "./policy-document.js";

/** Everything the consent store keeps, as it is persisted. */
export interface ConsentStateData {
  /** Every policy version adopted, in the order adopted. */
  readonly policies: readonly PolicyDocument[];
  /** Every receipt recorded, in the order recorded (withdrawn ones included: they are the history). */
  readonly receipts: readonly ConsentReceipt[];
  /** Functions the user turned on, per product. */
  readonly enabledFunctions: Readonly<Record<string, readonly string[]>>;
  /** Upload switches the user turned off, per product. */
  readonly disabledUploads: Readonly<Record<string, readonly string[]>>;
  /** Functions on by default that the user turned off, per product. */
  readonly disabledFunctions: Readonly<Record<string, readonly string[]>>;
}

export const emptyConsentState: ConsentStateData = { policies: [], receipts: [], enabledFunctions: {}, disabledUploads: {}, disabledFunctions: {} };

const FORMAT = 1;

/** Serializes the consent state as UTF-8 JSON. */
export function encodeConsentState(state: ConsentStateData): Uint8Array {
  const json = {
    format: FORMAT,
    policies: state.policies.map((p) => ({ kind: p.kind, productId: p.productId, version: p.version, purposes: [...p.purposes], material: p.material })),
    receipts: state.receipts.map((r) => ({
      receiptId: r.receiptId,
      kind: r.kind,
      productId: r.productId,
      policyVersion: r.policyVersion,
      purposes: [...r.purposes],
      givenAt: r.givenAt.toISOString(),
      withdrawn: r.withdrawn.map((w) => ({ purpose: w.purpose, at: w.at.toISOString() })),
      withdrawnAt: r.withdrawnAt?.toISOString(),
    })),
    enabledFunctions: state.enabledFunctions,
    disabledUploads: state.disabledUploads,
    disabledFunctions: state.disabledFunctions,
  };
  return new TextEncoder().encode(JSON.stringify(json));
}

/** Reads what {@link encodeConsentState} wrote; throws CorruptStateError (naming `key`) on anything else. */
export function decodeConsentState(key: string, bytes: Uint8Array): ConsentStateData {
  const fail = (detail: string): never => {
    throw new CorruptStateError(key, detail);
  };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return fail("not JSON");
  }
  const root = record(json) ?? fail("not an object");
  if (root.format !== FORMAT) fail("unknown format version");
  const policies = list(root.policies, (p) => {
    const o = record(p);
    if (!o) return undefined;
    const kind = policyKind(o.kind);
    const purposes = purposeList(o.purposes);
    if (kind === undefined || typeof o.productId !== "string" || typeof o.version !== "string" || !purposes || typeof o.material !== "boolean") return undefined;
    return { kind, productId: o.productId, version: o.version, purposes, material: o.material } satisfies PolicyDocument;
  }) ?? fail("bad policies");
  const receipts = list(root.receipts, (r) => {
    const o = record(r);
    if (!o) return undefined;
    const kind = policyKind(o.kind);
    const purposes = purposeList(o.purposes);
    const givenAt = date(o.givenAt);
    const withdrawn = list(o.withdrawn, (w) => {
      const wo = record(w);
      const at = wo && date(wo.at);
      const purpose = wo && purposeList([wo.purpose])?.[0];
      return at && purpose !== undefined ? { purpose, at } : undefined;
    });
    const withdrawnAt = o.withdrawnAt === undefined ? undefined : date(o.withdrawnAt);
    if (
      kind === undefined ||
      typeof o.receiptId !== "string" ||
      typeof o.productId !== "string" ||
      typeof o.policyVersion !== "string" ||
      !purposes ||
      !givenAt ||
      !withdrawn ||
      (o.withdrawnAt !== undefined && !withdrawnAt)
    )
      return undefined;
    return { receiptId: o.receiptId, kind, productId: o.productId, policyVersion: o.policyVersion, purposes, givenAt, withdrawn, withdrawnAt } satisfies ConsentReceipt;
  }) ?? fail("bad receipts");
  const enabledFunctions = stringLists(root.enabledFunctions) ?? fail("bad function switches");
  const disabledUploads = stringLists(root.disabledUploads) ?? fail("bad upload switches");
  // Absent in state written before default-on functions could be turned off.
  const disabledFunctions = root.disabledFunctions === undefined ? {} : (stringLists(root.disabledFunctions) ?? fail("bad function switches"));
  return { policies, receipts, enabledFunctions, disabledUploads, disabledFunctions };
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Maps every element or fails the whole list. */
function list<T>(v: unknown, item: (e: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: T[] = [];
  for (const e of v) {
    const mapped = item(e);
    if (mapped === undefined) return undefined;
    out.push(mapped);
  }
  return out;
}

function policyKind(v: unknown): cloud.PolicyKind | undefined {
  return v === cloud.PolicyKind.GENERAL || v === cloud.PolicyKind.PRODUCT ? v : undefined;
}

function purposeList(v: unknown): Purpose[] | undefined {
  return list(v, (p) => (typeof p === "number" && p !== Purpose.UNSPECIFIED && Purpose[p] !== undefined ? (p as Purpose) : undefined));
}

function date(v: unknown): Date | undefined {
  if (typeof v !== "string") return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function stringLists(v: unknown): Record<string, string[]> | undefined {
  const o = record(v);
  if (!o) return undefined;
  const entries: [string, string[]][] = [];
  for (const [k, vs] of Object.entries(o)) {
    const strings = list(vs, (s) => (typeof s === "string" ? s : undefined));
    if (!strings) return undefined;
    entries.push([k, strings]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries(entries);
}
