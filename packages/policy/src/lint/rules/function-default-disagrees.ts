import type { DescMessage } from "@bufbuild/protobuf";
import { messagePolicyOf } from "../../annotations/read.js";
import type { LintRule } from "../rule.js";

function allMessages(messages: readonly DescMessage[]): DescMessage[] {
  return messages.flatMap((m) => [m, ...allMessages(m.nestedMessages)]);
}

/**
 * DP-LINT-FUNCTION-DEFAULT-DISAGREES: every message of one function in a file
 * agrees on `off_by_default`. Notification display, SpO2, female health,
 * router sharing and backup, camera human and baby-cry detection are off
 * until the user turns them on (M004-M012); one message of such a function
 * claiming "on" would let it produce data before the user enabled it. The
 * finding is reported at each message that says "on".
 */
export const functionDefaultDisagrees: LintRule = {
  id: "DP-LINT-FUNCTION-DEFAULT-DISAGREES",
  severity: "error",
  mechanisms: ["M004", "M005", "M006", "M007", "M008", "M009", "M010", "M011", "M012"],
  summary: "Messages of one function disagree on off_by_default.",
  checkFile(file, report) {
    const byFunction = new Map<string, { off: DescMessage[]; on: DescMessage[] }>();
    for (const message of allMessages(file.messages)) {
      const record = messagePolicyOf(message);
      if (!record || record.function === "") continue;
      const group = byFunction.get(record.function) ?? { off: [], on: [] };
      (record.offByDefault ? group.off : group.on).push(message);
      byFunction.set(record.function, group);
    }
    for (const [fn, { off, on }] of byFunction) {
      if (off.length === 0) continue;
      for (const message of on) {
        report(message, `function "${fn}" is off by default in ${off[0].typeName} but not here: every message of a function must agree on off_by_default`);
      }
    }
  },
};
