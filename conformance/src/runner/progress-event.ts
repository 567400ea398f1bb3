import type { InvariantVerdict } from "./verdict.js";

/** What the runner reports while it works, for progress displays. */
export type ProgressEvent =
  | { readonly kind: "testee-ready"; readonly description: string; readonly name: string; readonly version: string }
  | { readonly kind: "invariant-start"; readonly id: string; readonly index: number; readonly total: number }
  | { readonly kind: "scenario"; readonly id: string; readonly run: number; readonly runs: number; readonly phase: "search" | "shrink" }
  | { readonly kind: "invariant-end"; readonly verdict: InvariantVerdict }
  | { readonly kind: "testee-restart"; readonly reason: string };

/** Receives progress events. */
export type ProgressListener = (event: ProgressEvent) => void;
