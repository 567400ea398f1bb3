// Opens the app SDK the way an app would, against the recording cloud behind
// the switchable proxy, over a fresh storage directory, with the general
// policy and one product policy adopted.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cloud, Purpose } from "@datapact/proto";
import { FileAppStorage, openAppSdk, type AppSdk, type OutboxEvent, type PolicyDocument } from "../../src/index.js";
import { startRecordingCloud, type RecordingCloud } from "./recording-cloud.js";
import { startSwitchableProxy, type SwitchableProxy } from "./switchable-proxy.js";

export const USER_TOKEN = "user-token-4c1f9d0e7b";

export const GENERAL_V1: PolicyDocument = {
  kind: cloud.PolicyKind.GENERAL,
  productId: "",
  version: "general-1",
  purposes: [Purpose.FUNCTIONALITY, Purpose.ANALYTICS],
  material: false,
};

export function productPolicy(productId: string, version: string, purposes: Purpose[], material = false): PolicyDocument {
  return { kind: cloud.PolicyKind.PRODUCT, productId, version, purposes, material };
}

export interface TestApp {
  sdk: AppSdk;
  readonly cloud: RecordingCloud;
  readonly proxy: SwitchableProxy;
  readonly dir: string;
  storage: FileAppStorage;
  readonly events: OutboxEvent[];
  /** Closes the SDK and opens it again over the same directory, as an app restart does. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly encryptionKey?: Uint8Array;
  /** Product policies to adopt besides the general one. */
  readonly policies?: readonly PolicyDocument[];
  readonly retryMs?: number;
  /** Default true, as in an app. */
  readonly backgroundFlush?: boolean;
}

export async function openTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const cloudServer = await startRecordingCloud();
  const proxy = await startSwitchableProxy(cloudServer.port);
  const dir = await mkdtemp(join(tmpdir(), "datapact-app-"));
  const events: OutboxEvent[] = [];
  const open = async () => {
    const storage = await FileAppStorage.open(dir, { encryptionKey: options.encryptionKey });
    const sdk = await openAppSdk({
      storage,
      cloudUrl: proxy.url(),
      analyticsUrl: proxy.url("/uxip"),
      userToken: () => USER_TOKEN,
      retry: { initialDelayMs: options.retryMs ?? 60_000, maxDelayMs: options.retryMs ?? 60_000 },
      timeoutMs: 5_000,
      backgroundFlush: options.backgroundFlush,
      onEvent: (e) => events.push(e),
    });
    return { storage, sdk };
  };
  let { storage, sdk } = await open();
  await sdk.consent.adoptPolicy(GENERAL_V1);
  for (const p of options.policies ?? []) await sdk.consent.adoptPolicy(p);
  const app: TestApp = {
    sdk,
    cloud: cloudServer,
    proxy,
    dir,
    storage,
    events,
    async restart() {
      await app.sdk.close();
      ({ storage, sdk } = await open());
      app.sdk = sdk;
      app.storage = storage;
    },
    async close() {
      await app.sdk.close();
      await proxy.close();
      await cloudServer.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return app;
}
