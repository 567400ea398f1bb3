import type { LintRule } from "../rule.js";

/**
 * DP-LINT-OFF-BY-DEFAULT-WITHOUT-FUNCTION: `off_by_default` is a property of a
 * function the user switches on (M004-M012); a message that sets it without
 * naming its `function` cannot be tied to the switch that enables it.
 */
export const offByDefaultWithoutFunction: LintRule = {
  id: "DP-LINT-OFF-BY-DEFAULT-WITHOUT-FUNCTION",
  severity: "warning",
  mechanisms: ["M004", "M005", "M010"],
  summary: "off_by_default is set on a message that names no function.",
  checkMessage({ message, record }, report) {
    if (record?.offByDefault && record.function.trim() === "") {
      report(message, "off_by_default without function: name the function the user switches on");
    }
  },
};
