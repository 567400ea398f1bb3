// Compiled by the plugin's test against freshly generated code. Every
// `@ts-expect-error` line must fail to compile, and nothing else may.
import { create } from "@bufbuild/protobuf";
import { NotificationSchema, SampleSchema, SyncSchema, type Notification, type Sync } from "./gen/datapact/testing/v1/gadget_pb.js";
import type { AppRecord, CloudRecord, DeviceRecord } from "./gen-pact/pact_guards.js";

declare function persistInCloud<T extends { $typeName: string }>(record: CloudRecord<T>): void;
declare function persistInApp<T extends { $typeName: string }>(record: AppRecord<T>): void;
declare function persistOnDevice<T extends { $typeName: string }>(record: DeviceRecord<T>): void;

const notification: Notification = create(NotificationSchema, { id: "n", title: "hello" });

// (expected error) a notification carries display-only text: it cannot be persisted in the cloud
persistInCloud<Notification>(notification);
// (expected error) nor by the app
persistInApp<Notification>(notification);
// (expected error) nor on the device: display-only means shown, never stored
persistOnDevice<Notification>(notification);

// What may be stored compiles.
const stored: CloudRecord<Notification> = { $typeName: "datapact.testing.v1.Notification", id: "n", source: { case: "appCode", value: 3 } };
persistInCloud<Notification>(stored);

// (expected error) a display-only oneof case is not a storable case
const withCaller: CloudRecord<Notification> = { $typeName: "datapact.testing.v1.Notification", id: "n", source: { case: "caller", value: "Alice" } };

// (expected error) the title is typed never in a stored record
stored.title = "x";

// Held messages are guarded too: a Sync holding a full Notification is not storable...
const sync: Sync = create(SyncSchema, { deviceId: "d", latest: notification, samples: [create(SampleSchema, { heartRate: 60 })] });
// (expected error) ...because its `latest` carries display-only text
persistInCloud<Sync>(sync);

// ...and a device-only value may be stored on the device but not by the app.
const sample = create(SampleSchema, { heartRate: 60, pin: "1234" });
persistOnDevice(sample);
// (expected error) the pin never leaves the device
persistInApp<typeof sample>(sample);

export { withCaller };
