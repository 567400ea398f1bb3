import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { conformance } from "@datapact/proto";
import { encodeFrame, FrameDecoder } from "../../../../src/testee/length-prefixed-frames.js";

/** Handles one step. */
export type StepHandler = (request: conformance.HarnessRequest) => Promise<conformance.HarnessResponse>;

/**
 * The subprocess transport of the harness: length-prefixed HarnessRequests
 * on stdin, one HarnessResponse per request on stdout, one at a time, until
 * stdin closes. Nothing else may reach stdout. A frame that is not a
 * HarnessRequest ends the loop with an error (the kit broke the protocol).
 */
export async function serveStdio(handle: StepHandler, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const decoder = new FrameDecoder();
  for await (const chunk of input) {
    for (const frame of decoder.push(chunk as Uint8Array)) {
      const request = fromBinary(conformance.HarnessRequestSchema, frame);
      const response = await handle(request);
      await new Promise<void>((resolve, reject) => output.write(encodeFrame(toBinary(conformance.HarnessResponseSchema, response)), (err) => (err ? reject(err) : resolve())));
    }
  }
  decoder.end();
}
