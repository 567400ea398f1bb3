import { consentSnapshot, type ConsentState } from "@datapact/policy";
import type { Purpose } from "@datapact/proto";

/** A device of the model. */
export interface ModelDevice {
  readonly handle: string;
  readonly productId: string;
  readonly bound: boolean;
  /** Account handles it is shared with. */
  readonly sharedWith: readonly string[];
}

/** The user's choices in force at one moment, as judges read them. */
export interface ModelSnapshot {
  /** Seconds the clock was advanced since the scenario began. */
  readonly clockSeconds: number;
  readonly devices: readonly ModelDevice[];
  /** Purposes consented per product (give_consent answered ok, not withdrawn since). */
  readonly consentedPurposes: Readonly<Record<string, readonly Purpose[]>>;
  /** `<product>/<function>` turned on. */
  readonly enabledFunctions: readonly string[];
  /** `<product>/<switch>` turned off. */
  readonly disabledUploads: readonly string[];
  /** Products (or "" for app-wide) the user opted in to analytics for. */
  readonly analyticsOptIn: readonly string[];
  /** Products (or "" for the whole account) whose deletion the user asked for. */
  readonly deletions: readonly string[];
  /** The same choices as @datapact/policy's ConsentState, to ask the policy what was allowed. */
  readonly consent: ConsentState;
}

/**
 * The model of what the user, the devices and time have done in a scenario:
 * fast-check's model in model-based runs, and the state every executed step
 * records. It changes only when the testee answers a step ok.
 */
export class UserModel {
  /** The data subject's account handle. */
  static readonly owner = "a1";
  /** Another person's account (a share grantee, a would-be reader). */
  static readonly other = "a2";
  /** Third-party manufacturers' integrations that read as manufacturers (`read_as`). */
  static readonly manufacturers: readonly string[] = ["m1", "m2"];

  clockSeconds = 0;
  devices: { handle: string; productId: string; bound: boolean; sharedWith: Set<string> }[] = [];
  private readonly consented = new Map<string, Set<Purpose>>();
  private readonly functions = new Set<string>();
  private readonly uploadsOff = new Set<string>();
  private readonly optIn = new Set<string>();
  private readonly deletionList: string[] = [];
  /** The handle the next bound device gets (d1, d2, ...): dense, so shrunk scenarios read naturally. */
  nextDeviceHandle(): string {
    return `d${this.devices.length + 1}`;
  }

  /** The first bound device of a product. */
  boundDevice(productId: string): string | undefined {
    return this.devices.find((d) => d.productId === productId && d.bound)?.handle;
  }

  bind(handle: string, productId: string): void {
    this.devices.push({ handle, productId, bound: true, sharedWith: new Set() });
  }

  unbind(handle: string): void {
    const d = this.devices.find((x) => x.handle === handle);
    if (d) {
      d.bound = false;
      d.sharedWith.clear();
    }
  }

  share(handle: string, grantee: string, shared: boolean): void {
    const d = this.devices.find((x) => x.handle === handle);
    if (!d) return;
    if (shared) d.sharedWith.add(grantee);
    else d.sharedWith.delete(grantee);
  }

  giveConsent(productId: string, purposes: readonly Purpose[]): void {
    const set = this.consented.get(productId) ?? new Set();
    for (const p of purposes) set.add(p);
    this.consented.set(productId, set);
  }

  /** Withdraws `purposes`, or every purpose when none are given. */
  withdrawConsent(productId: string, purposes: readonly Purpose[]): void {
    if (purposes.length === 0) this.consented.delete(productId);
    else for (const p of purposes) this.consented.get(productId)?.delete(p);
  }

  consents(productId: string, purpose: Purpose): boolean {
    return this.consented.get(productId)?.has(purpose) ?? false;
  }

  setFunction(productId: string, fn: string, enabled: boolean): void {
    if (enabled) this.functions.add(`${productId}/${fn}`);
    else this.functions.delete(`${productId}/${fn}`);
  }

  setUpload(productId: string, name: string, enabled: boolean): void {
    if (enabled) this.uploadsOff.delete(`${productId}/${name}`);
    else this.uploadsOff.add(`${productId}/${name}`);
  }

  setAnalytics(productId: string, optedIn: boolean): void {
    if (optedIn) this.optIn.add(productId);
    else this.optIn.delete(productId);
  }

  requestDeletion(productId: string): void {
    this.deletionList.push(productId);
    if (productId === "") this.consented.clear();
    else this.consented.delete(productId);
  }

  snapshot(): ModelSnapshot {
    const consentedPurposes: Record<string, Purpose[]> = {};
    for (const [p, set] of this.consented) consentedPurposes[p] = [...set].sort();
    const products = new Set([...this.consented.keys(), ...[...this.functions, ...this.uploadsOff].map((k) => k.split("/")[0]!)]);
    const perProduct: Record<string, { purposes: Purpose[]; enabledFunctions: string[]; disabledUploads: string[] }> = {};
    for (const p of products) {
      perProduct[p] = {
        purposes: consentedPurposes[p] ?? [],
        enabledFunctions: [...this.functions].filter((k) => k.startsWith(`${p}/`)).map((k) => k.slice(p.length + 1)),
        disabledUploads: [...this.uploadsOff].filter((k) => k.startsWith(`${p}/`)).map((k) => k.slice(p.length + 1)),
      };
    }
    return {
      clockSeconds: this.clockSeconds,
      devices: this.devices.map((d) => ({ handle: d.handle, productId: d.productId, bound: d.bound, sharedWith: [...d.sharedWith].sort() })),
      consentedPurposes,
      enabledFunctions: [...this.functions].sort(),
      disabledUploads: [...this.uploadsOff].sort(),
      analyticsOptIn: [...this.optIn].sort(),
      deletions: [...this.deletionList],
      consent: consentSnapshot(perProduct),
    };
  }
}
