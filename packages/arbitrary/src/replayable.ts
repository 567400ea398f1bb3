/** Parameters for fc.assert that make a property run replayable. */
export interface ReplayableParameters {
  readonly seed: number;
  readonly numRuns: number;
}

/**
 * The seed and run count for a property test, printed so that any run can
 * be replayed: `DATAPACT_SEED=<seed>` replays it, `DATAPACT_RUNS=<n>` runs
 * longer. fast-check prints the seed and counterexample path again on
 * failure.
 */
export function replayable(name: string, defaultRuns = 100): ReplayableParameters {
  const fromEnv = process.env.DATAPACT_SEED;
  const seed = fromEnv !== undefined && fromEnv !== "" ? Number(fromEnv) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const numRuns = Number(process.env.DATAPACT_RUNS ?? defaultRuns);
  console.log(`[property] ${name}: seed=${seed} runs=${numRuns} (replay with DATAPACT_SEED=${seed})`);
  return { seed, numRuns };
}
