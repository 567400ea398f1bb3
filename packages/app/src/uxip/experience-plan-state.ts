import { CorruptStateError } from "../errors/corrupt-state-error.js";

/** The User Experience Improvement Plan's state as it is persisted. */
export type ExperiencePlanState = (
  | { readonly optedIn: false }
  | {
      readonly optedIn: true;
      /** Random per-install token; the only thing that ties analytics records together. */
      readonly installToken: string;
      /** Random id of this enrolment, cited by analytics statements; never sent on the account channel. */
      readonly receiptId: string;
      /** The general policy version in force when the user joined. */
      readonly policyVersion: string;
      readonly optedInAt: Date;
    }
) & {
  /**
   * Tokens of enrolments the user left whose analytics the cloud has not
   * yet confirmed erased, whether or not the user has joined again. Kept
   * only to ask for that erasure (DeleteData under the token), never to send
   * anything; dropped once it is done.
   */
  readonly erasurePending?: readonly string[];
};

const FORMAT = 1;

export function encodeExperiencePlanState(state: ExperiencePlanState): Uint8Array {
  const pending = state.erasurePending && state.erasurePending.length > 0 ? { erasurePending: [...state.erasurePending] } : {};
  const json = state.optedIn
    ? { format: FORMAT, ...state, optedInAt: state.optedInAt.toISOString(), ...pending }
    : { format: FORMAT, optedIn: false, ...pending };
  return new TextEncoder().encode(JSON.stringify(json));
}

/** Throws CorruptStateError (naming `key`) when the bytes are not a state this module wrote. */
export function decodeExperiencePlanState(key: string, bytes: Uint8Array): ExperiencePlanState {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new CorruptStateError(key, "not JSON");
  }
  if (typeof o !== "object" || o === null || o.format !== FORMAT) throw new CorruptStateError(key, "unknown format version");
  if (o.erasurePending !== undefined && (!Array.isArray(o.erasurePending) || !o.erasurePending.every((t) => typeof t === "string" && t !== "")))
    throw new CorruptStateError(key, "bad pending erasures");
  const pending = o.erasurePending === undefined ? {} : { erasurePending: o.erasurePending as string[] };
  if (o.optedIn === false) return { optedIn: false, ...pending };
  const at = typeof o.optedInAt === "string" ? new Date(o.optedInAt) : undefined;
  if (
    o.optedIn !== true ||
    typeof o.installToken !== "string" ||
    o.installToken === "" ||
    typeof o.receiptId !== "string" ||
    typeof o.policyVersion !== "string" ||
    !at ||
    Number.isNaN(at.getTime())
  )
    throw new CorruptStateError(key, "bad enrolment");
  return { optedIn: true, installToken: o.installToken, receiptId: o.receiptId, policyVersion: o.policyVersion, optedInAt: at, ...pending };
}
