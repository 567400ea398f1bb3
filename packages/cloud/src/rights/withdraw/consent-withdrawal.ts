import { Purpose } from "@datapact/proto";
import type { Queryable } from "../../storage/database/database.js";
import { UnknownSubjectError } from "../../storage/errors/unknown-subject-error.js";
import { checkedId } from "../../storage/validation/checked-id.js";
import type { DeletionJob } from "../delete/deletion-job.js";
import { DeletionJobStore } from "../delete/deletion-job-store.js";
import type { DeletionRequests } from "../delete/deletion-requests.js";
import { InvalidRightsRequestError } from "../errors/invalid-rights-request-error.js";

/** Options of {@link ConsentWithdrawal}. */
export interface ConsentWithdrawalOptions {
  readonly db: Queryable;
  readonly requests: DeletionRequests;
  readonly clock?: { now(): Date };
}

const KNOWN_PURPOSES: ReadonlySet<number> = new Set([Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING]);

/**
 * Withdrawing consent, as 000 §05 describes it (SEED-MECHANISMS M132-M134,
 * M142). Each call withdraws in one transaction, so collection stops before
 * it returns, and opens the deletion job that erases what the consent
 * covered; a DeletionRunner runs it.
 */
export class ConsentWithdrawal {
  private readonly db: Queryable;
  private readonly requests: DeletionRequests;
  private readonly now: () => Date;

  constructor(options: ConsentWithdrawalOptions) {
    this.db = options.db;
    this.requests = options.requests;
    const clock = options.clock ?? { now: () => new Date() };
    this.now = () => clock.now();
  }

  /**
   * "Revoke authorization" of one product: its receipts are withdrawn, the
   * product is marked withdrawn (which stops collection for it even when
   * the general policy governs it), and every personal datum on the servers
   * related to it is erased, its devices unbound and reset (M132).
   */
  async withdrawProduct(subjectId: string, productId: string): Promise<DeletionJob> {
    checkedId(subjectId, "subjectId");
    if (productId === "") throw new InvalidRightsRequestError("MISSING", "product_id");
    this.requests.checkedProduct(productId);
    return this.requests.openProductJob(subjectId, productId, true);
  }

  /**
   * "Revoke authorization" of the app: consent to the app's policy and every
   * product's is withdrawn and all personal data is erased, the account
   * with it (M133; decision 0011). The app's local data is the app SDK's to
   * erase when this returns.
   */
  async withdrawApp(subjectId: string): Promise<DeletionJob> {
    checkedId(subjectId, "subjectId");
    return this.requests.openAccountJob(subjectId);
  }

  /**
   * Withdraws consent to some purposes (analytics, say) while the rest
   * stands: receipts stop naming them (a receipt left with none is
   * withdrawn), and the records kept for them are narrowed or erased by a
   * `purposes` job, of one product or ("") of every product.
   */
  async withdrawPurposes(subjectId: string, purposes: readonly Purpose[], productId = ""): Promise<DeletionJob> {
    checkedId(subjectId, "subjectId");
    if (purposes.length === 0) throw new InvalidRightsRequestError("MISSING", "purposes");
    if (purposes.some((p) => !KNOWN_PURPOSES.has(p))) throw new InvalidRightsRequestError("MISSING", "purposes");
    if (productId !== "") this.requests.checkedProduct(productId);
    const at = this.now();
    const withdrawn = [...new Set(purposes)].sort((a, b) => a - b);
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query("select 1 from subjects where subject_id = $1 for update", [subjectId]);
      if (rows.length === 0) throw new UnknownSubjectError(subjectId);
      // Receipts of the product, or every receipt when no product is named.
      const byProduct = productId === "" ? "" : " and product_id = $3";
      const withProduct = (first: unknown[]) => (productId === "" ? first : [...first, productId]);
      await tx.query(
        `update consent_receipts set purposes = array(select p from unnest(purposes) as p where not p = any($2::int[]) order by p)
         where subject_id = $1 and withdrawn_at is null and purposes && $2::int[]${byProduct}`,
        withProduct([subjectId, `{${withdrawn.join(",")}}`]),
      );
      await tx.query(
        `update consent_receipts set withdrawn_at = $2 where subject_id = $1 and withdrawn_at is null and cardinality(purposes) = 0${byProduct}`,
        withProduct([subjectId, at.toISOString()]),
      );
      const { job } = await new DeletionJobStore(tx).open({ subjectId, scope: "purposes", productId, purposes: withdrawn, at, completedSteps: ["consent"] });
      return job;
    });
  }
}
