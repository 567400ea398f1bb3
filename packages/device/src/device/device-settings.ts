import type { DeviceConsentSnapshot } from "../functions/device-consent.js";
import type { KeyValueBackend } from "../storage/key-value-backend.js";
import { exportX25519PrivateKey, importX25519KeyPair, type X25519KeyPair } from "../session/x25519.js";

/** Backend keys of the SDK's own state; records of the device store live under "data/". */
const SETTINGS_KEY = "sdk/settings";
const BINDING_KEY = "sdk/binding";

/** The account a device is bound to, and the key pair it proved at binding. */
export interface DeviceBinding {
  readonly accountId: string;
  readonly keyPair: X25519KeyPair;
  readonly boundAt: Date;
}

/**
 * The SDK's own records in the device's backend: consent and function
 * switches, and the binding. Unreadable records count as absent, which is
 * the factory state (nothing consented, nothing on, not bound): a damaged
 * settings file never turns a function on.
 */
export class DeviceSettings {
  constructor(private readonly backend: KeyValueBackend) {}

  async loadConsent(): Promise<DeviceConsentSnapshot | undefined> {
    const json = await this.readJson(SETTINGS_KEY);
    if (!json || typeof json !== "object") return undefined;
    return json as DeviceConsentSnapshot;
  }

  async saveConsent(snapshot: DeviceConsentSnapshot): Promise<void> {
    await this.backend.write(SETTINGS_KEY, Buffer.from(JSON.stringify(snapshot), "utf8"));
  }

  async loadBinding(): Promise<DeviceBinding | undefined> {
    const json = (await this.readJson(BINDING_KEY)) as { accountId?: unknown; privateKey?: unknown; publicKey?: unknown; boundAt?: unknown } | undefined;
    if (!json || typeof json.accountId !== "string" || typeof json.privateKey !== "string" || typeof json.publicKey !== "string" || typeof json.boundAt !== "number")
      return undefined;
    try {
      const keyPair = importX25519KeyPair(Buffer.from(json.privateKey, "base64"), Buffer.from(json.publicKey, "base64"));
      return { accountId: json.accountId, keyPair, boundAt: new Date(json.boundAt) };
    } catch {
      return undefined;
    }
  }

  async saveBinding(binding: DeviceBinding): Promise<void> {
    const json = {
      accountId: binding.accountId,
      privateKey: Buffer.from(exportX25519PrivateKey(binding.keyPair)).toString("base64"),
      publicKey: Buffer.from(binding.keyPair.publicKey).toString("base64"),
      boundAt: binding.boundAt.getTime(),
    };
    await this.backend.write(BINDING_KEY, Buffer.from(JSON.stringify(json), "utf8"));
  }

  private async readJson(key: string): Promise<unknown> {
    const bytes = await this.backend.read(key);
    if (!bytes) return undefined;
    try {
      return JSON.parse(Buffer.from(bytes).toString("utf8")) as unknown;
    } catch {
      return undefined;
    }
  }
}
