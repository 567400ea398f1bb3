#!/usr/bin/env node
// Builds the reference testee (and its --fault variants) into one file:
//
//   node conformance/testees/build-testees.mjs [outDir]
//   node conformance/testees/reference/dist/main.js      # what datapact certify --testee runs
//
// The SDKs (@datapact/app, @datapact/device, @datapact/cloud) are bundled
// from their sources, so the testee never runs a stale build of them; every
// other dependency (the policy engine, the generated pact, Connect, the
// database drivers) is the conformance kit's own, resolved at run time.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";

const here = dirname(fileURLToPath(import.meta.url));
const packages = join(here, "..", "..", "packages");
const sdk = (name) => join(packages, name, "src", "index.ts");

/**
 * Builds conformance/testees/reference/dist/main.js (or `<outDir>/main.js`;
 * it must lie inside conformance/, whose node_modules the bundle resolves
 * its dependencies from); resolves when it is written.
 */
export async function buildTestees(outDir = join(here, "reference", "dist")) {
  await build({
    entry: { main: join(here, "reference", "src", "main.ts") },
    outDir,
    format: ["esm"],
    platform: "node",
    target: "node20",
    bundle: true,
    splitting: false,
    sourcemap: true,
    dts: false,
    clean: true,
    silent: true,
    config: false,
    skipNodeModulesBundle: false,
    external: ["@bufbuild/protobuf", "@connectrpc/connect", "@connectrpc/connect-node", "@datapact/policy", "@datapact/proto", "@electric-sql/pglite", "pg"],
    noExternal: ["@datapact/app", "@datapact/device", "@datapact/cloud"],
    esbuildOptions(options) {
      options.alias = { "@datapact/app": sdk("app"), "@datapact/device": sdk("device"), "@datapact/cloud": sdk("cloud") };
      // Subpath imports (@bufbuild/protobuf/wkt, …) stay external like their packages.
      options.external = [...(options.external ?? []), "@bufbuild/protobuf/*", "@connectrpc/connect/*"];
    },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : join(here, "reference", "dist");
  await buildTestees(outDir);
  process.stderr.write(`built ${join(outDir, "main.js")}\n`);
}
