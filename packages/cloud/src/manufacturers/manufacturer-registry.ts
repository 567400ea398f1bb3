import { Code } from "@connectrpc/connect";
import type { ManufacturerPrincipal } from "../auth/principal.js";
import { bearerSecretHash, MANUFACTURER_KEY_PREFIX, newBearerSecret } from "../auth/bearer-secret.js";
import type { PairwiseIdentifiers } from "../identity/pairwise-identifiers.js";
import type { Database, Queryable } from "../storage/database/database.js";
import { checkedId } from "../storage/validation/checked-id.js";
import { RejectedRequestError } from "../services/errors/rejected-request-error.js";

/** A manufacturer to register: its id, name and the products (ProductPolicy.id) it makes. */
export interface ManufacturerRegistration {
  readonly manufacturerId: string;
  readonly name: string;
  readonly productIds: readonly string[];
}

/**
 * Third-party manufacturers: their API keys (stored hashed) and the products
 * each makes (a product has one manufacturer). Registration is an operator
 * action, not an RPC.
 */
export class ManufacturerRegistry {
  constructor(
    private readonly db: Database | Queryable,
    private readonly pairwise: PairwiseIdentifiers,
  ) {}

  /**
   * Registers (or re-registers) a manufacturer and issues a new API key,
   * returned once; an earlier key stops working. Throws ALREADY_EXISTS when
   * a product belongs to another manufacturer.
   */
  async register(registration: ManufacturerRegistration): Promise<string> {
    const manufacturerId = checkedId(registration.manufacturerId, "manufacturerId");
    const products = registration.productIds.map((p, i) => checkedId(p, `productIds[${i}]`));
    const apiKey = newBearerSecret(MANUFACTURER_KEY_PREFIX);
    await this.db.transaction(async (tx) => {
      await this.pairwise.bind(tx).registerManufacturer(manufacturerId, registration.name);
      await tx.query(
        `insert into manufacturer_credentials (manufacturer_id, api_key_hash) values ($1, $2)
         on conflict (manufacturer_id) do update set api_key_hash = excluded.api_key_hash, created_at = now()`,
        [manufacturerId, bearerSecretHash(apiKey)],
      );
      for (const productId of products) {
        const { rows } = await tx.query<{ manufacturer_id: string }>(
          `insert into manufacturer_products (product_id, manufacturer_id) values ($1, $2)
           on conflict (product_id) do update set manufacturer_id = manufacturer_products.manufacturer_id
           returning manufacturer_id`,
          [productId, manufacturerId],
        );
        if (rows[0]?.manufacturer_id !== manufacturerId)
          throw new RejectedRequestError(Code.AlreadyExists, "PRODUCT_TAKEN", `product ${productId} belongs to another manufacturer`);
      }
    });
    return apiKey;
  }

  /** The manufacturer whose API key hashes to `hash`. */
  async byKeyHash(hash: Uint8Array): Promise<ManufacturerPrincipal | undefined> {
    const { rows } = await this.db.query<{ manufacturer_id: string }>("select manufacturer_id from manufacturer_credentials where api_key_hash = $1", [hash]);
    return rows[0] && { kind: "manufacturer", manufacturerId: rows[0].manufacturer_id };
  }

  /** The products a manufacturer makes, sorted. */
  async productsOf(manufacturerId: string, q: Queryable = this.db): Promise<string[]> {
    const { rows } = await q.query<{ product_id: string }>("select product_id from manufacturer_products where manufacturer_id = $1 order by product_id", [
      manufacturerId,
    ]);
    return rows.map((r) => r.product_id);
  }

  /** The manufacturer of a product, if one is registered. */
  async manufacturerOf(productId: string, q: Queryable = this.db): Promise<string | undefined> {
    const { rows } = await q.query<{ manufacturer_id: string }>("select manufacturer_id from manufacturer_products where product_id = $1", [productId]);
    return rows[0]?.manufacturer_id;
  }
}
