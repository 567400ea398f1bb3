/**
 * One row of a seed white paper's data-inventory appendix, as
 * `scripts/seed-inventory` extracts it into `docs/inventory/seed-rows.json`:
 * the cell text and the same cells in the pact's vocabulary.
 *
 * Enum values are written by their stable proto names
 * (`DATA_CATEGORY_IDENTIFIERS`) so the file reads without the schemas.
 */
export interface SeedRow {
  /** The product id the appendix describes (ProductPolicy.id), e.g. "band". */
  readonly product: string;
  /** The appendix number in the seed, 1 to 8. */
  readonly appendix: number;
  /** 1-based line of the row in the seed file. */
  readonly line: number;
  /** "Type" cell (the category above when the cell was blank). */
  readonly category: string;
  /** "Type of data" cell, whitespace collapsed: the label fields carry as `data_type`. */
  readonly dataType: string;
  /** "Identification Qualifier" cell. */
  readonly qualifier: string;
  /** "Purpose" cell. */
  readonly purpose: string;
  /** "Data Transmission Encryption Measures" cell. */
  readonly transmission: string;
  /** "Data Storage Encryption Measures" cell. */
  readonly storage: string;
  /** "Data Retention Policy" cell. */
  readonly retention: string;
  /**
   * Columns whose cell was blank in the seed and took the value of the cell
   * above (a merged block, SEED-MECHANISMS conflict 13).
   */
  readonly carried: readonly SeedColumn[];
  /** The conflicts of SEED-MECHANISMS.md ("Conflicts and ambiguities") this row takes part in. */
  readonly conflicts: readonly number[];
  /**
   * Conflicts a schema must settle with a decision record on every field of
   * the row, each with the reason (e.g. the seed names no encryption for MQTT).
   */
  readonly decisionExpected: readonly string[];
  /** The cells in the pact's vocabulary. */
  readonly normalized: NormalizedSeedRow;
  /** How cells outside the shared mapping were read, and cells left unread. */
  readonly notes: readonly string[];
}

/** The seed columns a row has, by their key in {@link SeedRow}. */
export type SeedColumn = "category" | "dataType" | "qualifier" | "purpose" | "transmission" | "storage" | "retention";

/**
 * A seed row in the vocabulary. `null` means the cell could not be read into
 * the vocabulary (free text) and is not compared.
 */
export interface NormalizedSeedRow {
  /** `DataCategory` name. */
  readonly category: string | null;
  /** `IdentificationQualifier` name. */
  readonly qualifier: string | null;
  /**
   * `Flow` name where the row fixes one (display-only, third-party-direct,
   * never transmitted); `null` where the row leaves it to the schema.
   */
  readonly flow: string | null;
  /** `Purpose` names. */
  readonly purposes: readonly string[] | null;
  /**
   * Transit per hop. An entry without `hop` covers every hop to the cloud the
   * field crosses ("HTTPS" with no hop named). Empty: the row names no hop.
   */
  readonly transit: readonly SeedTransit[] | null;
  /**
   * Storage per tier; an entry without `tier` covers every tier. Several
   * entries for one tier are alternatives for parts of the datum (the seed's
   * "User identify info: keycenter AES-128 Logs: AES-256").
   */
  readonly storage: readonly SeedStorage[] | null;
  /** Retention per tier; an entry without `tier` covers every tier. */
  readonly retention: readonly SeedRetention[] | null;
}

/** A seed transit entry: `Hop` and `TransitMeasure` names. */
export interface SeedTransit {
  readonly hop?: string;
  readonly measure: string;
}

/** A seed storage entry: `Tier`, `StorageMeasure` and `StorageAlgorithm` names. */
export interface SeedStorage {
  readonly tier?: string;
  readonly measure: string;
  readonly algorithm?: string;
  /** The part of the datum this entry is for, when the cell splits it. */
  readonly part?: string;
}

/** A seed retention entry: `Tier` and `RetentionKind` names. */
export interface SeedRetention {
  readonly tier?: string;
  readonly kind: string;
  readonly days?: number;
}

/** The document `docs/inventory/seed-rows.json` holds. */
export interface SeedRowsFile {
  /** The seed file the rows come from (file name only). */
  readonly seed: string;
  /** The command that wrote the file. */
  readonly generatedBy: string;
  readonly rows: readonly SeedRow[];
}
