// Residency end to end (issue 4; 000 §04, M162, M169; decision 0012): a
// deployment runs one cloud node per storage location, each on a database
// of its own. An EEA account signs up at the Germany node and everything it
// sends lands in the Germany database only; the Singapore node refuses to
// create it and refuses its token, changing nothing in its own database.
import { randomBytes } from "node:crypto";
import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { consentSnapshot, planFor, statementFor } from "@datapact/policy";
import { cloud, home, Purpose } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { createCloudServer, KeyEncryptionKey, MemoryLogger, REASON_HEADER, type CloudServer, type DatabaseKind, type StorageLocation } from "../../src/index.js";
import { errorOf } from "../server/cloud-fixture.js";
import { findInTables } from "../services/raw-scan.js";
import { closeEngine, ENGINES, openEngine } from "../storage/engines.js";

const PURPOSES = [Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING];

describe.each(ENGINES)("one cloud node per storage location, on %s", { timeout: 120_000 }, (engine: DatabaseKind) => {
  it("keeps an EEA account's data in the Germany database only; the Singapore node refuses it, changing nothing", async (ctx) => {
    const germanyDb = await openEngine(engine, "node_de", { migrated: false });
    const singaporeDb = await openEngine(engine, "node_sg", { migrated: false });
    if (!germanyDb || !singaporeDb) return ctx.skip();
    // One identity provider: both nodes verify the same user tokens, so residency is what refuses.
    const secrets = { pairwise: new Uint8Array(randomBytes(32)), userTokens: new Uint8Array(randomBytes(32)), factoryMasterKey: new Uint8Array(randomBytes(32)) };
    const node = (location: StorageLocation, db: typeof germanyDb) =>
      createCloudServer({ database: db.db, location, logger: new MemoryLogger(), kek: KeyEncryptionKey.generate(), secrets });
    const servers: CloudServer[] = [];
    try {
      const germany = await node("germany", germanyDb);
      servers.push(germany);
      const singapore = await node("singapore", singaporeDb);
      servers.push(singapore);
      const client = <S extends Parameters<typeof createClient>[0]>(server: CloudServer, service: S, token?: string) =>
        createClient(
          service,
          createConnectTransport({
            baseUrl: server.url,
            httpVersion: "1.1",
            interceptors: token ? [(next) => (req) => (req.header.set("authorization", `Bearer ${token}`), next(req))] : [],
          }),
        );

      // Signing up: the region decides the location.
      const refused = await errorOf(client(singapore, cloud.AccountService).createAccount({ region: "eu" }));
      expect([Code[refused.code], refused.metadata.get(REASON_HEADER)]).toEqual(["FailedPrecondition", "REGION_SERVED_ELSEWHERE"]);
      const { session } = await client(germany, cloud.AccountService).createAccount({ region: "fr" });
      const eea = session!;
      expect(eea.accountId).toMatch(/^de_/);
      const local = (await client(singapore, cloud.AccountService).createAccount({ region: "br" })).session!;
      expect(local.accountId).toMatch(/^sg_/);

      // The EEA account consents and sends a record with a marker in every plain field.
      const { receipt } = await client(germany, cloud.ConsentService, eea.userToken).giveConsent({ policyKind: cloud.PolicyKind.GENERAL, productId: "", policyVersion: "dev-1", purposes: PURPOSES });
      const marker = `phone-model-${randomBytes(8).toString("hex")}`;
      const message = create(home.PhoneInfoSchema, { phoneModel: marker });
      const statement = statementFor(home.PhoneInfoSchema, message, {
        consent: consentSnapshot({ [planFor(home.PhoneInfoSchema).productId]: { purposes: PURPOSES } }),
        policyVersion: "dev-1",
        consentReceiptId: receipt!.receiptId,
      });
      const record = create(cloud.RecordSchema, { recordId: "r-1", statement, payload: toBinary(home.PhoneInfoSchema, message), collectedAt: timestampFromDate(new Date()) });
      expect((await client(germany, cloud.SyncService, eea.userToken).ingest({ records: [record] })).recordIds).toEqual(["r-1"]);

      const everything = [marker, eea.accountId, receipt!.receiptId];
      expect([...new Set((await findInTables(germanyDb.db, everything)).map((h) => h.marker))].sort()).toEqual([...everything].sort());
      const singaporeBefore = await findInTables(singaporeDb.db, everything);
      expect(singaporeBefore).toEqual([]);

      // The Singapore node refuses the EEA token for reads and writes alike, before touching its database.
      for (const call of [
        client(singapore, cloud.SyncService, eea.userToken).pull({}),
        client(singapore, cloud.SyncService, eea.userToken).ingest({ records: [record] }),
        client(singapore, cloud.ConsentService, eea.userToken).listConsents({}),
        // A streamed export: refused before its first message.
        (async () => {
          for await (const _ of client(singapore, cloud.DataRightsService, eea.userToken).exportData({})) void _;
        })(),
      ]) {
        const err = await errorOf(call as Promise<unknown>);
        expect([Code[err.code], err.metadata.get(REASON_HEADER)]).toEqual(["FailedPrecondition", "CROSS_REGION_ACCESS"]);
      }
      expect(await findInTables(singaporeDb.db, everything)).toEqual([]);
      // And the Germany node refuses the Singapore account the same way.
      const err = await errorOf(client(germany, cloud.ConsentService, local.userToken).listConsents({}));
      expect(err.metadata.get(REASON_HEADER)).toBe("CROSS_REGION_ACCESS");
      // Where it lives, the EEA account reads its data back.
      expect((await client(germany, cloud.SyncService, eea.userToken).pull({})).records.map((r) => r.recordId)).toEqual(["r-1"]);
    } finally {
      for (const s of servers) await s.close();
      await closeEngine(germanyDb);
      await closeEngine(singaporeDb);
    }
  });
});
