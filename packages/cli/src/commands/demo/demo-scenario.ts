import { create, toBinary, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { band, camera, cloud, conformance, Purpose, scale } from "@datapact/proto";

/** A value the demo plants, to follow where it goes. */
export interface PlantedValue {
  /** What it is, for people: "band notification title". */
  readonly label: string;
  /** Where the pact lets it go, for people: "display-only: the band's screen". */
  readonly expectation: string;
  /** The marker value (a canary string or bytes). */
  readonly value: string | Uint8Array;
}

/** One harness step of the demo, with a line saying what it shows. */
export interface DemoStep {
  readonly say: string;
  readonly request: conformance.HarnessRequest["step"];
}

type Step = conformance.HarnessRequest["step"];

function payload<Desc extends DescMessage>(schema: Desc, init: MessageInitShape<Desc>): Uint8Array {
  return toBinary(schema, create(schema, init));
}

const emit = (device: string, schema: DescMessage, bytes: Uint8Array): Step => ({
  case: "emitDeviceFrame",
  value: create(conformance.EmitDeviceFrameStepSchema, { device, messageType: schema.typeName, payload: bytes }),
});

/**
 * The demo's story, as harness steps: Alice (EEA) pairs a band, a scale and a
 * camera, consents to their functions, turns notification display and human
 * detection on, receives a notification, weighs herself, the camera records
 * a clip, and she joins and then leaves the user experience improvement plan.
 * Every personal value is a canary so the demo can show where it went.
 */
export function demoScenario(mark: (label: string) => string, markBytes: (label: string) => Uint8Array): { steps: DemoStep[]; planted: PlantedValue[] } {
  const planted: PlantedValue[] = [];
  const plant = (label: string, expectation: string): string => {
    const value = mark(label);
    planted.push({ label, expectation, value });
    return value;
  };
  const plantBytes = (label: string, expectation: string): Uint8Array => {
    const value = markBytes(label);
    planted.push({ label, expectation, value });
    return value;
  };

  const title = plant("band notification title", "display-only: crosses BLE to the band's screen, stored nowhere");
  const caller = plant("band notification caller", "display-only: crosses BLE to the band's screen, stored nowhere");
  const source = plant("band notification source app", "display-only: crosses BLE to the band's screen, stored nowhere");
  const clip = plantBytes("camera event clip video", "cloud, sealed (AES-GCM under Alice's data key), kept 7 days");
  const screenIn = plant("analytics screen while opted in", "cloud analytics under a random install token (not Alice's account), erased when she leaves the plan");
  const screenOut = plant("analytics screen after opting out", "nowhere: analytics stop at once");

  const account = "alice";
  const consent = (productId: string): Step => ({
    case: "giveConsent",
    value: create(conformance.GiveConsentStepSchema, {
      account,
      productId,
      policyKind: cloud.PolicyKind.PRODUCT,
      policyVersion: "1.0",
      purposes: [Purpose.FUNCTIONALITY],
    }),
  });
  const steps: DemoStep[] = [
    { say: "Alice creates an account in the EEA", request: { case: "createAccount", value: create(conformance.CreateAccountStepSchema, { account, region: "eu" }) } },
    ...["band", "scale", "camera"].flatMap((productId) => [
      { say: `she accepts the ${productId}'s privacy policy (functionality only)`, request: consent(productId) },
      { say: `and pairs her ${productId}`, request: { case: "bindDevice", value: create(conformance.BindDeviceStepSchema, { account, device: productId, productId }) } as Step },
    ]).map((s) => s as DemoStep),
    {
      say: "she turns notification display on (off by default)",
      request: { case: "setFunction", value: create(conformance.SetFunctionStepSchema, { account, productId: "band", function: "notification_display", enabled: true, device: "band" }) },
    },
    {
      say: "and the camera's human detection (off by default)",
      request: { case: "setFunction", value: create(conformance.SetFunctionStepSchema, { account, productId: "camera", function: "human_detection", enabled: true, device: "camera" }) },
    },
    {
      say: "a call comes in: the phone mirrors it to the band",
      request: emit("band", band.NotificationFrameSchema, payload(band.NotificationFrameSchema, { sourceApp: source, title, callerName: caller })),
    },
    {
      say: "the camera records a clip of a person at the door",
      request: emit("camera", camera.HumanDetectionClipSchema, payload(camera.HumanDetectionClipSchema, { clipId: "clip-1", video: clip })),
    },
    { say: "she weighs herself", request: emit("scale", scale.WeighingMeasurementSchema, payload(scale.WeighingMeasurementSchema, { weightKg: 61.5, stable: true })) },
    { say: "the app syncs", request: { case: "sync", value: create(conformance.SyncStepSchema, { account }) } },
    { say: "she joins the user experience improvement plan (app-wide)", request: { case: "analyticsOptIn", value: create(conformance.AnalyticsOptInStepSchema, { account }) } },
    {
      say: "and accepts the band policy's version 2.0, which adds analytics",
      request: {
        case: "giveConsent",
        value: create(conformance.GiveConsentStepSchema, {
          account,
          productId: "band",
          policyKind: cloud.PolicyKind.PRODUCT,
          policyVersion: "2.0",
          purposes: [Purpose.FUNCTIONALITY, Purpose.ANALYTICS],
        }),
      },
    },
    {
      say: "the app records which screen she used",
      request: { case: "appRecord", value: create(conformance.AppRecordStepSchema, { account, messageType: band.InteractionEventSchema.typeName, payload: payload(band.InteractionEventSchema, { screen: screenIn }) }) },
    },
    { say: "the app syncs", request: { case: "sync", value: create(conformance.SyncStepSchema, { account }) } },
    { say: "she leaves the plan", request: { case: "analyticsOptOut", value: create(conformance.AnalyticsOptOutStepSchema, { account }) } },
    {
      say: "the app records another screen",
      request: { case: "appRecord", value: create(conformance.AppRecordStepSchema, { account, messageType: band.InteractionEventSchema.typeName, payload: payload(band.InteractionEventSchema, { screen: screenOut }) }) },
    },
    { say: "the app syncs", request: { case: "sync", value: create(conformance.SyncStepSchema, { account }) } },
  ];
  return { steps, planted };
}
