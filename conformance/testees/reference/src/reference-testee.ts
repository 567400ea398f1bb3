import { create } from "@bufbuild/protobuf";
import type { StorageLocation } from "@datapact/cloud";
import { conformance } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { PactCatalog } from "./catalog/pact-catalog.js";
import { TesteeClock } from "./clock/testee-clock.js";
import { CloudNodes, type CloudNode } from "./cloud/cloud-nodes.js";
import { CloudTier } from "./cloud/cloud-tier.js";
import { pgliteTargets, postgresTarget, type DatabaseTarget } from "./cloud/database-target.js";
import { PolicyPublisher } from "./consent/policy-publisher.js";
import { refusalOf, skipped, type StepAnswer } from "./harness/step-answer.js";
import type { TesteeHooks } from "./hooks/testee-hooks.js";
import { TesteeLog } from "./log/testee-log.js";
import { bindDevice, emitDeviceFrame, unbindDevice } from "./steps/device-steps.js";
import { analyticsOptIn, analyticsOptOut, giveConsent, setFunction, setUploadSwitch, withdrawConsent } from "./steps/consent-steps.js";
import { appRecord, sync } from "./steps/record-steps.js";
import { deleteData, exportData } from "./steps/rights-steps.js";
import { runSweeper } from "./steps/retention-steps.js";
import { sweepAbandonedScratchDirs } from "./scratch/scratch-root.js";
import { advanceClock, createAccount, describe, dump, reset, type TesteeIdentity } from "./steps/session-steps.js";
import { readAs, revokeShare, shareDevice } from "./steps/sharing-steps.js";
import { TesteeWorld } from "./testee-world.js";

/**
 * The steps the reference implements. `crash_and_resume_deletion` waits
 * for a way to crash the cloud's deletion runner between its steps; export
 * and delete answer `skipped` when the cloud does not serve
 * DataRightsService.
 */
export const REFERENCE_STEPS: readonly string[] = [
  "describe",
  "reset",
  "create_account",
  "bind_device",
  "unbind_device",
  "set_function",
  "give_consent",
  "withdraw_consent",
  "set_upload_switch",
  "analytics_opt_in",
  "analytics_opt_out",
  "emit_device_frame",
  "app_record",
  "sync",
  "share_device",
  "revoke_share",
  "read_as",
  "export",
  "delete",
  "advance_clock",
  "run_sweeper",
  "dump",
];

/**
 * The storage locations the reference runs a cloud node for, the primary
 * first: the node the kit proxies and scans as the testee's database. EEA
 * and UK accounts (every invariant's default region, "eu") are stored in
 * Germany; Singapore holds the residency table's "Other" regions, so that
 * DP-RESIDENCY sees two locations kept apart.
 */
export const NODE_LOCATIONS: readonly StorageLocation[] = ["germany", "singapore"];

/** Options of {@link ReferenceTestee.start}. */
export interface ReferenceTesteeOptions {
  /** A postgres:// URL to make the testee's databases on (one per location); default an embedded PGlite per location in a temporary directory. */
  readonly databaseUrl?: string;
  /** The mistake of a broken testee; the reference has none. */
  readonly hooks?: TesteeHooks;
  /** What `describe` calls the testee. */
  readonly name?: string;
  /** Where log lines go. Default stderr. */
  readonly writeLog?: (line: string) => void;
}

/**
 * The reference implementation of the pact, as a testee of the conformance
 * kit: the reference cloud (a node per storage location in NODE_LOCATIONS),
 * one companion app per account and simulated devices, all built from this
 * repository's SDKs. Every step maps to SDK calls; nothing here decides
 * privacy itself.
 */
export class ReferenceTestee {
  private constructor(
    private readonly world: TesteeWorld,
    private readonly identity: TesteeIdentity,
  ) {}

