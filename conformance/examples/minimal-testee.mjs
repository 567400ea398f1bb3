#!/usr/bin/env node
// The minimal example testee of docs/certification/harness.md.
//
// It implements the harness protocol and nothing else: it answers `describe`
// and `reset`, and reports every other step as skipped. It is documentation,
// not an implementation of the pact: certifying it proves nothing except
// that the transport works. A real testee replaces `act` with calls into its
// device, app and cloud code.
//
//   node minimal-testee.mjs            # stdin/stdout, length-prefixed frames
//   node minimal-testee.mjs --listen   # Connect over HTTP; prints its URL on the first line
//
// Any language works the same way: read a 4-byte little-endian length and
// that many bytes, decode a HarnessRequest, act, encode a HarnessResponse,
// write its length and bytes. Logs go to stderr, never stdout.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { conformance } from "@datapact/proto";

const { HarnessRequestSchema, HarnessResponseSchema, ProtocolVersion } = conformance;

/** One step in, one response out. */
function act(request) {
  const answer = (result) => create(HarnessResponseSchema, { stepNumber: request.stepNumber, result });
  switch (request.step.case) {
    case "describe":
      return answer({
        case: "ok",
        value: {
          detail: {
            case: "describe",
            value: {
              name: "minimal-example-testee",
              version: "1.0.0",
              protocolVersion: ProtocolVersion.PROTOCOL_VERSION_1,
              productIds: [],
              supportedSteps: ["describe", "reset"],
            },
          },
        },
      });
    case "reset":
      // Nothing is stored, so there is nothing to forget.
      return answer({ case: "ok", value: {} });
    default:
      return answer({ case: "skipped", value: { reason: `the minimal example does not implement ${request.step.case ?? "an empty step"}` } });
  }
}

async function serveStdio() {
  let buffered = Buffer.alloc(0);
  for await (const chunk of process.stdin) {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4) {
      const length = buffered.readUInt32LE(0);
      if (buffered.length < 4 + length) break;
      const request = fromBinary(HarnessRequestSchema, buffered.subarray(4, 4 + length));
      buffered = buffered.subarray(4 + length);
      const bytes = toBinary(HarnessResponseSchema, act(request));
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32LE(bytes.length, 0);
      process.stdout.write(Buffer.concat([prefix, bytes]));
      process.stderr.write(`minimal-testee: answered step ${request.stepNumber}\n`);
    }
  }
  // stdin closed: the kit is done with us.
}

async function serveConnect() {
  // A TypeScript or JavaScript testee can reuse the kit's server helper.
  const { serveHarness } = await import("@datapact/conformance");
  const server = await serveHarness(act);
  process.stdout.write(`${server.url}\n`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv.includes("--listen")) await serveConnect();
else await serveStdio();
