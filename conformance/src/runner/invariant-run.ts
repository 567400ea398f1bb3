import type { Registry } from "@bufbuild/protobuf";
import { cloud, Purpose } from "@datapact/proto";
import fc from "fast-check";
import { CanaryRegistry } from "../canary/canary-registry.js";
import { DatabaseScanError } from "../observe/database/database-scan-error.js";
import type { HopProxy } from "../observe/hop/hop-proxy.js";
import { allStepNames, type StepName } from "../protocol/step-names.js";
import type { StepRef } from "../protocol/step-ref.js";
import type { Testee } from "../testee/testee.js";
import { TesteeError } from "../testee/testee-error.js";
import type { DataFlowRecorder } from "./data-flow.js";
import type { Exploration, Invariant, InvariantContext, SetupOptions, TesteeInfo } from "./invariant.js";
import type { CatalogProduct } from "./product-catalog.js";
import type { ProgressListener } from "./progress-event.js";
import { startScenario, type Scenario } from "./scenario.js";
import { requireOk, ScenarioSetupError } from "./scenario-setup-error.js";
import { userChoiceArbitraries, type UserChoice } from "./user-choices.js";
import { UserModel } from "./user-model.js";
import type { Counterexample } from "./verdict.js";
import type { Violation } from "./violation.js";

/** Steps that belong to a scenario's frame, never to the user's choices. */
const FRAME_STEPS: ReadonlySet<StepName> = new Set(["describe", "reset", "createAccount", "dump"]);

/** Errors that end an invariant's check without a verdict on the pact: the testee or its database failed the kit. */
export function isUnavailability(err: unknown): err is TesteeError | DatabaseScanError {
  return err instanceof TesteeError || err instanceof DatabaseScanError;
}

/** What one invariant's check runs against. */
export interface InvariantRunEnvironment {
  readonly invariant: Invariant;
  readonly testee: Testee;
  readonly info: TesteeInfo;
  readonly products: readonly CatalogProduct[];
  readonly registry: Registry;
  readonly proxies: { readonly app?: HopProxy; readonly device?: HopProxy };
  readonly databaseUrl: string | undefined;
  readonly includeSchema?: (schema: string) => boolean;
  readonly seed: number;
  readonly runs: number;
  readonly flows: DataFlowRecorder;
  readonly onProgress?: ProgressListener;
}

/**
 * The context of one invariant's check: starts scenarios, sets them up,
 * runs explorations with fast-check, and keeps the shortest counterexample
 * and the number of scenarios for the verdict.
 */
export class InvariantRun implements InvariantContext {
  scenarios = 0;
  counterexample: Counterexample | undefined;

  constructor(private readonly env: InvariantRunEnvironment) {}

  get testee(): TesteeInfo {
    return this.env.info;
  }
  get products(): readonly CatalogProduct[] {
    return this.env.products;
  }
  get registry(): Registry {
    return this.env.registry;
  }
  get seed(): number {
    return this.env.seed;
  }
  get runs(): number {
    return this.env.runs;
  }

  async scenario(): Promise<Scenario> {
    return this.startWith(new CanaryRegistry());
  }

  async setUp(scenario: Scenario, options: SetupOptions = {}): Promise<UserModel> {
    const model = new UserModel();
    const regionOf = (account: string) => options.regions?.[account] ?? options.region ?? "eu";
    for (const account of [UserModel.owner, UserModel.other]) requireOk(await scenario.step("createAccount", { account, region: regionOf(account) }));
    for (const p of this.env.products) {
      if (options.bindDevices !== false) {
        const device = model.nextDeviceHandle();
        requireOk(await scenario.step("bindDevice", { account: UserModel.owner, device, productId: p.id }));
        model.bind(device, p.id);
      }
      const purposes = (options.consentTo ?? [Purpose.FUNCTIONALITY]).filter((x) => p.purposes.includes(x));
      if (purposes.length > 0) {
        requireOk(await scenario.step("giveConsent", { account: UserModel.owner, productId: p.id, policyKind: cloud.PolicyKind.PRODUCT, policyVersion: "1.0", purposes }));
        model.giveConsent(p.id, purposes);
      }
    }
    return model;
  }

