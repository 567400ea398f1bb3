import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { AppSdkError, CloudCallError } from "@datapact/app";
import { DeviceSdkError, OversizedMessageError } from "@datapact/device";
import { PolicyError } from "@datapact/policy";
import { conformance } from "@datapact/proto";
import { StalePolicyVersionError } from "../consent/policy-publisher.js";

/** The result of one step, before the step number is put on it. */
export type StepAnswer = conformance.HarnessResponse["result"];

/** A step the testee refuses itself (an unknown handle, a payload it cannot read), with a Connect code name. */
export class StepRefusal extends Error {
  override readonly name = "StepRefusal";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function ok(detail: conformance.StepOk["detail"] = { case: undefined }): StepAnswer {
  return { case: "ok", value: create(conformance.StepOkSchema, { detail }) };
}

export function skipped(reason: string): StepAnswer {
  return { case: "skipped", value: create(conformance.StepSkippedSchema, { reason }) };
}

export function refused(code: string, message: string): StepAnswer {
  return { case: "error", value: create(conformance.StepErrorSchema, { code, message }) };
}

/** `InvalidArgument` -> `invalid_argument`. */
function codeName(code: Code): string {
  return (Code[code] ?? "unknown").replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`));
}

/**
 * The StepError for what an SDK threw. The SDKs' typed errors (policy,
 * app, device) carry messages that name type names, field paths, ids and
 * codes only, so they are passed on; anything else is named by its class
 * alone, since a message of unknown origin could quote a value.
 */
export function refusalOf(err: unknown): StepAnswer {
  if (err instanceof StepRefusal) return refused(err.code, err.message);
  if (err instanceof CloudCallError) return refused(codeName(err.connectCode), err.message);
  if (err instanceof StalePolicyVersionError) return refused("failed_precondition", err.message);
  if (err instanceof OversizedMessageError) return refused("resource_exhausted", `${err.name} (${err.code}): ${err.message}`);
  if (err instanceof PolicyError || err instanceof DeviceSdkError) return refused("invalid_argument", `${err.name} (${err.code}): ${err.message}`);
  if (err instanceof AppSdkError) return refused("failed_precondition", `${err.name} (${err.code}): ${err.message}`);
  // A call the testee made itself (rights, shared devices): the cloud's code, not its message.
  if (err instanceof ConnectError) return refused(codeName(err.code), `the cloud refused the call: ${Code[err.code] ?? err.code}`);
  const name = err instanceof Error ? err.name : typeof err;
  return refused("internal", `the step failed: ${name}`);
}
