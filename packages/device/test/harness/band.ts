// The Mi Smart Band's messages (000 §3.2) as test material. Product names
// appear only here, in tests: src/ never names a product.
import { pactFiles, Purpose } from "@datapact/proto";
import type { ProductConsent } from "@datapact/policy";
import { MessageCatalog } from "../../src/index.js";

export const bandFiles = pactFiles.filter((f) => f.proto.package === "datapact.devices.band.v1");
export const bandCatalog = MessageCatalog.fromFiles(bandFiles);

/** The user agreed to the band's functionality purpose and turned on every off-by-default function. */
export const bandFullConsent: Record<string, ProductConsent> = {
  band: { purposes: [Purpose.FUNCTIONALITY], enabledFunctions: ["notification_display", "blood_oxygen", "female_health"] },
};

/** Functionality consent only: off-by-default functions stay off. */
export const bandDefaultConsent: Record<string, ProductConsent> = { band: { purposes: [Purpose.FUNCTIONALITY] } };