  async explore(exploration: Exploration): Promise<readonly Violation[]> {
    const supported = this.env.info.supportedSteps;
    const steps = new Set((exploration.choices ?? allStepNames).filter((s) => supported.has(s) && !FRAME_STEPS.has(s)));
    const canaries = new CanaryRegistry();
    const choices = userChoiceArbitraries({ products: this.env.products, steps, canaries, guard: exploration.guard, messages: exploration.messages });
    if (choices.length === 0) return [];
    let fatal: unknown;
    let lastFailure: { violations: readonly Violation[]; steps: StepRef[] } | undefined;
    let run = 0;
    /** Runs one scenario of `cmds`; the violations found, or undefined when it held. */
    const runOnce = async (cmds: Iterable<UserChoice>): Promise<{ violations: readonly Violation[]; steps: StepRef[] } | undefined> => {
      run++;
      this.scenarios++;
      this.env.onProgress?.({ kind: "scenario", id: this.env.invariant.id, run, runs: this.env.runs, phase: lastFailure ? "shrink" : "search" });
      const scenario = await this.startWith(canaries);
      const model = await this.setUp(scenario, exploration.setup);
      await fc.asyncModelRun(() => ({ model, real: scenario }), cmds);
      const observations = await scenario.observe(exploration.observe);
      const hits = scenario.hits();
      this.env.flows.record(scenario.planted, hits);
      const violations = await exploration.judge({ scenario, model: model.snapshot(), observations, hits });
      return violations.length === 0 ? undefined : { violations, steps: scenario.steps.map((s) => s.ref) };
    };
    const property = fc.asyncProperty(fc.commands(choices, { maxCommands: exploration.maxChoices ?? 12 }), async (cmds) => {
      // After the testee failed the kit every further scenario would fail the
      // same way: pass quickly so fast-check stops, and report unavailability.
      if (fatal) return true;
      try {
        const failure = await runOnce(cmds);
        if (!failure) return true;
        lastFailure = failure;
        return false;
      } catch (err) {
        if (isUnavailability(err) || err instanceof ScenarioSetupError) {
          fatal = err;
          return true;
        }
        throw err;
      }
    });
    const details = await fc.check(property, { seed: this.env.seed, numRuns: this.env.runs });
    if (fatal) throw fatal;
    if (!details.failed) return [];
    if (!lastFailure) throw details.errorInstance ?? new Error(`exploration of ${this.env.invariant.id} failed without a verdict`);
    // fast-check shrinks a command list from its front; a pass that drops
    // one choice at a time from the back finishes the job, deterministically.
    let shortest = [...(details.counterexample?.[0] ?? [])] as UserChoice[];
    for (let i = shortest.length - 1; i >= 0; i--) {
      const candidate = [...shortest.slice(0, i), ...shortest.slice(i + 1)];
      const failure = await runOnce(candidate);
      if (failure) {
        shortest = candidate;
        lastFailure = failure;
      }
    }
    this.counterexample = { seed: details.seed, path: details.counterexamplePath ?? "", steps: lastFailure.steps, shrinks: details.numShrinks };
    return lastFailure.violations;
  }

  private async startWith(canaries: CanaryRegistry): Promise<Scenario> {
    const { app, device } = this.env.proxies;
    const scenario = startScenario({
      testee: this.env.testee,
      proxies: [app, device].filter((p): p is HopProxy => p !== undefined),
      canaries,
      databaseUrl: this.env.databaseUrl,
      includeSchema: this.env.includeSchema,
    });
    requireOk(await scenario.step("reset", { appCloudUrl: app?.url ?? "", deviceCloudUrl: device?.url ?? "" }));
    return scenario;
  }
}
