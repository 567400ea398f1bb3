import { create, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { DataUseStatementSchema, IdentificationQualifier, type DataUseStatement, type Purpose } from "@datapact/proto";
import { identifiability } from "../annotations/qualifier-rank.js";
import type { ConsentState } from "../consent/consent-state.js";
import { planFor } from "../plan/message-plan.js";
import { setLeaves } from "../plan/set-leaves.js";

/** What {@link statementFor} needs besides the record. */
export interface StatementContext {
  readonly consent: ConsentState;
  readonly policyVersion: string;
  readonly consentReceiptId: string;
}

/**
 * The honest statement for a record that has already been projected for its
 * hop: the consented purposes its set fields serve, and the qualifier of its
 * most identifying field under those purposes. It passes validateStatement
 * whenever the record is non-empty.
 */
export function statementFor<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>, ctx: StatementContext): DataUseStatement {
  const plan = planFor(schema);
  const purposes = new Set<Purpose>();
  let qualifier: IdentificationQualifier = IdentificationQualifier.UNSPECIFIED;
  for (const rule of setLeaves(plan, message)) {
    for (const p of rule.purposes) {
      if (!ctx.consent.allowsPurpose(plan.productId, p)) continue;
      purposes.add(p);
      const q = rule.qualifierFor(p);
      if (identifiability(q) > identifiability(qualifier)) qualifier = q;
    }
  }
  return create(DataUseStatementSchema, {
    qualifier,
    purposes: [...purposes].sort((a, b) => a - b),
    policyVersion: ctx.policyVersion,
    consentReceiptId: ctx.consentReceiptId,
    productId: plan.productId,
    messageType: schema.typeName,
  });
}
