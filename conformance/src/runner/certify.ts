import { create, createRegistry, type DescFile } from "@bufbuild/protobuf";
import { conformance, pactFiles } from "@datapact/proto";
import { startHopProxy, type HopProxy } from "../observe/hop/hop-proxy.js";
import { kitProtocolVersion } from "../protocol/protocol-version.js";
import { protoStepName, requiredSteps, stepNameOf, type StepName } from "../protocol/step-names.js";
import type { Testee } from "../testee/testee.js";
import type { TesteeLauncher } from "../testee/testee-launcher.js";
import { TesteeError } from "../testee/testee-error.js";
import { DataFlowRecorder } from "./data-flow.js";
import type { Invariant, TesteeInfo } from "./invariant.js";
import { InvariantRun, isUnavailability } from "./invariant-run.js";
import { productCatalog, type CatalogProduct } from "./product-catalog.js";
import type { ProgressListener } from "./progress-event.js";
import { ScenarioSetupError } from "./scenario-setup-error.js";
import { outcomeOf, type CertificationResult, type InvariantVerdict } from "./verdict.js";

/** Scenarios per invariant when `--runs` is not given. */
export const defaultRuns = 20;

/** Options of {@link certify}. */
export interface CertifyOptions {
  readonly launcher: TesteeLauncher;
  /** The invariants to check, in order. */
  readonly invariants: readonly Invariant[];
  /** fast-check seed; every invariant uses the same one, so `--only ID --seed N` replays it. Default: random. */
  readonly seed?: number;
  /** Scenarios per invariant. Default {@link defaultRuns}. */
  readonly runs?: number;
  /** The testee's database; overrides what it describes or dumps. */
  readonly databaseUrl?: string;
  /** Which database schemas to scan. Default: every non-system schema. */
  readonly includeSchema?: (schema: string) => boolean;
  /** The pact's schema files (with what they import). Default: every file of @datapact/proto. */
  readonly files?: readonly DescFile[];
  readonly onProgress?: ProgressListener;
  /** The command that replays one invariant with a seed, for reports. */
  readonly replayCommand?: (invariantId: string, seed: number) => string;
  /**
   * Testees to run side by side, each started by the launcher and checking
   * its share of the invariants (one invariant never spans two). Default 1.
   * Used only when the launcher starts independent testees (a subprocess
   * each; not one running server) and no `databaseUrl` is given (the kit
   * would scan one database written by all of them); otherwise 1.
   */
  readonly jobs?: number;
}

interface LiveTestee {
  readonly testee: Testee;
  readonly info: TesteeInfo;
  readonly databaseUrl: string;
  readonly proxies: { app?: HopProxy; device?: HopProxy };
}

/** Starts a testee, asks it to describe itself and puts the hop proxies in front of its cloud. */
async function bringUp(launcher: TesteeLauncher): Promise<LiveTestee> {
  const testee = await launcher.start();
  try {
    // Step number 0: describe comes before the first reset.
    const response = await testee.send(
      create(conformance.HarnessRequestSchema, { protocolVersion: kitProtocolVersion, stepNumber: 0n, step: { case: "describe", value: create(conformance.DescribeStepSchema) } }),
    );
    const described = response.result.case === "ok" && response.result.value.detail.case === "describe" ? response.result.value.detail.value : undefined;
    if (!described) throw new TesteeError("protocol_violation", testee.description, "did not answer describe with a DescribeResult", "#0 describe");
    if (described.protocolVersion !== kitProtocolVersion) {
      throw new TesteeError("protocol_violation", testee.description, `speaks harness protocol version ${described.protocolVersion}, the kit speaks ${kitProtocolVersion}`, "#0 describe");
    }
    const supported = new Set(described.supportedSteps.map(stepNameOf).filter((s): s is StepName => s !== undefined));
    const proxies: LiveTestee["proxies"] = {};
    if (described.cloudUrl) {
      proxies.app = await startHopProxy(described.cloudUrl, { hop: "app->cloud" });
      proxies.device = await startHopProxy(described.cloudUrl, { hop: "device->cloud" });
    }
    return {
      testee,
      databaseUrl: described.databaseUrl,
      proxies,
      info: { description: testee.description, name: described.name, version: described.version, products: [...described.productIds], supportedSteps: supported },
    };
  } catch (err) {
    await testee.close();
    throw err;
  }
}

async function bringDown(live: LiveTestee | undefined): Promise<void> {
  if (!live) return;
  await live.testee.close();
  await live.proxies.app?.close();
  await live.proxies.device?.close();
}

/**
 * Certifies a testee: checks every invariant with the same seed (in turn,
 * or shared among `jobs` testees side by side), restarting a testee after it
 * fails the harness, and collects verdicts, in the order of the invariants,
 * and the data-flow picture. Never throws for the testee's sake: a testee
 * that crashes, hangs or writes garbage makes verdicts `unavailable`.
 */
