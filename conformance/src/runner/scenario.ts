import { create, toBinary, type DescMessage, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import { conformance } from "@datapact/proto";
import { findCanaries, type CanaryHit } from "../canary/find-canaries.js";
import type { Canary } from "../canary/canary.js";
import type { CanaryRegistry } from "../canary/canary-registry.js";
import { scanDatabase } from "../observe/database/database-scanner.js";
import { hopObservations } from "../observe/hop/hop-observations.js";
import type { HopExchange } from "../observe/hop/hop-exchange.js";
import type { HopProxy } from "../observe/hop/hop-proxy.js";
import { LogCollector } from "../observe/log-collector.js";
import type { Observation } from "../observe/observation.js";
import { responseObservations } from "../observe/response-observations.js";
import { kitProtocolVersion } from "../protocol/protocol-version.js";
import { protoStepName, type StepMessage, type StepName } from "../protocol/step-names.js";
import type { StepRef } from "../protocol/step-ref.js";
import type { Testee } from "../testee/testee.js";
import { summarizeStep } from "./step-summary.js";
import type { ModelSnapshot } from "./user-model.js";

/** The fields of a step's message (step messages are flat: scalars, enums and lists of them). */
export type StepInit<N extends StepName> = Partial<Omit<StepMessage<N>, "$typeName" | "$unknown">>;

/** A step the scenario sent and what came back. */
export interface ExecutedStep {
  readonly ref: StepRef;
  readonly response: conformance.HarnessResponse;
  /** The canaries the step's payload carried. */
  readonly planted: readonly Canary[];
  /** The user's choices in force when the step was sent, when a model drives the scenario. */
  readonly model?: ModelSnapshot;
}

/** What one step came to. */
export interface StepOutcome {
  readonly step: ExecutedStep;
  /** The result detail when the testee answered ok (undefined detail for steps without one). */
  readonly ok: conformance.StepOk | undefined;
  readonly error: conformance.StepError | undefined;
  readonly skipped: conformance.StepSkipped | undefined;
}

/** Options of {@link Scenario.observe}. */
export interface ObserveOptions {
  /** Scan the testee's database too (when a URL is known). Default true. */
  readonly database?: boolean;
}

/**
 * One scenario against the testee, from a reset: sends steps, remembers the
 * canaries their payloads carried, and observes every sink.
 */
export interface Scenario {
  /** The steps sent so far, in order. */
  readonly steps: readonly ExecutedStep[];
  /** Every canary planted so far. */
  readonly planted: readonly Canary[];
  /** Where canary values for generated messages come from. */
  readonly canaries: CanaryRegistry;
  /**
   * Sends one step. Resolves with the testee's answer, whatever it is
   * (refusing is often right); rejects with TesteeError when the testee
   * fails the harness.
   */
  step<N extends StepName>(name: N, init: StepInit<N>, model?: ModelSnapshot): Promise<StepOutcome>;
  /** A device emits `message`; its canaries are recognised and recorded as planted at this step. */
  emit(device: string, schema: DescMessage, message: Message, model?: ModelSnapshot): Promise<StepOutcome>;
  /** The app produces `message` for `account`. */
  appRecord(account: string, schema: DescMessage, message: Message, options?: { device?: string; model?: ModelSnapshot }): Promise<StepOutcome>;
  /** Records canaries a scripted check minted and put into a payload itself. */
  plant(canaries: readonly Canary[]): void;
  /**
   * Asks for a dump, scans the database, collects hop traffic and logs, and
   * returns every observation of the scenario so far (answers included).
   */
  observe(options?: ObserveOptions): Promise<Observation[]>;
  /** Every planted canary found in the observations so far (observe first). */
  hits(): CanaryHit[];
}

/** What a scenario is run against. */
export interface ScenarioEnvironment {
  readonly testee: Testee;
  readonly proxies: readonly HopProxy[];
  readonly canaries: CanaryRegistry;
  /** The database to scan: `--database-url`, else what the testee described or dumped. */
  readonly databaseUrl: string | undefined;
  /** Which schemas of the database to scan. */
  readonly includeSchema?: (schema: string) => boolean;
}

const stepSchemas = new Map(conformance.HarnessRequestSchema.oneofs.find((o) => o.name === "step")!.fields.map((f) => [f.localName, f.message!]));

/** Starts a scenario: the caller sends `reset` as its first step. */
export function startScenario(env: ScenarioEnvironment): Scenario {
  return new ScenarioSession(env);
}

class ScenarioSession implements Scenario {
  readonly steps: ExecutedStep[] = [];
  readonly planted: Canary[] = [];
  private readonly answers: Observation[] = [];
  private readonly exchanges: HopExchange[] = [];
  private readonly logs: Observation[] = [];
  private readonly scans: Observation[] = [];
  private readonly logCollector = new LogCollector();
  private dumpedDatabaseUrl: string | undefined;
  private observed: Observation[] = [];

  constructor(private readonly env: ScenarioEnvironment) {}

  get canaries(): CanaryRegistry {
    return this.env.canaries;
  }

  step<N extends StepName>(name: N, init: StepInit<N>, model?: ModelSnapshot): Promise<StepOutcome> {
    return this.send(name, init, model, () => []);
  }

  emit(device: string, schema: DescMessage, message: Message, model?: ModelSnapshot): Promise<StepOutcome> {
    const init = { device, messageType: schema.typeName, payload: toBinary(schema, message) };
    return this.send("emitDeviceFrame", init, model, (ref) => this.env.canaries.plantedIn(schema, message, ref));
  }

  appRecord(account: string, schema: DescMessage, message: Message, options: { device?: string; model?: ModelSnapshot } = {}): Promise<StepOutcome> {
    const init = { account, device: options.device ?? "", messageType: schema.typeName, payload: toBinary(schema, message) };
    return this.send("appRecord", init, options.model, (ref) => this.env.canaries.plantedIn(schema, message, ref));
  }

  plant(canaries: readonly Canary[]): void {
    this.planted.push(...canaries);
  }

  async observe(options: ObserveOptions = {}): Promise<Observation[]> {
    const dump = await this.step("dump", {});
    const dumped = dump.ok?.detail.case === "dump" ? dump.ok.detail.value.databaseUrl : "";
    if (dumped) this.dumpedDatabaseUrl = dumped;
    const url = this.env.databaseUrl || this.dumpedDatabaseUrl;
    if (url && options.database !== false) {
      this.scans.push(...(await scanDatabase(url, { step: dump.step.ref, includeSchema: this.env.includeSchema })));
    }
    this.collectHops();
    this.logs.push(...this.logCollector.take());
    this.observed = [...this.answers, ...hopObservations(this.exchanges), ...this.logs, ...this.scans];
    return this.observed;
  }

  hits(): CanaryHit[] {
    return findCanaries(this.observed, this.planted);
  }

  private collectHops(): void {
    for (const p of this.env.proxies) this.exchanges.push(...p.take());
  }

  private async send<N extends StepName>(name: N, init: StepInit<N>, model: ModelSnapshot | undefined, planted: (ref: StepRef) => Canary[]): Promise<StepOutcome> {
    const schema = stepSchemas.get(name)!;
    const message = create(schema, init as MessageInitShape<typeof schema>);
    const number = name === "reset" ? 1 : (this.steps.at(-1)?.ref.number ?? 0) + 1;
    const protoName = protoStepName(name);
    const ref: StepRef = { number, name: protoName, summary: summarizeStep(protoName, schema, message) };
    const carried = planted(ref);
    this.planted.push(...carried);
    // Traffic before this step belongs to the steps before it.
    this.collectHops();
    for (const p of this.env.proxies) p.setStep(ref);
    const request = create(conformance.HarnessRequestSchema, {
      protocolVersion: kitProtocolVersion,
      stepNumber: BigInt(number),
      step: { case: name, value: message } as conformance.HarnessRequest["step"],
    });
    const response = await this.env.testee.send(request);
    this.logCollector.add(this.env.testee.takeLog(), "stderr", ref);
    this.answers.push(...responseObservations(response, ref));
    const step: ExecutedStep = { ref, response, planted: carried, model };
    this.steps.push(step);
    const r = response.result;
    return { step, ok: r.case === "ok" ? r.value : undefined, error: r.case === "error" ? r.value : undefined, skipped: r.case === "skipped" ? r.value : undefined };
  }
}
