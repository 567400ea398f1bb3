import { timingSafeEqual } from "node:crypto";
import { BindingProofError } from "../errors/binding-proof-error.js";
import { newBindingChallenge, type BindingChallenge } from "./binding-challenge.js";
import { checkBindingFields } from "./binding-fields.js";
import { bindingProofTag, decodeBindingProof, type BindingProof } from "./binding-proof.js";
import { FACTORY_KEY_BYTES } from "./factory-key.js";

/** Options of a {@link BindingVerifier}. */
export interface BindingVerifierOptions {
  /** The factory key of the hardware with this MAC and serial number, or undefined for hardware the platform never made. */
  readonly factoryKeyFor: (mac: string, serialNumber: string) => Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** How long a challenge stays valid. Default 5 minutes. */
  readonly challengeTtlMs?: number;
  /** The clock, in ms. */
  readonly now?: () => number;
}

/** What a verified proof establishes. */
export interface VerifiedBinding {
  readonly accountId: string;
  readonly mac: string;
  readonly serialNumber: string;
  /** The key the device authenticates with from now on. */
  readonly devicePublicKey: Uint8Array;
}

const DEFAULT_TTL_MS = 5 * 60_000;

/**
 * The cloud's side of binding: issues single-use challenges for an account
 * and checks the proofs devices return. Every nonce is spent by the first
 * proof that names it, verified or not, so a proof cannot be tried twice.
 * Pending challenges live in memory; a cloud with several instances keeps
 * them in its database instead (same rules).
 */
export class BindingVerifier {
  private readonly pending = new Map<string, { accountId: string; expiresAt: number }>();
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(private readonly options: BindingVerifierOptions) {
    this.ttl = options.challengeTtlMs ?? DEFAULT_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** A fresh challenge for `accountId`, for the app to relay to the device. */
  issueChallenge(accountId: string): BindingChallenge {
    this.sweep();
    const challenge = newBindingChallenge(accountId);
    this.pending.set(Buffer.from(challenge.nonce).toString("hex"), { accountId, expiresAt: this.now() + this.ttl });
    return challenge;
  }

  /** Challenges issued and not yet spent or expired. */
  get pendingChallenges(): number {
    this.sweep();
    return this.pending.size;
  }

  /**
   * Checks a proof (encoded or decoded). Throws BindingProofError:
   * MALFORMED/INVALID_FIELD, UNKNOWN_OR_USED_NONCE, ACCOUNT_MISMATCH,
   * UNKNOWN_DEVICE or BAD_TAG.
   */
  async verify(input: Uint8Array | BindingProof): Promise<VerifiedBinding> {
    const proof = input instanceof Uint8Array ? decodeBindingProof(input) : input;
    checkBindingFields(proof.accountId, proof.mac, proof.serialNumber);
    const nonceKey = Buffer.from(proof.nonce).toString("hex");
    const challenge = this.pending.get(nonceKey);
    this.pending.delete(nonceKey);
    if (!challenge || challenge.expiresAt <= this.now()) throw new BindingProofError("UNKNOWN_OR_USED_NONCE");
    if (challenge.accountId !== proof.accountId) throw new BindingProofError("ACCOUNT_MISMATCH");
    const factoryKey = await this.options.factoryKeyFor(proof.mac, proof.serialNumber);
    if (!factoryKey || factoryKey.length !== FACTORY_KEY_BYTES) throw new BindingProofError("UNKNOWN_DEVICE");
    const expected = bindingProofTag(factoryKey, proof);
    if (proof.tag.length !== expected.length || !timingSafeEqual(proof.tag, expected)) throw new BindingProofError("BAD_TAG");
    return { accountId: proof.accountId, mac: proof.mac, serialNumber: proof.serialNumber, devicePublicKey: proof.devicePublicKey.slice() };
  }

  private sweep(): void {
    const now = this.now();
    for (const [nonce, c] of this.pending) if (c.expiresAt <= now) this.pending.delete(nonce);
  }
}
