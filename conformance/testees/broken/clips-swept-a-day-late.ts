import { RetentionSweeper } from "../../../packages/cloud/src/retention/index.js";
import type { TesteeFault } from "./testee-fault.js";

const DAY_MS = 86_400_000;

/**
 * DP-RETENTION-LIMITS-HOLD: the sweeper compares expiry dates with the
 * start of "today" minus a day's grace, so camera clips kept 7 days go on
 * the 8th (and every other period runs a day over).
 */
export const clipsSweptADayLate: TesteeFault = {
  id: "DP-RETENTION-LIMITS-HOLD",
  summary: "the retention sweeper keeps a day's grace: 7-day camera clips go after 8 days, every period a day late",
  hooks() {
    const sweep = RetentionSweeper.prototype.sweep;
    RetentionSweeper.prototype.sweep = function (this: RetentionSweeper, now?: Date) {
      const at = now ?? (this as unknown as { clock: { now(): Date } }).clock.now();
      return sweep.call(this, new Date(at.getTime() - DAY_MS));
    };
    return {};
  },
};
