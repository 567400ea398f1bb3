import { planFor } from "@datapact/policy";
import { cloud } from "@datapact/proto";
import type { Queryable } from "../storage/database/database.js";
import type { RecordStore } from "../storage/records/record-store.js";
import type { RecordToStore } from "../storage/records/record-to-store.js";
import type { StoredRecord } from "../storage/records/stored-record.js";

/** A scene read back: its id (the record id) and the rule, decrypted. */
export interface StoredScene {
  readonly sceneId: string;
  readonly scene: cloud.Scene;
  readonly record: StoredRecord;
}

const SCENE_TYPE = cloud.SceneSchema.typeName;

/**
 * Scenes are records of the subject (type datapact.cloud.v1.Scene): stored,
 * sealed where the pact says (device ids are field-encrypted at the cloud),
 * exported and deleted like every other record. This adds the few things
 * the record store does not: the whole list of a subject's scenes, and
 * deleting one.
 */
export class SceneStore {
  private readonly productId = planFor(cloud.SceneSchema).productId;

  constructor(
    private readonly db: Queryable,
    private readonly records: RecordStore,
  ) {}

  bind(q: Queryable): SceneStore {
    return new SceneStore(q, this.records.bind(q));
  }

  /** Creates or replaces a scene (same id). */
  async save(subjectId: string, record: RecordToStore<typeof cloud.SceneSchema>): Promise<void> {
    await this.records.replace(subjectId, record);
  }

  /** The record stored under `sceneId`, whatever its type, if any. */
  async recordWithId(subjectId: string, sceneId: string): Promise<StoredRecord | undefined> {
    return this.records.get(subjectId, sceneId);
  }

  /** Every scene of the subject, newest first. */
  async list(subjectId: string): Promise<StoredScene[]> {
    const out: StoredScene[] = [];
    let pageToken = "";
    do {
      const page = await this.records.list(subjectId, { productId: this.productId, messageType: SCENE_TYPE, pageSize: 1000, pageToken });
      for (const record of page.records) out.push({ sceneId: record.recordId, scene: record.message as cloud.Scene, record });
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    return out;
  }

  /** Deletes a scene; returns whether there was one. */
  async delete(subjectId: string, sceneId: string): Promise<boolean> {
    const { rowCount } = await this.db.query("delete from records where subject_id = $1 and record_id = $2 and message_type = $3", [
      subjectId,
      sceneId,
      SCENE_TYPE,
    ]);
    return rowCount > 0;
  }
}
