import { toJson, type JsonValue, type Registry } from "@bufbuild/protobuf";
import { cloud, DataUseStatementSchema } from "@datapact/proto";
import type { DeletionJob } from "../delete/deletion-job.js";
import type { ExportCounts, ExportedSubject, ExportItem } from "./export-item.js";
import { exportSummaryText } from "./export-summary-text.js";

/** The document's sections, in the order items arrive. */
const SECTIONS = ["records", "consents", "devices", "shares", "switches", "manufacturerAuthorizations", "withdrawnProducts", "deletionJobs"] as const;
type Section = (typeof SECTIONS)[number];

const SECTION_OF: Partial<Record<ExportItem["kind"], Section>> = {
  record: "records",
  consent: "consents",
  device: "devices",
  share: "shares",
  switch: "switches",
  authorization: "manufacturerAuthorizations",
  withdrawn_product: "withdrawnProducts",
  deletion_job: "deletionJobs",
};

function jobJson(job: DeletionJob): JsonValue {
  return {
    jobId: job.jobId,
    scope: job.scope,
    productId: job.productId,
    state: job.state,
    completedSteps: [...job.completedSteps],
    requestedAt: job.requestedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

function itemJson(item: ExportItem, registry: Registry): JsonValue {
  switch (item.kind) {
    case "record": {
      const r = item.record;
      return {
        recordId: r.recordId,
        productId: r.productId,
        messageType: r.messageType,
        deviceId: r.deviceId ?? null,
        collectedAt: r.collectedAt.toISOString(),
        storedAt: r.storedAt.toISOString(),
        expiresAt: r.expiresAt?.toISOString() ?? null,
        statement: toJson(DataUseStatementSchema, r.statement),
        data: toJson(r.schema, r.message, { registry }),
      };
    }
    case "consent":
      return toJson(cloud.ConsentReceiptSchema, item.receipt);
    case "device":
      return toJson(cloud.BoundDeviceSchema, item.device);
    case "share":
      return { direction: item.direction, share: toJson(cloud.ShareSchema, item.share) };
    case "switch":
      return { kind: item.switchKind, productId: item.productId, name: item.name, enabled: item.enabled };
    case "authorization":
      return { manufacturerId: item.manufacturerId, authorizedAt: item.authorizedAt.toISOString() };
    case "withdrawn_product":
      return { productId: item.productId, withdrawnAt: item.withdrawnAt.toISOString() };
    case "deletion_job":
      return jobJson(item.job);
    default:
      return null;
  }
}

function summaryJson(counts: ExportCounts, text: string): JsonValue {
  return {
    recordCount: counts.recordCount,
    recordsByType: Object.fromEntries([...counts.recordsByType].sort(([a], [b]) => (a < b ? -1 : 1))),
    consentCount: counts.consentCount,
    deviceCount: counts.deviceCount,
    shareCount: counts.shareCount,
    switchCount: counts.switchCount,
    authorizationCount: counts.authorizationCount,
    text,
  };
}

/**
 * Writes an export as one JSON document, chunk by chunk, as the items
 * arrive: never more than one record in memory. Records carry their data in
 * the protobuf JSON mapping of their message type and their statement; the
 * document ends with a summary, counts and a human-readable text
 * ({@link exportSummaryText}).
 *
 * ```json
 * {"format":"datapact-export/1","exportedAt":"…","account":{…},
 *  "records":[{"recordId":"…","messageType":"…","statement":{…},"data":{…}},…],
 *  "consents":[…],"devices":[…],"shares":[…],"switches":[…],
 *  "manufacturerAuthorizations":[…],"withdrawnProducts":[…],"deletionJobs":[…],
 *  "summary":{"recordCount":…,"recordsByType":{…},…,"text":"…"}}
 * ```
 */
export async function* exportJsonChunks(items: AsyncIterable<ExportItem>, registry: Registry, exportedAt: Date): AsyncGenerator<string, void, undefined> {
  let subject: ExportedSubject | undefined;
  let open: Section | undefined;
  let first = true;
  const opened = new Set<Section>();
  const closeUpTo = function* (next: Section | undefined): Generator<string> {
    // Every section appears, empty or not, in the fixed order.
    const until = next === undefined ? SECTIONS.length : SECTIONS.indexOf(next);
    for (let i = 0; i < until; i++) {
      const s = SECTIONS[i]!;
      if (open === s) {
        yield "]";
        open = undefined;
      } else if (!opened.has(s)) {
        opened.add(s);
        yield `,${JSON.stringify(s)}:[]`;
      }
    }
  };
  yield `{"format":"datapact-export/1","exportedAt":${JSON.stringify(exportedAt.toISOString())}`;
  for await (const item of items) {
    if (item.kind === "subject") {
      subject = item.subject;
      yield `,"account":${JSON.stringify({ accountId: subject.subjectId, region: subject.region, createdAt: subject.createdAt.toISOString() })}`;
      continue;
    }
    if (item.kind === "summary") {
      yield* closeUpTo(undefined);
      const text = subject ? exportSummaryText(subject, item.counts, registry, exportedAt) : "";
      yield `,"summary":${JSON.stringify(summaryJson(item.counts, text))}}`;
      return;
    }
    const section = SECTION_OF[item.kind]!;
    if (open !== section) {
      yield* closeUpTo(section);
      opened.add(section);
      open = section;
      first = true;
      yield `,${JSON.stringify(section)}:[`;
    }
    yield `${first ? "" : ","}${JSON.stringify(itemJson(item, registry))}`;
    first = false;
  }
  // The items ended without a summary (they always end with one): close what is open.
  yield* closeUpTo(undefined);
  yield "}";
}
