import type { TesteeHooks } from "../reference/src/hooks/testee-hooks.js";

/**
 * One deliberate mistake: the reference testee with one hook that breaks
 * the rule of one invariant, the way a real implementation might.
 */
export interface TesteeFault {
  /** The id of the invariant whose rule it breaks: `--fault <id>`. */
  readonly id: string;
  /** The mistake, in one sentence. */
  readonly summary: string;
  /** Fresh hooks for one testee process. */
  hooks(): TesteeHooks;
}
