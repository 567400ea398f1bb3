import { fromBinary, ScalarType, toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import type { Path } from "@bufbuild/protobuf/reflect";
import { forManufacturerView, type ViewDropReason } from "@datapact/policy";
import { cloud, Purpose, type conformance } from "@datapact/proto";
import { Canary } from "../canary/canary.js";
import { findCanaries, type CanaryHit } from "../canary/find-canaries.js";
import type { Observation } from "../observe/observation.js";
import type { Invariant, InvariantContext, ScenarioOutcome } from "../runner/invariant.js";
import type { ExecutedStep, Scenario } from "../runner/scenario.js";
import { ScenarioSetupError } from "../runner/scenario-setup-error.js";
import { UserModel } from "../runner/user-model.js";
import type { Violation } from "../runner/violation.js";
import { accountIdMarkers } from "./support/account-ids.js";
import { messageWithCanaries, mixSeed } from "./support/canary-messages.js";
import { acceptedValues, answeredIds, canaryKey } from "./support/data-rights-evidence.js";
import { observedExchanges } from "./support/observed-groups.js";
import { headerTokens } from "./support/request-tokens.js";
import { scriptedThenExplored } from "./support/scripted-check.js";
import { consentTo, enableOffByDefaultFunctions, joinImprovementPlan, plantEveryMessage, syncNow } from "./support/user-actions.js";

/**
 * Shortest run of characters two identifiers may share by chance: 8
 * characters of a random id collide with odds below 1e-5 even in decimal,
 * so a longer common run that the ids of other people do not also carry
 * (a fixed format prefix) is a link between them.
 */
const LINKING_RUN = 8;

/** A read by a manufacturer's integration: which, of whose device, and what it was served. */
interface ManufacturerRead {
  readonly step: ExecutedStep;
  readonly manufacturer: string;
  readonly device: string;
  /** The account the device was bound to when it was read ("" when the kit never bound it). */
  readonly owner: string;
  readonly records: readonly conformance.ReadRecord[];
  /** The pairwise ids it was served (non-empty subject ids), in order of first appearance. */
  readonly subjectIds: readonly string[];
  /** Whether the owner's authorisations stood revoked when it was read: the account deleted, or none of its devices bound. */
  readonly revoked: boolean;
  /** Counts the owner's unbindings, deletions and withdrawals before it: reads of one period must see one id. */
  readonly period: number;
}

/** What each account's devices, deletions and withdrawals were at each step, read from the steps the kit sent. */
interface OwnerState {
  readonly bound: Set<string>;
  everBound: boolean;
  deleted: boolean;
  period: number;
}

/** The handles a step summary names after the step's name (`read_as d1 m1` -> [d1, m1]). */
function handlesOf(step: ExecutedStep): string[] {
  return step.ref.summary.split(" ").slice(1);
}

function okDetail(step: ExecutedStep): conformance.StepOk["detail"] | undefined {
  return step.response.result.case === "ok" ? step.response.result.value.detail : undefined;
}

/**
 * The reads by a manufacturer's integration of a scenario, with the state
 * of the device's owner at each: which devices were bound (bind_device and
 * unbind_device answered ok), whether the whole account was deleted
 * (delete answered done), and the periods between the owner's unbindings,
 * deletions and withdrawals.
 */
function manufacturerReads(scenario: Scenario): ManufacturerRead[] {
  const owners = new Map<string, OwnerState>();
  const ownerOfDevice = new Map<string, string>();
  const stateOf = (account: string) => {
    let s = owners.get(account);
    if (!s) owners.set(account, (s = { bound: new Set(), everBound: false, deleted: false, period: 0 }));
    return s;
  };
  const reads: ManufacturerRead[] = [];
  for (const step of scenario.steps) {
    const handles = handlesOf(step);
    const ok = okDetail(step) !== undefined;
    switch (step.ref.name) {
      case "bind_device": {
        const [account, device] = handles;
        if (!ok || !account || !device) break;
        const s = stateOf(account);
        s.bound.add(device);
        s.everBound = true;
        ownerOfDevice.set(device, account);
        break;
      }
      case "unbind_device": {
        const [account, device] = handles;
        if (!ok || !account || !device) break;
        stateOf(account).bound.delete(device);
        stateOf(account).period++;
        break;
      }
      case "withdraw_consent":
      case "delete": {
        const [account, productId] = handles;
        if (!ok || !account) break;
        const s = stateOf(account);
        s.period++;
        const detail = okDetail(step);
        if (step.ref.name === "delete" && productId === undefined && detail?.case === "delete" && detail.value.done) {
          s.deleted = true;
          s.bound.clear();
        }
        break;
      }
      case "read_as": {
        const reader = handles.at(-1) ?? "";
        if (!UserModel.manufacturers.includes(reader)) break;
        const device = handles.length > 1 ? handles[0]! : "";
        const owner = ownerOfDevice.get(device) ?? "";
        const s = owner ? stateOf(owner) : undefined;
        const detail = okDetail(step);
        const records = detail?.case === "readAs" ? detail.value.records : [];
        const subjectIds = [...new Set(records.map((r) => r.subjectId).filter((id) => id !== ""))];
        const revoked = s !== undefined && (s.deleted || (s.everBound && s.bound.size === 0));
        reads.push({ step, manufacturer: reader, device, owner, records, subjectIds, revoked, period: s?.period ?? 0 });
        break;
      }
      default:
        break;
    }
  }
  return reads;
}

/** How the kit labels the observation of a read record's subject id (observe/response-observations). */
const SUBJECT_ID_DETAIL = " subject id";

/** `frames[0].text` -> `frames.text`. */
const withoutIndices = (path: string) => path.replace(/\[[^\]]*\]/g, "");

