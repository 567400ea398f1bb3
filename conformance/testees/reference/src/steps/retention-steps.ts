import { create } from "@bufbuild/protobuf";
import { conformance } from "@datapact/proto";
// The cloud package does not export its sweeper from its index (a deployment runs it on a timer beside
// the server); the testee bundles the cloud from source, so it reaches the sweeper the same way.
import { RetentionSweeper } from "../../../../../packages/cloud/src/retention/index.js";
import { ok, type StepAnswer } from "../harness/step-answer.js";
import type { TesteeWorld } from "../testee-world.js";

/**
 * Runs the cloud's retention sweeper once on every node that may hold data,
 * at the testee's clock: what a deployment runs on every node at an
 * interval. Everything past its period (as the policy reads the
 * annotations) is erased or cut.
 */
export async function runSweeper(world: TesteeWorld): Promise<StepAnswer> {
  let removed = 0;
  for (const { tier } of world.nodes.inUse()) {
    const sweeper = new RetentionSweeper({ db: tier.db, keyring: tier.server.context.keyring, clock: { now: world.clock.now }, logger: world.log.logger });
    const report = await sweeper.sweep();
    removed += report.recordsDeleted + report.recordsTrimmed + report.analyticsEvents + report.anonymizedRecords;
  }
  return ok({ case: "runSweeper", value: create(conformance.RunSweeperResultSchema, { removed: BigInt(removed) }) });
}
