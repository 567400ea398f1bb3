import type { ConsentState, MessagePlan } from "@datapact/policy";
import { cloud, type DataUseStatement, type Purpose } from "@datapact/proto";
import { permissionDenied } from "../errors/rejected-request-error.js";
import { switchKey, type ConsentRecords, type StoredReceipt } from "./consent-ledger.js";
import type { PolicyCatalog, PublishedPolicy } from "./policy-catalog.js";

function standsUnder(receipt: StoredReceipt, policy: PublishedPolicy): boolean {
  return !receipt.withdrawnAt && receipt.kind === policy.kind && receipt.productId === policy.productId && receipt.policyVersion === policy.version;
}

/**
 * One subject's consent as the cloud holds it, against the policies in
 * force: the ConsentState the policy engine projects records under, and the
 * checks a record's statement must pass before anything of it is stored.
 *
 * A purpose counts for a product when the latest standing receipt of the
 * policy that governs the product (its separate policy, or the general one)
 * was given to the version in force and still holds the purpose, and, for a
 * product with a separate policy, the general policy's consent stands too
 * (the app SDK's rule, 000 §2.3 and §05).
 */
export class SubjectConsent implements ConsentState {
  private readonly byId: ReadonlyMap<string, StoredReceipt>;

  constructor(
    private readonly records: ConsentRecords,
    private readonly catalog: PolicyCatalog,
  ) {
    this.byId = new Map(records.receipts.map((r) => [r.receiptId, r]));
  }

  allowsPurpose(productId: string, purpose: Purpose): boolean {
    if (this.records.withdrawnProducts.has(productId)) return false;
    const governing = this.catalog.governing(productId);
    if (!governing || !this.generalStands(governing)) return false;
    const receipt = this.latestStanding(governing);
    return receipt !== undefined && receipt.purposes.includes(purpose);
  }

  isFunctionEnabled(productId: string, fn: string): boolean {
    return this.records.enabledFunctions.has(switchKey(productId, fn));
  }

  isFunctionDisabled(productId: string, fn: string): boolean {
    return this.records.disabledFunctions.has(switchKey(productId, fn));
  }

  isUploadEnabled(productId: string, name: string): boolean {
    return !this.records.disabledUploads.has(switchKey(productId, name));
  }

  /**
   * Throws PERMISSION_DENIED unless the statement's receipt is this
   * subject's, stands, belongs to the policy that governs the record's
   * product at the version in force, and holds every stated purpose; and
   * unless the record's function is on (switched on when it is off by
   * default, not switched off when it is on by default).
   */
  checkStatement(statement: DataUseStatement, plan: MessagePlan): void {
    const type = plan.schema.typeName;
    const receipt = this.byId.get(statement.consentReceiptId);
    if (!receipt) throw permissionDenied("CONSENT_RECEIPT_UNKNOWN", `${type}: the statement cites no consent receipt of this account`);
    if (receipt.withdrawnAt) throw permissionDenied("CONSENT_WITHDRAWN", `${type}: consent receipt ${receipt.receiptId} was withdrawn`);
    if (this.records.withdrawnProducts.has(plan.productId))
      throw permissionDenied("CONSENT_WITHDRAWN", `${type}: consent to product ${plan.productId} was withdrawn and not given again`);
    const governing = this.catalog.governing(plan.productId);
    if (!governing) throw permissionDenied("NO_POLICY_PUBLISHED", `${type}: no privacy policy governs product ${plan.productId}`);
    if (receipt.kind !== governing.kind || receipt.productId !== governing.productId)
      throw permissionDenied("RECEIPT_SCOPE_MISMATCH", `${type}: receipt ${receipt.receiptId} is not for the policy that governs product ${plan.productId}`);
    if (receipt.policyVersion !== governing.version || statement.policyVersion !== governing.version)
      throw permissionDenied("POLICY_VERSION_NOT_CURRENT", `${type}: consent was given to a policy version that is no longer in force`);
    const missing = statement.purposes.filter((p) => !receipt.purposes.includes(p));
    if (missing.length > 0) throw permissionDenied("PURPOSE_NOT_CONSENTED", `${type}: purposes ${missing.join(",")} lack consent`);
    if (!this.generalStands(governing)) throw permissionDenied("GENERAL_CONSENT_MISSING", `${type}: consent to the general privacy policy does not stand`);
    const off = plan.offByDefault ? !this.isFunctionEnabled(plan.productId, plan.fn) : plan.fn !== "" && this.isFunctionDisabled(plan.productId, plan.fn);
    if (off) throw permissionDenied("FUNCTION_DISABLED", `${type}: function ${plan.fn} of product ${plan.productId} is off`);
  }

  /** The latest receipt standing under a policy in force, if any. */
  latestStanding(policy: PublishedPolicy): StoredReceipt | undefined {
    let latest: StoredReceipt | undefined;
    for (const r of this.records.receipts) if (standsUnder(r, policy) && (!latest || r.givenAt >= latest.givenAt)) latest = r;
    return latest;
  }

  private generalStands(governing: PublishedPolicy): boolean {
    if (governing.kind === cloud.PolicyKind.GENERAL) return true;
    const general = this.catalog.general();
    return !general || this.latestStanding(general) !== undefined;
  }
}
