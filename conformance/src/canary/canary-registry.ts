import { ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import fc from "fast-check";
import type { StepRef } from "../protocol/step-ref.js";
import { Canary, canaryEntropyBytes, canaryKey, canaryValue, canCarryCanary, type CanaryValue } from "./canary.js";

/** The scalar type of a field's values (list elements and map values included), if they are scalars. */
export function scalarOf(field: DescField): ScalarType | undefined {
  switch (field.fieldKind) {
    case "scalar":
      return field.scalar;
    case "list":
      return field.listKind === "scalar" ? field.scalar : undefined;
    case "map":
      return field.mapKind === "scalar" ? field.scalar : undefined;
    default:
      return undefined;
  }
}

/**
 * Remembers the canary values fast-check generated, so that the canaries
 * actually planted in a message (after generation, filtering and shrinking)
 * can be recovered from the message itself, with their field paths.
 */
export class CanaryRegistry {
  private readonly values = new Set<string>();

  /**
   * Canary values for fields of `scalar` type, derived from fast-check's
   * random source: a seed replays the same markers. Never biased towards
   * small values and never shrunk, and never a value this registry handed
   * out before: a float32 has room for about seven million canaries, few
   * enough that two fields of one run could draw the same one (seed
   * 979758560 of the neighbouring-seeds property did), and a hit must name
   * one field.
   */
  arbitrary(scalar: ScalarType): fc.Arbitrary<CanaryValue> {
    if (!canCarryCanary(scalar)) throw new RangeError(`scalar type ${ScalarType[scalar]} cannot carry a canary`);
    return fc
      .noShrink(fc.noBias(fc.uint8Array({ minLength: canaryEntropyBytes, maxLength: canaryEntropyBytes })))
      .map((entropy) => canaryValue(scalar, entropy))
      .filter((value) => !this.values.has(canaryKey(scalar, value)))
      .map((value) => {
        this.values.add(canaryKey(scalar, value));
        return value;
      });
  }

  /** Whether `value` is a canary this registry handed out for `scalar`. */
  has(scalar: ScalarType, value: CanaryValue): boolean {
    return this.values.has(canaryKey(scalar, value));
  }

  /**
   * The canaries planted in `message`: every scalar value of it (nested
   * messages, lists and maps included) that this registry handed out, with
   * the path where it sits (map keys written `*`: they may be personal).
   */
  plantedIn(schema: DescMessage, message: Message, step?: StepRef): Canary[] {
    const found: Canary[] = [];
    const visit = (r: ReflectMessage, prefix: string) => {
      for (const field of r.fields) {
        if (!r.isSet(field)) continue;
        const path = prefix + field.name;
        const scalar = scalarOf(field);
        const consider = (value: unknown, at: string) => {
          if (scalar !== undefined && canCarryCanary(scalar) && this.has(scalar, value as CanaryValue)) {
            found.push(Canary.of(at, scalar, value as CanaryValue, { step, messageType: field.parent.typeName }));
          }
        };
        switch (field.fieldKind) {
          case "scalar":
            consider(r.get(field), path);
            break;
          case "message":
            visit(r.get(field), path + ".");
            break;
          case "list": {
            let i = 0;
            for (const item of r.get(field)) {
              if (field.listKind === "message") visit(item as ReflectMessage, `${path}[${i}].`);
              else consider(item, `${path}[${i}]`);
              i++;
            }
            break;
          }
          case "map":
            for (const [, item] of r.get(field)) {
              if (field.mapKind === "message") visit(item as ReflectMessage, `${path}[*].`);
              else consider(item, `${path}[*]`);
            }
            break;
          default:
            break;
        }
      }
    };
    visit(reflect(schema, message), "");
    return found;
  }
}