function pathNames(path: Path): string {
  return path
    .filter((p): p is Extract<Path[number], { kind: "field" }> => p.kind === "field")
    .map((f) => f.name)
    .join(".");
}

/** The pact's manufacturer view of a served record, and why it removed what it removed; undefined when the view cannot be taken. */
function manufacturerView(schema: DescMessage, payload: Uint8Array): { bytes: Uint8Array; drops: { path: string; reason: ViewDropReason }[] } | undefined {
  try {
    const drops: { path: string; reason: ViewDropReason }[] = [];
    const view = forManufacturerView(schema, fromBinary(schema, payload) as never, { onDrop: (path, reason) => drops.push({ path: pathNames(path), reason }) });
    return { bytes: toBinary(schema, view as Message), drops };
  } catch {
    // Not a message of its type, or one carrying a value the pact lets no one but a third party hold.
    return undefined;
  }
}

/** Every run of LINKING_RUN characters of an id. */
function runsOf(id: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + LINKING_RUN <= id.length; i++) out.add(id.slice(i, i + LINKING_RUN));
  return out;
}

/** Whether two ids share a run of LINKING_RUN characters that is not in `format` (the runs of other people's ids). */
function linkingRun(a: ReadonlySet<string>, b: ReadonlySet<string>, format: ReadonlySet<string>): boolean {
  for (const r of a) if (b.has(r) && !format.has(r)) return true;
  return false;
}

function readLabel(read: ManufacturerRead): string {
  return `manufacturer ${read.manufacturer}`;
}

