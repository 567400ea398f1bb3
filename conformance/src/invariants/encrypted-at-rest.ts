import type { Registry } from "@bufbuild/protobuf";
import type { FieldRule } from "@datapact/policy";
import { Tier } from "@datapact/proto";
import type { FieldSelector } from "../canary/guarded-fields.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { canaryField } from "./support/canary-rule.js";
import { messageCarries, productsWith } from "./support/products-with.js";
import { scriptedThenExplored } from "./support/scripted-check.js";
import { storageTierOf } from "./support/sink-places.js";
import { consentTo, enableOffByDefaultFunctions, joinImprovementPlan, plantEveryMessage, syncNow } from "./support/user-actions.js";

const encryptedSomewhere = (rule: FieldRule) => rule.encryptedAt.size > 0;
const guard: FieldSelector = ({ rule }) => rule !== undefined && encryptedSomewhere(rule);

function judgeWith(registry: Registry) {
  return ({ hits }: ScenarioOutcome): Violation[] => {
    const violations: Violation[] = [];
    for (const h of hits) {
      const tier = storageTierOf(h.sink);
      if (tier === undefined) continue;
      const field = canaryField(registry, h.canary);
      if (!field?.rule.encryptedAt.has(tier)) continue;
      violations.push(violationOfHit(h, `value the pact encrypts at rest at the ${Tier[tier].toLowerCase()} tier stored readable`));
    }
    return violations;
  };
}

/**
 * DP-ENCRYPTED-AT-REST. Fields the pact stores field-encrypted at a tier
 * (storage measure FIELD_ENCRYPTED at the device, the app or the cloud:
 * health measures, locations, credentials) are never readable
 * in that tier's storage: their canaries are found in no table of the
 * cloud's database (read by the kit itself), in none of the stores the
 * testee dumps for that tier, in plain text, hex, base64, decimal or inside
 * decoded protobuf, gzip or base64 layers. Only ciphertext (or nothing) may
 * be there. Seed: 000 appendices 1-8 (storage column: "AES-128",
 * "encryption", "keycenter"); M041-M048.
 */
export const encryptedAtRest: Invariant = {
  id: "DP-ENCRYPTED-AT-REST",
  title: "Fields the pact encrypts at rest are never plaintext in storage",
  statement:
    "A value the pact stores field-encrypted at a tier is never readable in that tier's storage: it is found in no table of the cloud's database, and in no store the implementation keeps at the device, the app or the cloud, in plain text or any encoding the kit can undo (hex, base64, decimal, protobuf fields, gzip). Only ciphertext, or nothing, may be stored.",
  source: "000 appendices 1-8 (storage: \"AES-128\", \"encryption\", \"keycenter AES-128\"); M041-M048",
  products: productsWith(encryptedSomewhere),
  check: (ctx) => {
    const judge = judgeWith(ctx.registry);
    const messages = (schema: Parameters<typeof messageCarries>[0]) => messageCarries(schema, encryptedSomewhere);
    return scriptedThenExplored(
      ctx,
      {
        async script(s, model) {
          await consentTo(s, model, ctx.products);
          await enableOffByDefaultFunctions(s, model, ctx.products);
          await joinImprovementPlan(s, model);
          await plantEveryMessage(s, model, ctx.products, { guard, messages, seed: ctx.seed });
          await syncNow(s, model);
        },
        judge,
      },
      () => ctx.explore({ guard, messages, choices: ["emitDeviceFrame", "appRecord", "giveConsent", "setFunction", "setUploadSwitch", "analyticsOptIn", "sync"], judge }),
    );
  },
};
