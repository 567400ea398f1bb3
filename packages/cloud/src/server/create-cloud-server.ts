import { locationOfSubject } from "../residency/regional-stores.js";
import { createRegistry } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import { BindingVerifier, deriveFactoryKey } from "@datapact/device";
import { createPolicy } from "@datapact/policy";
import { cloud, pactFiles } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { createAuthInterceptor } from "../auth/auth-interceptor.js";
import { UserTokens } from "../auth/user-tokens.js";
import { PairwiseIdentifiers } from "../identity/pairwise-identifiers.js";
import { findSubject } from "../identity/subjects.js";
import { DataKeyring } from "../keys/data-keyring.js";
import { KeyEncryptionKey } from "../keys/key-encryption-key.js";
import { createJsonLogger } from "../logging/json-logger.js";
import { createRpcLogInterceptor } from "../logging/rpc-log-interceptor.js";
import { ManufacturerRegistry, type ManufacturerRegistration } from "../manufacturers/manufacturer-registry.js";
import { manufacturerService } from "../manufacturers/manufacturer-service.js";
import { SceneEngine } from "../scenes/scene-engine.js";
import { sceneService } from "../scenes/scene-service.js";
import { SceneStore } from "../scenes/scene-store.js";
import { accountService } from "../services/account/account-service.js";
import { BINDING_CHALLENGE_TTL_MS, bindingService } from "../services/binding/binding-service.js";
import { DeviceRegistry } from "../services/binding/device-registry.js";
import { systemClock } from "../services/clock.js";
import type { CloudContext } from "../services/cloud-context.js";
import { ConsentLedger } from "../services/consent/consent-ledger.js";
import { consentService } from "../services/consent/consent-service.js";
import { PactDirectory } from "../services/consent/pact-directory.js";
import { PolicyCatalog, type PublishedPolicy } from "../services/consent/policy-catalog.js";
import { DeviceActionQueue } from "../services/device-actions/device-action-queue.js";
import { deviceActionService } from "../services/device-actions/device-action-service.js";
import { ShareStore } from "../services/sharing/share-store.js";
import { sharedDeviceService } from "../services/sharing/shared-device-service.js";
import { sharingService } from "../services/sharing/sharing-service.js";
import { AnalyticsIngest } from "../services/sync/analytics-ingest.js";
import { IngestPipeline } from "../services/sync/ingest-pipeline.js";
import { syncService } from "../services/sync/sync-service.js";
import type { Database } from "../storage/database/database.js";
import { openDatabase } from "../storage/database/open-database.js";
import { migrate } from "../storage/migrations/migrate.js";
import { RecordStore } from "../storage/records/record-store.js";
import { createDataRights } from "../rights/data-rights.js";
import { RetentionSweeper } from "../retention/retention-sweeper.js";
import { RetiredDevices } from "../rights/delete/retired-devices.js";
import { createDataRightsService } from "../rights/service/data-rights-service.js";
import type { CloudServerOptions } from "./cloud-server-options.js";
import { connectErrorFrom } from "./connect-error-from.js";
import { listenDualProtocol } from "./dual-protocol-listener.js";
import { closingOversizedConnections } from "./oversized-body-guard.js";
import { createRpcNodeHandler } from "./rpc-node-handler.js";
import { cloudMigrations } from "./migrations/cloud-migrations.js";
import { installAsciiTextEncoding } from "../wire/ascii-text-encoding.js";

