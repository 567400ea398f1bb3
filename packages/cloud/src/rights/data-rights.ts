import { createRegistry, type Registry } from "@bufbuild/protobuf";
import { createPolicy, type Policy } from "@datapact/policy";
import { pactFiles } from "@datapact/proto";
import type { DataKeyring } from "../keys/data-keyring.js";
import type { CloudLogger } from "../logging/cloud-logger.js";
import type { Database } from "../storage/database/database.js";
import { RecordStore } from "../storage/records/record-store.js";
import { AnonymizedRecordStore } from "./anonymize/anonymized-record-store.js";
import { RecordCorrection } from "./correct/record-correction.js";
import { DeletionRequests } from "./delete/deletion-requests.js";
import { DeletionRunner, type DeletionRunnerOptions } from "./delete/deletion-runner.js";
import { DataExport } from "./export/data-export.js";
import { pactProducts } from "./pact-products.js";
import { ConsentWithdrawal } from "./withdraw/consent-withdrawal.js";
import { InstallErasure } from "./withdraw/install-erasure.js";
import { WithdrawnProducts } from "./withdraw/withdrawn-products.js";

/** Options of {@link createDataRights}. */
export interface DataRightsOptions {
  readonly db: Database;
  readonly keyring: DataKeyring;
  /** Message types stored; default every type of the pact. */
  readonly registry?: Registry;
  /** The records store to read and correct through; default one over `db` and `keyring`. */
  readonly records?: RecordStore;
  /** Default a policy over `registry`. */
  readonly policy?: Policy;
  readonly clock?: { now(): Date };
  readonly logger?: CloudLogger;
  /** Runner tuning (lease, batch size, owner, checkpoint hook). */
  readonly runner?: Omit<DeletionRunnerOptions, "db" | "keyring" | "registry" | "clock" | "logger">;
}

/**
 * The data-rights engine of one database (000 §05; SEED-MECHANISMS section
 * J): export, correction, deletion jobs and their runner, consent
 * withdrawal, and the improvement plan's erasure, sharing one clock,
 * registry and logger.
 */
export interface DataRights {
  readonly registry: Registry;
  readonly exports: DataExport;
  readonly correction: RecordCorrection;
  readonly deletions: DeletionRequests;
  readonly runner: DeletionRunner;
  readonly withdrawal: ConsentWithdrawal;
  readonly installs: InstallErasure;
  readonly withdrawnProducts: WithdrawnProducts;
  readonly anonymized: AnonymizedRecordStore;
  readonly clock: { now(): Date };
}

/** Builds the data-rights engine over a database and its keyring. */
export function createDataRights(options: DataRightsOptions): DataRights {
  const registry = options.registry ?? createRegistry(...pactFiles);
  const clock = options.clock ?? { now: () => new Date() };
  const records = options.records ?? new RecordStore({ db: options.db, keyring: options.keyring, registry });
  const deletions = new DeletionRequests({ db: options.db, products: pactProducts(registry), clock });
  return {
    registry,
    exports: new DataExport({ db: options.db, records }),
    correction: new RecordCorrection({ db: options.db, records, policy: options.policy ?? createPolicy(registry) }),
    deletions,
    runner: new DeletionRunner({ ...options.runner, db: options.db, keyring: options.keyring, registry, clock, logger: options.logger }),
    withdrawal: new ConsentWithdrawal({ db: options.db, requests: deletions, clock }),
    installs: new InstallErasure({ db: options.db, clock }),
    withdrawnProducts: new WithdrawnProducts(options.db),
    anonymized: new AnonymizedRecordStore(options.db),
    clock,
  };
}
