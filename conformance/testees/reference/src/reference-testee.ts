import { create } from "@bufbuild/protobuf";
import { conformance } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { PactCatalog } from "./catalog/pact-catalog.js";
import { TesteeClock } from "./clock/testee-clock.js";
import { CloudTier } from "./cloud/cloud-tier.js";
import { pgliteTarget, postgresTarget, type DatabaseTarget } from "./cloud/database-target.js";
import { PolicyPublisher } from "./consent/policy-publisher.js";
import { refusalOf, skipped, type StepAnswer } from "./harness/step-answer.js";
import type { TesteeHooks } from "./hooks/testee-hooks.js";
import { TesteeLog } from "./log/testee-log.js";
import { bindDevice, emitDeviceFrame, unbindDevice } from "./steps/device-steps.js";
import { analyticsOptIn, analyticsOptOut, giveConsent, setFunction, setUploadSwitch, withdrawConsent } from "./steps/consent-steps.js";
import { appRecord, sync } from "./steps/record-steps.js";
import { deleteData, exportData } from "./steps/rights-steps.js";
import { runSweeper } from "./steps/retention-steps.js";
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

/** Options of {@link ReferenceTestee.start}. */
export interface ReferenceTesteeOptions {
  /** A postgres:// URL to make the testee's database on; default an embedded PGlite in a temporary directory. */
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
 * kit: the reference cloud, one companion app per account and simulated
 * devices, all built from this repository's SDKs. Every step maps to SDK
 * calls; nothing here decides privacy itself.
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
    const target: DatabaseTarget = options.databaseUrl ? await postgresTarget(options.databaseUrl) : await pgliteTarget();
    const factoryMasterKey = new Uint8Array(randomBytes(32));
    let cloudTier: CloudTier;
    try {
      cloudTier = await CloudTier.start({ target, clock, logger: log.logger, factoryMasterKey });
    } catch (err) {
      await target.close();
      throw err;
    }
    await hooks.cloudStarted?.(cloudTier);
    const publisher = new PolicyPublisher(catalog, cloudTier.server);
    publisher.reset();
    const world = new TesteeWorld(catalog, cloudTier, publisher, clock, log, hooks, factoryMasterKey);
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
    await this.world.cloud.close().catch(() => {});
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
