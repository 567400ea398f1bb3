/**
 * How a testee failed the harness itself (as opposed to answering a step with
 * an error, which is a legitimate answer):
 * - `spawn_failed`: the command could not be started (or the shell could not find it);
 * - `crashed`: the process exited or the connection dropped while a step was pending;
 * - `timeout`: no answer within the step timeout;
 * - `garbage`: the bytes received are not a HarnessResponse;
 * - `oversized`: a frame declared a length above the limit (often garbage on stdout);
 * - `truncated`: the output ended in the middle of a frame;
 * - `protocol_violation`: a well-formed response that breaks the protocol
 *   (wrong step number, no result, unknown protocol version, an unsolicited response);
 * - `closed`: a step was sent after the testee was closed or had failed;
 * - `unreachable`: a Connect testee that refused the connection or answered with an RPC error.
 */
export type TesteeErrorCode =
  | "spawn_failed"
  | "crashed"
  | "timeout"
  | "garbage"
  | "oversized"
  | "truncated"
  | "protocol_violation"
  | "closed"
  | "unreachable";

/**
 * The testee cannot be driven: certification reports it as unavailable
 * (`datapact certify` exits 4). Messages name the testee, the step and exit
 * status, never anything the testee wrote (which may hold personal values).
 */
export class TesteeError extends Error {
  override readonly name = "TesteeError";
  constructor(
    readonly code: TesteeErrorCode,
    /** Which testee, as {@link Testee.description} says. */
    readonly testee: string,
    message: string,
    /** The step that was pending, as `#<number> <proto step name>`, if any. */
    readonly step?: string,
  ) {
    super(`${testee}: ${message}${step ? ` (at step ${step})` : ""}`);
  }
}
