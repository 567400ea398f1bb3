import { create, fromBinary, ScalarType, toBinary, type DescMessage } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { cloud, DataUseStatementSchema, IdentificationQualifier, Purpose } from "@datapact/proto";
import fc from "fast-check";
import { guardedFields } from "../canary/guarded-fields.js";
import type { Observation } from "../observe/observation.js";
import type { StepRef } from "../protocol/step-ref.js";
import type { Invariant, InvariantContext } from "../runner/invariant.js";
import type { CatalogProduct } from "../runner/product-catalog.js";
import type { Scenario, StepOutcome } from "../runner/scenario.js";
import { UserModel } from "../runner/user-model.js";
import type { Violation } from "../runner/violation.js";
import { messageWithCanaries, mixSeed } from "./support/canary-messages.js";
import { observedExchanges } from "./support/observed-groups.js";
import { isStorage } from "./support/sink-places.js";
import { syncNow } from "./support/user-actions.js";

/** Larger than any frame a device link or a cloud request should take (the harness itself allows 64 MiB). */
const OVERSIZED_BYTES = 5 * 1024 * 1024;
const INGEST_PATH = "/datapact.cloud.v1.SyncService/Ingest";
const UNKNOWN_TYPE = "datapact.unknown.v1.Garbage";
/** Bytes no protobuf message decodes from: a tag whose varint never ends. */
const GARBAGE = new Uint8Array(48).fill(0xff);
/** Codes that mean the testee failed inside rather than refusing the input. */
const UNTYPED = new Set(["", "internal", "unknown"]);

/** One piece of bad input and how it was answered. */
interface Attack {
  readonly hop: string;
  readonly kind: string;
  readonly step: StepRef | undefined;
  /** Why the answer is not a typed refusal, if it is not. */
  readonly untyped?: string;
}

function firstStringOrBytesField(schema: DescMessage): number | undefined {
  return schema.fields.find((f) => f.fieldKind === "scalar" && (f.scalar === ScalarType.STRING || f.scalar === ScalarType.BYTES))?.number;
}

/** A valid encoding of `schema` whose one string/bytes field holds `size` bytes. */
function oversized(fieldNumber: number, size: number): Uint8Array {
  return new BinaryWriter().tag(fieldNumber, WireType.LengthDelimited).bytes(new Uint8Array(size).fill(0x41)).finish();
}

/** The encoding cut inside its last length-delimited value, so it cannot decode. */
function truncated(schema: DescMessage, bytes: Uint8Array): Uint8Array | undefined {
  for (let cut = bytes.length - 1; cut > 0; cut--) {
    const part = bytes.subarray(0, cut);
    try {
      fromBinary(schema, part);
    } catch {
      return part.slice();
    }
  }
  return undefined;
}

function decodes(schema: DescMessage, bytes: Uint8Array): boolean {
  try {
    fromBinary(schema, bytes);
    return true;
  } catch {
    return false;
  }
}

function stepAttack(hop: string, kind: string, outcome: StepOutcome): Attack {
  const code = outcome.error?.code ?? "";
  const answer = outcome.error ? `error ${code || "without a code"}` : outcome.ok ? "ok" : "skipped";
  return { hop, kind, step: outcome.step.ref, untyped: outcome.error && !UNTYPED.has(code) ? undefined : `answered ${answer}` };
}

/** Storage cells (database scan or dumped stores) observed at one dump step, as a multiset per sink. */
function storageAt(observations: readonly Observation[], dumpStep: number, includeDb: boolean): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const o of observations) {
    if (o.step?.number !== dumpStep || !isStorage(o.sink)) continue;
    if (o.sink.startsWith("db:") && !includeDb) continue;
    const where = o.sink.startsWith("db:") ? o.sink : `${o.sink} ${(o.detail ?? "").replace(/ row \d+$/, "")}`;
    const cells = out.get(where) ?? new Map<string, number>();
    const key = Buffer.from(o.bytes).toString("hex");
    cells.set(key, (cells.get(key) ?? 0) + 1);
    out.set(where, cells);
  }
  return out;
}

