import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { conformance } from "@datapact/proto";
import { checkResponse, stepLabel } from "./response-check.js";
import { defaultStepTimeoutMs, type Testee, type TesteeOptions } from "./testee.js";
import { TesteeError } from "./testee-error.js";

/** Options of {@link connectTestee}. */
export interface ConnectTesteeOptions extends TesteeOptions {
  /** HTTP version to speak. Default "1.1". */
  readonly httpVersion?: "1.1" | "2";
}

/**
 * Drives a testee that serves `datapact.conformance.v1.HarnessService` over
 * Connect at `baseUrl` (what {@link serveHarness} exposes). An RPC error, a
 * refused connection or a timeout makes the testee unavailable; a step the
 * testee refuses is a HarnessResponse with `error`, not an RPC error.
 */
export function connectTestee(baseUrl: string, options: ConnectTesteeOptions = {}): Testee {
  const description = `Connect testee at ${baseUrl}`;
  const transport = createConnectTransport({ baseUrl, httpVersion: options.httpVersion ?? "1.1" });
  const client = createClient(conformance.HarnessService, transport);
  const timeoutMs = options.stepTimeoutMs ?? defaultStepTimeoutMs;
  let failure: TesteeError | undefined;
  return {
    description,
    async send(request) {
      if (failure) throw failure;
      try {
        const answer = await client.step(create(conformance.StepRequestSchema, { request }), { timeoutMs });
        if (!answer.response) throw new TesteeError("protocol_violation", description, "StepResponse without a response", stepLabel(request));
        return checkResponse(description, request, answer.response);
      } catch (err) {
        failure = toTesteeError(err, description, stepLabel(request), timeoutMs);
        throw failure;
      }
    },
    takeLog: () => [],
    async close() {
      failure ??= new TesteeError("closed", description, "the testee was closed");
    },
  };
}

function toTesteeError(err: unknown, description: string, step: string, timeoutMs: number): TesteeError {
  if (err instanceof TesteeError) return err;
  const e = ConnectError.from(err);
  switch (e.code) {
    case Code.DeadlineExceeded:
      return new TesteeError("timeout", description, `no answer within ${timeoutMs} ms`, step);
    case Code.Unavailable:
      return new TesteeError("unreachable", description, "connection refused or dropped", step);
    case Code.Internal:
    case Code.Unknown:
      // Connect reports undecodable bodies and protocol errors this way.
      return new TesteeError("garbage", description, `the answer is not a StepResponse (${Code[e.code]})`, step);
    default:
      return new TesteeError("unreachable", description, `HarnessService.Step failed with ${Code[e.code]}`, step);
  }
}
