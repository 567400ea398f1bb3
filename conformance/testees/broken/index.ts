import { appWithdrawalKeepsData } from "./app-withdrawal-keeps-data.js";
import { clipsSweptADayLate } from "./clips-swept-a-day-late.js";
import { devicesForgottenOnDeletion } from "./devices-forgotten-on-deletion.js";
import { displayOnlyHistory } from "./display-only-history.js";
import { everyAccountAtPrimary } from "./every-account-at-primary.js";
import { exportWithoutSealedFields } from "./export-without-sealed-fields.js";
import { installEventsKeptOnOptOut } from "./install-events-kept-on-opt-out.js";
import { manufacturerSeesAccountId } from "./manufacturer-sees-account-id.js";
import { revokedShareStillServed } from "./revoked-share-still-served.js";
import { installTokenInAccountTable } from "./install-token-in-account-table.js";
import { newVersionConsentsAll } from "./new-version-consents-all.js";
import { productWithdrawalKeepsRecords } from "./product-withdrawal-keeps-records.js";
import { recordsInDebugLog } from "./records-in-debug-log.js";
import { statementWithoutReceipt } from "./statement-without-receipt.js";
import type { TesteeFault } from "./testee-fault.js";
import { thirdPartyDirectStaged } from "./third-party-direct-staged.js";
import { undecodableDeadLetters } from "./undecodable-dead-letters.js";
import { ungatedOfflineHistory } from "./ungated-offline-history.js";
import { unsealedFlashCopy } from "./unsealed-flash-copy.js";

export type { TesteeFault } from "./testee-fault.js";

/** Every deliberately broken testee: one per invariant at least, by the invariant's id; further ones by name. */
export const testeeFaults: readonly TesteeFault[] = [
  displayOnlyHistory,
  thirdPartyDirectStaged,
  statementWithoutReceipt,
  installTokenInAccountTable,
  ungatedOfflineHistory,
  newVersionConsentsAll,
  unsealedFlashCopy,
  recordsInDebugLog,
  undecodableDeadLetters,
  clipsSweptADayLate,
  exportWithoutSealedFields,
  devicesForgottenOnDeletion,
  installEventsKeptOnOptOut,
  revokedShareStillServed,
  manufacturerSeesAccountId,
  appWithdrawalKeepsData,
  everyAccountAtPrimary,
  productWithdrawalKeepsRecords,
];

/** The fault with this name, else the first fault of the invariant with this id. */
export function faultNamed(nameOrId: string): TesteeFault | undefined {
  return testeeFaults.find((f) => f.name === nameOrId) ?? testeeFaults.find((f) => f.name === undefined && f.id === nameOrId);
}

/** What `--fault` accepts: every invariant id with a fault, and every named fault. */
export function faultIds(): string[] {
  return [...new Set(testeeFaults.map((f) => f.name ?? f.id))];
}