  static async start(options: ReferenceTesteeOptions = {}): Promise<ReferenceTestee> {
    const clock = new TesteeClock();
    const log = new TesteeLog(clock.now, options.writeLog);
    const hooks = options.hooks ?? {};
    const catalog = new PactCatalog();
    const factoryMasterKey = new Uint8Array(randomBytes(32));
    // One database and one node per location, each started on its own: a node holds no other location's connection.
    await sweepAbandonedScratchDirs();
    const embedded = options.databaseUrl ? undefined : await pgliteTargets(NODE_LOCATIONS.length);
    const started = await Promise.allSettled(
      NODE_LOCATIONS.map(async (location, i): Promise<CloudNode> => {
        const target: DatabaseTarget = embedded ? embedded[i]! : await postgresTarget(options.databaseUrl!);
        try {
          const tier = await CloudTier.start({ target, clock, logger: log.logger, factoryMasterKey, location: hooks.nodeServes ? hooks.nodeServes(location) : location });
          return { location, tier };
        } catch (err) {
          await target.close();
          throw err;
        }
      }),
    );
    const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) {
      for (const r of started) if (r.status === "fulfilled") await r.value.tier.close().catch(() => {});
      throw failed.reason;
    }
    const nodes = new CloudNodes(started.map((r) => (r as PromiseFulfilledResult<CloudNode>).value));
    await hooks.cloudStarted?.(nodes.primary.tier);
    // Every node serves the same policies: an account reads them where it is stored.
    const publisher = new PolicyPublisher(catalog, { publishPolicy: (policy) => nodes.nodes.forEach((n) => n.tier.server.publishPolicy(policy)) });
    publisher.reset();
    const world = new TesteeWorld(catalog, nodes, publisher, clock, log, hooks, factoryMasterKey);
    return new ReferenceTestee(world, { name: options.name ?? "datapact-reference", version: "0.1.0", supportedSteps: REFERENCE_STEPS });
  }

  /** Performs one step; whatever an SDK throws becomes the step's typed error. */
  async act(request: conformance.HarnessRequest): Promise<conformance.HarnessResponse> {
    let result: StepAnswer;
    try {
      result = await this.perform(request.step);
    } catch (err) {
      result = refusalOf(err);
      this.world.log.logger.log("info", "testee.step_refused", { step: request.step.case ?? "none", error: err instanceof Error ? err.name : typeof err, code: result.case === "error" ? result.value.code : undefined });
    }
    return create(conformance.HarnessResponseSchema, { stepNumber: request.stepNumber, result });
  }

  async close(): Promise<void> {
    await this.world.closeApps().catch(() => {});
    await this.world.nodes.close();
  }

  private async perform(step: conformance.HarnessRequest["step"]): Promise<StepAnswer> {
    const w = this.world;
    switch (step.case) {
      case "describe":
        return describe(w, this.identity);
      case "reset":
        return reset(w, step.value);
      case "createAccount":
        return createAccount(w, step.value);
      case "bindDevice":
        return bindDevice(w, step.value);
      case "unbindDevice":
        return unbindDevice(w, step.value);
      case "setFunction":
        return setFunction(w, step.value);
      case "giveConsent":
        return giveConsent(w, step.value);
      case "withdrawConsent":
        return withdrawConsent(w, step.value);
      case "setUploadSwitch":
        return setUploadSwitch(w, step.value);
      case "analyticsOptIn":
        return analyticsOptIn(w, step.value);
      case "analyticsOptOut":
        return analyticsOptOut(w, step.value);
      case "emitDeviceFrame":
        return emitDeviceFrame(w, step.value);
      case "appRecord":
        return appRecord(w, step.value);
      case "sync":
        return sync(w, step.value);
      case "shareDevice":
        return shareDevice(w, step.value);
      case "revokeShare":
        return revokeShare(w, step.value);
      case "readAs":
        return readAs(w, step.value);
      case "export":
        return exportData(w, step.value);
      case "delete":
        return deleteData(w, step.value);
      case "runSweeper":
        return runSweeper(w);
      case "advanceClock":
        return advanceClock(w, step.value);
      case "dump":
        return dump(w);
      default:
        return skipped(`the reference testee does not implement ${step.case ?? "an empty step"} yet`);
    }
  }
}