function judgeWith(ctx: InvariantContext) {
  return ({ scenario, observations }: ScenarioOutcome): Violation[] => {
    const violations: Violation[] = [];
    const reads = manufacturerReads(scenario);
    if (reads.length === 0) return violations;

    // 1. No identifier the platform holds for the person: account ids, device ids, credentials and tokens sent to the cloud.
    const identifiers = [
      ...accountIdMarkers(scenario),
      ...answeredIds(scenario, (d) => (d.case === "bindDevice" ? d.value.deviceId : undefined), "device id"),
      ...observedExchanges(observations).flatMap((x) => headerTokens(x.meta)),
    ];
    // 2. No id another manufacturer was served.
    const servedBy = new Map<Canary, string>();
    const markerOf = new Set<string>();
    for (const r of reads) {
      for (const id of r.subjectIds) {
        const key = `${r.manufacturer}\u0000${id}`;
        if (id.length < 8 || markerOf.has(key)) continue;
        markerOf.add(key);
        servedBy.set(Canary.of(`pairwise id of ${r.manufacturer}`, ScalarType.STRING, id, { step: r.step.ref }), r.manufacturer);
      }
    }
    const readAt = new Map(reads.map((r) => [r.step.ref.number, r]));
    const seen = observations.filter((o) => o.sink === "read-as" && readAt.has(o.step?.number ?? -1));
    // One violation per read, identifier and place (subject id or payload): every record of a read carries the same mistake.
    const once = new Set<string>();
    for (const h of findCanaries(seen, identifiers)) {
      const r = readAt.get(h.observedAt!.number)!;
      const inSubject = (h.detail ?? "").endsWith(SUBJECT_ID_DETAIL);
      const key = `${r.step.ref.number}\u0000${h.canary.key}\u0000${inSubject}`;
      if (once.has(key)) continue;
      once.add(key);
      violations.push({
        fieldPath: inSubject ? "subject_id" : h.canary.fieldPath,
        sink: h.sink,
        step: r.step.ref,
        message: `the ${h.canary.fieldPath} served to ${readLabel(r)}${inSubject ? " as the user's id" : ""}: found in ${h.sink} ${h.detail ?? ""}`.trimEnd(),
      });
    }
    const payloads = seen.filter((o) => !(o.detail ?? "").endsWith(SUBJECT_ID_DETAIL));
    for (const h of findCanaries(payloads, [...servedBy.keys()])) {
      const r = readAt.get(h.observedAt!.number)!;
      const key = `${r.step.ref.number}\u0000${h.canary.key}`;
      if (servedBy.get(h.canary) === r.manufacturer || once.has(key)) continue;
      once.add(key);
      violations.push({ fieldPath: "payload", sink: h.sink, step: r.step.ref, message: `the ${h.canary.fieldPath} served to ${readLabel(r)}: found in ${h.sink} ${h.detail ?? ""}`.trimEnd() });
    }

    // 3. One person: a different, unlinkable id per manufacturer; one id per manufacturer while its authorisation stands.
    const owners = [...new Set(reads.map((r) => r.owner).filter((o) => o !== ""))];
    for (const owner of owners) {
      const mine = reads.filter((r) => r.owner === owner && r.subjectIds.length > 0);
      const format = new Set(reads.filter((r) => r.owner !== owner && r.owner !== "").flatMap((r) => r.subjectIds.flatMap((id) => [...runsOf(id)])));
      const baseline = reads.some((r) => r.owner !== owner && r.owner !== "" && r.subjectIds.length > 0);
      // Per manufacturer: each id it was served for this person, with the first read that served it.
      const firstRead = new Map<string, Map<string, ManufacturerRead>>();
      for (const r of mine) {
        const ids = firstRead.get(r.manufacturer) ?? new Map<string, ManufacturerRead>();
        for (const id of r.subjectIds) if (!ids.has(id)) ids.set(id, r);
        firstRead.set(r.manufacturer, ids);
      }
      const makers = [...firstRead.keys()].sort();
      for (const [i, a] of makers.entries()) {
        for (const b of makers.slice(i + 1)) {
          const runsB = new Map([...firstRead.get(b)!.keys()].map((id) => [id, runsOf(id)]));
          let found = false;
          for (const [x, readA] of firstRead.get(a)!) {
            const runsA = runsOf(x);
            for (const [y, readB] of firstRead.get(b)!) {
              const same = x === y;
              if (!same && !(baseline && linkingRun(runsA, runsB.get(y)!, format))) continue;
              const later = readA.step.ref.number > readB.step.ref.number ? readA : readB;
              const where = `(steps #${readA.step.ref.number} and #${readB.step.ref.number})`;
              violations.push({
                fieldPath: "subject_id",
                sink: "read-as",
                step: later.step.ref,
                message: same
                  ? `manufacturers ${a} and ${b} were served one person under the same id ${where}`
                  : `the ids manufacturers ${a} and ${b} were served for one person share a run of ${LINKING_RUN} or more characters that no other person's ids carry: they can be linked ${where}`,
              });
              found = true;
              break;
            }
            // One pair of linked ids per two manufacturers says it.
            if (found) break;
          }
        }
      }
      for (const m of makers) {
        const periods = new Map<number, ManufacturerRead[]>();
        for (const r of mine.filter((x) => x.manufacturer === m && !x.revoked)) periods.set(r.period, [...(periods.get(r.period) ?? []), r]);
        for (const inPeriod of periods.values()) {
          const ids = new Set(inPeriod.flatMap((r) => r.subjectIds));
          if (ids.size < 2) continue;
          const firstId = inPeriod[0]!.subjectIds[0];
          const changed = inPeriod.find((r) => r.subjectIds.some((id) => id !== firstId))!;
          violations.push({ fieldPath: "subject_id", sink: "read-as", step: changed.step.ref, message: `manufacturer ${m} was served one person under ${ids.size} different ids while its authorisation stood (first at step #${inPeriod[0]!.step.ref.number})` });
        }
      }
    }

    // 4. Once the owner's authorisations are revoked (account deleted, no device bound), the ids issued before stop resolving.
    for (const r of reads) {
      if (!r.revoked) continue;
      const before = new Set(reads.filter((x) => x.owner === r.owner && x.step.ref.number < r.step.ref.number && !x.revoked).flatMap((x) => x.subjectIds));
      const still = r.records.filter((x) => before.has(x.subjectId));
      if (still.length === 0) continue;
      const why = scenario.steps.some((s) => s.ref.number < r.step.ref.number && s.ref.name === "delete" && handlesOf(s).length === 1 && handlesOf(s)[0] === r.owner) ? "the account was deleted" : "every device of the account was unbound";
      violations.push({
        fieldPath: "subject_id",
        messageType: still[0]!.messageType,
        sink: "read-as",
        step: r.step.ref,
        message: `${still.length} record(s) served to ${readLabel(r)} under an id issued before ${why}: the id still resolves`,
      });
    }

    // 5. Nothing the pact's manufacturer view withholds (identifiers, contact data, user content...; asked of the policy).
    const served = reads.flatMap((r) =>
      r.records.map((record, i): Observation => ({ sink: "read-as", bytes: record.payload, step: r.step.ref, detail: `record ${i + 1} ${record.messageType}` })),
    );
    const servedHits = findCanaries(served, scenario.planted);
    const reported = new Set<string>();
    for (const o of served) {
      const hits = servedHits.filter((h) => h.observedAt?.number === o.step!.number && h.detail === o.detail);
      if (hits.length === 0) continue;
      const r = readAt.get(o.step!.number)!;
      const record = r.records[Number(/^record (\d+) /.exec(o.detail!)![1]) - 1]!;
      const schema = ctx.registry.getMessage(record.messageType);
      const view = schema ? manufacturerView(schema, record.payload) : undefined;
      const kept = new Set(view ? findCanaries([{ ...o, bytes: view.bytes }], hits.map((h) => h.canary)).map((h) => canaryKey(h.canary)) : []);
      for (const h of hits) {
        const key = `${canaryKey(h.canary)}\u0000${o.step!.number}`;
        if (kept.has(canaryKey(h.canary)) || reported.has(key)) continue;
        reported.add(key);
        violations.push(withheldViolation(h, r, view?.drops));
      }
    }
    return violations;
  };
}

