import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { planFor, type ConsentState } from "@datapact/policy";
import type { PactMessenger, SendOutcome } from "../messages/pact-messenger.js";

/**
 * Produces device frames only for functions that are on. It asks the
 * policy's plan whether the message's function is off by default and, if
 * so, whether the user turned it on, before `build` runs: a function that is
 * off neither sends a frame nor even reads its sensor.
 */
export class FunctionGatedEmitter {
  constructor(
    private readonly messenger: PactMessenger,
    private readonly consent: ConsentState,
  ) {}

  /** Whether messages of `schema` may be produced now. */
  isOn(schema: DescMessage): boolean {
    const plan = planFor(schema);
    return !plan.offByDefault || this.consent.isFunctionEnabled(plan.productId, plan.fn);
  }

  /**
   * Builds and sends a message if its function is on; otherwise returns
   * `{ sent: false, reason: "FUNCTION_DISABLED" }` without calling `build`.
   */
  async emit<Desc extends DescMessage>(schema: Desc, build: () => MessageShape<Desc> | Promise<MessageShape<Desc>>): Promise<SendOutcome> {
    if (!this.isOn(schema)) return { sent: false, reason: "FUNCTION_DISABLED", dropped: [] };
    return this.messenger.send(schema, await build());
  }
}
