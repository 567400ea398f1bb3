import { readdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { MemoryFS, PGlite } from "@electric-sql/pglite";
import { DatabaseScanError } from "./database-scan-error.js";
import type { SqlConnection } from "./sql-connection.js";

/** Where PGlite keeps its data directory inside its own (Emscripten) file system. */
const PGLITE_DATA_DIR = "/pglite/data";

/**
 * A scan reads each table once through a cursor: PostgreSQL's default
 * shared_buffers (128 MB) and connection slots only make every start
 * allocate and clear memory the scan never uses, and a heap that starts at
 * its working size is never grown (each growth copies it).
 */
const SNAPSHOT_SETTINGS = ["shared_buffers=16MB", "max_connections=5"];
const SNAPSHOT_INITIAL_MEMORY = 256 * 2 ** 20;

/** One entry of a data directory read into memory: a folder, or a file with its bytes. */
interface SnapshotEntry {
  /** Relative to the data directory, `/`-separated. */
  readonly path: string;
  readonly folder: boolean;
  bytes?: Uint8Array;
}

/** The parts of the PGlite module every opening needs, read and compiled once per process. */
interface PgliteRuntime {
  readonly wasm: WebAssembly.Module;
  readonly bundle: Blob;
}

let runtime: Promise<PgliteRuntime | undefined> | undefined;

/**
 * PGlite's WebAssembly module, compiled once, and its file bundle: every
 * snapshot would otherwise compile 9 MB of WebAssembly again. Undefined
 * when they cannot be found next to the package (PGlite then loads its own).
 */
function pgliteRuntime(): Promise<PgliteRuntime | undefined> {
  runtime ??= (async () => {
    try {
      // The CommonJS build has __filename and no import.meta.url; the ESM build the reverse.
      const require = createRequire(typeof __filename === "string" ? __filename : import.meta.url);
      const dist = dirname(require.resolve("@electric-sql/pglite"));
      const [wasmBytes, bundleBytes] = await Promise.all([readFile(join(dist, "pglite.wasm")), readFile(join(dist, "pglite.data"))]);
      return { wasm: await WebAssembly.compile(wasmBytes), bundle: new Blob([bundleBytes]) };
    } catch {
      return undefined;
    }
  })();
  return runtime;
}

/** Reads every folder and file under `dataDir` into memory (files concurrently). */
async function readDataDir(dataDir: string): Promise<SnapshotEntry[]> {
  const entries: SnapshotEntry[] = [];
  const reads: Promise<void>[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const e of await readdir(relative ? join(dataDir, relative) : dataDir, { withFileTypes: true })) {
      const path = relative ? `${relative}/${e.name}` : e.name;
      if (e.isDirectory()) {
        entries.push({ path, folder: true });
        await walk(path);
      } else if (e.isFile()) {
        const entry: SnapshotEntry = { path, folder: false };
        entries.push(entry);
        reads.push(
          readFile(join(dataDir, path)).then(
            (bytes) => {
              entry.bytes = bytes;
            },
            (err: NodeJS.ErrnoException) => {
              // A file PostgreSQL removed while the directory was read (a recycled WAL segment, a dropped relation) is not part of the snapshot.
              if (err.code !== "ENOENT") throw err;
            },
          ),
        );
      }
    }
  };
  await walk("");
  await Promise.all(reads);
  return entries.filter((e) => e.folder || e.bytes !== undefined);
}

/** PGlite's in-memory file system, filled with a snapshot before PostgreSQL starts. */
class SnapshotFS extends MemoryFS {
  constructor(private readonly entries: readonly SnapshotEntry[]) {
    super();
  }

  override async init(pg: PGlite, options: Parameters<MemoryFS["init"]>[1]): ReturnType<MemoryFS["init"]> {
    const { emscriptenOpts } = await super.init(pg, options);
    const fill = (mod: { FS: { mkdirTree(path: string): void; mkdir(path: string): void; writeFile(path: string, data: Uint8Array, options?: { canOwn?: boolean }): void } }) => {
      mod.FS.mkdirTree(PGLITE_DATA_DIR);
      for (const e of this.entries) {
        const path = `${PGLITE_DATA_DIR}/${e.path}`;
        if (e.folder) mod.FS.mkdir(path);
        // The bytes were read for this snapshot alone: the in-memory file takes them without a copy.
        else mod.FS.writeFile(path, e.bytes!, { canOwn: true });
      }
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), fill] } as typeof emscriptenOpts };
  }
}

/**
 * Opens a snapshot of a PGlite data directory. PGlite is single-process:
 * opening the testee's live directory could run recovery on it behind the
 * testee's back, so the kit reads every file into memory and starts its own
 * PGlite on that copy (in memory: nothing is written to disk, and whatever
 * recovery writes goes nowhere); the original is only ever read.
 */
export async function openPgliteCopy(dataDir: string): Promise<SqlConnection> {
  const isDir = await stat(dataDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new DatabaseScanError("unreachable", `PGlite data directory ${dataDir} does not exist`);
  let db: PGlite | undefined;
  try {
    const [entries, parts] = await Promise.all([readDataDir(dataDir), pgliteRuntime()]);
    db = new PGlite({
      fs: new SnapshotFS(entries),
      initialMemory: SNAPSHOT_INITIAL_MEMORY,
      startParams: [...PGlite.defaultStartParams, ...SNAPSHOT_SETTINGS.flatMap((setting) => ["-c", setting])],
      ...(parts ? { pgliteWasmModule: parts.wasm, fsBundle: parts.bundle } : {}),
    });
    await db.waitReady;
  } catch (err) {
    await db?.close().catch(() => {});
    throw new DatabaseScanError("unreachable", `cannot open a copy of PGlite data directory ${dataDir}: ${(err as Error).name}`);
  }
  const open = db;
  return {
    async rows(sql) {
      const result = await open.query(sql, [], { rowMode: "array" });
      return result.rows as unknown[][];
    },
    async exec(sql) {
      await open.exec(sql);
    },
    async close() {
      await open.close();
    },
  };
}