/** The places whose stored cells differ between two snapshots. */
function changedPlaces(before: Map<string, Map<string, number>>, after: Map<string, Map<string, number>>): string[] {
  const changed: string[] = [];
  for (const where of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(where) ?? new Map<string, number>();
    const b = after.get(where) ?? new Map<string, number>();
    const same = a.size === b.size && [...a].every(([k, n]) => b.get(k) === n);
    if (!same) changed.push(where);
  }
  return changed.sort();
}

/** What changed, as a field path: the column of a table (`records.payload_plain`), or a dumped store's column. */
function storedPlace(where: string): string {
  if (where.startsWith("db:")) return where.slice(where.indexOf(".") + 1);
  return where.slice(where.indexOf(" ") + 1);
}

/** The dump step an observe just sent: the scenario's last step. */
function lastStep(s: Scenario): StepRef {
  return s.steps.at(-1)!.ref;
}

/** Headers of a recorded request the kit may replay (never printed). */
function recordedIngest(observations: readonly Observation[]): { headers: Record<string, string>; body: Uint8Array } | undefined {
  for (const x of observedExchanges(observations)) {
    if (!x.label.endsWith(INGEST_PATH) || x.request.length === 0) continue;
    const headers: Record<string, string> = {};
    for (const line of Buffer.from(x.meta.bytes).toString("utf8").split("\n")) {
      const m = /^([a-z0-9-]+): (.*)$/i.exec(line);
      if (!m) continue;
      const name = m[1]!.toLowerCase();
      // Request headers come first; keep the first value of each.
      if (headers[name] === undefined && ["authorization", "content-type", "connect-protocol-version", "x-datapact-install-token"].includes(name)) headers[name] = m[2]!;
    }
    if (headers.authorization && (headers["content-type"] ?? "").startsWith("application/proto")) return { headers, body: x.request[0]!.bytes };
  }
  return undefined;
}

