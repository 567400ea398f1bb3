import { describe, expect, it } from "vitest";
import {
  codecNames,
  describeDifference,
  knownDifferencesFile,
  refreshedKnownDifferences,
  selectorFor,
  tallyDifferences,
  type ObservedDifference,
} from "../../src/interop/index.js";
import { checkedInVectors, knownDifferences, observedDifferences, regenerateCommand } from "./interop-fixtures.js";

/** What an entry for an unexplained difference would have to say, for the failure message. */
function wouldNeed(d: ObservedDifference): string {
  return `${describeDifference(d)} -> {"codec":"${d.codec}","direction":"${d.direction}","aspect":"${d.aspect}","fields":"${selectorFor(d.field, d.aspect)}"}`;
}

const packages = [...new Set(checkedInVectors().map((t) => t.schema.file.proto.package))].sort();

describe("protobuf-es, ts-proto and protobufjs on the golden vectors", () => {
  for (const codec of codecNames) {
    describe(codec, () => {
      for (const pkg of packages) {
        it(`decodes every golden vector of ${pkg} to the golden JSON and encodes its JSON to the golden bytes, but for known differences`, () => {
          const mine = observedDifferences().filter((d) => d.codec === codec && d.typeName.startsWith(`${pkg}.`));
          const tally = tallyDifferences(knownDifferences().differences, mine);
          expect(
            tally.unexplained.map(wouldNeed),
            `Differences no entry of golden/${knownDifferencesFile} explains. Fix the codec, or record the difference there with an explanation.`,
          ).toEqual([]);
          expect(tally.ambiguous.map((a) => `${describeDifference(a.difference)}: ${a.ids.join(", ")}`), "explained by more than one entry").toEqual([]);
        });
      }
    });
  }

  it("protobuf-es, the reference, agrees with every vector in both directions", () => {
    expect(observedDifferences().filter((d) => d.codec === "protobuf-es").map(describeDifference)).toEqual([]);
  });

  it("protobufjs agrees with every vector in both directions", () => {
    // Not a law of nature: protobufjs could legitimately differ, and an entry would say so. Today it does not.
    expect(observedDifferences().filter((d) => d.codec === "protobufjs").map(describeDifference)).toEqual([]);
  });

  it("every known difference still occurs, as often as listed, with the listed examples", () => {
    const known = knownDifferences().differences;
    const tally = tallyDifferences(known, observedDifferences());
    const current = refreshedKnownDifferences(known, tally);
    const stale = current.filter((k, i) => k.occurrences !== known[i].occurrences || JSON.stringify(k.examples) !== JSON.stringify(known[i].examples));
    expect(
      stale.map((k) => `${k.id}: listed ${known.find((o) => o.id === k.id)!.occurrences}, observed ${k.occurrences}`),
      `golden/${knownDifferencesFile} is out of date; \`${regenerateCommand}\` refreshes the counts (and the review of its diff says why they moved)`,
    ).toEqual([]);
    expect(current.filter((k) => k.occurrences === 0).map((k) => k.id), "entries that explain nothing any more must be deleted").toEqual([]);
  });
});