export async function certify(options: CertifyOptions): Promise<CertificationResult> {
  const seed = options.seed ?? ((Date.now() ^ (Math.random() * 0x7fffffff)) | 0);
  const runs = options.runs ?? defaultRuns;
  const files = options.files ?? pactFiles;
  const registry = createRegistry(...files);
  const catalog = productCatalog(files);
  const flows = new DataFlowRecorder(registry);
  const replay = options.replayCommand ?? ((id: string, s: number) => `datapact certify --testee "<testee>" --only ${id} --seed ${s}`);
  const started = Date.now();
  const verdicts: InvariantVerdict[] = [];
  let firstInfo: TesteeInfo | undefined;
  let unavailableReason: string | undefined;
  const independent = options.launcher.independentInstances === true && !options.databaseUrl;
  const jobs = independent ? Math.max(1, Math.min(Math.floor(options.jobs ?? 1), options.invariants.length)) : 1;
  let next = 0;

  /** Checks invariants, the next one not taken yet each time, on a testee of its own. */
  const worker = async (): Promise<void> => {
    let live: LiveTestee | undefined;
    for (let index = next++; index < options.invariants.length; index = next++) {
      const invariant = options.invariants[index]!;
      options.onProgress?.({ kind: "invariant-start", id: invariant.id, index, total: options.invariants.length });
      const began = Date.now();
      const base = { id: invariant.id, title: invariant.title, statement: invariant.statement, source: invariant.source, replay: replay(invariant.id, seed), violations: [], scenarios: 0 };
      const finish = (v: Omit<InvariantVerdict, "durationMs">) => {
        const verdict = { ...v, durationMs: Date.now() - began };
        verdicts[index] = verdict;
        options.onProgress?.({ kind: "invariant-end", verdict });
      };
      if (!live) {
        try {
          live = await bringUp(options.launcher);
          firstInfo ??= live.info;
          options.onProgress?.({ kind: "testee-ready", description: live.info.description, name: live.info.name, version: live.info.version });
        } catch (err) {
          const reason = (err as Error).message;
          unavailableReason ??= reason;
          finish({ ...base, products: invariant.products ?? [], verdict: "unavailable", reason });
          continue;
        }
      }
      const info = live.info;
      const products = (invariant.products ?? info.products).filter((id) => info.products.includes(id)).map((id) => catalog.get(id)).filter((p): p is CatalogProduct => p !== undefined);
      const productIds = products.map((p) => p.id);
      const missingRequired = requiredSteps.filter((s) => !info.supportedSteps.has(s));
      if (missingRequired.length > 0) {
        finish({ ...base, products: productIds, verdict: "error", reason: `the testee does not implement required steps: ${missingRequired.map(protoStepName).join(", ")}` });
        continue;
      }
      if (products.length === 0) {
        finish({ ...base, products: [], verdict: "not_applicable", reason: "the testee implements none of the products it applies to" });
        continue;
      }
      const missing = (invariant.needs ?? []).filter((s) => !info.supportedSteps.has(s));
      if (missing.length > 0) {
        finish({ ...base, products: productIds, verdict: "not_applicable", reason: `the testee does not implement ${missing.map(protoStepName).join(", ")}` });
        continue;
      }
      const run = new InvariantRun({
        invariant,
        testee: live.testee,
        info,
        products,
        registry,
        proxies: live.proxies,
        databaseUrl: options.databaseUrl || live.databaseUrl || undefined,
        includeSchema: options.includeSchema,
        seed,
        runs,
        flows,
        onProgress: options.onProgress,
      });
      try {
        const violations = await invariant.check(run);
        finish({ ...base, products: productIds, verdict: violations.length > 0 ? "fail" : "pass", violations, counterexample: run.counterexample, scenarios: run.scenarios });
      } catch (err) {
        if (isUnavailability(err)) {
          finish({ ...base, products: productIds, verdict: "unavailable", reason: err.message, scenarios: run.scenarios });
          unavailableReason ??= err.message;
          options.onProgress?.({ kind: "testee-restart", reason: err.message });
          await bringDown(live);
          live = undefined;
        } else if (err instanceof ScenarioSetupError) {
          finish({ ...base, products: productIds, verdict: "error", reason: err.message, scenarios: run.scenarios });
        } else {
          // A bug in the invariant or the kit: reported by name only, a stack or message could quote values.
          finish({ ...base, products: productIds, verdict: "error", reason: `the check failed: ${(err as Error)?.name ?? "Error"}: ${(err as Error)?.message ?? ""}`, scenarios: run.scenarios });
        }
      }
    }
    await bringDown(live);
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return {
    testee: {
      description: firstInfo?.description ?? options.launcher.description,
      name: firstInfo?.name ?? "",
      version: firstInfo?.version ?? "",
      products: firstInfo?.products ?? [],
      supportedSteps: [...(firstInfo?.supportedSteps ?? [])].map(protoStepName),
    },
    seed,
    runs,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    outcome: outcomeOf(verdicts),
    unavailableReason,
    verdicts,
    dataFlow: flows.entriesSorted(),
  };
}
