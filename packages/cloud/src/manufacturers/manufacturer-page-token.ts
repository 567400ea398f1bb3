import { createHmac } from "node:crypto";
import { SealedDataError } from "../keys/errors/sealed-data-error.js";
import { contextBytes, open, seal } from "../keys/sealed-box.js";
import { invalidArgument } from "../services/errors/rejected-request-error.js";

/**
 * Page tokens handed to manufacturers. The record store's own tokens carry
 * a record id (which the client chose) and a fingerprint of the subject, so
 * they are sealed before they leave, bound to the manufacturer, the user's
 * pairwise id and the product: a token is opaque, and useless to anyone
 * else or for any other query.
 */
export class ManufacturerPageTokens {
  readonly #key: Uint8Array;

  constructor(pairwiseSecret: Uint8Array) {
    this.#key = new Uint8Array(createHmac("sha256", pairwiseSecret).update("datapact/manufacturer-page-token/v1").digest());
  }

  wrap(storeToken: string, manufacturerId: string, userId: string, productId: string): string {
    if (storeToken === "") return "";
    return Buffer.from(seal(this.#key, Buffer.from(storeToken, "utf8"), contextBytes(manufacturerId, userId, productId))).toString("base64url");
  }

  /** The store's token inside; INVALID_ARGUMENT for anything this did not issue for the same query. */
  unwrap(token: string, manufacturerId: string, userId: string, productId: string): string {
    if (token === "") return "";
    if (token.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalidArgument("INVALID_PAGE_TOKEN", "page_token: not a token of this query");
    try {
      return Buffer.from(open(this.#key, new Uint8Array(Buffer.from(token, "base64url")), contextBytes(manufacturerId, userId, productId), "page token")).toString("utf8");
    } catch (err) {
      if (err instanceof SealedDataError) throw invalidArgument("INVALID_PAGE_TOKEN", "page_token: not a token of this query");
      throw err;
    }
  }
}
