import type { DescMessage } from "@bufbuild/protobuf";
import { MessageRole } from "@datapact/proto";
import { productOf, roleOf } from "../../annotations/read.js";
import type { LintRule } from "../rule.js";

function anyDataCarrying(messages: readonly DescMessage[]): boolean {
  return messages.some((m) => (!m.proto.options?.mapEntry && roleOf(m) === MessageRole.DATA) || anyDataCarrying(m.nestedMessages));
}

/**
 * DP-LINT-MISSING-PRODUCT: a file with data-carrying messages says which
 * product it describes, so its fields land in that product's inventory and
 * separate privacy policy (M172, M173).
 */
export const missingProduct: LintRule = {
  id: "DP-LINT-MISSING-PRODUCT",
  severity: "warning",
  mechanisms: ["M172", "M173"],
  summary: "A file declares data-carrying messages but no (datapact.privacy.v1.product) option.",
  checkFile(file, report) {
    if (!productOf(file) && anyDataCarrying(file.messages)) {
      report(file, "data-carrying messages but no (datapact.privacy.v1.product) file option: set id, name and source");
    }
  },
};
