import { DeviceSdkError } from "./device-sdk-error.js";

/** Two types of one catalog hash to the same compact id; rename one (or leave one out of the catalog). */
export class TypeIdCollisionError extends DeviceSdkError {
  override readonly name = "TypeIdCollisionError";
  readonly code = "TYPE_ID_COLLISION";
  constructor(
    readonly typeId: number,
    readonly typeNames: readonly [string, string],
  ) {
    super(`${typeNames[0]} and ${typeNames[1]} share type id 0x${typeId.toString(16).padStart(8, "0")}`);
  }
}
