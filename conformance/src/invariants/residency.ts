import { ScalarType } from "@bufbuild/protobuf";
import { regionStoredIn, RESIDENCY_RULES, STORAGE_LOCATIONS, type StorageLocation } from "@datapact/policy";
import { cloud } from "@datapact/proto";
import { Canary } from "../canary/canary.js";
import { findCanaries, type CanaryHit } from "../canary/find-canaries.js";
import { scanDatabase } from "../observe/database/database-scanner.js";
import type { Observation } from "../observe/observation.js";
import type { StepRef } from "../protocol/step-ref.js";
import type { Invariant, InvariantContext, ScenarioOutcome } from "../runner/invariant.js";
import type { Scenario } from "../runner/scenario.js";
import { requireOk, ScenarioSetupError } from "../runner/scenario-setup-error.js";
import { UserModel } from "../runner/user-model.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { messageWithCanaries, mixSeed } from "./support/canary-messages.js";
import { acceptedValues } from "./support/data-rights-evidence.js";
import { POLICY_VERSIONS } from "./support/user-actions.js";

/** One database the testee described for a location (DescribeResult.location_databases). */
interface LocationDatabase {
  readonly url: string;
  /** The schema holding the location's data; undefined: every schema. */
  readonly schema: string | undefined;
}

/** A storage location and every database it keeps its data in. */
interface DescribedLocation {
  readonly location: StorageLocation;
  readonly databases: readonly LocationDatabase[];
}

/** An account of the scenario: its handle, the region it signed up in and where the residency table stores that region. */
interface ResidentAccount {
  readonly handle: string;
  readonly region: string;
  readonly location: StorageLocation;
}

/** What one account left for the kit to look for: the values it planted, its id, and the step that sent them. */
interface AccountEvidence {
  readonly account: ResidentAccount;
  readonly values: readonly Canary[];
  readonly id: Canary | undefined;
  /** The step after which its data should be stored (its last sync). */
  readonly sent: StepRef | undefined;
}

const isLocation = (l: string): l is StorageLocation => (STORAGE_LOCATIONS as readonly string[]).includes(l);

/** The handle of the account stored at the i-th location: the data subject, the other person, then a3, a4... */
function handleAt(i: number): string {
  return i === 0 ? UserModel.owner : i === 1 ? UserModel.other : `a${i + 1}`;
}

/** `frames[0].text` -> `frames.text`. */
const withoutIndices = (path: string) => path.replace(/\[[^\]]*\]/g, "");

/**
 * Asks the testee (again, inside the scenario) where each storage
 * location's data lives. ScenarioSetupError when it describes fewer than
 * two locations of the residency table, or one the table does not name:
 * residency cannot be checked then, which is not a pass.
 */
async function describedLocations(s: Scenario): Promise<DescribedLocation[]> {
  const described = await s.step("describe", {});
  const result = described.ok?.detail.case === "describe" ? described.ok.detail.value : undefined;
  if (!result) throw new ScenarioSetupError(described.step.ref, described.error ? `error ${described.error.code}` : described.skipped ? "skipped" : "ok without a DescribeResult");
  const byLocation = new Map<StorageLocation, LocationDatabase[]>();
  for (const d of result.locationDatabases) {
    if (!isLocation(d.location) || d.databaseUrl === "") {
      throw new ScenarioSetupError(described.step.ref, "ok with a location database the kit cannot use (a location the residency table does not name, or no database_url)");
    }
    const list = byLocation.get(d.location) ?? [];
    list.push({ url: d.databaseUrl, schema: d.schema || undefined });
    byLocation.set(d.location, list);
  }
  if (byLocation.size < 2) {
    throw new ScenarioSetupError(described.step.ref, `ok with location_databases of ${byLocation.size} storage location(s) (residency needs two kept apart)`);
  }
  return [...byLocation].map(([location, databases]) => ({ location, databases }));
}

/** Scans every database of every location after `step`: each location's observations. */
async function scanLocations(locations: readonly DescribedLocation[], step: StepRef): Promise<Map<StorageLocation, Observation[]>> {
  const out = new Map<StorageLocation, Observation[]>();
  for (const { location, databases } of locations) {
    const observations: Observation[] = [];
    for (const db of databases) {
      const schema = db.schema;
      observations.push(...(await scanDatabase(db.url, { step, includeSchema: schema === undefined ? undefined : (x) => x === schema })));
    }
    out.set(location, observations);
  }
  return out;
}

