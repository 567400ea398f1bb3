// bench/policy: the cost of enforcing the pact on the way to the cloud.
// Baseline: plain protobuf-es encode + decode of the band's sync records.
// Candidate: forHop (policy projection) + the same encode + decode.
// Target (issue 2): at most 1.2x for the band's sync record.
import { createRegistry, fromBinary, toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { messageArbitrary } from "@datapact/arbitrary";
import { consentSnapshot, forHop, planFor } from "@datapact/policy";
import { Hop, pactFiles, Purpose } from "@datapact/proto";
import fc from "fast-check";
import { compare, report } from "../support/compare.js";

const typeName = process.argv[2] ?? "datapact.devices.band.v1.BandSyncRecord";
const schema = createRegistry(...pactFiles).getMessage(typeName) as DescMessage | undefined;
if (!schema) {
  console.error(`bench/policy: unknown message type ${typeName}`);
  process.exit(2);
}

// A day of band data per record: long repeated sample lists, seeded so runs compare.
const records = fc.sample(messageArbitrary(schema, { maxLength: 120, maxDepth: 3 }), { seed: 20261124, numRuns: 40 }) as Message[];
const bytes = records.reduce((n, r) => n + toBinary(schema, r as never).length, 0);
const plan = planFor(schema);
const product = plan.productId;
const fns = new Set<string>();
for (const p of [plan]) if (p.fn) fns.add(p.fn);
const everything = consentSnapshot({ [product]: { purposes: [Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING], enabledFunctions: [...fns] } });
const functionalityOnly = consentSnapshot({ [product]: { purposes: [Purpose.FUNCTIONALITY], enabledFunctions: [...fns] } });

const ITER = 5;
const plain = {
  name: "encode + decode",
  run() {
    for (let i = 0; i < ITER; i++) for (const r of records) fromBinary(schema, toBinary(schema, r as never));
  },
};
const enforced = (consentName: string, consent: typeof everything) => ({
  name: `forHop(${consentName}) + encode + decode`,
  run() {
    for (let i = 0; i < ITER; i++)
      for (const r of records) fromBinary(schema, toBinary(schema, forHop(schema, r as never, Hop.APP_CLOUD, consent)));
  },
});

console.log(`bench/policy: ${typeName}, ${records.length} records, ${(bytes / records.length / 1024).toFixed(1)} KiB each on average, node ${process.version}`);
report("all purposes consented", compare(plain, enforced("all consented", everything)), 1.2);
report("functionality only (analytics fields dropped, copies made)", compare(plain, enforced("functionality only", functionalityOnly)), 1.2);
