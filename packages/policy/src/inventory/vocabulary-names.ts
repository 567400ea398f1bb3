import type { DescEnum } from "@bufbuild/protobuf";

/**
 * The stable proto name of an enum value (`TIER_CLOUD`), the form inventories,
 * seed rows and reports cite. A number the vocabulary does not define (a
 * newer schema) is shown with its enum's name so it is never mistaken for a
 * known value.
 */
export function vocabularyName(schema: DescEnum, value: number): string {
  return schema.value[value]?.name ?? `${schema.name}(${value})`;
}
