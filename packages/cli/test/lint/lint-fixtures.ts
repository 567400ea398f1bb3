import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** packages/cli/test/fixtures/lint: `broken/` (one file per rule) and `clean/`. */
export const fixturesDir = resolve(here, "..", "fixtures", "lint");

/** The repository root. */
export const repoRoot = resolve(here, "..", "..", "..", "..");

const workDirs = new Set<string>();

/** A fresh temporary directory for a lint test, removed by {@link removeLintWorkDirs}. */
export function lintWorkDir(prefix = "datapact-lint-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  workDirs.add(dir);
  return dir;
}

/** Removes every directory {@link lintWorkDir} made in this test file: call it from afterAll. */
export function removeLintWorkDirs(): void {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
  workDirs.clear();
}

/** buf from the root devDependencies. */
export const bufBinary = join(repoRoot, "node_modules", ".bin", "buf");

/**
 * Compiles `dirs` (relative to the fixtures dir, kept at the same relative
 * paths) with the pact's vocabulary into a buf image, as a manufacturer would
 * with `buf build -o image.binpb`, and returns the image's path. `{work}` in
 * `extraBufArgs` stands for the directory compiled.
 */
export function compileFixtures(dirs: readonly string[], extraBufArgs: readonly string[] = []): string {
  const work = lintWorkDir();
  const vocabulary = join(work, "datapact", "privacy", "v1");
  mkdirSync(vocabulary, { recursive: true });
  const source = join(repoRoot, "proto", "datapact", "privacy", "v1");
  for (const name of readdirSync(source)) cpSync(join(source, name), join(vocabulary, name));
  for (const dir of dirs) cpSync(join(fixturesDir, dir), join(work, dir), { recursive: true });
  writeFileSync(join(work, "buf.yaml"), "version: v2\n");
  const image = join(work, "image.binpb");
  const args = extraBufArgs.map((a) => a.replace("{work}", work));
  execFileSync(bufBinary, ["build", work, "-o", image, ...args], { stdio: "pipe" });
  return image;
}

/** Captures what a command writes. */
export function captureIO(cwd: string) {
  let stdout = "";
  let stderr = "";
  return {
    io: {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      cwd,
      interactive: false,
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
