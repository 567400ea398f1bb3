import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CertificationResult } from "../runner/verdict.js";
import { htmlReport } from "./html-report.js";
import { jsonReport } from "./json-report.js";
import { junitReport } from "./junit-report.js";

/** The files {@link writeReports} writes. */
export interface ReportFiles {
  readonly json: string;
  readonly junit: string;
  readonly html: string;
}

/** Writes report.json, junit.xml and report.html into `dir` (created if need be). */
export async function writeReports(result: CertificationResult, dir: string): Promise<ReportFiles> {
  await mkdir(dir, { recursive: true });
  const files = { json: join(dir, "report.json"), junit: join(dir, "junit.xml"), html: join(dir, "report.html") };
  await writeFile(files.json, jsonReport(result));
  await writeFile(files.junit, junitReport(result));
  await writeFile(files.html, htmlReport(result));
  return files;
}
