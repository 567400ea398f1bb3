import type { Registry } from "@bufbuild/protobuf";
import { findCanaries } from "../canary/find-canaries.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import { UserModel } from "../runner/user-model.js";
import type { Violation } from "../runner/violation.js";
import { accountIdMarkers } from "./support/account-ids.js";
import { canaryField } from "./support/canary-rule.js";
import { acceptedValues, answeredIds, canaryKey, keptForTheAccount, lastStepNamed, storedByIngest } from "./support/data-rights-evidence.js";
import { observedRows } from "./support/observed-groups.js";
import { messageCarries, productsWith } from "./support/products-with.js";
import { hitsPerRow, rowsWithAny } from "./support/row-hits.js";
import { scriptedThenExplored } from "./support/scripted-check.js";
import { consentTo, enableOffByDefaultFunctions, plantEveryMessage, syncNow } from "./support/user-actions.js";

function judgeWith(registry: Registry) {
  return ({ scenario, observations, hits }: ScenarioOutcome): Violation[] => {
    const exported = lastStepNamed(scenario, "export");
    if (!exported || exported.response.result.case !== "ok") {
      return exported ? [{ step: exported.ref, sink: "export", message: "the user's export was refused or skipped" }] : [];
    }
    const exportHits = hits.filter((h) => h.sink === "export" && (h.observedAt?.number ?? 0) === exported.ref.number);
    const inExport = new Set(exportHits.map((h) => canaryKey(h.canary)));
    const violations: Violation[] = [];
    const reported = new Set<string>();
    const missing = (key: string, v: Violation) => {
      if (inExport.has(key) || reported.has(key)) return;
      reported.add(key);
      violations.push(v);
    };
    // The usual start creates the data subject's account first.
    const accounts = accountIdMarkers(scenario).slice(0, 1);
    const accountRows = rowsWithAny(observedRows(observations), accounts);
    // 1. What the cloud said it stored for the account, sealed values included: the scanner cannot read those, the export must.
    for (const h of storedByIngest(observations, scenario.planted).values()) {
      if ((h.observedAt?.number ?? 0) > exported.ref.number) continue;
      const field = canaryField(registry, h.canary);
      if (!field || !keptForTheAccount(field.rule)) continue;
      missing(canaryKey(h.canary), {
        fieldPath: h.canary.fieldPath,
        messageType: h.canary.messageType,
        sink: "export",
        step: exported.ref,
        message: `value the cloud stored for the user (${h.sink} ${h.detail ?? ""}, step #${h.canary.step?.number ?? "?"}) is missing from the export`,
      });
    }
    // 2. What the scanner sees stored in rows that name the account.
    const accountRowHits = hitsPerRow(accountRows, scenario.planted);
    for (const [i, row] of accountRows.entries()) {
      for (const h of accountRowHits[i]!) {
        missing(canaryKey(h.canary), {
          fieldPath: h.canary.fieldPath,
          messageType: h.canary.messageType,
          sink: "export",
          step: exported.ref,
          message: `value stored for the user in ${row.table} ${row.row} is missing from the export`,
        });
      }
    }
    // 3. The account's consent receipts and bound devices.
    const exportObs = observations.filter((o) => o.sink === "export" && o.step?.number === exported.ref.number);
    const receipts = answeredIds(scenario, (d) => (d.case === "giveConsent" ? d.value.receiptId : undefined), "consent receipt id");
    const devices = answeredIds(scenario, (d) => (d.case === "bindDevice" ? d.value.deviceId : undefined), "bound device id");
    const found = new Set(findCanaries(exportObs, [...receipts, ...devices]).map((h) => canaryKey(h.canary)));
    for (const id of [...receipts, ...devices]) {
      if (found.has(canaryKey(id))) continue;
      violations.push({ fieldPath: id.fieldPath, sink: "export", step: exported.ref, message: `the ${id.fieldPath} answered at step #${id.step?.number ?? "?"} is missing from the export` });
    }
    return violations;
  };
}

/**
 * DP-EXPORT-COMPLETE. The user's export holds every value the cloud keeps
 * for them, decrypted: every value of a consented record the app or a
 * device sent to the cloud for the account (field-encrypted ones included,
 * which the kit's own scan of the database cannot read), every value the
 * kit finds stored in a row that names the account, and the account's
 * consent receipts and bound devices. The export equals what is stored.
 * Seed: 000 §05 ("Control your privacy": access and portability); M127-M129.
 */
export const exportComplete: Invariant = {
  id: "DP-EXPORT-COMPLETE",
  title: "The export holds every value stored for the user, decrypted",
  statement:
    "Every value the cloud keeps for the user appears in the user's export, decrypted: each value of a record the app or a device sent to the cloud for the account, field-encrypted values included; each value the kit finds stored in a row of the cloud's database that names the account; and the account's consent receipts and bound devices. What the export shows equals what is stored.",
  source: "000 §05 (Control your privacy: access, portability); M127-M129",
  products: productsWith(keptForTheAccount),
  check: (ctx) => {
    const judge = judgeWith(ctx.registry);
    const messages = (schema: Parameters<typeof messageCarries>[0]) => messageCarries(schema, keptForTheAccount);
    return scriptedThenExplored(
      ctx,
      {
        async script(s, model) {
          await consentTo(s, model, ctx.products);
          await enableOffByDefaultFunctions(s, model, ctx.products);
          await plantEveryMessage(s, model, ctx.products, { guard: acceptedValues, messages, seed: ctx.seed });
          await syncNow(s, model);
          await s.step("export", { account: UserModel.owner, productId: "" }, model.snapshot());
        },
        judge,
      },
      () =>
        ctx.explore({
          guard: acceptedValues,
          messages,
          maxChoices: 6,
          setup: {},
          choices: ["emitDeviceFrame", "appRecord", "giveConsent", "setFunction", "sync"],
          judge: async (outcome) => {
            await outcome.scenario.step("sync", { account: UserModel.owner });
            await outcome.scenario.step("export", { account: UserModel.owner, productId: "" });
            const observations = await outcome.scenario.observe();
            return judge({ ...outcome, observations, hits: outcome.scenario.hits() });
          },
        }),
    );
  },
};
