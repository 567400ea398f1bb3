import type { ObserveOptions, Scenario } from "../../runner/scenario.js";
import type { InvariantContext, ScenarioOutcome, SetupOptions } from "../../runner/invariant.js";
import type { UserModel } from "../../runner/user-model.js";
import type { Violation } from "../../runner/violation.js";

/** A scenario written out step by step, judged like a generated one. */
export interface ScriptedCheck {
  readonly setup?: SetupOptions;
  /** The steps after the usual start (accounts, devices, consent to functionality). */
  script(scenario: Scenario, model: UserModel): Promise<void>;
  readonly observe?: ObserveOptions;
  judge(outcome: ScenarioOutcome): readonly Violation[] | Promise<readonly Violation[]>;
}

/**
 * Runs one scripted scenario: a reset, the usual start, the script,
 * observation of every sink, and the judge. Invariants run one before they
 * explore, so that every guarded field is planted at least once whatever
 * the seed; the exploration then varies the order of the user's choices.
 */
export async function runScripted(ctx: InvariantContext, check: ScriptedCheck): Promise<readonly Violation[]> {
  const scenario = await ctx.scenario();
  const model = await ctx.setUp(scenario, check.setup);
  await check.script(scenario, model);
  const observations = await scenario.observe(check.observe);
  return check.judge({ scenario, model: model.snapshot(), observations, hits: scenario.hits() });
}

/** Scripted first; when it holds, the exploration. */
export async function scriptedThenExplored(ctx: InvariantContext, check: ScriptedCheck, explore: () => Promise<readonly Violation[]>): Promise<readonly Violation[]> {
  const found = await runScripted(ctx, check);
  return found.length > 0 ? found : explore();
}
