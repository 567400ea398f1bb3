import { create, toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import {
  createMemoryTransportPair,
  deriveFactoryKey,
  Device,
  encodeMessageEnvelope,
  FrameType,
  MemoryBackend,
  MemoryScreen,
  messageTypeId,
  OversizedMessageError,
  type ByteTransport,
  type MessageCatalog,
  type SendOutcome,
} from "@datapact/device";
import { isFunctionOn, planFor } from "@datapact/policy";
import { conformance, Tier } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import type { CloudLogger } from "@datapact/cloud";
import type { TesteeHooks } from "../hooks/testee-hooks.js";
import { DeviceUplink } from "./device-uplink.js";

/** BLE with data length extension: 251-byte link-layer payloads, 244 after ATT and L2CAP. */
const LINK_MTU = 244;

/** What the device's firmware did with a message it produced. */
export interface ProduceOutcome {
  /** False when the function is off: the firmware produced nothing. */
  readonly produced: boolean;
  readonly link?: SendOutcome;
  readonly uplink?: string;
}

/** Options of {@link SimulatedDevice.create}. */
export interface SimulatedDeviceOptions {
  /** The kit's handle ("d1"). */
  readonly handle: string;
  readonly productId: string;
  readonly catalog: MessageCatalog;
  /** The factory master key of the platform that "made" the hardware. */
  readonly factoryMasterKey: Uint8Array;
  readonly now: () => Date;
  readonly logger: CloudLogger;
  readonly hooks: TesteeHooks;
}

/**
 * A device of a product, simulated with the real device SDK: fresh hardware
 * (MAC, serial number, factory key, at-rest key), its flash in memory, a
 * screen, and an encrypted link to the app over an in-memory BLE-like
 * transport whose device->app packets are captured, so a step can report
 * what crossed the link (ciphertext). Its firmware keeps in flash what the
 * policy lets it keep of what it measures (sealed where the pact encrypts at
 * rest), sends it over the link, and, for Wi-Fi products, straight to the
 * cloud; a function that is off produces nothing at all.
 */
export class SimulatedDevice {
  /** Set once bound. */
  cloudDeviceId: string | undefined;
  uplink: DeviceUplink | undefined;
  private captured: Uint8Array[] = [];
  private produced = 0;

  private constructor(
    readonly options: SimulatedDeviceOptions,
    readonly device: Device,
    /** The device's flash. */
    readonly backend: MemoryBackend,
    /** The app's end of the link. */
    readonly appTransport: ByteTransport,
    readonly mac: string,
    readonly serialNumber: string,
    /** The key values the pact encrypts at rest are sealed with (a real device keeps it in its secure element). */
    readonly atRestKey: Uint8Array,
  ) {}

  static async create(options: SimulatedDeviceOptions): Promise<SimulatedDevice> {
    const mac = ["02", ...[...randomBytes(5)].map((b) => b.toString(16).padStart(2, "0"))].join(":").toUpperCase();
    const serialNumber = `SN-${randomBytes(6).toString("hex").toUpperCase()}`;
    let self: SimulatedDevice | undefined;
    const { a, b } = createMemoryTransportPair({
      mtu: LINK_MTU,
      intercept: (packet, direction, deliver) => {
        // b is the device's end: b->a is what the device puts on the air.
        if (direction === "b->a") self?.captured.push(packet.slice());
        deliver(packet);
      },
    });
    const backend = new MemoryBackend();
    const atRestKey = new Uint8Array(randomBytes(32));
    const device = await Device.open({
      transport: b,
      catalog: options.catalog,
      backend,
      display: new MemoryScreen(),
      identity: { mac, serialNumber, factoryKey: deriveFactoryKey(options.factoryMasterKey, mac, serialNumber) },
      atRestKey,
      now: options.now,
    });
    device.onError((e) => options.logger.log("warn", "device.error", { device: options.handle, error: e.name, code: (e as { code?: string }).code }));
    self = new SimulatedDevice(options, device, backend, a, mac, serialNumber, atRestKey);
    return self;
  }

  get handle(): string {
    return this.options.handle;
  }

  get productId(): string {
    return this.options.productId;
  }

  /**
   * The firmware produces `message`: if its function is on, keeps what the
   * device may keep, sends it to the app and (for fields that may cross
   * device<->cloud) to the cloud. Throws ThirdPartyDirectValueError before
   * anything is kept or sent when the message holds a value a third party
   * collects directly.
   */
  async produce(schema: DescMessage, message: Message): Promise<ProduceOutcome> {
    await this.options.hooks.deviceProducing?.(this, schema, message);
    if (!isFunctionOn(planFor(schema), this.device.consent)) return { produced: false };
    // A reading larger than the link can carry is a sensor fault: nothing of it is kept or sent.
    const size = toBinary(schema, message).length;
    if (size > this.device.link.maxMessageBytes) throw new OversizedMessageError(size, this.device.link.maxMessageBytes);
    await this.device.store.put(schema, `produced/${String(++this.produced).padStart(6, "0")}`, message as never);
    await this.options.hooks.deviceStored?.(this, schema, message);
    const link = await this.device.emit(schema, () => message as never);
    let uplink: string | undefined;
    if (this.uplink && DeviceUplink.carries(schema)) uplink = await this.uplink.send(schema, message);
    return { produced: true, link, uplink };
  }

  /**
   * Puts bytes the firmware could not make sense of on the link as a pact
   * message of type `typeName`, as a firmware that relays what it reads
   * would: the app end must refuse them.
   */
  async relayRaw(typeName: string, payload: Uint8Array): Promise<void> {
    await this.device.link.send(FrameType.MESSAGE, encodeMessageEnvelope(messageTypeId(typeName), payload));
  }

  /** The packets that crossed device->app since the last call. */
  takeLinkPackets(): Uint8Array[] {
    const out = this.captured;
    this.captured = [];
    return out;
  }

  /** The device's flash as a table: one row per key. */
  async table(): Promise<conformance.StoredTable> {
    const keys = await this.backend.list();
    const rows = [];
    for (const key of keys) rows.push({ cells: [new TextEncoder().encode(key), (await this.backend.read(key)) ?? new Uint8Array()] });
    return create(conformance.StoredTableSchema, { tier: Tier.DEVICE, owner: this.handle, name: "flash", columns: ["key", "value"], rows });
  }

  async close(): Promise<void> {
    await this.device.close().catch(() => {});
  }
}
