import { resolve } from "node:path";
import { buildInventory, compareWithSeed, hasUnexplainedMismatch } from "@datapact/policy";
import type { Command, CommandIO } from "../../command.js";
import { CommandError, ExitCode } from "../../exit-codes.js";
import { decisionRecordsIn } from "./decision-records.js";
import { parseInventoryArguments, type InventoryArguments } from "./inventory-arguments.js";
import { inventoryFiles, staleInventoryFiles, writeInventoryFiles } from "./inventory-files.js";
import { productDocument, regenerateCommand } from "./product-document.js";
import { inventoryHtml } from "./render-html.js";
import { inventoryJson } from "./render-json.js";
import { productMarkdown } from "./render-markdown.js";
import { schemaFiles } from "./schema-files.js";
import { seedComparisonReport } from "./seed-comparison-report.js";
import { readSeedRows } from "./seed-rows-file.js";

const usage = `Usage: datapact inventory [paths...] [--product P] [--format md|json|html] [--out DIR] [--check]
       datapact inventory [paths...] --against seed-rows.json [--product P] [--format json] [--decisions DIR]

Regenerates each product's data inventory from the schemas alone, in the
seeds' columns (Type, Type of data, Identification Qualifier, Purpose, Data
Transmission Encryption Measures, Data Storage Encryption Measures, Data
Retention Policy), with draft store labels: Apple's privacy manifest
(NSPrivacyCollectedDataTypes) and Google Play's Data safety form.

Schemas: the pact's own compiled schemas by default; or .proto files,
directories and descriptor sets, read as \`datapact lint\` reads them.

Options:
  --product P        only product P (its ProductPolicy id)
  --format F         md (default), json (one row per field, with the
                     vocabulary values) or html
  --out DIR          write <product>.<format> per product, and README.md or
                     index.html, into DIR instead of printing
  --check            write nothing; exit 1 if the files in --out
                     (default docs/inventory) are not what would be written
  --against FILE     compare the schemas with a seed-rows.json instead:
                     every seed row must be carried by a field with its data
                     type that says what the row says, or cites a decision
                     record; exit 1 on a missing row or an unexplained
                     difference
  --decisions DIR    where decision records live (default docs/decisions)

Exit codes: 0 ok, 1 stale files or unexplained seed differences, 2 usage
error, 3 input error (unreadable schema or seed-rows file).
`;

function compare(options: InventoryArguments, io: CommandIO): ExitCode {
  const seedRows = readSeedRows(options.against!, io.cwd).filter((r) => options.product === undefined || r.product === options.product);
  if (seedRows.length === 0) throw new CommandError(ExitCode.Usage, `no seed rows for product '${options.product}'`);
  const inventories = buildInventory(schemaFiles(options.paths, io.cwd), { product: options.product });
  const results = compareWithSeed(inventories, seedRows, { decisionExists: decisionRecordsIn(resolve(io.cwd, options.decisions)) });
  io.stdout.write(options.format === "json" ? JSON.stringify(results, null, 2) + "\n" : seedComparisonReport(results));
  return results.some(hasUnexplainedMismatch) ? ExitCode.ViolationsFound : ExitCode.Ok;
}

function render(options: InventoryArguments, io: CommandIO): ExitCode {
  const inventories = buildInventory(schemaFiles(options.paths, io.cwd), { product: options.product });
  if (options.product !== undefined && inventories.length === 0) {
    throw new CommandError(ExitCode.Usage, `no schema declares product '${options.product}'`);
  }
  const docs = inventories.map(productDocument);
  if (options.out === undefined) {
    const text =
      options.format === "json" ? inventoryJson(docs) : options.format === "html" ? inventoryHtml(docs) : docs.map(productMarkdown).join("\n");
    io.stdout.write(text);
    return ExitCode.Ok;
  }
  const wholeSet = options.product === undefined;
  const files = inventoryFiles(docs, options.format, wholeSet);
  const dir = resolve(io.cwd, options.out);
  if (!options.check) {
    writeInventoryFiles(dir, files);
    io.stdout.write(`datapact inventory: wrote ${files.size} files to ${options.out}\n`);
    return ExitCode.Ok;
  }
  const stale = staleInventoryFiles(dir, files, options.format, wholeSet);
  if (stale.length === 0) return ExitCode.Ok;
  const format = options.format === "md" ? "" : ` --format ${options.format}`;
  const regenerate = options.out === "docs/inventory" ? `${regenerateCommand}${format}` : `pnpm datapact inventory --out ${options.out}${format}`;
  io.stderr.write(
    `datapact inventory: ${stale.length} file(s) in ${options.out} are stale:\n${stale.map((s) => `  ${s}\n`).join("")}Regenerate with: ${regenerate}\n`,
  );
  return ExitCode.ViolationsFound;
}

/** `datapact inventory`: regenerates data inventories and store labels from the schemas, or compares them with the seed. */
export const inventoryCommand: Command = {
  name: "inventory",
  summary: "regenerate each product's data inventory and store labels from the schemas",
  usage,
  async run(args, io) {
    const options = parseInventoryArguments(args);
    return options.against !== undefined ? compare(options, io) : render(options, io);
  },
};
