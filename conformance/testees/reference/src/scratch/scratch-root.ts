import { accessSync, constants, statfsSync, statSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** RAM-backed file systems, where fsync is free. */
const MEMORY_ROOTS = ["/dev/shm"];

/** Room a certification's scratch files need at most: two cloud data directories per testee (~60 MB each) and the apps' files, with margin. */
const ROOM_NEEDED = 1024 * 2 ** 20;

let chosen: string | undefined;

/**
 * Where the reference testee keeps its scratch files: the cloud's PGlite
 * data directories and each app's files, all made for one testee process
 * and removed when it ends. A RAM-backed file system when there is one with
 * room to spare, else the system's temporary directory.
 *
 * The app SDK and PostgreSQL fsync what they write, as they must on a
 * phone or a server; here the files are scratch, and on a disk-backed /tmp
 * the thousands of fsyncs of a certification cost about a seventh of the
 * testee's CPU time and stretch every step. A container's /dev/shm is often
 * 64 MB, too small for one data directory: then /tmp it is.
 */
export function scratchRoot(): string {
  chosen ??= MEMORY_ROOTS.find(roomy) ?? tmpdir();
  return chosen;
}

function roomy(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    accessSync(dir, constants.W_OK);
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize >= ROOM_NEEDED;
  } catch {
    return false;
  }
}

/** Names of the reference testee's scratch directories: what they hold, then the owning process. */
const SCRATCH_NAME = /^datapact-reference-[a-z0-9-]+-p(\d+)-[A-Za-z0-9]{6}$/;

/**
 * A fresh directory under {@link scratchRoot} for `what` ("db", "app-a1"),
 * named after this process so that {@link sweepAbandonedScratchDirs} can
 * tell whose it is.
 */
export function makeScratchDir(what: string): Promise<string> {
  return mkdtemp(join(scratchRoot(), `datapact-reference-${what}-p${process.pid}-`));
}

/**
 * Removes the scratch directories of reference testees that are no longer
 * running. A testee removes its own when it exits, but one killed first
 * (SIGKILL, a crash) cannot, and under /dev/shm what it left holds memory
 * until the machine restarts. Returns how many it removed.
 */
export async function sweepAbandonedScratchDirs(): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(scratchRoot());
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid = Number(SCRATCH_NAME.exec(name)?.[1]);
    if (!pid || pid === process.pid || running(pid)) continue;
    await rm(join(scratchRoot(), name), { recursive: true, force: true }).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, someone else's.
    return (err as { code?: string }).code === "EPERM";
  }
}
