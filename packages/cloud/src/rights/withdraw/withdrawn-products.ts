import type { Queryable } from "../../storage/database/database.js";

/**
 * The withdrawn_products table: products whose consent the subject
 * withdrew ("Revoke authorization", 000 §05). The ingest path asks
 * {@link isWithdrawn} before storing a product's record (a product the
 * general policy governs has no receipt of its own to withdraw), and
 * consent given again to the product {@link restore}s it.
 */
export class WithdrawnProducts {
  constructor(private readonly db: Queryable) {}

  bind(q: Queryable): WithdrawnProducts {
    return new WithdrawnProducts(q);
  }

  /** Whether the subject withdrew the product's consent and has not given it again. */
  async isWithdrawn(subjectId: string, productId: string): Promise<boolean> {
    const { rows } = await this.db.query("select 1 from withdrawn_products where subject_id = $1 and product_id = $2", [subjectId, productId]);
    return rows.length > 0;
  }

  /** The subject's withdrawn products. */
  async of(subjectId: string): Promise<{ productId: string; withdrawnAt: Date }[]> {
    const { rows } = await this.db.query<{ product_id: string; withdrawn_at: Date }>(
      "select product_id, withdrawn_at from withdrawn_products where subject_id = $1 order by product_id",
      [subjectId],
    );
    return rows.map((r) => ({ productId: r.product_id, withdrawnAt: r.withdrawn_at }));
  }

  /** Consent was given to the product again: collection may resume. Returns whether it was withdrawn. */
  async restore(subjectId: string, productId: string): Promise<boolean> {
    const { rowCount } = await this.db.query("delete from withdrawn_products where subject_id = $1 and product_id = $2", [subjectId, productId]);
    return rowCount > 0;
  }
}
