import { accessSync, constants, statfsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";

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
