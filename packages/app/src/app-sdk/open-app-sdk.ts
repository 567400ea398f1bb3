import { createRegistry } from "@bufbuild/protobuf";
import { pactFiles } from "@datapact/proto";
import { ConsentStore } from "../consent/consent-store.js";
import { ConsentClient } from "../consent-cloud/consent-client.js";
import { defaultRetry } from "../outbox/backoff.js";
import { Outbox } from "../outbox/outbox.js";
import { RecordQueue } from "../outbox/record-queue.js";
import { SharingClient } from "../sharing/sharing-client.js";
import { accountChannel } from "../sync/account-channel.js";
import { SyncClient } from "../sync/sync-client.js";
import { accountTransport } from "../transport/account-transport.js";
import { analyticsTransport } from "../transport/analytics-transport.js";
import { connectionPool } from "../transport/connection-pool.js";
import { AnalyticsClient } from "../uxip/analytics-client.js";
import { analyticsChannel } from "../uxip/analytics-channel.js";
import { ExperiencePlan } from "../uxip/experience-plan.js";
import { InstallDataErasure } from "../uxip/install-data-erasure.js";
import type { AppSdkOptions } from "./app-sdk-options.js";

/** Storage key prefixes of the two outboxes. */
export const ACCOUNT_OUTBOX_PREFIX = "outbox.account.";
export const ANALYTICS_OUTBOX_PREFIX = "outbox.analytics.";

/** The app SDK: one object per signed-in app instance. */
export interface AppSdk {
  /** The user's consent, function switches and upload switches; the ConsentState every projection asks. */
  readonly consent: ConsentStore;
  /** Gives consent through the cloud and mirrors local changes to it. */
  readonly consentCloud: ConsentClient;
  /** The User Experience Improvement Plan: opt-in, install token, opt-out. */
  readonly uxip: ExperiencePlan;
  /** UXIP analytics, unlinked from the account. */
  readonly analytics: AnalyticsClient;
  /** Product records, sent as the user, with the offline queue. */
  readonly sync: SyncClient;
  /** Device sharing. */
  readonly sharing: SharingClient;
  /** Erasure, at the cloud, of what left UXIP enrolments collected; runs by itself on opt-out and at start. */
  readonly installErasure: InstallDataErasure;
  /** Stops retries and waits for work in progress. The storage stays as it is. */
  close(): Promise<void>;
}

/**
 * Opens the app SDK over `options.storage`: consent, the plan's state, the
 * queued records and the unacknowledged consent changes are read back as
 * they were when the app last closed, and queued records start flushing.
 *
 * The SDK wires its parts so that taking something away takes effect at
 * once: a withdrawal or a switch turned off re-projects everything queued
 * before the call returns; withdrawing the general policy entirely (the
 * whole app) also leaves the User Experience Improvement Plan and forgets
 * the user's receipts and switches on the phone, while the cloud erases the
 * account; leaving the plan drops every queued analytics record and asks
 * the cloud to erase what the install token collected.
 */
export async function openAppSdk(options: AppSdkOptions): Promise<AppSdk> {
  const { storage } = options;
  const registry = options.registry ?? createRegistry(...pactFiles);
  const retry = { ...defaultRetry, ...options.retry };
  const consent = await ConsentStore.open(storage, registry);
  const uxip = await ExperiencePlan.open(storage, consent);

  const analyticsUrl = options.analyticsUrl ?? options.cloudUrl;
  // Separate connection pools: no connection ever carries both an account call and analytics.
  const accountPool = connectionPool(options.cloudUrl, true);
  const analyticsPool = connectionPool(analyticsUrl, false);
  const account = accountTransport({ baseUrl: options.cloudUrl, timeoutMs: options.timeoutMs }, options.userToken, accountPool);
  const unlinked = analyticsTransport({ baseUrl: analyticsUrl, timeoutMs: options.timeoutMs }, () => uxip.installToken, analyticsPool);

  const common = { registry, retry, batchSize: options.batchSize, backgroundFlush: options.backgroundFlush, onEvent: options.onEvent };
  const accountOutbox = new Outbox({ ...common, channel: accountChannel(consent, storage, account), queue: await RecordQueue.open(storage, ACCOUNT_OUTBOX_PREFIX) });
  const analyticsOutbox = new Outbox({
    ...common,
    channel: analyticsChannel(uxip, storage, unlinked),
    queue: await RecordQueue.open(storage, ANALYTICS_OUTBOX_PREFIX),
  });
  const consentCloud = await ConsentClient.open(consent, storage, account);
  const installErasure = new InstallDataErasure({
    plan: uxip,
    transportFor: (token) => analyticsTransport({ baseUrl: analyticsUrl, timeoutMs: options.timeoutMs }, () => token, analyticsPool),
    onEvent: options.onEvent,
  });

  const unsubscribers = [
    consent.onChange(async (change) => {
      if (change.kind === "withdrawn" && change.productId === "" && change.entirely) await uxip.optOut();
      await accountOutbox.prune();
      await analyticsOutbox.prune();
    }),
    uxip.onChange(async (optedIn) => {
      if (!optedIn) {
        await analyticsOutbox.clear("OPTED_OUT");
        // Erasing what the token collected is part of leaving (M134); an
        // unreachable cloud leaves it pending for the next flush. Not
        // awaited: the plan's change is still being committed.
        void installErasure.flush().catch(() => undefined);
      }
    }),
  ];
  if (uxip.erasurePending.length > 0 && options.backgroundFlush !== false) void installErasure.flush().catch(() => undefined);

  // Whatever was queued when the app last closed starts leaving now, in the background.
  if (options.backgroundFlush !== false)
    for (const outbox of [accountOutbox, analyticsOutbox]) if ((await outbox.pending()) > 0) void outbox.flush().catch(() => undefined);

  return {
    consent,
    consentCloud,
    uxip,
    analytics: new AnalyticsClient(uxip, analyticsOutbox),
    sync: new SyncClient(accountOutbox),
    sharing: new SharingClient(account, consent),
    installErasure,
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      // An erasure started in the background writes the plan's state when it ends: let it finish first.
      await installErasure.idle();
      await accountOutbox.close();
      await analyticsOutbox.close();
      accountPool.destroy();
      analyticsPool.destroy();
    },
  };
}
