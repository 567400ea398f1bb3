import type { GateVerdicts } from "./verdict.js";

/**
 * Verdicts worked out under one consent state, kept across projections made
 * under that same state: an ingest batch projects hundreds of records of a
 * few types under one subject's consent, and would otherwise ask the consent
 * state again for every field of every record.
 *
 * Valid for one consent state only: make a new memo whenever the consent may
 * have changed (a new batch, a new request). Reusing one across consent
 * changes would apply old verdicts.
 */
export class ProjectionMemo {
  private readonly byGate = new Map<string, GateVerdicts>();

  /** @internal the verdicts of the gate named `gateId`. */
  verdictsOf(gateId: string): GateVerdicts {
    let v = this.byGate.get(gateId);
    if (!v) {
      v = new Map();
      this.byGate.set(gateId, v);
    }
    return v;
  }
}
