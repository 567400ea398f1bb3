import type { TesteeHooks } from "../reference/src/hooks/testee-hooks.js";

/**
 * One deliberate mistake: the reference testee with one hook that breaks
 * the rule of one invariant, the way a real implementation might.
 */
export interface TesteeFault {
  /** The id of the invariant whose rule it breaks: `--fault <id>` picks the first fault of that invariant. */
  readonly id: string;
  /** Set on a further fault of an invariant that already has one: `--fault <name>` picks it. */
  readonly name?: string;
  /** The mistake, in one sentence. */
  readonly summary: string;
  /** Fresh hooks for one testee process. */
  hooks(): TesteeHooks;
}
