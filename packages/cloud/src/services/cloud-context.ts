import type { DataRights } from "../rights/data-rights.js";
import type { StorageLocation } from "../residency/residency-table.js";
import type { Policy } from "@datapact/policy";
import type { BindingVerifier } from "@datapact/device";
import type { UserTokens } from "../auth/user-tokens.js";
import type { PairwiseIdentifiers } from "../identity/pairwise-identifiers.js";
import type { DataKeyring } from "../keys/data-keyring.js";
import type { CloudLogger } from "../logging/cloud-logger.js";
import type { ManufacturerRegistry } from "../manufacturers/manufacturer-registry.js";
import type { SceneEngine } from "../scenes/scene-engine.js";
import type { SceneStore } from "../scenes/scene-store.js";
import type { Database } from "../storage/database/database.js";
import type { RecordStore } from "../storage/records/record-store.js";
import type { DeviceRegistry } from "./binding/device-registry.js";
import type { Clock } from "./clock.js";
import type { ConsentLedger } from "./consent/consent-ledger.js";
import type { PactDirectory } from "./consent/pact-directory.js";
import type { PolicyCatalog } from "./consent/policy-catalog.js";
import type { DeviceActionQueue } from "./device-actions/device-action-queue.js";
import type { ShareStore } from "./sharing/share-store.js";

/** Limits the services enforce besides the transport's size limit. */
export interface ServiceLimits {
  /** Most records in one Ingest call. */
  readonly maxRecordsPerBatch: number;
  /**
   * Days an analytics event is kept when the pact gives its fields no fixed
   * period: unlinked events cannot be found again for a user's request, so
   * they need an end of their own (M089 keeps pseudonymized analytics 90 days).
   */
  readonly analyticsRetentionDays: number;
}

/**
 * Everything the services share: the database and its stores, the policy,
 * the keys and secrets, the clock and the logger. Built once by
 * createCloudServer.
 */
export interface CloudContext {
  readonly db: Database;
  readonly policy: Policy;
  readonly records: RecordStore;
  readonly keyring: DataKeyring;
  readonly pairwise: PairwiseIdentifiers;
  /** The platform's pairwise secret, also keying manufacturers' device and record handles. */
  readonly pairwiseSecret: Uint8Array;
  readonly consent: ConsentLedger;
  readonly policies: PolicyCatalog;
  readonly directory: PactDirectory;
  readonly devices: DeviceRegistry;
  readonly actions: DeviceActionQueue;
  readonly shares: ShareStore;
  readonly scenes: SceneStore;
  readonly sceneEngine: SceneEngine;
  readonly manufacturers: ManufacturerRegistry;
  readonly userTokens: UserTokens;
  readonly bindingVerifier: BindingVerifier;
  readonly logger: CloudLogger;
  readonly clock: Clock;
  readonly limits: ServiceLimits;
  /** The storage location this node serves, when it serves one only (CloudServerOptions.location). */
  readonly location?: StorageLocation;
  /**
   * The data-rights engine, so that withdrawing consent also erases what it
   * covered (000 §05). Absent in contexts built without one (unit tests of
   * single services).
   */
  readonly rights?: DataRights;
}
