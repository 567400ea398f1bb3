import type { UniversalServerResponse } from "@connectrpc/connect/protocol";

// connect-es 2.1 answers a request body that does not decode as the
// method's input with INTERNAL ("parse binary: …"), as if the server had
// failed. It is the client's fault: this turns those answers into
// INVALID_ARGUMENT, for the Connect protocol (HTTP 500 + JSON body) and for
// gRPC (grpc-status trailer). The decoder's detail is dropped with it.

const PARSE_FAILURE = "parse binary:";
const MESSAGE = "the request body does not decode as the method's input message";
const MAX_ERROR_BODY = 64 * 1024;

function isParseFailure(message: unknown): boolean {
  return typeof message === "string" && message.startsWith(PARSE_FAILURE);
}

function remapGrpcTrailer(trailer: Headers | undefined): boolean {
  if (!trailer || trailer.get("grpc-status") !== "13") return false;
  let message = "";
  try {
    message = decodeURIComponent(trailer.get("grpc-message") ?? "");
  } catch {
    return false;
  }
  if (!isParseFailure(message)) return false;
  trailer.set("grpc-status", "3");
  trailer.set("grpc-message", encodeURIComponent(MESSAGE));
  return true;
}

async function collect(body: AsyncIterable<Uint8Array> | undefined): Promise<Uint8Array | undefined> {
  if (!body) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > MAX_ERROR_BODY) return undefined;
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The response with an undecodable request's INTERNAL turned into
 * INVALID_ARGUMENT, and `onRemap` told when that happened. Any other
 * response passes unchanged (an unrelated Connect error body is read into
 * memory and replayed; error bodies are small).
 */
export async function withUndecodableRequestStatus(res: UniversalServerResponse, onRemap: () => void): Promise<UniversalServerResponse> {
  if (remapGrpcTrailer(res.trailer)) {
    onRemap();
    return res;
  }
  if (res.status !== 500 || !(res.header?.get("content-type") ?? "").startsWith("application/json") || res.body === undefined) return res;
  const bytes = await collect(res.body);
  if (!bytes) return { ...res, body: undefined, status: 500 };
  let parsed: { code?: unknown; message?: unknown } | undefined;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString("utf8")) as { code?: unknown; message?: unknown };
  } catch {
    parsed = undefined;
  }
  if (parsed?.code === "internal" && isParseFailure(parsed.message)) {
    onRemap();
    const body = new TextEncoder().encode(JSON.stringify({ code: "invalid_argument", message: MESSAGE }));
    const header = new Headers(res.header);
    header.set("content-length", String(body.byteLength));
    return { ...res, status: 400, header, body: oneChunk(body) };
  }
  return { ...res, body: oneChunk(bytes) };
}

function oneChunk(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  return (async function* () {
    yield bytes;
  })();
}
