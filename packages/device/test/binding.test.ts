import { replayable } from "@datapact/arbitrary";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BindingProofError,
  BindingVerifier,
  canonicalMac,
  createBindingProof,
  decodeBindingChallenge,
  decodeBindingProof,
  deriveFactoryKey,
  encodeBindingChallenge,
  encodeBindingProof,
  generateX25519KeyPair,
  newBindingChallenge,
} from "../src/index.js";

const master = new Uint8Array(randomBytes(32));
const verifier = () => new BindingVerifier({ factoryKeyFor: (mac, sn) => deriveFactoryKey(master, mac, sn) });

function proofFor(challenge: { accountId: string; nonce: Uint8Array }, mac = "C8:0F:10:AA:BB:CC", sn = "SN-0001") {
  return createBindingProof(deriveFactoryKey(master, mac, sn), { ...challenge, mac, serialNumber: sn, devicePublicKey: generateX25519KeyPair().publicKey });
}

describe("binding encodings", () => {
  it("round-trip challenges and proofs", () => {
    const challenge = newBindingChallenge("mi-6001");
    expect(decodeBindingChallenge(encodeBindingChallenge(challenge))).toEqual(challenge);
    const proof = proofFor(challenge);
    expect(decodeBindingProof(encodeBindingProof(proof))).toEqual(proof);
  });

  it("normalises MACs and refuses malformed ownership fields without echoing them", () => {
    expect(canonicalMac(" c8-0f-10-aa-bb-cc ")).toBe("C8:0F:10:AA:BB:CC");
    const challenge = newBindingChallenge("mi-6001");
    for (const [mac, sn, account] of [
      ["C8:0F:10:AA:BB", "SN-1", "a"],
      ["c8:0f:10:aa:bb:cc", "SN-1", "a"],
      ["C8:0F:10:AA:BB:CC", "", "a"],
      ["C8:0F:10:AA:BB:CC", "SN with spaces", "a"],
      ["C8:0F:10:AA:BB:CC", "SN-1", ""],
      ["C8:0F:10:AA:BB:CC", "SN-1", "x".repeat(129)],
    ] as const) {
      const error = (() => {
        try {
          createBindingProof(deriveFactoryKey(master, mac, sn), { accountId: account, nonce: challenge.nonce, mac, serialNumber: sn, devicePublicKey: new Uint8Array(32) });
        } catch (e) {
          return e as BindingProofError;
        }
      })();
      expect(error).toBeInstanceOf(BindingProofError);
      expect(error!.failure).toBe("INVALID_FIELD");
      if (sn) expect(error!.message).not.toContain(sn);
    }
  });

  it("derives a different factory key per device", () => {
    const a = deriveFactoryKey(master, "C8:0F:10:AA:BB:CC", "SN-1");
    expect(deriveFactoryKey(master, "c8-0f-10-aa-bb-cc", "SN-1")).toEqual(a);
    expect(deriveFactoryKey(master, "C8:0F:10:AA:BB:CC", "SN-2")).not.toEqual(a);
    expect(deriveFactoryKey(new Uint8Array(32), "C8:0F:10:AA:BB:CC", "SN-1")).not.toEqual(a);
  });
});

describe("BindingVerifier", () => {
  it("accepts exactly the proof the device made: any changed byte is refused", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (account, position, flip) => {
          const v = verifier();
          const good = proofFor(v.issueChallenge(account));
          expect((await v.verify(encodeBindingProof(good))).accountId).toBe(account);
          const challenge = v.issueChallenge(account);
          const bytes = encodeBindingProof(proofFor(challenge));
          bytes[position % bytes.length]! ^= flip;
          await expect(v.verify(bytes)).rejects.toBeInstanceOf(BindingProofError);
          // A flip before or inside the nonce leaves the real challenge unspent; spending it now must leave none pending.
          await v.verify(encodeBindingProof(proofFor(challenge))).catch(() => undefined);
          expect(v.pendingChallenges).toBe(0);
        },
      ),
      replayable("binding proofs with one byte changed are refused", 200),
    );
  });
});
