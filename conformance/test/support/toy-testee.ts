// An in-process testee of the gadget product for the runner's own tests. It
// keeps what the policy engine lets it keep and nothing else, unless told
// to make one mistake. It is not the reference implementation (that comes
// with the SDKs); it exists so that the runner can be tested without them.
import { create, fromBinary, toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { consentSnapshot, forStorage, planFor, ThirdPartyDirectValueError, type ProductConsent } from "@datapact/policy";
import { conformance, Tier, type Purpose } from "@datapact/proto";
import type { Testee } from "../../src/testee/testee.js";
import { gadgetRegistry } from "./gadget-schema.js";

/** The one mistake the toy can make. */
export type ToyMistake =
  /** Logs the text of notifications it displays, once the notification function is on. */
  | "logs-notification-text"
  | undefined;

/** Steps the toy implements: the required ones. */
const SUPPORTED = ["describe", "reset", "create_account", "bind_device", "unbind_device", "set_function", "give_consent", "withdraw_consent", "emit_device_frame", "app_record", "sync", "export", "delete", "dump"];

export function toyTestee(mistake?: ToyMistake): Testee {
  let rows: { type: string; bytes: Uint8Array }[] = [];
  // Lines not yet taken as "stderr" (in-process), and every line since reset,
  // reported in dumps as a Connect testee (which has no stderr) must.
  let log: string[] = [];
  let logged: string[] = [];
  let consent = new Map<string, ProductConsent>();
  const consentOf = (product: string) => consent.get(product) ?? {};

  const keep = (schema: DescMessage, message: Message): void => {
    const plan = planFor(schema);
    const state = consentSnapshot(Object.fromEntries(consent));
    const stored = forStorage(schema, message, Tier.CLOUD, { consent: state });
    rows.push({ type: schema.typeName, bytes: toBinary(schema, stored) });
    if (mistake === "logs-notification-text" && schema.typeName.endsWith(".Notification") && state.isFunctionEnabled(plan.productId, plan.fn)) {
      const line = `debug: displayed ${(message as Message & { text: string }).text}`;
      log.push(line);
      logged.push(line);
    }
  };

  const act = (request: conformance.HarnessRequest): conformance.HarnessResponse["result"] => {
    const ok = (detail: conformance.StepOk["detail"] = { case: undefined }) => ({ case: "ok" as const, value: create(conformance.StepOkSchema, { detail }) });
    const step = request.step;
    switch (step.case) {
      case "describe":
        return ok({ case: "describe", value: create(conformance.DescribeResultSchema, { name: "toy", version: "0", protocolVersion: 1, productIds: ["gadget"], supportedSteps: SUPPORTED }) });
      case "reset":
        rows = [];
        log = [];
        logged = [];
        consent = new Map();
        return ok();
      case "setFunction": {
        const c = consentOf(step.value.productId);
        const fns = new Set(c.enabledFunctions ?? []);
        if (step.value.enabled) fns.add(step.value.function);
        else fns.delete(step.value.function);
        consent.set(step.value.productId, { ...c, enabledFunctions: [...fns] });
        return ok();
      }
      case "giveConsent": {
        const c = consentOf(step.value.productId);
        consent.set(step.value.productId, { ...c, purposes: [...new Set([...(c.purposes ?? []), ...step.value.purposes])] });
        return ok();
      }
      case "withdrawConsent": {
        const c = consentOf(step.value.productId);
        const gone = new Set<Purpose>(step.value.purposes);
        consent.set(step.value.productId, { ...c, purposes: step.value.purposes.length === 0 ? [] : (c.purposes ?? []).filter((p) => !gone.has(p)) });
        return ok();
      }
      case "emitDeviceFrame":
      case "appRecord": {
        const schema = gadgetRegistry.getMessage(step.value.messageType);
        if (!schema) return { case: "error", value: create(conformance.StepErrorSchema, { code: "invalid_argument", message: "unknown message type" }) };
        try {
          keep(schema, fromBinary(schema, step.value.payload));
        } catch (err) {
          if (err instanceof ThirdPartyDirectValueError) return { case: "error", value: create(conformance.StepErrorSchema, { code: "invalid_argument", message: err.message }) };
          throw err;
        }
        return ok();
      }
      case "export":
        return ok({ case: "export", value: create(conformance.ExportResultSchema, { export: Buffer.concat(rows.map((r) => r.bytes)), mediaType: "application/octet-stream" }) });
      case "delete":
        rows = [];
        return ok();
      case "dump":
        return ok({
          case: "dump",
          value: create(conformance.DumpResultSchema, {
            tables: [{ tier: Tier.CLOUD, name: "records", columns: ["type", "body"], rows: rows.map((r) => ({ cells: [new TextEncoder().encode(r.type), r.bytes] })) }],
            logLines: logged,
          }),
        });
      default:
        return ok();
    }
  };

  return {
    description: `toy testee${mistake ? ` (${mistake})` : ""}`,
    async send(request) {
      return create(conformance.HarnessResponseSchema, { stepNumber: request.stepNumber, result: act(request) });
    },
    takeLog() {
      const out = log;
      log = [];
      return out;
    },
    async close() {},
  };
}
