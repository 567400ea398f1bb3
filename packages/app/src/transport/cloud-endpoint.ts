/** Where a client reaches the cloud. */
export interface CloudEndpoint {
  /** Base URL of the Connect services, e.g. "https://cloud.example.com/api". */
  readonly baseUrl: string;
  /** Default "1.1". */
  readonly httpVersion?: "1.1" | "2";
  /** Per-call timeout; default 15 s. */
  readonly timeoutMs?: number;
}

/** Supplies the signed-in user's bearer token; the SDK never stores it. */
export type UserTokenSource = () => string | Promise<string>;
