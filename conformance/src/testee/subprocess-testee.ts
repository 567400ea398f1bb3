import { spawn, type ChildProcess } from "node:child_process";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { conformance } from "@datapact/proto";
import { encodeFrame, FrameDecoder, FramingError, defaultMaxFrameBytes } from "./length-prefixed-frames.js";
import { LogLines } from "./log-lines.js";
import { checkResponse, stepLabel } from "./response-check.js";
import { defaultStepTimeoutMs, type Testee, type TesteeOptions } from "./testee.js";
import { TesteeError } from "./testee-error.js";

/** Options of {@link spawnTestee}. */
export interface SubprocessTesteeOptions extends TesteeOptions {
  /** Working directory of the testee. Default: the kit's. */
  readonly cwd?: string;
  /** Environment of the testee. Default: the kit's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Largest response frame accepted. Default 64 MiB. */
  readonly maxFrameBytes?: number;
  /** How long {@link Testee.close} waits for the testee to exit after its stdin closes. Default 2 s. */
  readonly closeGraceMs?: number;
}

interface Pending {
  readonly request: conformance.HarnessRequest;
  resolve(response: conformance.HarnessResponse): void;
  reject(error: TesteeError): void;
  readonly timer: NodeJS.Timeout;
}

/** Shell exit status for "command not found". */
const COMMAND_NOT_FOUND = 127;

/**
 * Starts `command` (run by the shell, like the Protobuf conformance runner's
 * testee argument) and drives it over stdin/stdout with length-prefixed
 * binary messages. Its stderr is its log.
 */
export function spawnTestee(command: string, options: SubprocessTesteeOptions = {}): Testee {
  return new SubprocessTestee(command, options);
}

class SubprocessTestee implements Testee {
  readonly description: string;
  private readonly child: ChildProcess;
  private readonly decoder: FrameDecoder;
  private readonly log = new LogLines();
  private readonly stepTimeoutMs: number;
  private pending: Pending | undefined;
  /** Set once the testee is unusable; every later send rejects with it. */
  private failure: TesteeError | undefined;
  private exited: Promise<void>;
  private answered = 0;

  constructor(
    command: string,
    private readonly options: SubprocessTesteeOptions,
  ) {
    this.description = `subprocess \`${command}\``;
    this.stepTimeoutMs = options.stepTimeoutMs ?? defaultStepTimeoutMs;
    this.decoder = new FrameDecoder(options.maxFrameBytes ?? defaultMaxFrameBytes);
    // A process group of its own, so that stopping the testee stops what the
    // shell started too (a wrapper script's children, say).
    this.child = spawn(command, {
      shell: true,
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    this.exited = new Promise((resolve) => this.child.once("close", () => resolve()));
    this.child.stdout!.on("data", (chunk: Buffer) => this.onStdout(chunk));
    this.child.stdout!.on("end", () => this.onStdoutEnd());
    this.child.stderr!.on("data", (chunk: Buffer) => this.log.push(chunk));
    this.child.stderr!.on("end", () => this.log.end());
    // Writing to a testee that already died raises EPIPE here; the exit
    // handler reports the crash, so the write error itself says nothing new.
    this.child.stdin!.on("error", () => {});
    this.child.once("error", (err) => this.fail(new TesteeError("spawn_failed", this.description, `could not start: ${err.name}`)));
    // "close" rather than "exit": it comes after stdout has ended, so a cut-off
    // frame is reported as truncated rather than as a crash.
    this.child.once("close", (code, signal) => this.onExit(code, signal));
  }

  send(request: conformance.HarnessRequest): Promise<conformance.HarnessResponse> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) {
      return Promise.reject(new TesteeError("protocol_violation", this.description, "a step was sent before the previous one was answered", stepLabel(request)));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new TesteeError("timeout", this.description, `no answer within ${this.stepTimeoutMs} ms`, stepLabel(request)));
      }, this.stepTimeoutMs);
      this.pending = { request, resolve, reject, timer };
      this.child.stdin!.write(encodeFrame(toBinary(conformance.HarnessRequestSchema, request)));
    });
  }

  takeLog(): string[] {
    return this.log.take();
  }

  async close(): Promise<void> {
    if (!this.failure) this.failure = new TesteeError("closed", this.description, "the testee was closed");
    this.settle();
    this.child.stdin!.end();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      // A well-behaved testee exits when its stdin closes; one that does not
      // is stopped, first politely, then not.
      const grace = this.options.closeGraceMs ?? 2_000;
      const exitedInTime = await Promise.race([this.exited.then(() => true), delay(grace).then(() => false)]);
      if (!exitedInTime) {
        this.killGroup("SIGTERM");
        if (!(await Promise.race([this.exited.then(() => true), delay(grace).then(() => false)]))) this.killGroup("SIGKILL");
      }
    }
    await this.exited;
  }

  private onStdout(chunk: Buffer): void {
    if (this.failure) return;
    let frames: Uint8Array[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      const label = this.pending ? stepLabel(this.pending.request) : undefined;
      const hint = "; the testee writes something other than length-prefixed HarnessResponse messages to stdout";
      this.fail(new TesteeError((err as FramingError).code, this.description, `${(err as FramingError).message}${hint}`, label));
      return;
    }
    for (const frame of frames) this.onFrame(frame);
  }

  private onFrame(frame: Uint8Array): void {
    if (this.failure) return;
    const pending = this.pending;
    if (!pending) {
      this.fail(new TesteeError("protocol_violation", this.description, "wrote a response nobody asked for"));
      return;
    }
    let response: conformance.HarnessResponse;
    try {
      response = fromBinary(conformance.HarnessResponseSchema, frame);
      checkResponse(this.description, pending.request, response);
    } catch (err) {
      const error =
        err instanceof TesteeError
          ? err
          : new TesteeError("garbage", this.description, `a ${frame.length}-byte frame that is not a HarnessResponse`, stepLabel(pending.request));
      this.fail(error);
      return;
    }
    clearTimeout(pending.timer);
    this.pending = undefined;
    this.answered++;
    pending.resolve(response);
  }

  private onStdoutEnd(): void {
    if (this.failure) return;
    try {
      this.decoder.end();
    } catch (err) {
      const label = this.pending ? stepLabel(this.pending.request) : undefined;
      this.fail(new TesteeError("truncated", this.description, (err as FramingError).message, label));
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.failure) {
      this.settle();
      return;
    }
    const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
    const label = this.pending ? stepLabel(this.pending.request) : undefined;
    const notFound = code === COMMAND_NOT_FOUND && this.answered === 0;
    this.fail(new TesteeError(notFound ? "spawn_failed" : "crashed", this.description, notFound ? "the shell could not find the command" : how, label));
  }

  /** Marks the testee unusable, rejects the pending step and stops the process. */
  private fail(error: TesteeError): void {
    if (!this.failure) this.failure = error;
    this.settle();
    if (this.child.exitCode === null && this.child.signalCode === null) this.killGroup("SIGKILL");
  }

  private settle(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.reject(this.failure!);
  }

  private killGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