/** The testee's id of each account of the scenario (create_account answered ok), as a marker. */
function accountIds(scenario: Scenario): Map<string, Canary> {
  const out = new Map<string, Canary>();
  for (const step of scenario.steps) {
    const r = step.response.result;
    if (r.case !== "ok" || r.value.detail.case !== "createAccount") continue;
    const handle = step.ref.summary.split(" ")[1] ?? "";
    const id = r.value.detail.value.accountId;
    // Short ids would match by chance; the pact's ids are long random strings.
    if (id.length >= 8) out.set(handle, Canary.of("account_id", ScalarType.STRING, id, { step: step.ref }));
  }
  return out;
}

function accountLabel(a: ResidentAccount): string {
  return `account ${a.handle} (region ${a.region}, stored in ${a.location} by the residency table)`;
}

/**
 * What the location scans show: every value or id of an account found in
 * the database of another location; and, when `mustBeSeen`, every account
 * none of whose values is in any location's database (the kit cannot see
 * where it is stored, so residency is not shown to hold).
 */
function judgeScans(scans: ReadonlyMap<StorageLocation, Observation[]>, evidence: readonly AccountEvidence[], mustBeSeen: boolean): Violation[] {
  const violations: Violation[] = [];
  const owner = new Map<Canary, AccountEvidence>();
  for (const e of evidence) {
    for (const c of e.values) owner.set(c, e);
    if (e.id) owner.set(e.id, e);
  }
  const seen = new Set<AccountEvidence>();
  const reported = new Set<string>();
  for (const [location, observations] of scans) {
    for (const hit of findCanaries(observations, owner.keys())) {
      const e = owner.get(hit.canary)!;
      const isId = hit.canary === e.id;
      if (!isId) seen.add(e);
      if (e.account.location === location) continue;
      // One violation per account, location and field: every row and copy of it repeats the mistake.
      const key = [e.account.handle, location, hit.canary.messageType ?? "", withoutIndices(hit.canary.fieldPath)].join("\u0000");
      if (reported.has(key)) continue;
      reported.add(key);
      violations.push(misplaced(hit, e.account, location, isId));
    }
  }
  if (mustBeSeen) {
    for (const e of evidence) {
      if (seen.has(e)) continue;
      violations.push({
        sink: `db (${scans.size} location databases)`,
        step: e.sent,
        message: `no value of ${accountLabel(e.account)} (${e.values.length} planted) was found in the database of any storage location the testee described: the kit cannot see where it is stored`,
      });
    }
  }
  return violations;
}

function misplaced(hit: CanaryHit, account: ResidentAccount, location: StorageLocation, isId: boolean): Violation {
  return violationOfHit(hit, `${isId ? "the id" : "a value"} of ${accountLabel(account)} stored in the ${location} database`);
}

/**
 * One account uses everything the products offer: a bound device of every
 * product, consent to every purpose, every function on, the improvement
 * plan joined, every data message with a canary in every accepted field,
 * and a sync. Returns the values it planted and the sync step.
 */
async function useEverything(s: Scenario, ctx: InvariantContext, account: string, nextDevice: () => string, seed: number): Promise<{ values: Canary[]; sent: StepRef }> {
  const from = s.planted.length;
  let n = 0;
  for (const p of ctx.products) {
    const device = nextDevice();
    const bound = await s.step("bindDevice", { account, device, productId: p.id });
    for (const version of POLICY_VERSIONS) {
      const given = await s.step("giveConsent", { account, productId: p.id, policyKind: cloud.PolicyKind.PRODUCT, policyVersion: version, purposes: [...p.purposes] });
      if (given.ok) break;
    }
    for (const f of p.functions.filter((x) => x.offByDefault)) await s.step("setFunction", { account, productId: p.id, function: f.name, enabled: true });
    if (bound.ok) {
      for (const schema of p.deviceMessages) {
        const message = messageWithCanaries(schema, s.canaries, acceptedValues, mixSeed(seed, n++));
        if (message) await s.emit(device, schema, message);
      }
    }
    for (const schema of p.appMessages) {
      const message = messageWithCanaries(schema, s.canaries, acceptedValues, mixSeed(seed, n++));
      if (message) await s.appRecord(account, schema, message, { device: bound.ok ? device : undefined });
    }
  }
  if (ctx.testee.supportedSteps.has("analyticsOptIn")) await s.step("analyticsOptIn", { account, productId: "" });
  const synced = await s.step("sync", { account });
  return { values: s.planted.slice(from), sent: synced.step.ref };
}

