import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

/** One message of a request or response body, decompressed. */
export interface BodyMessage {
  readonly bytes: Uint8Array;
  /** "message 2", "end-stream", or "body". */
  readonly label: string;
}

const ENVELOPED = /^application\/(connect\+|grpc)/;

function decompress(bytes: Uint8Array, encoding: string | undefined): Uint8Array | undefined {
  try {
    switch ((encoding ?? "identity").trim().toLowerCase()) {
      case "identity":
      case "":
        return bytes;
      case "gzip":
        return new Uint8Array(gunzipSync(bytes));
      case "deflate":
        return new Uint8Array(inflateSync(bytes));
      case "br":
        return new Uint8Array(brotliDecompressSync(bytes));
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/**
 * The messages a Connect, gRPC or plain HTTP body carries, decompressed:
 * enveloped streams (Connect streaming, gRPC, gRPC-web) are split into
 * their 5-byte-prefixed messages; unary bodies are one message. Bytes the
 * kit cannot decode are kept as they are, so nothing relayed goes unsearched.
 */
export function bodyMessages(body: Uint8Array, headers: Readonly<Record<string, string>>): BodyMessage[] {
  const contentType = headers["content-type"] ?? "";
  if (!ENVELOPED.test(contentType)) {
    const plain = decompress(body, headers["content-encoding"]);
    return body.length === 0 ? [] : [{ bytes: plain ?? body, label: "body" }];
  }
  const encoding = headers["connect-content-encoding"] ?? headers["grpc-encoding"];
  const messages: BodyMessage[] = [];
  let pos = 0;
  let n = 0;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  while (pos + 5 <= body.length) {
    const flags = body[pos]!;
    const length = view.getUint32(pos + 1, false);
    if (pos + 5 + length > body.length) break;
    const data = body.subarray(pos + 5, pos + 5 + length);
    const bytes = flags & 0x01 ? decompress(data, encoding) : data;
    n++;
    messages.push({ bytes: bytes ?? data, label: flags & 0x02 || flags & 0x80 ? "end-stream" : `message ${n}` });
    pos += 5 + length;
  }
  if (pos < body.length) messages.push({ bytes: body.subarray(pos), label: "trailing bytes" });
  return messages;
}
