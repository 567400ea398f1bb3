import type { DescMessage } from "@bufbuild/protobuf";
import { cloud } from "@datapact/proto";

/**
 * The platform's control messages a device understands on the link, from
 * the pact's cloud/v1 package (role CONTROL, no personal data): consent
 * given or withdrawn, function and upload switches, and device commands
 * (unbind, factory reset). Both ends add them to their catalog.
 */
export const PLATFORM_CONTROL_SCHEMAS: readonly DescMessage[] = [
  cloud.GiveConsentRequestSchema,
  cloud.WithdrawConsentRequestSchema,
  cloud.SetFunctionRequestSchema,
  cloud.SetUploadSwitchRequestSchema,
  cloud.DeviceCommandSchema,
];
