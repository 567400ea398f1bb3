import { create } from "@bufbuild/protobuf";
import { residencyRuleOf } from "@datapact/policy";
import { conformance } from "@datapact/proto";
import { AppInstance } from "../app/app-instance.js";
import { ok, StepRefusal, type StepAnswer } from "../harness/step-answer.js";
import type { TesteeWorld } from "../testee-world.js";

/** Who the testee is, for `describe`. */
export interface TesteeIdentity {
  readonly name: string;
  readonly version: string;
  readonly supportedSteps: readonly string[];
}

export function describe(world: TesteeWorld, identity: TesteeIdentity): StepAnswer {
  return ok({
    case: "describe",
    value: create(conformance.DescribeResultSchema, {
      name: identity.name,
      version: identity.version,
      protocolVersion: conformance.ProtocolVersion.PROTOCOL_VERSION_1,
      productIds: [...world.catalog.productIds],
      supportedSteps: [...identity.supportedSteps],
      cloudUrl: world.cloud.url,
      databaseUrl: world.cloud.databaseUrl,
      locationDatabases: world.nodes.locationDatabases(),
    }),
  });
}

/** Forgets everything: apps and devices, every cloud table, policy versions, the clock, the log; the manufacturers are registered anew. */
export async function reset(world: TesteeWorld, step: conformance.ResetStep): Promise<StepAnswer> {
  await world.closeApps();
  await world.nodes.reset();
  await world.manufacturers.register();
  world.publisher.reset();
  world.clock.reset();
  world.log.reset();
  world.appCloudUrl = step.appCloudUrl || world.cloud.url;
  world.deviceCloudUrl = step.deviceCloudUrl || world.cloud.url;
  return ok();
}

/**
 * Signs a person up in the app: a new account in the region, at the cloud
 * node of the location the policy's residency table stores the region at
 * (the primary when the testee runs no node there: it refuses the region),
 * and the app's policies adopted. The app and its devices then talk to
 * that node only: the primary through the kit's proxies, another node
 * directly.
 */
export async function createAccount(world: TesteeWorld, step: conformance.CreateAccountStep): Promise<StepAnswer> {
  if (step.account === "") throw new StepRefusal("invalid_argument", "account: a handle is required");
  if (world.apps.has(step.account)) throw new StepRefusal("already_exists", `account ${step.account} exists`);
  const home = residencyRuleOf(step.region).location;
  const location = world.hooks.signUpAt?.(step.region, home, world.nodes.locations) ?? home;
  const node = world.nodes.at(location) ?? world.nodes.primary;
  const primary = node === world.nodes.primary;
  world.nodes.markUsed(node);
  const app = await AppInstance.signUp({
    handle: step.account,
    region: step.region,
    node: node.tier,
    cloudUrl: primary ? world.appCloudUrl : node.tier.url,
    deviceCloudUrl: primary ? world.deviceCloudUrl : node.tier.url,
    catalog: world.catalog,
    publisher: world.publisher,
    factoryMasterKey: world.factoryMasterKey,
    now: world.clock.now,
    logger: world.log.logger,
    hooks: world.hooks,
  });
  world.apps.set(step.account, app);
  return ok({ case: "createAccount", value: create(conformance.CreateAccountResultSchema, { accountId: app.accountId }) });
}

/** Moves the testee's one clock forward. */
export function advanceClock(world: TesteeWorld, step: conformance.AdvanceClockStep): StepAnswer {
  world.clock.advance(Number(step.seconds));
  return ok();
}

/** What the testee stores at every tier (every cloud node's tables), its log since the reset, and its (primary) database. */
export async function dump(world: TesteeWorld): Promise<StepAnswer> {
  const tables = await world.nodes.tables();
  for (const app of world.apps.values()) {
    tables.push(await app.table());
    for (const linked of app.devices.values()) tables.push(await linked.device.table());
  }
  return ok({ case: "dump", value: create(conformance.DumpResultSchema, { tables, logLines: [...world.log.lines()], databaseUrl: world.cloud.databaseUrl }) });
}
