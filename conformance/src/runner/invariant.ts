import type { DescMessage, Registry } from "@bufbuild/protobuf";
import type { MessagePlan } from "@datapact/policy";
import type { Purpose } from "@datapact/proto";
import type { CanaryHit } from "../canary/find-canaries.js";
import type { FieldSelector } from "../canary/guarded-fields.js";
import type { Observation } from "../observe/observation.js";
import type { StepName } from "../protocol/step-names.js";
import type { CatalogProduct } from "./product-catalog.js";
import type { ObserveOptions, Scenario } from "./scenario.js";
import type { ModelSnapshot, UserModel } from "./user-model.js";
import type { Violation } from "./violation.js";

/**
 * One rule of the pact the kit certifies, as a small module: who it is (id,
 * statement, seed source), where it applies, and a check that runs
 * scenarios through the testee and returns what it found wrong.
 */
export interface Invariant {
  /** Stable id reports and `--only` cite, e.g. `DP-DISPLAY-ONLY-NEVER-STORED`. */
  readonly id: string;
  /** One line. */
  readonly title: string;
  /** One paragraph: what must hold, in words a certifier would use. */
  readonly statement: string;
  /** Where the seeds say so, e.g. `000 §3.2 (5); M036`. */
  readonly source: string;
  /** Product ids it applies to; omitted means every product the testee implements. */
  readonly products?: readonly string[];
  /** Steps it needs; when the testee lacks an optional one the invariant is not applicable. */
  readonly needs?: readonly StepName[];
  check(ctx: InvariantContext): Promise<readonly Violation[]>;
}

/** What the testee said about itself. */
export interface TesteeInfo {
  readonly description: string;
  readonly name: string;
  readonly version: string;
  readonly products: readonly string[];
  readonly supportedSteps: ReadonlySet<StepName>;
}

/** How a scenario starts before the user's choices (see {@link InvariantContext.setUp}). */
export interface SetupOptions {
  /** Region of both accounts. Default "eu". */
  readonly region?: string;
  /** Region of an account by handle (UserModel.owner, UserModel.other), where it differs from `region`. */
  readonly regions?: Readonly<Record<string, string>>;
  /** Purposes consented for every product at the start. Default: functionality only. */
  readonly consentTo?: readonly Purpose[];
  /** Bind one device per product. Default true. */
  readonly bindDevices?: boolean;
}

/** A finished generated scenario, for a judge. */
export interface ScenarioOutcome {
  /** The scenario, still open: a judge may send more steps (an export, a read) and observe again. */
  readonly scenario: Scenario;
  /** The user's choices in force at the end. */
  readonly model: ModelSnapshot;
  readonly observations: readonly Observation[];
  /** Every planted canary found in the observations. */
  readonly hits: readonly CanaryHit[];
}

/** A model-based exploration: fast-check generates scenarios of user choices and shrinks a failure to the shortest. */
export interface Exploration {
  /** Which fields of generated messages carry canaries; ask the policy (see `guardedFields`). */
  readonly guard: FieldSelector;
  /** The steps the user model may take. Default: every step the testee supports except describe, reset, create_account and dump. */
  readonly choices?: readonly StepName[];
  /** Which message types to generate. Default: every data message of the products. */
  readonly messages?: (schema: DescMessage, plan: MessagePlan) => boolean;
  /** Longest sequence of choices. Default 12. */
  readonly maxChoices?: number;
  readonly setup?: SetupOptions;
  readonly observe?: ObserveOptions;
  /** What is wrong with one finished scenario (empty when it held). */
  judge(outcome: ScenarioOutcome): readonly Violation[] | Promise<readonly Violation[]>;
}

/** What an invariant's check works with. */
export interface InvariantContext {
  readonly testee: TesteeInfo;
  /** The products to check it on: its own products that the testee implements. */
  readonly products: readonly CatalogProduct[];
  /** The schemas of the pact (descriptors and annotations). */
  readonly registry: Registry;
  readonly seed: number;
  /** Scenarios to generate (`--runs`). */
  readonly runs: number;
  /** Resets the testee (routing its cloud traffic through the kit's proxies) and starts a scenario. */
  scenario(): Promise<Scenario>;
  /**
   * The usual start of a scenario: accounts a1 (the data subject) and a2,
   * one bound device per product, consent to functionality. Throws
   * ScenarioSetupError when the testee refuses a step of it.
   */
  setUp(scenario: Scenario, options?: SetupOptions): Promise<UserModel>;
  /** Runs a model-based exploration `runs` times from `seed`; returns the violations of the shortest failing scenario. */
  explore(exploration: Exploration): Promise<readonly Violation[]>;
}
