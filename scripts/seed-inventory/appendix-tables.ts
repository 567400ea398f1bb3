import type { SeedColumn } from "../../packages/policy/src/inventory/seed-row.js";

/** The product each data-inventory appendix of seed 000 describes. */
export const productByAppendix: Readonly<Record<number, string>> = {
  1: "band",
  2: "scale",
  3: "vacuum",
  4: "scooter",
  5: "router",
  6: "camera",
  7: "home",
  8: "wear",
};

/** The seven columns of an inventory table, in the seed's order. */
export const seedColumns: readonly SeedColumn[] = [
  "category",
  "dataType",
  "qualifier",
  "purpose",
  "transmission",
  "storage",
  "retention",
];

/** One table row as the seed has it, with blank cells already filled. */
export interface AppendixRow {
  readonly product: string;
  readonly appendix: number;
  readonly line: number;
  readonly cells: Readonly<Record<SeedColumn, string>>;
  /** Columns whose cell was blank and took the value of the row above. */
  readonly carried: readonly SeedColumn[];
}

/** Raised when the seed text does not have the table shape this parser knows. */
export class AppendixFormatError extends Error {
  override readonly name = "AppendixFormatError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

// The appendix headings in the body (the table of contents repeats them with
// a tab and a page number, which is how they are told apart).
const appendixHeading = /^Appendix (\d+): Data [Ii]nventory (?:for|of) /;
// What ends an appendix: the next numbered section ("3.3 Mi Smart Scale…",
// "04") or the next appendix.
const sectionHeading = /^(?:\d+\.\d+ |0\d$)/;

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Every data-inventory row of the seed's appendices. Tables break across
 * pages with the header row repeated; a blank "Type" cell continues the
 * category above (also across a page break), and any other blank cell belongs
 * to a merged block and carries the value of the cell above (SEED-MECHANISMS
 * conflict 13).
 */
export function readAppendixRows(seedText: string): AppendixRow[] {
  const lines = seedText.split(/\r?\n/);
  const rows: AppendixRow[] = [];
  let appendix: number | undefined;
  let previous: Record<SeedColumn, string> | undefined;

  lines.forEach((text, index) => {
    const line = index + 1;
    if (!text.includes("\t")) {
      const heading = appendixHeading.exec(text);
      if (heading) {
        appendix = Number(heading[1]);
        previous = undefined;
      } else if (sectionHeading.test(text)) {
        appendix = undefined;
      }
      return;
    }
    if (appendix === undefined) return;
    const raw = text.split("\t").map(collapse);
    if (raw[0] === "Type" && raw[1] === "Type of data") return; // header, repeated at page breaks
    if (raw.length !== seedColumns.length) {
      throw new AppendixFormatError(line, `expected ${seedColumns.length} tab-separated cells, found ${raw.length}`);
    }
    const product = productByAppendix[appendix];
    if (!product) throw new AppendixFormatError(line, `appendix ${appendix} names no known product`);

    const cells = {} as Record<SeedColumn, string>;
    const carried: SeedColumn[] = [];
    seedColumns.forEach((column, i) => {
      const cell = raw[i];
      if (cell !== "" || column === "dataType") {
        cells[column] = cell;
        return;
      }
      if (!previous) throw new AppendixFormatError(line, `blank ${column} cell in the first row of appendix ${appendix}`);
      cells[column] = previous[column];
      // A blank "Type" cell is how every table continues a category; only
      // the other columns are merged blocks worth recording.
      if (column !== "category") carried.push(column);
    });
    if (cells.dataType === "") throw new AppendixFormatError(line, "blank Type of data cell");
    rows.push({ product, appendix, line, cells, carried });
    previous = cells;
  });
  return rows;
}