/** A running reference cloud. */
export interface CloudServer {
  /** `http://127.0.0.1:<port>`: the base URL of every service, for Connect and gRPC clients alike. */
  readonly url: string;
  readonly port: number;
  /** The services' shared state: database, stores, policy, logger. For operators and tests. */
  readonly context: CloudContext;
  /** Registers a manufacturer and its products; returns its new API key (shown once). */
  registerManufacturer(registration: ManufacturerRegistration): Promise<string>;
  /** Puts a policy version in force (consent to earlier versions stops counting). */
  publishPolicy(policy: PublishedPolicy): void;
  /** Stops listening, drops open connections, and closes the database if the server opened it. Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_READ_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Starts the reference cloud: a Connect server (Connect, gRPC and gRPC-Web
 * protocols over HTTP/1.1 and h2c on one port) implementing the pact's
 * cloud services (sync, consent, binding, sharing, accounts, shared-device
 * access, device actions, manufacturers, scenes) on PGlite or PostgreSQL.
 * Every privacy decision is the policy engine's; secrets not given are
 * generated for this process and said so in the log. Installs a faster
 * protobuf text encoding process-wide (installAsciiTextEncoding: the same
 * bytes, fewer calls into TextEncoder).
 */
export async function createCloudServer(options: CloudServerOptions = {}): Promise<CloudServer> {
  installAsciiTextEncoding();
  const logger = options.logger ?? createJsonLogger((line) => process.stderr.write(line));
  const clock = options.clock ?? systemClock;
  const generated: string[] = [];
  const secret = (given: Uint8Array | undefined, name: string): Uint8Array => {
    if (given) return given;
    generated.push(name);
    return new Uint8Array(randomBytes(32));
  };
  const kek = options.kek ?? (generated.push("kek"), KeyEncryptionKey.generate());
  const pairwiseSecret = secret(options.secrets?.pairwise, "pairwise");
  const tokenSecret = secret(options.secrets?.userTokens, "userTokens");
  const factoryKeyFor =
    options.factoryKeyFor ??
    ((master: Uint8Array) => (mac: string, serialNumber: string) => deriveFactoryKey(master, mac, serialNumber))(
      secret(options.secrets?.factoryMasterKey, "factoryMasterKey"),
    );
  if (generated.length > 0) logger.log("warn", "dev.secrets_generated", { secrets: generated });

  const ownsDatabase = options.database === undefined;
  const db: Database = options.database ?? (await openDatabase(options.databaseOptions ?? {}));
  try {
    await migrate(db, cloudMigrations);
    const registry = createRegistry(...pactFiles);
    const policy = createPolicy(registry);
    const keyring = new DataKeyring({ db, kek, retiredKeks: options.retiredKeks });
    const records = new RecordStore({ db, keyring, registry });
    const pairwise = new PairwiseIdentifiers({ db, secret: pairwiseSecret });
    const devices = new DeviceRegistry(db);
    const manufacturers = new ManufacturerRegistry(db, pairwise);
    const rights = createDataRights({ db, keyring, registry, records, policy, clock, logger });
    const context: CloudContext = {
      db,
      policy,
      records,
      keyring,
      pairwise,
      pairwiseSecret,
      consent: new ConsentLedger(db),
      policies: new PolicyCatalog(options.policies),
      directory: new PactDirectory(registry),
      devices,
      actions: new DeviceActionQueue(db),
      shares: new ShareStore(db),
      scenes: new SceneStore(db, records),
      sceneEngine: new SceneEngine(logger),
      manufacturers,
      userTokens: new UserTokens({ secret: tokenSecret, ttlMs: options.userTokenTtlMs, now: () => clock.now() }),
      bindingVerifier: new BindingVerifier({ factoryKeyFor, challengeTtlMs: BINDING_CHALLENGE_TTL_MS, now: () => clock.now().getTime() }),
      logger,
      clock,
      limits: { maxRecordsPerBatch: 10_000, analyticsRetentionDays: 90, ...options.limits },
      rights,
      location: options.location,
    };
    const pipeline = new IngestPipeline(context);
    const routes = (router: ConnectRouter) => {
      router.service(cloud.AccountService, accountService(context));
      router.service(cloud.ConsentService, consentService(context));
      router.service(cloud.SyncService, syncService(context, pipeline, new AnalyticsIngest(context)));
      router.service(cloud.BindingService, bindingService(context));
      router.service(cloud.SharingService, sharingService(context));
      router.service(cloud.SharedDeviceService, sharedDeviceService(context));
      router.service(cloud.DeviceActionService, deviceActionService(context));
      router.service(cloud.ManufacturerService, manufacturerService(context));
      router.service(cloud.SceneService, sceneService(context, pipeline));
      router.service(cloud.DataRightsService, createDataRightsService({ rights, logger }));
    };
    const readMaxBytes = options.readMaxBytes ?? DEFAULT_READ_MAX_BYTES;
    const handler = createRpcNodeHandler({
      routes,
      readMaxBytes,
      logger,
      interceptors: [
        createRpcLogInterceptor(logger, { mapError: connectErrorFrom, isKnownType: (t) => registry.getMessage(t) !== undefined }),
        createAuthInterceptor({
          userTokens: context.userTokens,
          subjectExists: async (id) => (await findSubject(db, id)) !== undefined,
          residentHere: options.location === undefined ? undefined : (id) => locationOfSubject(id) === options.location,
          // A device whose owner's data was deleted still fetches its unbind and factory-reset commands (M130).
          deviceByKeyHash: async (hash) => {
            const device = await devices.byKeyHash(hash);
            if (device) return device;
            const retired = await new RetiredDevices(db).byKeyHash(hash);
            return retired && { kind: "device", deviceId: retired.deviceId, productId: retired.productId, subjectId: "", bound: false };
          },
          manufacturerByKeyHash: (hash) => manufacturers.byKeyHash(hash),
        }),
      ],
    });
    const listener = await listenDualProtocol(closingOversizedConnections(handler, readMaxBytes), { port: options.port, host: options.host });
    // Lifecycle work runs in the background: deletion jobs left by a crash
    // resume, and retention is enforced. Both are idempotent and safe on
    // several nodes at once (leases, SKIP LOCKED).
    const sweeper = new RetentionSweeper({ db, keyring, registry, clock, logger });
    const lifecycle = [
      setInterval(() => void rights.runner.runPending().catch((e: Error) => logger.log("error", "deletion.resume_failed", { error: e.name })), options.deletionResumeIntervalMs ?? 30_000),
      setInterval(() => void sweeper.sweep().catch((e: Error) => logger.log("error", "retention.sweep_failed", { error: e.name })), options.retentionSweepIntervalMs ?? 15 * 60_000),
    ];
    for (const t of lifecycle) t.unref();
    logger.log("info", "server.listening", { url: listener.url, database: db.kind, location: options.location });
    let closing: Promise<void> | undefined;
    return {
      url: listener.url,
      port: listener.port,
      context,
      registerManufacturer: (registration) => manufacturers.register(registration),
      publishPolicy: (p) => context.policies.publish(p),
      close() {
        closing ??= (async () => {
          for (const t of lifecycle) clearInterval(t);
          await listener.close();
          if (ownsDatabase) await db.close();
          logger.log("info", "server.closed", {});
        })();
        return closing;
      },
    };
  } catch (err) {
    if (ownsDatabase) await db.close().catch(() => {});
    throw err;
  }
}
