import type { DescMessage, Message } from "@bufbuild/protobuf";
import type { SubmitOutcome } from "@datapact/app";
import type { StorageLocation } from "@datapact/cloud";
import type { Purpose } from "@datapact/proto";
import type { AppInstance } from "../app/app-instance.js";
import type { CloudTier } from "../cloud/cloud-tier.js";
import type { SimulatedDevice } from "../device/simulated-device.js";

/**
 * Where a deliberately broken testee makes its one mistake
 * (conformance/testees/broken/). The reference implementation leaves every
 * hook empty; each hook names the moment it runs at, and none of them can
 * be reached by anything the kit sends except through the SDK calls around it.
 */
export interface TesteeHooks {
  /** The primary cloud node is up, the one every invariant's default region is stored at (a fault may wrap its stores). */
  cloudStarted?(cloud: CloudTier): void | Promise<void>;
  /** The node holding `location`'s data is about to start: the one location it serves (the reference: `location`); undefined serves every region. */
  nodeServes?(location: StorageLocation): StorageLocation | undefined;
  /**
   * An account signs up in `region`, which the residency table stores at
   * `home`: the location whose node it signs up at, of the `nodes` the
   * testee runs (the primary first). The reference: `home`.
   */
  signUpAt?(region: string, home: StorageLocation, nodes: readonly StorageLocation[]): StorageLocation;
  /** A device's firmware is about to produce a message, before it checks the function switch. */
  deviceProducing?(device: SimulatedDevice, schema: DescMessage, message: Message): Promise<void>;
  /** A device kept what the policy lets it keep of a message it produced. */
  deviceStored?(device: SimulatedDevice, schema: DescMessage, message: Message): Promise<void>;
  /** The app received a message from a device over the link. */
  appReceived?(app: AppInstance, schema: DescMessage, message: Message): Promise<void>;
  /** The app is about to hand a record it produced to the SDK; returns the record to hand over. */
  appRecording?(app: AppInstance, schema: DescMessage, message: Message): Promise<Message>;
  /** The account channel took a record. */
  appSent?(app: AppInstance, schema: DescMessage, message: Message, outcome: SubmitOutcome): Promise<void>;
  /** The purposes to consent to when the user chose `chosen` of a policy asking `asked`. */
  consentPurposes?(chosen: readonly Purpose[], asked: readonly Purpose[]): Purpose[];
  /** The user joined the User Experience Improvement Plan. */
  optedIn?(app: AppInstance): Promise<void>;
  /** A device frame step carried bytes that do not decode as its message type. */
  undecodable?(app: AppInstance, typeName: string, payload: Uint8Array): Promise<void>;
  /** The user revoked authorization of a product; false: the app does not ask the cloud to erase it (the reference does). */
  erasesRevokedProduct?(productId: string): boolean;
}