function withheldViolation(h: CanaryHit, read: ManufacturerRead, drops: readonly { path: string; reason: ViewDropReason }[] | undefined): Violation {
  const path = withoutIndices(h.canary.fieldPath);
  const reason = drops?.find((d) => d.path !== "" && (path === d.path || path.startsWith(`${d.path}.`)))?.reason;
  const why = drops === undefined ? "a record the pact's manufacturer view cannot be taken of" : `a value the pact withholds from manufacturers${reason ? ` (${reason})` : ""}`;
  const encoding = h.encoding === "plain" && h.via.length === 0 ? "" : ` (${[...h.via, h.encoding].join(" > ")})`;
  return {
    fieldPath: h.canary.fieldPath,
    messageType: h.canary.messageType,
    sink: h.sink,
    step: read.step.ref,
    message: `${why} served to ${readLabel(read)}: found in ${h.sink} ${h.detail ?? ""}${encoding}`,
  };
}

/** Every manufacturer reads every bound device of `account` (the reads of one phase). */
async function readAll(s: Scenario, model: UserModel, devices: readonly string[], times = 1): Promise<void> {
  for (const device of devices) {
    for (const manufacturer of UserModel.manufacturers) {
      for (let n = 0; n < times; n++) await s.step("readAs", { device, reader: { case: "manufacturer", value: manufacturer } }, model.snapshot());
    }
  }
}

/** The first manufacturer read of the scenario that was skipped, if any: the testee cannot read as a manufacturer. */
function requireManufacturerReads(s: Scenario): void {
  const reads = s.steps.filter((x) => x.ref.name === "read_as" && UserModel.manufacturers.includes(handlesOf(x).at(-1) ?? ""));
  const skipped = reads.find((x) => x.response.result.case === "skipped");
  if (skipped) throw new ScenarioSetupError(skipped.ref, "skipped");
  const served = reads.some((x) => {
    const d = okDetail(x);
    return d?.case === "readAs" && d.value.records.some((r) => r.subjectId !== "");
  });
  if (!served && reads.length > 0) throw new ScenarioSetupError(reads.at(-1)!.ref, "ok with no record (no manufacturer read served one under a subject id)");
}

/**
 * The other person gets one device of every product, each producing its
 * messages once under consent to the product's function: the ids
 * manufacturers are served for them show what this testee's ids share by
 * format, so that a run the subject's ids share beyond it is a link.
 */