/**
 * The scripted scenario: one account per described location, each signed
 * up in a region the residency table stores there, each using everything;
 * then every location's database is scanned.
 */
async function scripted(ctx: InvariantContext): Promise<{ violations: Violation[]; locations: DescribedLocation[] }> {
  const s = await ctx.scenario();
  const locations = await describedLocations(s);
  const accounts: ResidentAccount[] = locations.map(({ location }, i) => ({ handle: handleAt(i), region: regionStoredIn(location), location }));
  await ctx.setUp(s, { regions: Object.fromEntries(accounts.slice(0, 2).map((a) => [a.handle, a.region])), bindDevices: false, consentTo: [] });
  for (const a of accounts.slice(2)) requireOk(await s.step("createAccount", { account: a.handle, region: a.region }));
  let devices = 0;
  const nextDevice = () => `d${++devices}`;
  const used: { account: ResidentAccount; values: Canary[]; sent: StepRef }[] = [];
  for (const [i, account] of accounts.entries()) used.push({ account, ...(await useEverything(s, ctx, account.handle, nextDevice, ctx.seed ^ (0x2545f491 * (i + 1)))) });
  const known = accountIds(s);
  const evidence: AccountEvidence[] = used.map((u) => ({ ...u, id: known.get(u.account.handle) }));
  const scans = await scanLocations(locations, s.steps.at(-1)!.ref);
  return { violations: judgeScans(scans, evidence, true), locations };
}

/**
 * DP-RESIDENCY. A user's data is stored only at the storage location the
 * seeds' international-transfer table gives for the region chosen at
 * sign-up: the kit asks the testee where each location's data lives
 * (DescribeResult.location_databases, at least two locations), signs up one
 * account per location in a region the policy's residency table stores
 * there, lets each use every product (devices, consent, functions, the
 * improvement plan, a canary in every accepted field) and sync, then scans
 * every location's database itself: no value or id of an account is in the
 * database of another location, and each account's values are found in
 * some location's database (the kit must see the data to say where it is).
 * Generated scenarios then vary the data subject's choices (sharing with
 * the other person, stored elsewhere, included) and look again.
 * Seed: 000 §04 international transfers (lines 1064-1078); M162, M169;
 * decisions 0012 and 0015.
 */
export const residency: Invariant = {
  id: "DP-RESIDENCY",
  title: "Residency holds: a user's data is stored only where their region's data is stored",
  statement:
    `A user's data is stored only at the storage location the seeds' international-transfer table gives for the region chosen at sign-up (${RESIDENCY_RULES.map((r) => `${r.label}: ${r.location}`).join("; ")}). With one account signed up per location the testee keeps apart, each using every product and syncing, no value an account's devices and app produced, nor its id, is in the database of another location, and every account's values are found at a location; whatever the user then does (sharing with a person stored elsewhere included), nothing of theirs reaches another location's database.`,
  source: "000 §04 international transfers (lines 1064-1078); M162, M169; decisions 0012, 0015",
  check: async (ctx) => {
    const first = await scripted(ctx);
    if (first.violations.length > 0) return first.violations;
    const locations = first.locations;
    const owner: ResidentAccount = { handle: UserModel.owner, region: regionStoredIn(locations[0]!.location), location: locations[0]!.location };
    const other: ResidentAccount = { handle: UserModel.other, region: regionStoredIn(locations[1]!.location), location: locations[1]!.location };
    return ctx.explore({
      guard: acceptedValues,
      setup: { regions: { [owner.handle]: owner.region, [other.handle]: other.region } },
      // The location scans below read every database, the primary's included.
      observe: { database: false },
      judge: async ({ scenario }: ScenarioOutcome) => {
        const ids = accountIds(scenario);
        const evidence: AccountEvidence[] = [
          { account: owner, values: scenario.planted, id: ids.get(owner.handle), sent: undefined },
          { account: other, values: [], id: ids.get(other.handle), sent: undefined },
        ];
        return judgeScans(await scanLocations(locations, scenario.steps.at(-1)!.ref), evidence, false);
      },
    });
  },
};
