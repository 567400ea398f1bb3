import { ScalarType } from "@bufbuild/protobuf";
import { Canary } from "../../canary/canary.js";
import type { Observation } from "../../observe/observation.js";

/** Request headers that could carry a credential or an install's token (never printed; searched). */
const TOKEN_HEADER = /^(x-[a-z0-9-]+|authorization|cookie): (.+)$/i;
/** Protocol headers: the same for every client, so they link nothing. */
const PROTOCOL_HEADERS = new Set(["x-user-agent", "x-grpc-web", "x-datapact-reason"]);

/**
 * High-entropy header values of a relayed request, as markers the kit can
 * search other sinks for like canaries: the user's token, a device's key,
 * the install token of the improvement plan. Labelled by header name only.
 */
export function headerTokens(meta: Observation): Canary[] {
  const out: Canary[] = [];
  for (const line of Buffer.from(meta.bytes).toString("utf8").split("\n")) {
    const m = TOKEN_HEADER.exec(line.trim());
    if (!m || PROTOCOL_HEADERS.has(m[1]!.toLowerCase())) continue;
    const value = m[2]!.replace(/^Bearer\s+/i, "").trim();
    if (value.length >= 16) out.push(Canary.of(`${m[1]!.toLowerCase()} header`, ScalarType.STRING, value));
  }
  return out;
}
