import { Tier } from "@datapact/proto";
import type { Sink } from "../../observe/observation.js";

/** The tier whose storage a sink shows: the database and the cloud's dump, the app's, the device's. Undefined for traffic, logs and answers. */
export function storageTierOf(sink: Sink): Tier | undefined {
  if (sink.startsWith("db:") || sink === "cloud-store") return Tier.CLOUD;
  if (sink === "app-store") return Tier.APP;
  if (sink === "device-store") return Tier.DEVICE;
  return undefined;
}

/** Whether a sink is storage at some tier. */
export function isStorage(sink: Sink): boolean {
  return storageTierOf(sink) !== undefined;
}

/** Whether a sink is in or on the way to the cloud: traffic to it, its database, its dump. */
export function isCloudward(sink: Sink): boolean {
  return sink === "hop:app->cloud" || sink === "hop:device->cloud" || sink.startsWith("db:") || sink === "cloud-store";
}

/** Whether a sink is traffic the kit proxied to the cloud. */
export function isCloudHop(sink: Sink): boolean {
  return sink === "hop:app->cloud" || sink === "hop:device->cloud";
}
