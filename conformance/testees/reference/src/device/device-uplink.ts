import { create, toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { forAccountChannel, planFor, setLeaves, statementFor, type ConsentState } from "@datapact/policy";
import { cloud, Hop } from "@datapact/proto";
import { randomUUID } from "node:crypto";

/** The consent receipt the device's records cite, as the app provisioned it. */
export interface ProvisionedReceipt {
  readonly receiptId: string;
  readonly policyVersion: string;
}

/** What the uplink did with one message. */
export type UplinkOutcome = "sent" | "nothing-to-send" | "no-receipt";

/**
 * The Wi-Fi path of a device (camera, router, vacuum): messages whose
 * fields may cross the device<->cloud hop go straight to the cloud's
 * `SyncService.Ingest` as the device (its bearer key from binding), each
 * projected with the device's own consent for that hop and linked to the
 * account, so only what is identified under a consented purpose leaves.
 * The receipt the statement cites is the one the app provisioned.
 */
export class DeviceUplink {
  private readonly client: Client<typeof cloud.SyncService>;

  constructor(
    cloudUrl: string,
    deviceKey: string,
    private readonly deviceId: string,
    private readonly consent: ConsentState,
    private readonly receiptFor: (productId: string) => ProvisionedReceipt | undefined,
    private readonly now: () => Date,
  ) {
    const bearer: Interceptor = (next) => async (req) => {
      req.header.set("authorization", `Bearer ${deviceKey}`);
      return next(req);
    };
    this.client = createClient(cloud.SyncService, createConnectTransport({ baseUrl: cloudUrl, httpVersion: "1.1", interceptors: [bearer], defaultTimeoutMs: 15_000 }));
  }

  /** Whether any field of `schema` may cross the device<->cloud hop at all. */
  static carries(schema: DescMessage): boolean {
    return planFor(schema).slots.some((s) => s.kind === "leaf" && s.rule.hops.has(Hop.DEVICE_CLOUD));
  }

  /** Sends what the policy lets cross; throws CloudCallError-like ConnectErrors when the cloud refuses. */
  async send(schema: DescMessage, message: Message): Promise<UplinkOutcome> {
    const plan = planFor(schema);
    const projected = forAccountChannel(schema, message, Hop.DEVICE_CLOUD, this.consent);
    if (setLeaves(plan, projected).next().done) return "nothing-to-send";
    const receipt = this.receiptFor(plan.productId);
    if (!receipt) return "no-receipt";
    const statement = statementFor(schema, projected, { consent: this.consent, policyVersion: receipt.policyVersion, consentReceiptId: receipt.receiptId });
    await this.client.ingest({
      records: [
        create(cloud.RecordSchema, {
          recordId: randomUUID(),
          statement,
          payload: toBinary(schema, projected),
          deviceId: this.deviceId,
          collectedAt: timestampFromDate(this.now()),
        }),
      ],
    });
    return "sent";
  }
}
