import { createRegistry, fromBinary, isFieldSet, toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { forSharedView } from "@datapact/policy";
import { cloud, pactFiles } from "@datapact/proto";
import { findCanaries } from "../canary/find-canaries.js";
import type { Canary } from "../canary/canary.js";
import type { Invariant } from "../runner/invariant.js";
import { UserModel } from "../runner/user-model.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { accountIdMarkers } from "./support/account-ids.js";
import { messageWithCanaries, mixSeed } from "./support/canary-messages.js";
import { acceptedValues, canaryKey } from "./support/data-rights-evidence.js";
import { runScripted } from "./support/scripted-check.js";
import { consentTo, enableOffByDefaultFunctions, syncNow } from "./support/user-actions.js";

const pactRegistry = createRegistry(...pactFiles);

/** A message the kit planted, and the canaries the shared view of it keeps (asked of the policy). */
interface PlantedMessage {
  readonly schema: DescMessage;
  readonly message: Message;
}

function sharedViewKeeps(planted: readonly PlantedMessage[], canaries: readonly Canary[]): Set<string> {
  const views = planted.map((p, i) => ({ sink: "read-as" as const, bytes: toBinary(p.schema, forSharedView(p.schema, p.message as never)), detail: `view ${i + 1}` }));
  return new Set(findCanaries(views, canaries).map((h) => canaryKey(h.canary)));
}

/** The first field set in a served record (its name, never its value), to name what was served. */
function servedFieldPath(record: { messageType: string; payload: Uint8Array }): string {
  const schema = pactRegistry.getMessage(record.messageType);
  if (!schema) return "payload";
  try {
    const message = fromBinary(schema, record.payload);
    return schema.fields.find((f) => isFieldSet(message, f))?.name ?? "payload";
  } catch {
    return "payload";
  }
}

/**
 * DP-SHARING-LIMITED. A person the owner shares a device with sees only
 * what sharing allows: the device's own state and settings, as the policy's
 * shared view of each stored record keeps them, and never the owner's
 * personal data (identifiers, contact data, health, location, user content,
 * usage) or the owner's account id. When the owner revokes the share, the
 * other person is served nothing of the device at once.
 * Seed: 000 §3.8 (device sharing: view and basic control); M145-M147.
 */
export const sharingLimited: Invariant = {
  id: "DP-SHARING-LIMITED",
  title: "A shared party sees only what sharing allows and loses it on revocation",
  statement:
    "An account a device is shared with is served only what the pact lets a shared party see (the device's state and settings, as the policy's shared view keeps them), never a personal value of the owner nor the owner's account id; once the owner revokes the share, that account is served nothing of the device.",
  source: "000 §3.8 (device sharing: viewing and basic control only); M145-M147",
  needs: ["shareDevice", "revokeShare", "readAs"],
  check: (ctx) => {
    const planted: PlantedMessage[] = [];
    return runScripted(ctx, {
      async script(s, model) {
        planted.length = 0;
        await consentTo(s, model, ctx.products);
        await enableOffByDefaultFunctions(s, model, ctx.products);
        let n = 0;
        for (const p of ctx.products) {
          const device = model.boundDevice(p.id);
          if (!device) continue;
          for (const schema of p.deviceMessages) {
            const message = messageWithCanaries(schema, s.canaries, acceptedValues, mixSeed(ctx.seed, n++));
            if (!message) continue;
            planted.push({ schema, message });
            await s.emit(device, schema, message, model.snapshot());
          }
          for (const schema of p.appMessages) {
            const message = messageWithCanaries(schema, s.canaries, acceptedValues, mixSeed(ctx.seed, n++));
            if (!message) continue;
            planted.push({ schema, message });
            await s.appRecord(UserModel.owner, schema, message, { device, model: model.snapshot() });
          }
        }
        await syncNow(s, model);
        for (const d of model.devices.filter((x) => x.bound)) {
          const shared = await s.step("shareDevice", { account: UserModel.owner, device: d.handle, grantee: UserModel.other, permissions: [cloud.SharePermission.VIEW] }, model.snapshot());
          if (!shared.ok) continue;
          model.share(d.handle, UserModel.other, true);
          await s.step("readAs", { device: d.handle, reader: { case: "account", value: UserModel.other } }, model.snapshot());
          const revoked = await s.step("revokeShare", { account: UserModel.owner, device: d.handle, grantee: UserModel.other }, model.snapshot());
          if (revoked.ok) model.share(d.handle, UserModel.other, false);
          await s.step("readAs", { device: d.handle, reader: { case: "account", value: UserModel.other } }, model.snapshot());
        }
      },
      judge: ({ scenario, hits, observations }) => {
        const violations: Violation[] = [];
        const allowed = sharedViewKeeps(planted, scenario.planted);
        for (const h of hits) {
          if (h.sink !== "read-as") continue;
          const step = scenario.steps.find((s) => s.ref.number === h.observedAt?.number);
          const shared = step?.model?.devices.some((d) => d.sharedWith.includes(UserModel.other)) ?? false;
          if (!shared) violations.push({ ...violationOfHit(h, "value served to the other account after the owner revoked the share"), step: h.observedAt });
          else if (!allowed.has(canaryKey(h.canary))) violations.push({ ...violationOfHit(h, "owner's value served to the account the device is shared with, beyond what sharing allows"), step: h.observedAt });
        }
        const owner = accountIdMarkers(scenario).slice(0, 1);
        for (const h of findCanaries(observations.filter((o) => o.sink === "read-as"), owner)) {
          violations.push({ fieldPath: "account id", sink: h.sink, step: h.observedAt, message: `the owner's account id served to the account the device is shared with: found in ${h.sink} ${h.detail ?? ""}` });
        }
        // After a revocation nothing of the device is served, canary or not.
        for (const s of scenario.steps) {
          if (s.ref.name !== "read_as") continue;
          const r = s.response.result;
          const stillShared = s.model?.devices.some((d) => d.sharedWith.includes(UserModel.other)) ?? true;
          if (stillShared || r.case !== "ok" || r.value.detail.case !== "readAs" || r.value.detail.value.records.length === 0) continue;
          const records = r.value.detail.value.records;
          const types = [...new Set(records.map((x) => x.messageType))].join(", ");
          violations.push({ fieldPath: servedFieldPath(records[0]!), messageType: types, sink: "read-as", step: s.ref, message: `${r.value.detail.value.records.length} record(s) of the device (${types}) served to the other account after the owner revoked the share` });
        }
        return violations;
      },
    });
  },
};
