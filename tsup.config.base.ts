import { defineConfig, type Options } from "tsup";

/** Every published package ships ESM + CJS + .d.ts built the same way. */
export function packageConfig(entry: Options["entry"] = ["src/index.ts"], extra: Options = {}) {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    ...extra,
  });
}
