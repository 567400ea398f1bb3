import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import type { CloudServer } from "@datapact/cloud";
import { cloud } from "@datapact/proto";
import type { PactCatalog } from "../catalog/pact-catalog.js";

/** The kit's handles for third-party manufacturers (docs/certification/harness.md). */
export const MANUFACTURER_HANDLES: readonly string[] = ["m1", "m2"];

/** The largest page the cloud serves; the integration reads every page. */
const PAGE = 1000;

/** What an integration learned of a device it made when the device was bound: the user's id at this manufacturer and its own handle for the device. */
export interface KnownDevice {
  readonly userId: string;
  readonly deviceHandle: string;
  readonly productId: string;
}

/**
 * One third-party manufacturer's integration, as its own cloud would run
 * it: it calls the platform's ManufacturerService with its API key and
 * knows users and devices only by the ids the platform hands it. It
 * remembers which of the kit's devices each of its device handles is (it
 * made the device, so it sees it appear when the device is bound), and
 * keeps a user's id after the platform stops resolving it, as a real
 * integration would.
 */
export class ManufacturerIntegration {
  private readonly devices = new Map<string, KnownDevice>();

  constructor(
    /** The kit's handle ("m1"). */
    readonly handle: string,
    /** The platform's id of the manufacturer. */
    readonly manufacturerId: string,
    readonly productIds: ReadonlySet<string>,
    private readonly client: Client<typeof cloud.ManufacturerService>,
  ) {}

  /** Whether it makes devices of `productId`. */
  makes(productId: string): boolean {
    return this.productIds.has(productId);
  }

  /** What it learned of one of the kit's devices, if it made the device. */
  known(device: string): KnownDevice | undefined {
    return this.devices.get(device);
  }

  /** Its handles of every bound device of its products, each with the user's id at this manufacturer. */
  async deviceHandles(): Promise<Map<string, KnownDevice>> {
    const out = new Map<string, KnownDevice>();
    let pageToken = "";
    do {
      const page = await this.client.listUsers({ pageSize: PAGE, pageToken });
      for (const user of page.users) for (const d of user.devices) out.set(d.deviceHandle, { userId: user.userId, deviceHandle: d.deviceHandle, productId: d.productId });
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    return out;
  }

  /** The device handles it has learned. */
  learnedHandles(): Set<string> {
    return new Set([...this.devices.values()].map((d) => d.deviceHandle));
  }

  /** Remembers that the kit's `device` is the one it knows as `known`. */
  learn(device: string, known: KnownDevice): void {
    this.devices.set(device, known);
  }

  /** Every record of `productId` the platform serves it for `userId` (NOT_FOUND once the id stops resolving). */
  async records(userId: string, productId: string): Promise<cloud.ManufacturerRecord[]> {
    const out: cloud.ManufacturerRecord[] = [];
    let pageToken = "";
    do {
      const page = await this.client.listUserRecords({ userId, productId, pageSize: PAGE, pageToken });
      out.push(...page.records);
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    return out;
  }
}

/**
 * The third-party manufacturers of the testee's world, one per kit handle.
 * The platform registers them (an operator action) after every reset, each
 * making every other product of the catalog (m1 the first, m2 the second,
 * ...), so that a user with devices of several products is a user of both.
 */
export class ManufacturerIntegrations {
  private readonly byHandle = new Map<string, ManufacturerIntegration>();

  constructor(
    private readonly server: CloudServer,
    private readonly catalog: PactCatalog,
  ) {}

  /** Registers every manufacturer anew (the reset emptied the cloud's tables) and forgets what the integrations learned. */
  async register(): Promise<void> {
    this.byHandle.clear();
    for (const [i, handle] of MANUFACTURER_HANDLES.entries()) {
      const productIds = this.catalog.productIds.filter((_, p) => p % MANUFACTURER_HANDLES.length === i);
      const manufacturerId = `manufacturer-${handle}`;
      const apiKey = await this.server.registerManufacturer({ manufacturerId, name: `Manufacturer ${handle}`, productIds });
      const bearer: Interceptor = (next) => (req) => {
        req.header.set("authorization", `Bearer ${apiKey}`);
        return next(req);
      };
      // The manufacturer's own cloud calls the platform directly: its traffic is not the app's.
      const transport = createConnectTransport({ baseUrl: this.server.url, httpVersion: "1.1", defaultTimeoutMs: 15_000, interceptors: [bearer] });
      this.byHandle.set(handle, new ManufacturerIntegration(handle, manufacturerId, new Set(productIds), createClient(cloud.ManufacturerService, transport)));
    }
  }

  /** The integration of a kit handle. */
  get(handle: string): ManufacturerIntegration | undefined {
    return this.byHandle.get(handle);
  }

  /**
   * Around the binding of a device of `productId`: the returned function,
   * called once the device is bound, lets its manufacturer learn the one
   * device handle that appeared. Every device is bound through here and a
   * handle is fixed for a user's device (the platform derives it from both),
   * so the handles the manufacturer learned already are all it knew before,
   * and one listing after the binding tells the new one.
   */
  async watchBinding(productId: string): Promise<(device: string) => Promise<void>> {
    const maker = [...this.byHandle.values()].find((m) => m.makes(productId));
    if (!maker) return async () => {};
    const before = maker.learnedHandles();
    return async (device) => {
      for (const [handle, known] of await maker.deviceHandles()) {
        if (!before.has(handle) && known.productId === productId) maker.learn(device, known);
      }
    };
  }
}
