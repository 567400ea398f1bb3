import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { buildPath } from "@bufbuild/protobuf/reflect";
import { IdentificationQualifier, type DataUseStatement, type Purpose } from "@datapact/proto";
import { identifiability } from "../annotations/qualifier-rank.js";
import { StatementError } from "../errors/statement-error.js";
import { ThirdPartyDirectValueError } from "../errors/third-party-direct-value-error.js";
import { planFor } from "../plan/message-plan.js";
import { setLeaves } from "../plan/set-leaves.js";

/**
 * Checks a record's DataUseStatement against the record's schema and
 * content. Throws StatementError when the statement is missing; names another
 * type or product; states no purpose, a purpose the schema does not declare,
 * or a qualifier the schema does not declare for those purposes; or claims
 * the record less identifying than a field it carries; or when a set field
 * serves none of the stated purposes. A statement that passes never claims
 * more than the schema allows.
 */
export function validateStatement<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  statement: DataUseStatement | undefined,
): void {
  const plan = planFor(schema);
  const type = schema.typeName;
  if (!statement) throw new StatementError("MISSING_STATEMENT", type, "the record carries no DataUseStatement");
  if (statement.messageType !== type)
    throw new StatementError("MESSAGE_TYPE_MISMATCH", type, `statement names ${JSON.stringify(statement.messageType)}`);
  if (plan.productId !== "" && statement.productId !== plan.productId)
    throw new StatementError("PRODUCT_MISMATCH", type, `statement names product ${JSON.stringify(statement.productId)}, the schema ${JSON.stringify(plan.productId)}`);
  if (statement.policyVersion === "") throw new StatementError("MISSING_POLICY_VERSION", type, "no policy version");
  if (statement.consentReceiptId === "") throw new StatementError("MISSING_CONSENT_RECEIPT", type, "no consent receipt id");
  const stated = new Set<Purpose>(statement.purposes);
  if (stated.size === 0) throw new StatementError("NO_PURPOSE", type, "the statement names no purpose");
  const declaredQualifiers = new Set<IdentificationQualifier>();
  for (const p of stated) {
    if (!plan.declaredPurposes.has(p)) throw new StatementError("UNDECLARED_PURPOSE", type, `purpose ${p} is not declared by any field`);
    for (const q of plan.qualifiersFor(p)) declaredQualifiers.add(q);
  }
  if (!declaredQualifiers.has(statement.qualifier))
    throw new StatementError("UNDECLARED_QUALIFIER", type, `qualifier ${statement.qualifier} is not declared for the stated purposes`);
  const claimed = identifiability(statement.qualifier);
  for (const rule of setLeaves(plan, message)) {
    if (rule.thirdPartyDirect) throw new ThirdPartyDirectValueError(type, buildPath(rule.field.parent).field(rule.field).toPath());
    const serving = rule.purposes.filter((p) => stated.has(p));
    if (serving.length === 0)
      throw new StatementError("FIELD_OUTSIDE_PURPOSES", type, `field ${rule.field.parent.typeName}.${rule.field.name} serves none of the stated purposes`);
    const needed = Math.max(...serving.map((p) => identifiability(rule.qualifierFor(p))));
    if (needed > claimed)
      throw new StatementError("UNDERSTATED_QUALIFIER", type, `field ${rule.field.parent.typeName}.${rule.field.name} is more identifying than the stated qualifier`);
  }
}
