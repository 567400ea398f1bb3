import { create } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, createClient, type Client, type Transport } from "@connectrpc/connect";
import { forHop, planFor, type ConsentState } from "@datapact/policy";
import { cloud, Hop } from "@datapact/proto";
import { CloudCallError } from "../errors/cloud-call-error.js";
import { ConsentRequiredError } from "../errors/consent-required-error.js";
import { cloudCallError } from "../transport/cloud-call-failure.js";

/** A single-use challenge the device must sign to be bound to the signed-in account. */
export interface BindingChallengeGrant {
  readonly nonce: Uint8Array;
  /** When the cloud stops accepting proofs for it. */
  readonly expiresAt: Date | undefined;
}

/** What the device proved, as the app relays it to the cloud. */
export interface DeviceBindingRequest {
  readonly productId: string;
  /** The device's MAC and serial number, as the proof states them. */
  readonly mac: string;
  readonly serialNumber: string;
  /** The X25519 key the device generated for this binding (in the proof). */
  readonly devicePublicKey: Uint8Array;
  /** The device's encoded binding proof, relayed unchanged. */
  readonly bindingProof: Uint8Array;
}

/** A device the cloud bound to the account, and the device's own credential. */
export interface BoundDeviceGrant {
  readonly device: cloud.BoundDevice;
  /**
   * The device's bearer key for its own calls (device -> cloud). Handed to
   * the device during provisioning and never stored by the app: the cloud
   * keeps only its hash.
   */
  readonly deviceKey: string;
}

/**
 * Binds devices to the signed-in account (000 §3.4 (1), §3.8; M144): the
 * cloud issues a challenge, the app relays it to the device over the link,
 * the device answers with a proof signed by its factory key, and the app
 * relays the proof to `BindingService.BindDevice`. The app never creates
 * or alters a proof; it only carries it. Calls are made as the user and are
 * never queued: a binding happens now or fails.
 *
 * Binding requests carry identifiers (MAC, serial number, device key), so
 * they are projected by the policy like any record: without consent to the
 * binding function's purposes nothing is sent (ConsentRequiredError).
 */
export class BindingClient {
  private readonly client: Client<typeof cloud.BindingService>;

  constructor(
    transport: Transport,
    private readonly consent: ConsentState,
  ) {
    this.client = createClient(cloud.BindingService, transport);
  }

  /** Asks the cloud for a challenge for a device of `productId`. */
  async createChallenge(productId: string): Promise<BindingChallengeGrant> {
    try {
      const response = await this.client.createBindingChallenge({ productId });
      if (response.nonce.length === 0) throw new CloudCallError("BindingService/CreateBindingChallenge", Code.Internal, false);
      return { nonce: response.nonce, expiresAt: response.expiresAt ? timestampDate(response.expiresAt) : undefined };
    } catch (err) {
      throw cloudCallError("BindingService/CreateBindingChallenge", err);
    }
  }

  /** Relays a device's proof; the cloud binds the device to the account and issues its key. */
  async bindDevice(request: DeviceBindingRequest): Promise<BoundDeviceGrant> {
    const message = create(cloud.BindDeviceRequestSchema, {
      productId: request.productId,
      mac: request.mac,
      serialNumber: request.serialNumber,
      devicePublicKey: request.devicePublicKey,
      bindingProof: request.bindingProof,
    });
    const removed: string[] = [];
    const projected = forHop(cloud.BindDeviceRequestSchema, message, Hop.APP_CLOUD, this.consent, { onDrop: (path) => removed.push(pathToString(path)) });
    if (removed.length > 0) throw new ConsentRequiredError(planFor(cloud.BindDeviceRequestSchema).productId, cloud.BindDeviceRequestSchema.typeName, removed);
    try {
      const response = await this.client.bindDevice(projected);
      if (!response.device || response.deviceKey === "") throw new CloudCallError("BindingService/BindDevice", Code.Internal, false);
      return { device: response.device, deviceKey: response.deviceKey };
    } catch (err) {
      throw cloudCallError("BindingService/BindDevice", err);
    }
  }

  /** Unbinds a device: the cloud queues the device's unbind and factory-reset commands and ends its shares. */
  async unbindDevice(deviceId: string): Promise<void> {
    try {
      await this.client.unbindDevice({ deviceId });
    } catch (err) {
      throw cloudCallError("BindingService/UnbindDevice", err);
    }
  }

  /** The devices bound to the account now. */
  async listDevices(): Promise<readonly cloud.BoundDevice[]> {
    try {
      return (await this.client.listDevices({})).devices;
    } catch (err) {
      throw cloudCallError("BindingService/ListDevices", err);
    }
  }
}
