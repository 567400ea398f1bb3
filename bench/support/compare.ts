/** One side of a comparison: a named workload run `iterations` times per round. */
export interface Contender {
  readonly name: string;
  run(): void;
}

export interface Comparison {
  readonly baseline: { name: string; medianMs: number };
  readonly candidate: { name: string; medianMs: number };
  /** candidate / baseline time: 1.0 means free, 1.2 means 20% slower. */
  readonly ratio: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Times a candidate against its baseline in the same process, interleaving
 * rounds so that drift (JIT, GC, a noisy neighbour) hits both alike, and
 * reports medians and their ratio.
 */
export function compare(baseline: Contender, candidate: Contender, rounds = 15): Comparison {
  for (let i = 0; i < 3; i++) {
    baseline.run();
    candidate.run();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? [baseline, candidate] : [candidate, baseline];
    for (const c of order) {
      const t0 = process.hrtime.bigint();
      c.run();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      (c === baseline ? a : b).push(ms);
    }
  }
  const base = median(a);
  const cand = median(b);
  return { baseline: { name: baseline.name, medianMs: base }, candidate: { name: candidate.name, medianMs: cand }, ratio: cand / base };
}

/** Prints a comparison with its target; benchmarks report, they never fail a build. */
export function report(title: string, c: Comparison, target: number): void {
  const verdict = c.ratio <= target ? "within target" : "OVER TARGET";
  console.log(`${title}`);
  console.log(`  ${c.baseline.name.padEnd(40)} ${c.baseline.medianMs.toFixed(2).padStart(9)} ms (median)`);
  console.log(`  ${c.candidate.name.padEnd(40)} ${c.candidate.medianMs.toFixed(2).padStart(9)} ms (median)`);
  console.log(`  ratio ${c.ratio.toFixed(3)}x   target <= ${target}x   ${verdict}`);
}
