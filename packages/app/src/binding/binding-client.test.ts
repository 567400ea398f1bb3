// The binding client against the real reference cloud (in-memory PGlite) and
// a real device over the device SDK's encrypted link: the device signs the
// challenge with its factory key, the app only carries bytes.
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { createCloudServer, KeyEncryptionKey, MemoryLogger, type CloudServer } from "@datapact/cloud";
import {
  createMemoryTransportPair,
  decodeBindingProof,
  deriveFactoryKey,
  Device,
  encodeBindingChallenge,
  FrameType,
  MemoryBackend,
  MemoryScreen,
  MessageCatalog,
  SecureLink,
} from "@datapact/device";
import { consentSnapshot, noConsent, type ConsentState } from "@datapact/policy";
import { cloud, pactFiles, Purpose } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsentRequiredError } from "../errors/consent-required-error.js";
import { accountTransport } from "../transport/account-transport.js";
import { BindingClient } from "./binding-client.js";

const masterKey = new Uint8Array(randomBytes(32));
const platformConsent: ConsentState = consentSnapshot({ platform: { purposes: [Purpose.FUNCTIONALITY] } });
let server: CloudServer;
const logger = new MemoryLogger();

beforeAll(async () => {
  server = await createCloudServer({
    logger,
    kek: KeyEncryptionKey.generate(),
    secrets: { pairwise: new Uint8Array(randomBytes(32)), userTokens: new Uint8Array(randomBytes(32)), factoryMasterKey: masterKey },
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

async function signUp(): Promise<{ accountId: string; client: BindingClient; transport: ReturnType<typeof accountTransport> }> {
  const accounts = createClient(cloud.AccountService, createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" }));
  const { session } = await accounts.createAccount({ region: "eu" });
  const transport = accountTransport({ baseUrl: server.url }, () => session!.userToken);
  return { accountId: session!.accountId, client: new BindingClient(transport, platformConsent), transport };
}

/** A band on an in-memory link, paired with an app end that relays binding frames. */
async function pairedBand(): Promise<{ device: Device; mac: string; serialNumber: string; requestProof: (accountId: string, nonce: Uint8Array) => Promise<Uint8Array> }> {
  const mac = `02:00:00:${randomBytes(3).toString("hex").match(/../g)!.join(":")}`.toUpperCase();
  const serialNumber = `SN-${randomBytes(4).toString("hex")}`;
  const { a, b } = createMemoryTransportPair({ mtu: 244 });
  const catalog = MessageCatalog.fromFiles(pactFiles.filter((f) => f.proto.package === "datapact.devices.band.v1"));
  const device = await Device.open({
    transport: b,
    catalog,
    backend: new MemoryBackend(),
    display: new MemoryScreen(),
    identity: { mac, serialNumber, factoryKey: deriveFactoryKey(masterKey, mac, serialNumber) },
  });
  const app = new SecureLink(a, { role: "app" });
  const proofs: Uint8Array[] = [];
  app.onFrame((type, body) => {
    if (type === FrameType.BINDING_PROOF) proofs.push(body);
  });
  await Promise.all([app.pair(), device.pair()]);
  const requestProof = async (accountId: string, nonce: Uint8Array) => {
    await app.send(FrameType.BINDING_CHALLENGE, encodeBindingChallenge({ accountId, nonce }));
    for (let i = 0; i < 200 && proofs.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(proofs).toHaveLength(1);
    return proofs.pop()!;
  };
  return { device, mac, serialNumber, requestProof };
}

describe("BindingClient", () => {
  it("binds a device whose proof the app relays, lists it, and unbinds it", async () => {
    const { accountId, client } = await signUp();
    const band = await pairedBand();
    const challenge = await client.createChallenge("band");
    expect(challenge.nonce.length).toBeGreaterThanOrEqual(16);
    expect(challenge.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    const proofBytes = await band.requestProof(accountId, challenge.nonce);
    const proof = decodeBindingProof(proofBytes);
    expect(proof.accountId).toBe(accountId);
    const bound = await client.bindDevice({ productId: "band", mac: proof.mac, serialNumber: proof.serialNumber, devicePublicKey: proof.devicePublicKey, bindingProof: proofBytes });
    expect(bound.device.productId).toBe("band");
    expect(bound.deviceKey.length).toBeGreaterThan(16);
    expect(band.device.binding?.accountId).toBe(accountId);
    expect((await client.listDevices()).map((d) => d.deviceId)).toEqual([bound.device.deviceId]);
    await client.unbindDevice(bound.device.deviceId);
    expect(await client.listDevices()).toEqual([]);
    await band.device.close();
  });

  it("a proof replayed, or one for another account, is refused with a typed error and binds nothing", async () => {
    const first = await signUp();
    const second = await signUp();
    const band = await pairedBand();
    const challenge = await first.client.createChallenge("band");
    const proofBytes = await band.requestProof(first.accountId, challenge.nonce);
    const proof = decodeBindingProof(proofBytes);
    const request = { productId: "band", mac: proof.mac, serialNumber: proof.serialNumber, devicePublicKey: proof.devicePublicKey, bindingProof: proofBytes };
    // Relayed by another account: the proof names the first.
    const stolen = await second.client.bindDevice(request).catch((e: unknown) => e);
    expect(stolen).toMatchObject({ name: "CloudCallError", rpc: "BindingService/BindDevice", transient: false });
    expect(await second.client.listDevices()).toEqual([]);
    await first.client.bindDevice(request);
    // The nonce is spent: the same proof again is refused.
    const replayed = await first.client.bindDevice(request).catch((e: unknown) => e);
    expect(replayed).toMatchObject({ name: "CloudCallError", transient: false });
    expect(await first.client.listDevices()).toHaveLength(1);
    // No error, log line or message quotes the proof's MAC or serial number.
    for (const e of [stolen, replayed]) expect(`${(e as Error).message}`).not.toContain(proof.serialNumber);
    expect(JSON.stringify(logger.entries)).not.toContain(proof.serialNumber);
    await band.device.close();
  });

  it("sends nothing without consent to the binding function's purposes", async () => {
    const { transport } = await signUp();
    const client = new BindingClient(transport, noConsent);
    const err = await client
      .bindDevice({ productId: "band", mac: "02:00:00:00:00:01", serialNumber: "SN-1", devicePublicKey: new Uint8Array(32), bindingProof: new Uint8Array([1]) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConsentRequiredError);
    expect((err as Error).message).not.toContain("SN-1");
    expect((err as ConsentRequiredError).fieldPaths).toContain("serial_number");
  });

  it("a challenge for a product outside the pact is refused as a permanent, typed error", async () => {
    const { client } = await signUp();
    await expect(client.createChallenge("toaster")).rejects.toMatchObject({ name: "CloudCallError", code: "CLOUD_CALL_FAILED", transient: false });
  });
});