async function otherPersonsDevices(s: Scenario, ctx: InvariantContext, nextHandle: () => string): Promise<string[]> {
  const devices: string[] = [];
  let n = 0;
  for (const p of ctx.products) {
    const device = nextHandle();
    const bound = await s.step("bindDevice", { account: UserModel.other, device, productId: p.id });
    if (!bound.ok) continue;
    devices.push(device);
    if (p.purposes.includes(Purpose.FUNCTIONALITY)) {
      await s.step("giveConsent", { account: UserModel.other, productId: p.id, policyKind: cloud.PolicyKind.PRODUCT, policyVersion: "1.0", purposes: [Purpose.FUNCTIONALITY] });
    }
    for (const schema of p.deviceMessages) {
      const message = messageWithCanaries(schema, s.canaries, acceptedValues, mixSeed(ctx.seed ^ 0x5a5a, n++));
      if (message) await s.emit(device, schema, message);
    }
  }
  await s.step("sync", { account: UserModel.other });
  return devices;
}

/**
 * DP-PAIRWISE-IDENTIFIERS. A third-party manufacturer's integration knows
 * a person only by a pairwise identifier of its own (the seeds' UnionID):
 * what it is served about a user never carries the user's account id, a
 * device id, a credential or install token the user's app or devices sent,
 * or an id another manufacturer was served; two manufacturers reading the
 * same person get different ids that share nothing the ids of other people
 * do not also share, and one manufacturer gets the same id on every read
 * while its authorisation stands. Values the policy's manufacturer view
 * withholds (identifiers, contact data, user content, financial data,
 * anything not used for the product's function) never reach it. Once the
 * account is deleted, or none of its devices is bound, the ids issued
 * before stop resolving.
 * Seed: 001 §4.3 (4) (UnionID: "each service provider will receive a
 * different UnionID"); 000 §3.8 (nothing shared with other manufacturers);
 * M077, M151.
 */
export const pairwiseIdentifiers: Invariant = {
  id: "DP-PAIRWISE-IDENTIFIERS",
  title: "Manufacturers see pairwise identifiers only",
  statement:
    "What a third-party manufacturer's integration is served about a user names the user only by a pairwise id of that manufacturer: never the account id, a device id, a credential or install token of the user's app or devices, or an id another manufacturer was served. Two manufacturers get different ids for one person that cannot be linked; one manufacturer gets the same id on every read while its authorisation stands, and no id issued before resolves once the account is deleted or none of its devices is bound. Values the policy's manufacturer view withholds (identifiers, contact data, user content, financial data, anything not used for the product's function) never reach a manufacturer.",
  source: "001 §4.3 (4) (OAuth: a different UnionID per service provider); 000 §3.8 (smart linkage: nothing shared with other manufacturers); M077, M151",
  needs: ["readAs"],
  check: (ctx) => {
    const judge = judgeWith(ctx);
    return scriptedThenExplored(
      ctx,
      {
        async script(s, model) {
          let handles = model.devices.length;
          const nextHandle = () => `d${++handles}`;
          await consentTo(s, model, ctx.products);
          await enableOffByDefaultFunctions(s, model, ctx.products);
          // The improvement plan's install token then travels too, so the kit can look for it in what manufacturers read.
          if (ctx.testee.supportedSteps.has("analyticsOptIn")) {
            await joinImprovementPlan(s, model);
          }
          await plantEveryMessage(s, model, ctx.products, { guard: acceptedValues, seed: ctx.seed });
          await syncNow(s, model);
          const others = await otherPersonsDevices(s, ctx, nextHandle);
          const mine = () => model.devices.filter((d) => d.bound).map((d) => d.handle);
          // Twice: the same manufacturer must be served the same id.
          await readAll(s, model, mine(), 2);
          await readAll(s, model, others);
          requireManufacturerReads(s);
          // Every device unbound: every authorisation is revoked.
          const unbound = mine();
          for (const device of unbound) {
            const outcome = await s.step("unbindDevice", { account: UserModel.owner, device }, model.snapshot());
            if (outcome.ok) model.unbind(device);
          }
          await readAll(s, model, unbound);
          // Bound again: new authorisations, read again; then the account is deleted.
          for (const p of ctx.products) {
            const device = nextHandle();
            const outcome = await s.step("bindDevice", { account: UserModel.owner, device, productId: p.id }, model.snapshot());
            if (outcome.ok) model.bind(device, p.id);
          }
          await readAll(s, model, mine());
          const rebound = mine();
          const deleted = await s.step("delete", { account: UserModel.owner, productId: "" }, model.snapshot());
          if (deleted.ok) model.requestDeletion("");
          await readAll(s, model, rebound);
        },
        judge,
      },
      () =>
        ctx.explore({
          guard: acceptedValues,
          choices: ["readAs", "bindDevice", "unbindDevice", "emitDeviceFrame", "appRecord", "sync", "giveConsent", "withdrawConsent", "setFunction", "delete"],
          judge,
        }),
    );
  },
};
