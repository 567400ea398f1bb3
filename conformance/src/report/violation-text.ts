import { stepRefToString } from "../protocol/step-ref.js";
import type { Violation } from "../runner/violation.js";

/** One line per violation: `frames[0].text @ log, step #5 emit_device_frame d1 …: message`. */
export function violationLine(v: Violation): string {
  const where = [v.fieldPath && (v.messageType ? `${v.messageType}.${v.fieldPath}` : v.fieldPath), v.sink && `in ${v.sink}`, v.step && `at step ${stepRefToString(v.step)}`].filter(Boolean).join(" ");
  return where ? `${where}: ${v.message}` : v.message;
}