/** Sends bytes to the cloud's Ingest; how the cloud answered, as an attack. */
async function postIngest(cloudUrl: string, headers: Record<string, string>, body: Uint8Array, kind: string, anchor: StepRef, expectRefusal: boolean): Promise<Attack> {
  try {
    const response = await fetch(new URL(INGEST_PATH, cloudUrl), {
      method: "POST",
      headers: { "content-type": "application/proto", "connect-protocol-version": "1", ...headers },
      body: new Uint8Array(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (!expectRefusal) return { hop: "app->cloud", kind, step: anchor };
    if (response.status < 400) return { hop: "app->cloud", kind, step: anchor, untyped: `accepted with HTTP ${response.status}` };
    let code = "";
    try {
      code = String((JSON.parse(text) as { code?: unknown }).code ?? "");
    } catch {
      code = "";
    }
    return { hop: "app->cloud", kind, step: anchor, untyped: UNTYPED.has(code) ? `refused with HTTP ${response.status} and no typed code` : undefined };
  } catch {
    // The connection was closed before an answer: refused before reading, the cloud's way with bodies over its limit.
    return { hop: "app->cloud", kind, step: anchor, untyped: kind === "oversized" ? undefined : "the connection failed" };
  }
}

/** The product a bad-input scenario runs on: the first with a device message that has a string or bytes field. */
function targetOf(products: readonly CatalogProduct[]): { product: CatalogProduct; schema: DescMessage; field: number } | undefined {
  for (const product of products) {
    for (const schema of product.deviceMessages) {
      const field = firstStringOrBytesField(schema);
      if (field !== undefined) return { product, schema, field };
    }
  }
  return undefined;
}

async function check(ctx: InvariantContext): Promise<readonly Violation[]> {
  const target = targetOf(ctx.products);
  if (!target) return [];
  const { product, schema, field } = target;
  const s = await ctx.scenario();
  const model = await ctx.setUp(s, { bindDevices: false });
  const device = model.nextDeviceHandle();
  const bound = await s.step("bindDevice", { account: UserModel.owner, device, productId: product.id }, model.snapshot());
  if (!bound.ok) return [{ sink: "step answer", step: bound.step.ref, message: "the testee refused to bind the device every bad-input scenario needs" }];
  model.bind(device, product.id);

  // Something stored first, so that "unchanged" means something.
  for (const [i, m] of [...product.deviceMessages.slice(0, 3), ...product.appMessages.slice(0, 3)].entries()) {
    const message = messageWithCanaries(m, s.canaries, guardedFields.annotated, mixSeed(ctx.seed, i));
    if (!message) continue;
    if (product.deviceMessages.includes(m)) await s.emit(device, m, message, model.snapshot());
    else await s.appRecord(UserModel.owner, m, message, { device, model: model.snapshot() });
  }
  await syncNow(s, model);
  const described = await s.step("describe", {});
  const cloudUrl = described.ok?.detail.case === "describe" ? described.ok.detail.value.cloudUrl : "";
  const baseline = await s.observe();
  const baselineStep = lastStep(s).number;
  const before = storageAt(baseline, baselineStep, true);

  const violations: Violation[] = [];
  const attacks: Attack[] = [];
  // Each group of bad input is judged against the stores as they were just before it.
  let previous = storageAt(baseline, baselineStep, false);
  const judgeGroup = async (hop: string, group: Attack[]) => {
    attacks.push(...group);
    const observed = await s.observe({ database: false });
    const now = storageAt(observed, lastStep(s).number, false);
    const changed = changedPlaces(previous, now);
    previous = now;
    const first = group[0];
    for (const where of changed) {
      violations.push({
        fieldPath: storedPlace(where),
        sink: where.split(" ")[0],
        step: first?.step,
        message: `stored data changed after bad input at the ${hop} hop (${group.map((a) => a.kind).join(", ")}): ${where}`,
      });
    }
  };

  // The device<->app hop: what the device hands over does not decode, is cut short, too large, or of no known type.
  const valid = messageWithCanaries(schema, s.canaries, guardedFields.annotated, mixSeed(ctx.seed, 99));
  const validBytes = valid ? toBinary(schema, valid) : new Uint8Array();
  const cut = truncated(schema, validBytes);
  const garbage = fc
    .sample(fc.uint8Array({ minLength: 1, maxLength: 64 }), { numRuns: Math.min(ctx.runs, 8), seed: ctx.seed })
    .filter((bytes) => !decodes(schema, bytes));
  const deviceAttacks: Attack[] = [];
  const emit = async (kind: string, messageType: string, payload: Uint8Array) =>
    deviceAttacks.push(stepAttack("device->app", kind, await s.step("emitDeviceFrame", { device, messageType, payload }, model.snapshot())));
  await emit("garbage", schema.typeName, GARBAGE);
  if (cut) await emit("truncated", schema.typeName, cut);
  await emit("oversized", schema.typeName, oversized(field, OVERSIZED_BYTES));
  await emit("unknown type", UNKNOWN_TYPE, validBytes.length > 0 ? validBytes : GARBAGE);
  for (const bytes of garbage) await emit("random garbage", schema.typeName, bytes);
  await judgeGroup("device->app", deviceAttacks);

  // The app: a record it is handed that does not decode, is cut short, or is of no known type.
  const appSchema = product.appMessages[0] ?? schema;
  const appValid = messageWithCanaries(appSchema, s.canaries, guardedFields.annotated, mixSeed(ctx.seed, 98));
  const appCut = appValid ? truncated(appSchema, toBinary(appSchema, appValid)) : undefined;
  const appAttacks: Attack[] = [];
  const record = async (kind: string, messageType: string, payload: Uint8Array) =>
    appAttacks.push(stepAttack("app", kind, await s.step("appRecord", { account: UserModel.owner, messageType, payload }, model.snapshot())));
  await record("garbage", appSchema.typeName, GARBAGE);
  if (appCut) await record("truncated", appSchema.typeName, appCut);
  await record("unknown type", UNKNOWN_TYPE, GARBAGE);
  for (const bytes of garbage.filter((b) => !decodes(appSchema, b))) await record("random garbage", appSchema.typeName, bytes);
  await judgeGroup("app", appAttacks);

  // The app<->cloud hop, straight at the cloud: garbage, a cut request, an oversized one, an unknown type, and a replay.
  const recorded = recordedIngest(baseline);
  if (cloudUrl && recorded) {
    const anchor = described.step.ref;
    const cloudAttacks: Attack[] = [];
    const headers = { authorization: recorded.headers.authorization! };
    cloudAttacks.push(await postIngest(cloudUrl, headers, GARBAGE, "garbage", anchor, true));
    const cutRequest = truncated(cloud.IngestRequestSchema, recorded.body);
    if (cutRequest) cloudAttacks.push(await postIngest(cloudUrl, headers, cutRequest, "truncated", anchor, true));
    cloudAttacks.push(await postIngest(cloudUrl, headers, oversized(1, OVERSIZED_BYTES), "oversized", anchor, true));
    const unknown = create(cloud.IngestRequestSchema, {
      records: [
        {
          recordId: `bad-input-${ctx.seed >>> 0}`,
          payload: GARBAGE,
          statement: create(DataUseStatementSchema, {
            messageType: UNKNOWN_TYPE,
            productId: product.id,
            purposes: [Purpose.FUNCTIONALITY],
            qualifier: IdentificationQualifier.IDENTIFIED,
            policyVersion: "1.0",
            consentReceiptId: "bad-input",
          }),
        },
      ],
    });
    cloudAttacks.push(await postIngest(cloudUrl, headers, toBinary(cloud.IngestRequestSchema, unknown), "unknown type", anchor, true));
    cloudAttacks.push(await postIngest(cloudUrl, recorded.headers, recorded.body, "replayed", anchor, false));
    attacks.push(...cloudAttacks);
  }

  // Last, the kit's own scan: every table as it was before any bad input.
  const final = await s.observe();
  for (const where of changedPlaces(before, storageAt(final, lastStep(s).number, true))) {
    if (!where.startsWith("db:")) continue;
    violations.push({ fieldPath: storedPlace(where), sink: where, step: described.step.ref, message: `the database changed after bad input (${[...new Set(attacks.map((a) => `${a.hop} ${a.kind}`))].join(", ")}): ${where}` });
  }
  for (const a of attacks) {
    if (a.untyped) violations.push({ fieldPath: "payload", sink: a.hop === "app->cloud" ? "hop:app->cloud" : "step answer", step: a.step, message: `${a.kind} input at the ${a.hop} hop was not refused with a typed error: ${a.untyped}` });
  }
  return violations;
}

/**
 * DP-BAD-INPUT-CHANGES-NOTHING. Input that is not what it should be, at
 * each hop, is refused with a typed error and changes nothing stored: a
 * device frame or app record that does not decode, is cut short, is far
 * too large or names no known type, and, straight at the cloud, a request
 * of garbage, a cut request, an oversized one, a record of no known type
 * and a replay of a real request. Every table (the kit's own scan of the
 * database and every store the testee dumps) is the same after as before.
 * Seed: 000 §2.4 (integrity of processing); M176.
 */
export const badInputChangesNothing: Invariant = {
  id: "DP-BAD-INPUT-CHANGES-NOTHING",
  title: "Bad input gets a typed error and changes nothing",
  statement:
    "Input that is not what it should be is refused with a typed error and changes nothing stored: device frames and app records that do not decode, are truncated, oversized or of an unknown type, and requests sent straight to the cloud that are garbage, truncated, oversized, of an unknown record type, or replayed. Every table of the database, read by the kit, and every store the implementation keeps is the same after them as before.",
  source: "000 §2.4 (integrity and security of processing); M176",
  check,
};

