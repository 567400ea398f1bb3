import { stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { DatabaseScanError } from "./database-scan-error.js";
import type { SqlConnection } from "./sql-connection.js";

/**
 * A scan reads each table once through a cursor: PostgreSQL's default
 * shared_buffers (128 MB) and connection slots only make every start
 * allocate and clear memory the scan never uses, and a heap that starts at
 * its working size is never grown (each growth copies it).
 */
const SNAPSHOT_SETTINGS = ["shared_buffers=16MB", "max_connections=5"];
const SNAPSHOT_INITIAL_MEMORY = 256 * 2 ** 20;

/**
 * The thread that opens snapshots (CommonJS, evaluated as is: it runs the
 * same in the kit's sources and in its bundles). Reading a data directory
 * and starting PostgreSQL on it is most of a scan's work: on a thread of
 * its own it runs beside the kit's main thread, which meanwhile drives the
 * testees, relays their traffic and judges scenarios.
 *
 * It reads every file of the directory into memory and starts PGlite on its
 * in-memory file system filled with them (nothing is written to disk, and
 * whatever recovery writes goes nowhere), with the WebAssembly module
 * compiled once per thread. Requests: open (a directory), rows and exec (a
 * statement), rowsOfEach (queries), close; each answered in turn.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } = require("node:fs");
const { readFile } = require("node:fs/promises");
const { dirname, join } = require("node:path");
const { PGlite, MemoryFS } = require(workerData.pglite);
const DATA_DIR = "/pglite/data";
let runtime;
function pgliteRuntime() {
  runtime ??= (async () => {
    try {
      const dist = dirname(workerData.pglite);
      const [wasm, bundle] = await Promise.all([readFile(join(dist, "pglite.wasm")), readFile(join(dist, "pglite.data"))]);
      return { pgliteWasmModule: await WebAssembly.compile(wasm), fsBundle: new Blob([bundle]) };
    } catch {
      return {};
    }
  })();
  return runtime;
}
// What recovery needs of pg_wal: the segment holding the last checkpoint's
// redo point and those after it that were written since (a recycled
// segment keeps an older segment's page addresses, and replay stops there
// anyway). Older segments are only kept for archiving. The redo point is at
// byte 40 of pg_control (after system_identifier, pg_control_version,
// catalog_version_no, state, time and checkPoint), a layout PostgreSQL has
// kept since 9.x; a control file that does not look like one keeps every
// segment.
const WAL_SEGMENT = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})$/;
function walPlan(root) {
  try {
    const control = readFileSync(join(root, "global/pg_control"));
    const version = control.readUInt32LE(8);
    if (control.length < 48 || version < 900 || version > 9999) return undefined;
    return { redo: control.readBigUInt64LE(40) };
  } catch {
    return undefined;
  }
}
function walSegmentNeeded(path, name, size, plan) {
  const m = WAL_SEGMENT.exec(name);
  if (!plan || !m || size < 8192 || (size & (size - 1)) !== 0) return true;
  const segment = BigInt(size);
  const number = BigInt(parseInt(m[2], 16)) * (0x100000000n / segment) + BigInt(parseInt(m[3], 16));
  if (number < plan.redo / segment) return false;
  // The first page's xlp_pageaddr (bytes 8-16) says which segment wrote it.
  const header = Buffer.alloc(16);
  const fd = openSync(path, "r");
  try {
    if (readSync(fd, header, 0, 16, 0) < 16) return true;
  } finally {
    closeSync(fd);
  }
  return header.readBigUInt64LE(8) === number * segment;
}
// The templates (OIDs 1 and 4 since PostgreSQL 15) are never connected to:
// the scan opens the database PGlite opens, postgres.
function templateDatabase(relative, version) {
  return version >= 15 && (relative === "base/1" || relative === "base/4");
}
// Synchronous reads: this thread does nothing else meanwhile, and a
// thousand small files cost a fraction of what as many promises do.
function readDataDir(root) {
  const version = Number.parseInt(readFileSync(join(root, "PG_VERSION"), "utf8"), 10) || 0;
  const plan = walPlan(root);
  const entries = [];
  const walk = (relative) => {
    for (const e of readdirSync(relative ? join(root, relative) : root, { withFileTypes: true })) {
      const path = relative ? relative + "/" + e.name : e.name;
      if (e.isDirectory()) {
        if (templateDatabase(path, version)) continue;
        entries.push({ path, folder: true, bytes: undefined });
        walk(path);
      } else if (e.isFile()) {
        try {
          if (relative === "pg_wal" && !walSegmentNeeded(join(root, path), e.name, statSync(join(root, path)).size, plan)) continue;
          entries.push({ path, folder: false, bytes: readFileSync(join(root, path)) });
        } catch (err) {
          // A file PostgreSQL removed while the directory was read (a recycled WAL segment, a dropped relation) is not part of the snapshot.
          if (err.code !== "ENOENT") throw err;
        }
      }
    }
  };
  walk("");
  return entries;
}
class SnapshotFS extends MemoryFS {
  constructor(entries) {
    super();
    this.entries = entries;
  }
  async init(pg, options) {
    const { emscriptenOpts } = await super.init(pg, options);
    const fill = (mod) => {
      mod.FS.mkdirTree(DATA_DIR);
      for (const e of this.entries) {
        const path = DATA_DIR + "/" + e.path;
        if (e.folder) mod.FS.mkdir(path);
        // The bytes were read for this snapshot alone: the in-memory file takes them without a copy.
        else mod.FS.writeFile(path, e.bytes, { canOwn: true });
      }
      this.entries = [];
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), fill] } };
  }
}
let db;
const handle = {
  async open({ dataDir }) {
    const parts = await pgliteRuntime();
    const entries = readDataDir(dataDir);
    const opening = new PGlite({
      fs: new SnapshotFS(entries),
      initialMemory: workerData.initialMemory,
      startParams: [...PGlite.defaultStartParams, ...workerData.settings.flatMap((setting) => ["-c", setting])],
      ...parts,
    });
    try {
      await opening.waitReady;
    } catch (err) {
      await opening.close().catch(() => {});
      throw err;
    }
    db = opening;
  },
  async rows({ sql }) {
    return (await db.query(sql, [], { rowMode: "array" })).rows;
  },
  async rowsOfEach({ queries }) {
    const out = [];
    for (const sql of queries) out.push((await db.query(sql, [], { rowMode: "array" })).rows);
    return out;
  },
  async exec({ sql }) {
    await db.exec(sql);
  },
  async close() {
    const closing = db;
    db = undefined;
    await closing?.close();
  },
};
parentPort.on("message", async (request) => {
  try {
    parentPort.postMessage({ id: request.id, ok: true, value: await handle[request.op](request) });
  } catch (err) {
    parentPort.postMessage({ id: request.id, ok: false, name: String(err?.name ?? "Error"), code: err?.code === undefined ? undefined : String(err.code) });
  }
});
`;

/** A failure the snapshot thread reported: its name and SQLSTATE only (a message could quote values). */
class SnapshotThreadError extends Error {
  constructor(
    override readonly name: string,
    readonly code: string | undefined,
  ) {
    super(`${name}${code ? ` ${code}` : ""}`);
  }
}

/** One snapshot thread: a request at a time, answered in order. */
class SnapshotThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  private nextId = 0;
  /** Set when the thread died: it is not used again. */
  broken = false;

  constructor() {
    // The CommonJS build has __filename and no import.meta.url; the ESM build the reverse.
    const require = createRequire(typeof __filename === "string" ? __filename : import.meta.url);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pglite: require.resolve("@electric-sql/pglite"), settings: SNAPSHOT_SETTINGS, initialMemory: SNAPSHOT_INITIAL_MEMORY },
    });
    // An idle thread does not keep the kit's process alive.
    this.worker.unref();
    this.worker.on("message", (answer: { id: number; ok: boolean; value?: unknown; name?: string; code?: string }) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (answer.ok) waiting?.resolve(answer.value);
      else waiting?.reject(new SnapshotThreadError(answer.name ?? "Error", answer.code));
    });
    const fail = () => {
      this.broken = true;
      for (const waiting of this.pending.values()) waiting.reject(new SnapshotThreadError("SnapshotThreadExited", undefined));
      this.pending.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", fail);
  }

  call<T>(op: "open" | "rows" | "rowsOfEach" | "exec" | "close", fields: Record<string, unknown> = {}): Promise<T> {
    if (this.broken) return Promise.reject(new SnapshotThreadError("SnapshotThreadExited", undefined));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ id, op, ...fields });
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }
}

