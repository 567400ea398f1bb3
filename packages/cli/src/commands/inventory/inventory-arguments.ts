import { CommandError, ExitCode } from "../../exit-codes.js";

/** The formats `datapact inventory` renders. */
export type InventoryFormat = "md" | "json" | "html";

/** What `datapact inventory` was asked to do. */
export interface InventoryArguments {
  /** Schema files or directories; empty means the pact's own compiled schemas. */
  readonly paths: readonly string[];
  /** Only this product id. */
  readonly product?: string;
  readonly format: InventoryFormat;
  /** Write one file per product (and an index) here instead of printing. */
  readonly out?: string;
  /** Compare the files in `out` with what would be written instead of writing them. */
  readonly check: boolean;
  /** A seed-rows.json to compare the schemas with instead of rendering. */
  readonly against?: string;
  /** Where decision records live, for --against. */
  readonly decisions: string;
}

/** Where --check looks when no --out is given. */
export const defaultInventoryDir = "docs/inventory";

const formats: readonly InventoryFormat[] = ["md", "json", "html"];

/** Parses `datapact inventory` arguments; throws a usage CommandError on anything it does not know. */
export function parseInventoryArguments(args: readonly string[]): InventoryArguments {
  const paths: string[] = [];
  let product: string | undefined;
  let format: InventoryFormat = "md";
  let out: string | undefined;
  let check = false;
  let against: string | undefined;
  let decisions = "docs/decisions";
  let onlyPaths = false;
  const valueOf = (flag: string, i: number): string => {
    const value = args[i + 1];
    if (value === undefined || value.startsWith("--")) {
      throw new CommandError(ExitCode.Usage, `${flag} needs a value (see datapact inventory --help)`);
    }
    return value;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyPaths || !arg.startsWith("-") || arg === "-") paths.push(arg);
    else if (arg === "--") onlyPaths = true;
    else if (arg === "--check") check = true;
    else if (arg === "--product") product = valueOf(arg, i++);
    else if (arg === "--out") out = valueOf(arg, i++);
    else if (arg === "--against") against = valueOf(arg, i++);
    else if (arg === "--decisions") decisions = valueOf(arg, i++);
    else if (arg === "--format") {
      const value = valueOf(arg, i++);
      if (!formats.includes(value as InventoryFormat)) {
        throw new CommandError(ExitCode.Usage, `--format must be one of ${formats.join(", ")}, not '${value}'`);
      }
      format = value as InventoryFormat;
    } else throw new CommandError(ExitCode.Usage, `unknown option '${arg}' (see datapact inventory --help)`);
  }
  if (against !== undefined && (check || out !== undefined)) {
    throw new CommandError(ExitCode.Usage, "--against compares and prints; it takes neither --out nor --check");
  }
  if (check && out === undefined) out = defaultInventoryDir;
  return { paths, product, format, out, check, against, decisions };
}
