import type { AppInstance, LinkedDevice } from "./app/app-instance.js";
import type { PactCatalog } from "./catalog/pact-catalog.js";
import type { TesteeClock } from "./clock/testee-clock.js";
import type { CloudNodes } from "./cloud/cloud-nodes.js";
import type { CloudTier } from "./cloud/cloud-tier.js";
import type { PolicyPublisher } from "./consent/policy-publisher.js";
import { StepRefusal } from "./harness/step-answer.js";
import type { TesteeHooks } from "./hooks/testee-hooks.js";
import type { TesteeLog } from "./log/testee-log.js";
import { ManufacturerIntegrations } from "./manufacturers/manufacturer-integrations.js";

/** A share the kit asked for, by handles. */
export interface ShareHandle {
  readonly owner: string;
  readonly device: string;
  readonly grantee: string;
  readonly shareId: string;
}

/**
 * Everything the testee is running: the cloud (one node per storage
 * location it serves; `cloud` is the primary's), the publisher of its
 * policies, one app per account handle (each with its devices), the
 * third-party manufacturers' integrations, the clock, the log, and the URLs
 * the kit asked the app and devices to use. Steps read and change it;
 * `reset` empties it.
 */
export class TesteeWorld {
  readonly apps = new Map<string, AppInstance>();
  readonly shares: ShareHandle[] = [];
  readonly manufacturers: ManufacturerIntegrations;
  /** The primary cloud node: the one the kit proxies and scans, and the manufacturers read through. */
  readonly cloud: CloudTier;
  appCloudUrl: string;
  deviceCloudUrl: string;

  constructor(
    readonly catalog: PactCatalog,
    readonly nodes: CloudNodes,
    readonly publisher: PolicyPublisher,
    readonly clock: TesteeClock,
    readonly log: TesteeLog,
    readonly hooks: TesteeHooks,
    readonly factoryMasterKey: Uint8Array,
  ) {
    const cloud = nodes.primary.tier;
    this.cloud = cloud;
    this.appCloudUrl = cloud.url;
    this.deviceCloudUrl = cloud.url;
    this.manufacturers = new ManufacturerIntegrations(cloud.server, catalog);
  }

  /** The app of an account handle; StepRefusal not_found for a handle never created. */
  app(handle: string): AppInstance {
    const app = this.apps.get(handle);
    if (!app) throw new StepRefusal("not_found", `no account ${handle}`);
    return app;
  }

  /** A device by handle, with the app it is paired with. */
  device(handle: string): { app: AppInstance; linked: LinkedDevice } {
    for (const app of this.apps.values()) {
      const linked = app.devices.get(handle);
      if (linked) return { app, linked };
    }
    throw new StepRefusal("not_found", `no device ${handle}`);
  }

  /** A bound device by handle; StepRefusal failed_precondition once unbound. */
  boundDevice(handle: string): { app: AppInstance; linked: LinkedDevice } {
    const found = this.device(handle);
    if (!found.linked.bound) throw new StepRefusal("failed_precondition", `device ${handle} is not bound`);
    return found;
  }

  /** Closes every app (and its devices); the cloud stays up. */
  async closeApps(): Promise<void> {
    for (const app of this.apps.values()) await app.close();
    this.apps.clear();
    this.shares.length = 0;
  }
}
