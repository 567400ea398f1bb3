import type { DescMessage, Message } from "@bufbuild/protobuf";
import { planFor, type ConsentState } from "@datapact/policy";
import { cloud } from "@datapact/proto";
import type { CloudLogger } from "../logging/cloud-logger.js";
import type { DeviceRegistry } from "../services/binding/device-registry.js";
import type { DeviceActionQueue } from "../services/device-actions/device-action-queue.js";
import { conditionHolds } from "./scene-condition.js";
import type { SceneStore } from "./scene-store.js";

/** A record just stored, as the scene engine sees it. */
export interface StoredTrigger {
  readonly recordId: string;
  readonly schema: DescMessage;
  /** The record as stored: the policy's cloud projection, nothing more. */
  readonly message: Message;
  readonly deviceId: string | undefined;
}

/** What evaluating one batch did. */
export interface SceneRun {
  readonly sceneId: string;
  readonly triggerRecordId: string;
  readonly actionIds: readonly string[];
}

/**
 * Runs the subject's scenes over records as they are stored, inside the
 * platform (000 §3.8; M019, M151). A scene runs only while the function its
 * schema belongs to is on and its purposes have consent (the Scene type's
 * own annotations say which: the home product's smart_scene, off by
 * default), and only while both its devices are still bound to the subject.
 * What reaches the action's device is the action the user configured, never
 * a value of the triggering record.
 */
export class SceneEngine {
  private readonly plan = planFor(cloud.SceneSchema);

  constructor(private readonly logger: CloudLogger) {}

  /** Whether scenes may run for a subject under `consent`. */
  enabledUnder(consent: ConsentState): boolean {
    const { productId, fn, offByDefault } = this.plan;
    if (offByDefault && !consent.isFunctionEnabled(productId, fn)) return false;
    return [...this.plan.declaredPurposes].some((p) => consent.allowsPurpose(productId, p));
  }

  /**
   * Evaluates the subject's enabled scenes against records just stored and
   * queues the actions of those that fire, through the given (transaction's)
   * stores, so that the actions commit or roll back with the records.
   */
  async evaluate(
    subjectId: string,
    consent: ConsentState,
    stored: readonly StoredTrigger[],
    stores: { scenes: SceneStore; devices: DeviceRegistry; actions: DeviceActionQueue },
    at: Date,
  ): Promise<SceneRun[]> {
    const fromDevices = stored.filter((r) => r.deviceId);
    if (fromDevices.length === 0 || !this.enabledUnder(consent)) return [];
    const scenes = (await stores.scenes.list(subjectId)).filter((s) => s.scene.enabled && s.scene.trigger && s.scene.actions.length > 0);
    if (scenes.length === 0) return [];
    const bound = new Set((await stores.devices.listBound(subjectId)).map((d) => d.deviceId));
    const runs: SceneRun[] = [];
    for (const record of fromDevices) {
      if (!bound.has(record.deviceId!)) continue;
      for (const { sceneId, scene } of scenes) {
        const trigger = scene.trigger!;
        if (trigger.deviceId !== record.deviceId || trigger.messageType !== record.schema.typeName) continue;
        if (!conditionHolds(record.schema, record.message, trigger)) continue;
        const actionIds: string[] = [];
        for (const action of scene.actions) {
          if (!bound.has(action.deviceId)) continue;
          actionIds.push(await stores.actions.enqueue(subjectId, action.deviceId, { method: action.method, params: action.params }, at));
        }
        runs.push({ sceneId, triggerRecordId: record.recordId, actionIds });
        this.logger.log("info", "scene.fired", { subjectId, sceneId, triggerRecordId: record.recordId, actionIds });
      }
    }
    return runs;
  }
}
