import type { Registry } from "@bufbuild/protobuf";
import type { RetryOptions } from "../outbox/backoff.js";
import type { OutboxEvent } from "../outbox/outbox-event.js";
import type { AppStorage } from "../storage/app-storage.js";
import type { UserTokenSource } from "../transport/cloud-endpoint.js";

/** Options of {@link openAppSdk}. */
export interface AppSdkOptions {
  /** Where consent, the plan's state and the outboxes live; see FileAppStorage. */
  readonly storage: AppStorage;
  /** Base URL of the cloud's Connect services (sync, consent, sharing). */
  readonly cloudUrl: string;
  /**
   * Base URL the User Experience Improvement Plan's analytics go to; default
   * `cloudUrl`. Either way they travel on their own transport, with the
   * install token and without the user's token.
   */
  readonly analyticsUrl?: string;
  /** The signed-in user's bearer token, asked for on every account call and never stored. */
  readonly userToken: UserTokenSource;
  /** The schemas records may be of; default every file of the pact. */
  readonly registry?: Registry;
  /** Backoff while the cloud is unreachable. */
  readonly retry?: Partial<RetryOptions>;
  /** Records per Ingest call; default 50. */
  readonly batchSize?: number;
  /**
   * Whether queued records leave on their own (on open, right after
   * queueing, and on a backoff timer). Default true; with false the app
   * calls `sync.flush()` and `analytics.flush()` itself.
   */
  readonly backgroundFlush?: boolean;
  /** Per-call timeout; default 15 s. */
  readonly timeoutMs?: number;
  /** Told what the outboxes do (ids and codes only). */
  readonly onEvent?: (event: OutboxEvent) => void;
}
