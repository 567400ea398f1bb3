import type { conformance } from "@datapact/proto";

/**
 * An implementation of the pact under test, as the kit drives it: one step
 * at a time, request then response. Adapters: {@link spawnTestee} (a
 * subprocess over stdin/stdout) and {@link connectTestee} (Connect over HTTP).
 */
export interface Testee {
  /** Which testee, for reports and errors ("subprocess `node testee.mjs`"). */
  readonly description: string;
  /**
   * Sends one step and resolves with the testee's answer. Rejects with a
   * {@link TesteeError} when the testee crashes, hangs past the step
   * timeout, or answers with something that is not a HarnessResponse for
   * this step; after that the testee is unusable.
   */
  send(request: conformance.HarnessRequest): Promise<conformance.HarnessResponse>;
  /**
   * The log lines the testee wrote outside the protocol since the last
   * call (a subprocess's stderr); empty for transports without one.
   */
  takeLog(): string[];
  /** Ends the testee: closes its input, then stops the process if it lingers. Idempotent. */
  close(): Promise<void>;
}

/** Options every adapter takes. */
export interface TesteeOptions {
  /** How long one step may take. Default 30 s. */
  readonly stepTimeoutMs?: number;
}

/** The default per-step timeout. */
export const defaultStepTimeoutMs = 30_000;
