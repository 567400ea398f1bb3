// A small real Connect server standing in for the cloud (which another team
// is writing): it implements the calls the app SDK makes, checks records the
// way the cloud must (validateRecord), and records everything it received.
import { create, type Message } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { createPolicy, type ValidatedRecord } from "@datapact/policy";
import { cloud } from "@datapact/proto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Which door a call came through. */
export type Door = "account" | "analytics";

export interface RecordedCall {
  readonly door: Door;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly request: Message;
}

export interface ReceivedRecord {
  readonly door: Door;
  readonly headers: Readonly<Record<string, string>>;
  readonly record: cloud.Record;
  readonly validated: ValidatedRecord;
}

export interface RecordingCloud {
  /** Base URL of the account door. */
  readonly url: string;
  /** Base URL of the analytics door. */
  readonly analyticsUrl: string;
  readonly port: number;
  readonly calls: RecordedCall[];
  /** Per request, the door and the client port of the TCP connection it came on. */
  readonly connections: { readonly door: Door; readonly remotePort: number }[];
  readonly records: ReceivedRecord[];
  /** Set to make Ingest fail with this code (after recording the call). */
  ingestFailure: Code | undefined;
  /** Ingest refuses (INVALID_ARGUMENT, all or nothing) any batch holding one of these record ids. */
  readonly refusedRecordIds: Set<string>;
  /** Most records per Ingest call: more are refused with RESOURCE_EXHAUSTED, reason BATCH_TOO_LARGE (as the reference cloud does). */
  maxRecordsPerIngest: number | undefined;
  /** Largest payload accepted: a batch holding a larger one is refused with RESOURCE_EXHAUSTED and no reason (as a Connect read limit does). */
  maxPayloadBytes: number | undefined;
  /** Rewrites GiveConsent's receipt before it is returned (to test the client's checks). */
  tamperReceipt: ((receipt: cloud.ConsentReceipt) => cloud.ConsentReceipt) | undefined;
  close(): Promise<void>;
}

const policy = createPolicy();

function headersOf(ctx: HandlerContext): Record<string, string> {
  const out: Record<string, string> = {};
  ctx.requestHeader.forEach((v, k) => (out[k] = v));
  return out;
}

export async function startRecordingCloud(): Promise<RecordingCloud> {
  const calls: RecordedCall[] = [];
  const records: ReceivedRecord[] = [];
  let receiptCount = 0;
  let shareCount = 0;
  const shares = new Map<string, cloud.Share>();
  const state = {
    ingestFailure: undefined as Code | undefined,
    maxRecordsPerIngest: undefined as number | undefined,
    maxPayloadBytes: undefined as number | undefined,
    tamperReceipt: undefined as ((receipt: cloud.ConsentReceipt) => cloud.ConsentReceipt) | undefined,
  };
  const refusedRecordIds = new Set<string>();

  const routes = (door: Door) => (router: ConnectRouter) => {
    const note = (method: string, request: Message, ctx: HandlerContext) => calls.push({ door, method, headers: headersOf(ctx), request });
    router.service(cloud.SyncService, {
      ingest(req, ctx) {
        note("Ingest", req, ctx);
        if (state.ingestFailure !== undefined) throw new ConnectError("failing on purpose", state.ingestFailure);
        if (req.records.some((r) => refusedRecordIds.has(r.recordId))) throw new ConnectError("refused on purpose", Code.InvalidArgument);
        if (state.maxRecordsPerIngest !== undefined && req.records.length > state.maxRecordsPerIngest)
          throw new ConnectError("too many records", Code.ResourceExhausted, { "x-datapact-reason": "BATCH_TOO_LARGE" });
        if (state.maxPayloadBytes !== undefined && req.records.some((r) => r.payload.length > state.maxPayloadBytes!))
          throw new ConnectError("message too large", Code.ResourceExhausted);
        const validated = req.records.map((r) => {
          try {
            return policy.validateRecord(r);
          } catch {
            throw new ConnectError("invalid record", Code.InvalidArgument);
          }
        });
        req.records.forEach((record, i) => records.push({ door, headers: headersOf(ctx), record, validated: validated[i]! }));
        return { recordIds: req.records.map((r) => r.recordId) };
      },
      pull(req, ctx) {
        note("Pull", req, ctx);
        return {};
      },
    });
    router.service(cloud.DataRightsService, {
      deleteData(req, ctx) {
        note("DeleteData", req, ctx);
        return { job: create(cloud.DeletionJobSchema, { jobId: `job-${calls.length}`, productId: req.productId }) };
      },
    });
    if (door === "analytics") return;
    router.service(cloud.ConsentService, {
      giveConsent(req, ctx) {
        note("GiveConsent", req, ctx);
        const tamper = state.tamperReceipt ?? ((r: cloud.ConsentReceipt) => r);
        return {
          receipt: tamper(create(cloud.ConsentReceiptSchema, {
            receiptId: `receipt-${++receiptCount}`,
            productId: req.productId,
            policyKind: req.policyKind,
            policyVersion: req.policyVersion,
            purposes: req.purposes,
            givenAt: timestampNow(),
          })),
        };
      },
      withdrawConsent(req, ctx) {
        note("WithdrawConsent", req, ctx);
        return {};
      },
      listConsents(req, ctx) {
        note("ListConsents", req, ctx);
        return {};
      },
      setFunction(req, ctx) {
        note("SetFunction", req, ctx);
        return {};
      },
      setUploadSwitch(req, ctx) {
        note("SetUploadSwitch", req, ctx);
        return {};
      },
    });
    router.service(cloud.SharingService, {
      shareDevice(req, ctx) {
        note("ShareDevice", req, ctx);
        const share = create(cloud.ShareSchema, {
          shareId: `share-${++shareCount}`,
          deviceId: req.deviceId,
          granteeAccountId: req.granteeAccountId,
          permissions: req.permissions,
          createdAt: timestampNow(),
        });
        shares.set(share.shareId, share);
        return { share };
      },
      revokeShare(req, ctx) {
        note("RevokeShare", req, ctx);
        if (!shares.delete(req.shareId)) throw new ConnectError("no such share", Code.NotFound);
        return {};
      },
      listShares(req, ctx) {
        note("ListShares", req, ctx);
        return { granted: [...shares.values()] };
      },
    });
  };

  const account = connectNodeAdapter({ routes: routes("account") });
  const analytics = connectNodeAdapter({ routes: routes("analytics"), requestPathPrefix: "/uxip" });
  const connections: { door: Door; remotePort: number }[] = [];
  const server: Server = createServer((req, res) => {
    const door: Door = req.url?.startsWith("/uxip/") ? "analytics" : "account";
    connections.push({ door, remotePort: req.socket.remotePort ?? 0 });
    return door === "analytics" ? analytics(req, res) : account(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    analyticsUrl: `http://127.0.0.1:${port}/uxip`,
    port,
    calls,
    connections,
    records,
    refusedRecordIds,
    get ingestFailure() {
      return state.ingestFailure;
    },
    set ingestFailure(code) {
      state.ingestFailure = code;
    },
    get maxRecordsPerIngest() {
      return state.maxRecordsPerIngest;
    },
    set maxRecordsPerIngest(n) {
      state.maxRecordsPerIngest = n;
    },
    get maxPayloadBytes() {
      return state.maxPayloadBytes;
    },
    set maxPayloadBytes(n) {
      state.maxPayloadBytes = n;
    },
    get tamperReceipt() {
      return state.tamperReceipt;
    },
    set tamperReceipt(fn) {
      state.tamperReceipt = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
