import type { cloud } from "@datapact/proto";
import { invalidArgument } from "../errors/rejected-request-error.js";

const METHOD = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const MAX_PARAMS = 16;
const MAX_PARAM_LENGTH = 1024;

/** Checks an action before it is queued: a method name and at most 16 short parameters. INVALID_ARGUMENT otherwise, without quoting. */
export function checkedDeviceAction(action: cloud.DeviceAction | undefined, argument: string): { method: string; params: string[] } {
  if (!action) throw invalidArgument("INVALID_REQUEST", `${argument}: required`);
  if (!METHOD.test(action.method)) throw invalidArgument("INVALID_REQUEST", `${argument}.method: must be a name of 1 to 64 letters, digits, _ . -`);
  if (action.params.length > MAX_PARAMS) throw invalidArgument("INVALID_REQUEST", `${argument}.params: at most ${MAX_PARAMS}`);
  if (action.params.some((p) => p.length > MAX_PARAM_LENGTH)) throw invalidArgument("INVALID_REQUEST", `${argument}.params: each at most ${MAX_PARAM_LENGTH} characters`);
  return { method: action.method, params: [...action.params] };
}