/** Threads with no snapshot open, kept for the next scan (one per scan running at once, so a few at most). */
const idleThreads: SnapshotThread[] = [];

/**
 * Opens a snapshot of a PGlite data directory. PGlite is single-process:
 * opening the testee's live directory could run recovery on it behind the
 * testee's back, so the kit reads every file into memory and starts its own
 * PGlite on that copy, on a thread of its own (see {@link WORKER_SOURCE});
 * the original is only ever read.
 */
export async function openPgliteCopy(dataDir: string): Promise<SqlConnection> {
  const isDir = await stat(dataDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new DatabaseScanError("unreachable", `PGlite data directory ${dataDir} does not exist`);
  let thread = idleThreads.pop();
  while (thread?.broken) thread = idleThreads.pop();
  thread ??= new SnapshotThread();
  const open = thread;
  try {
    await open.call("open", { dataDir });
  } catch (err) {
    if (!open.broken) idleThreads.push(open);
    throw new DatabaseScanError("unreachable", `cannot open a copy of PGlite data directory ${dataDir}: ${(err as Error).name}`);
  }
  let closed = false;
  return {
    rows: (sql) => open.call<unknown[][]>("rows", { sql }),
    rowsOfEach: (queries) => open.call<unknown[][][]>("rowsOfEach", { queries }),
    exec: (sql) => open.call<void>("exec", { sql }),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await open.call("close");
      } finally {
        if (!open.broken) idleThreads.push(open);
      }
    },
  };
}
