import type { DeletionStep } from "../deletion-job.js";
import { eraseAccount } from "./account-step.js";
import { anonymizeRecords } from "./anonymize-step.js";
import { unbindDevices } from "./devices-step.js";
import { destroyKeys } from "./keys-step.js";
import { revokePairwiseIds } from "./pairwise-step.js";
import { narrowRecords } from "./purposes-step.js";
import { eraseRecords } from "./rows-step.js";
import { eraseShares } from "./shares-step.js";
import type { DeletionStepRun, StepContext } from "./step-context.js";

export type { DeletionStepRun, StepContext, StepCounts } from "./step-context.js";

/** The code of each step a runner executes (`consent` and `analytics_events` are done with the request). */
export function stepRun(step: DeletionStep, ctx: StepContext): DeletionStepRun | undefined {
  switch (step) {
    case "anonymize":
      return anonymizeRecords;
    case "shares":
      return eraseShares;
    case "devices":
      return unbindDevices;
    case "pairwise_ids":
      return revokePairwiseIds;
    case "keys":
      return destroyKeys;
    case "rows":
      return ctx.job.scope === "purposes" ? narrowRecords : eraseRecords;
    case "account":
      return eraseAccount;
    default:
      return undefined;
  }
}
