import type { StorageLocation } from "../residency/residency-table.js";
import type { Database } from "../storage/database/database.js";
import type { OpenDatabaseOptions } from "../storage/database/open-database.js";
import type { KeyEncryptionKey } from "../keys/key-encryption-key.js";
import type { CloudLogger } from "../logging/cloud-logger.js";
import type { Clock } from "../services/clock.js";
import type { ServiceLimits } from "../services/cloud-context.js";
import type { PublishedPolicy } from "../services/consent/policy-catalog.js";

/** The platform's secrets besides the KEK. Each at least 32 bytes; missing ones are generated for this process only (development). */
export interface PlatformSecrets {
  /** Keys pairwise ids and manufacturers' handles. Must outlive KEK rotations. */
  readonly pairwise?: Uint8Array;
  /** Signs user tokens. */
  readonly userTokens?: Uint8Array;
  /**
   * The development factory master key: a device's factory key is
   * HMAC(master, MAC, serial number) (the device SDK's deriveFactoryKey).
   * Ignored when {@link CloudServerOptions.factoryKeyFor} is given.
   */
  readonly factoryMasterKey?: Uint8Array;
}

/** Options of {@link createCloudServer}. */
export interface CloudServerOptions {
  /** An open database to use (the caller closes it). Default: one opened from {@link databaseOptions}. */
  readonly database?: Database;
  /** Where to open the database: default in-memory PGlite; `{ url }` for PostgreSQL (e.g. from databaseOptionsFromEnv()). */
  readonly databaseOptions?: OpenDatabaseOptions;
  /** The key-encryption key wrapping every subject's data key. Default: random (development only, logged as such). */
  readonly kek?: KeyEncryptionKey;
  /** Earlier KEKs still able to unwrap keys they wrapped. */
  readonly retiredKeks?: readonly KeyEncryptionKey[];
  readonly secrets?: PlatformSecrets;
  /** The factory key of the hardware with this MAC and serial number, or undefined for hardware never made. */
  readonly factoryKeyFor?: (mac: string, serialNumber: string) => Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** The policy versions in force. Default: the general policy "dev-1" asking every purpose. */
  readonly policies?: readonly PublishedPolicy[];
  readonly clock?: Clock;
  /** Default: JSON lines on stderr at level info. */
  readonly logger?: CloudLogger;
  /** Port to listen on, 127.0.0.1 only. Default 0 (any free port). */
  readonly port?: number;
  readonly host?: string;
  /** Largest request body accepted; larger ones fail with RESOURCE_EXHAUSTED. Default 4 MiB. */
  readonly readMaxBytes?: number;
  /** How long user tokens live. Default 24 hours. */
  readonly userTokenTtlMs?: number;
  readonly limits?: Partial<ServiceLimits>;
  /** How often deletion jobs interrupted by a crash are resumed. Default 30 s. */
  readonly deletionResumeIntervalMs?: number;
  /**
   * The one storage location this node serves (residency: 000 §04, M162,
   * M169; decision 0012), its database holding that location's subjects
   * only. Accounts are created here only for regions the residency table
   * stores here (others: FAILED_PRECONDITION REGION_SERVED_ELSEWHERE), under
   * ids that name the location (`de_…`), and a user token of a subject
   * stored elsewhere is refused before any handler runs (FAILED_PRECONDITION
   * CROSS_REGION_ACCESS). A deployment runs one node (or pool of nodes) per
   * location. Unset: one database for every region, for development.
   */
  readonly location?: StorageLocation;
  /** How often the retention sweeper runs. Default 15 minutes. */
  readonly retentionSweepIntervalMs?: number;
}
