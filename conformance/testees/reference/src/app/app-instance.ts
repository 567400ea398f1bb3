import { create, type DescMessage, type Message } from "@bufbuild/protobuf";
import { createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { accountTransport, BindingClient, connectionPool, FileAppStorage, openAppSdk, type AppSdk, type OutboxEvent, type SubmitOutcome } from "@datapact/app";
import type { CloudLogger } from "@datapact/cloud";
import { decodeBindingProof } from "@datapact/device";
import { cloud, conformance, Purpose, Tier } from "@datapact/proto";
import { readdir, readFile, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import type { PactCatalog } from "../catalog/pact-catalog.js";
import type { CloudTier } from "../cloud/cloud-tier.js";
import type { PolicyPublisher } from "../consent/policy-publisher.js";
import { DeviceUplink } from "../device/device-uplink.js";
import { SimulatedDevice } from "../device/simulated-device.js";
import type { TesteeHooks } from "../hooks/testee-hooks.js";
import { makeScratchDir } from "../scratch/scratch-root.js";
import { DeviceLinkEnd } from "./device-link-end.js";

/** Options of {@link AppInstance.signUp}. */
export interface AppInstanceOptions {
  /** The kit's account handle ("a1"). */
  readonly handle: string;
  readonly region: string;
  /** The cloud node that stores the account's data: its region's location's (residency). */
  readonly node: CloudTier;
  /** Where the app sends app<->cloud traffic (the kit's proxy, or the node). */
  readonly cloudUrl: string;
  /** Where Wi-Fi devices send device<->cloud traffic. */
  readonly deviceCloudUrl: string;
  readonly catalog: PactCatalog;
  readonly publisher: PolicyPublisher;
  readonly factoryMasterKey: Uint8Array;
  readonly now: () => Date;
  readonly logger: CloudLogger;
  readonly hooks: TesteeHooks;
}

/** A device of this app's user, with the app's end of its link. */
export interface LinkedDevice {
  readonly device: SimulatedDevice;
  readonly link: DeviceLinkEnd;
  bound: boolean;
}

/** What an outbox event says, as log fields: ids, codes and reasons only. */
function outboxFields(e: OutboxEvent): Record<string, string | number | string[] | undefined> {
  return {
    outbox: e.outbox,
    kind: e.kind,
    recordIds: "recordIds" in e ? [...e.recordIds] : "recordId" in e && e.recordId ? [e.recordId] : undefined,
    reason: "reason" in e ? e.reason : undefined,
    connectCode: "connectCode" in e ? e.connectCode : undefined,
    errorName: "errorName" in e ? e.errorName : undefined,
  };
}

/**
 * One person's phone running the companion app, built from the app SDK:
 * signed up through AccountService, the SDK over a FileAppStorage in a
 * temporary directory (no storage key: the SDK then keeps nothing the pact
 * encrypts at rest on the phone), the general policy and every product's
 * policy in force adopted, and consent to the general policy's
 * functionality. Devices pair with it over the device SDK's link; what they
 * send and what the app produces itself goes to both the account channel and
 * the improvement plan's unlinked channel, each taking only what it may.
 */
export class AppInstance {
  readonly devices = new Map<string, LinkedDevice>();
  /** Records the outboxes reported sent since the last call. */
  private sent = 0;

  private constructor(
    readonly options: AppInstanceOptions,
    readonly accountId: string,
    readonly dir: string,
    readonly storage: FileAppStorage,
    readonly sdk: AppSdk,
    /** Calls made as the user outside the SDK's own clients (binding, rights, shared devices). */
    readonly transport: Transport,
    readonly binding: BindingClient,
    private readonly pool: ReturnType<typeof connectionPool>,
  ) {}

  static async signUp(options: AppInstanceOptions): Promise<AppInstance> {
    const accounts = createClient(cloud.AccountService, createConnectTransport({ baseUrl: options.cloudUrl, httpVersion: "1.1" }));
    const { session } = await accounts.createAccount({ region: options.region });
    if (!session) throw new Error("the cloud created no session");
    const token = session.userToken;
    const dir = await makeScratchDir(`app-${options.handle}`);
    const storage = await FileAppStorage.open(dir);
    let self: AppInstance | undefined;
    const sdk = await openAppSdk({
      storage,
      cloudUrl: options.cloudUrl,
      userToken: () => token,
      backgroundFlush: false,
      retry: { initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
      timeoutMs: 15_000,
      onEvent: (e) => {
        if (e.kind === "sent" && self) self.sent += e.recordIds.length;
        options.logger.log(e.kind === "rejected" ? "warn" : "info", "app.outbox", { account: options.handle, ...outboxFields(e) });
      },
    });
    const pool = connectionPool(options.cloudUrl, true);
    const transport = accountTransport({ baseUrl: options.cloudUrl, timeoutMs: 15_000 }, () => token, pool);
    self = new AppInstance(options, session.accountId, dir, storage, sdk, transport, new BindingClient(transport, sdk.consent), pool);
    const general = options.publisher.general;
    await sdk.consent.adoptPolicy({ kind: general.kind, productId: "", version: general.version, purposes: [...general.purposes], material: false });
    await sdk.consentCloud.giveConsent(cloud.PolicyKind.GENERAL, "", [Purpose.FUNCTIONALITY]);
    for (const productId of options.catalog.productIds) await self.adoptProductPolicy(productId);
    options.logger.log("info", "app.signed_up", { account: options.handle, accountId: session.accountId });
    return self;
  }

  get handle(): string {
    return this.options.handle;
  }

  /** Adopts the version of `productId`'s policy in force, as the app does when the publisher updates it. */
  async adoptProductPolicy(productId: string): Promise<void> {
    const policy = this.options.publisher.inForce(productId);
    if (!policy) return;
    await this.sdk.consent.adoptPolicy({ kind: cloud.PolicyKind.PRODUCT, productId, version: policy.version, purposes: [...policy.purposes], material: false });
  }

  /**
   * Pairs a new device of `productId` with the app and binds it to the
   * account: the cloud's challenge goes to the device over the link, its
   * proof comes back and is relayed to BindingService; then the device is
   * told the user's consent and switches, and Wi-Fi products are
   * provisioned with their key for the device<->cloud hop.
   */
  async bindDevice(handle: string, productId: string): Promise<SimulatedDevice> {
    const device = await SimulatedDevice.create({
      handle,
      productId,
      catalog: this.options.catalog.linkCatalog(productId),
      factoryMasterKey: this.options.factoryMasterKey,
      now: this.options.now,
      logger: this.options.logger,
      hooks: this.options.hooks,
    });
    const link = new DeviceLinkEnd(device.appTransport, this.options.catalog.linkCatalog(productId), this.sdk.consent, handle, this.options.logger, async ({ schema, message }) => {
      await this.options.hooks.appReceived?.(this, schema, message);
      await this.deliver(schema, message, device.cloudDeviceId);
    });
    const linked: LinkedDevice = { device, link, bound: false };
    this.devices.set(handle, linked);
    await Promise.all([link.pair(), device.device.pair()]);
    const challenge = await this.binding.createChallenge(productId);
    const proofBytes = await link.requestBindingProof(this.accountId, challenge.nonce);
    const proof = decodeBindingProof(proofBytes);
    const grant = await this.binding.bindDevice({ productId, mac: proof.mac, serialNumber: proof.serialNumber, devicePublicKey: proof.devicePublicKey, bindingProof: proofBytes });
    device.cloudDeviceId = grant.device.deviceId;
    device.uplink = new DeviceUplink(this.options.deviceCloudUrl, grant.deviceKey, grant.device.deviceId, device.device.consent, (p) => this.receiptFor(p), this.options.now);
    linked.bound = true;
    await this.tellDeviceEverything(linked);
    this.options.logger.log("info", "app.device_bound", { account: this.handle, device: handle, deviceId: grant.device.deviceId, productId });
    return device;
  }

  /** Unbinds a device: the cloud first, then the device is told to forget (it erases everything). */
  async unbindDevice(handle: string): Promise<void> {
    const linked = this.devices.get(handle);
    if (!linked || !linked.bound || !linked.device.cloudDeviceId) return;
    await this.binding.unbindDevice(linked.device.cloudDeviceId);
    linked.bound = false;
    linked.device.uplink = undefined;
    await linked.link.send(cloud.DeviceCommandSchema, create(cloud.DeviceCommandSchema, { commandId: `unbind-${handle}`, kind: cloud.DeviceCommandKind.UNBIND }));
    await this.settleDevice(linked);
  }

  /** The bound devices of a product (or the one named). */
  boundDevices(productId: string, handle = ""): LinkedDevice[] {
    return [...this.devices.values()].filter((d) => d.bound && d.device.productId === productId && (handle === "" || d.device.handle === handle));
  }

  /** Tells every bound device of `productId` the purposes the user's consent allows now. */
  async relayConsent(productId: string): Promise<void> {
    for (const linked of this.boundDevices(productId)) {
      await this.sendPurposes(linked);
      await this.settleDevice(linked);
    }
  }

  /** Tells the product's devices (or the one named) a function switch. */
  async relayFunction(productId: string, fn: string, enabled: boolean, handle = ""): Promise<void> {
    for (const linked of this.boundDevices(productId, handle)) {
      await linked.link.send(cloud.SetFunctionRequestSchema, create(cloud.SetFunctionRequestSchema, { productId, function: fn, enabled }));
      await this.settleDevice(linked);
    }
  }

  /** Tells the product's devices an upload switch. */
  async relayUploadSwitch(productId: string, name: string, enabled: boolean): Promise<void> {
    for (const linked of this.boundDevices(productId)) {
      await linked.link.send(cloud.SetUploadSwitchRequestSchema, create(cloud.SetUploadSwitchRequestSchema, { productId, uploadSwitch: name, enabled }));
      await this.settleDevice(linked);
    }
  }

  /**
   * Hands a record to both channels: the account channel (what is
   * identified under a consented purpose) and the improvement plan (what is
   * pseudonymized for analytics, only while enrolled). Throws
   * ThirdPartyDirectValueError before either keeps anything.
   */
  async deliver(schema: DescMessage, message: Message, deviceId?: string): Promise<SubmitOutcome> {
    const collectedAt = this.options.now();
    const outcome = await this.sdk.sync.send(schema, message as never, { collectedAt, deviceId });
    await this.options.hooks.appSent?.(this, schema, message, outcome);
    await this.sdk.analytics.record(schema, message as never, { collectedAt });
    return outcome;
  }

  /** How many records the outboxes reported sent since the last call. */
  takeSentCount(): number {
    const n = this.sent;
    this.sent = 0;
    return n;
  }

  /** The app's files as one table: path and bytes as stored. */
  async table(): Promise<conformance.StoredTable> {
    const rows: { cells: Uint8Array[] }[] = [];
    for (const entry of await readdir(this.dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath ?? this.dir, entry.name);
      rows.push({ cells: [new TextEncoder().encode(relative(this.dir, path)), new Uint8Array(await readFile(path))] });
    }
    rows.sort((a, b) => Buffer.compare(Buffer.from(a.cells[0]!), Buffer.from(b.cells[0]!)));
    return create(conformance.StoredTableSchema, { tier: Tier.APP, owner: this.handle, name: "files", columns: ["path", "bytes"], rows });
  }

  async close(): Promise<void> {
    for (const linked of this.devices.values()) {
      await linked.link.close();
      await linked.device.close();
    }
    await this.sdk.close().catch(() => {});
    this.pool.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** The receipt a device's own records cite: the one governing its product now. */
  private receiptFor(productId: string): { receiptId: string; policyVersion: string } | undefined {
    const governing = this.sdk.consent.governingReceipt(productId);
    return governing && { receiptId: governing.receipt.receiptId, policyVersion: governing.receipt.policyVersion };
  }

  /** At binding: purposes, and every switch that differs from the device's factory default. */
  private async tellDeviceEverything(linked: LinkedDevice): Promise<void> {
    const productId = linked.device.productId;
    await this.sendPurposes(linked);
    const controls = this.sdk.consent.controlsOf(productId);
    for (const [fn, { offByDefault }] of controls?.functions ?? []) {
      const on = offByDefault ? this.sdk.consent.isFunctionEnabled(productId, fn) : !this.sdk.consent.isFunctionDisabled(productId, fn);
      if (on === !offByDefault) continue;
      await linked.link.send(cloud.SetFunctionRequestSchema, create(cloud.SetFunctionRequestSchema, { productId, function: fn, enabled: on }));
    }
    for (const name of this.sdk.consent.disabledUploads(productId)) {
      await linked.link.send(cloud.SetUploadSwitchRequestSchema, create(cloud.SetUploadSwitchRequestSchema, { productId, uploadSwitch: name, enabled: false }));
    }
    await this.settleDevice(linked);
  }

  private async sendPurposes(linked: LinkedDevice): Promise<void> {
    const productId = linked.device.productId;
    const declared = this.options.catalog.declaredPurposes(productId);
    const allowed = declared.filter((p) => this.sdk.consent.allowsPurpose(productId, p));
    const refused = declared.filter((p) => !allowed.includes(p));
    const version = this.sdk.consent.governingReceipt(productId)?.receipt.policyVersion ?? "";
    if (allowed.length > 0) await linked.link.send(cloud.GiveConsentRequestSchema, create(cloud.GiveConsentRequestSchema, { productId, policyKind: cloud.PolicyKind.PRODUCT, policyVersion: version, purposes: allowed }));
    if (refused.length > 0) await linked.link.send(cloud.WithdrawConsentRequestSchema, create(cloud.WithdrawConsentRequestSchema, { productId, purposes: refused }));
  }

  /** Waits until the device has applied what it was sent. */
  private async settleDevice(linked: LinkedDevice): Promise<void> {
    await new Promise((r) => setImmediate(r));
    await linked.device.device.whenIdle();
    await linked.link.settle();
  }
}
