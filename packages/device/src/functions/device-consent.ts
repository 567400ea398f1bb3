import type { ConsentState } from "@datapact/policy";
import { Purpose } from "@datapact/proto";
import { FunctionSwitches } from "./function-switches.js";

/** The device's consent state as plain data, for its settings record. */
export interface DeviceConsentSnapshot {
  readonly purposes: Readonly<Record<string, readonly number[]>>;
  readonly enabledFunctions: Readonly<Record<string, readonly string[]>>;
  readonly disabledUploads: Readonly<Record<string, readonly string[]>>;
  /** Functions on by default that the user turned off (absent in older snapshots). */
  readonly disabledFunctions?: Readonly<Record<string, readonly string[]>>;
}

const KNOWN_PURPOSES: ReadonlySet<number> = new Set(Object.values(Purpose).filter((v): v is number => typeof v === "number" && v !== Purpose.UNSPECIFIED));

/**
 * What the user agreed to and switched on, as far as the device has been
 * told by the app (GiveConsent/WithdrawConsent/SetFunction/SetUploadSwitch
 * control messages). Starts from nothing: a fresh or reset device consents
 * to no purpose and has every off-by-default function off, so it sends and
 * keeps nothing until the app says otherwise.
 */
export class DeviceConsent implements ConsentState {
  readonly switches = new FunctionSwitches();
  private readonly purposes = new Map<string, Set<Purpose>>();
  private readonly uploadsOff = new Map<string, Set<string>>();

  allowsPurpose(productId: string, purpose: Purpose): boolean {
    return this.purposes.get(productId)?.has(purpose) ?? false;
  }

  isFunctionEnabled(productId: string, fn: string): boolean {
    return this.switches.isEnabled(productId, fn);
  }

  isFunctionDisabled(productId: string, fn: string): boolean {
    return this.switches.isDisabled(productId, fn);
  }

  isUploadEnabled(productId: string, name: string): boolean {
    return !(this.uploadsOff.get(productId)?.has(name) ?? false);
  }

  /** Records consent to `purposes` of `productId` (unknown purpose numbers are ignored). */
  give(productId: string, purposes: readonly Purpose[]): void {
    let set = this.purposes.get(productId);
    if (!set) this.purposes.set(productId, (set = new Set()));
    for (const p of purposes) if (KNOWN_PURPOSES.has(p)) set.add(p);
  }

  /** Withdraws `purposes` of `productId`; an empty list withdraws all of them. */
  withdraw(productId: string, purposes: readonly Purpose[]): void {
    if (purposes.length === 0) this.purposes.delete(productId);
    else for (const p of purposes) this.purposes.get(productId)?.delete(p);
  }

  setUpload(productId: string, name: string, enabled: boolean): void {
    let set = this.uploadsOff.get(productId);
    if (!set) this.uploadsOff.set(productId, (set = new Set()));
    if (enabled) set.delete(name);
    else set.add(name);
  }

  snapshot(): DeviceConsentSnapshot {
    const purposes: Record<string, number[]> = {};
    for (const [product, set] of this.purposes) if (set.size > 0) purposes[product] = [...set].sort();
    const disabledUploads: Record<string, string[]> = {};
    for (const [product, set] of this.uploadsOff) if (set.size > 0) disabledUploads[product] = [...set].sort();
    return { purposes, enabledFunctions: this.switches.enabled(), disabledUploads, disabledFunctions: this.switches.disabled() };
  }

  /** Replaces the state with a snapshot's (ignoring anything malformed in it). */
  restore(snapshot: DeviceConsentSnapshot): void {
    this.reset();
    for (const [product, ps] of Object.entries(snapshot.purposes ?? {})) if (Array.isArray(ps)) this.give(product, ps.filter((p) => typeof p === "number"));
    for (const [product, fns] of Object.entries(snapshot.enabledFunctions ?? {}))
      if (Array.isArray(fns)) for (const fn of fns) if (typeof fn === "string") this.switches.set(product, fn, true);
    for (const [product, fns] of Object.entries(snapshot.disabledFunctions ?? {}))
      if (Array.isArray(fns)) for (const fn of fns) if (typeof fn === "string") this.switches.set(product, fn, false);
    for (const [product, names] of Object.entries(snapshot.disabledUploads ?? {}))
      if (Array.isArray(names)) for (const n of names) if (typeof n === "string") this.setUpload(product, n, false);
  }

  /** Back to factory state: no purposes, every function off, every upload switch at its default (on). */
  reset(): void {
    this.purposes.clear();
    this.uploadsOff.clear();
    this.switches.reset();
  }
}
