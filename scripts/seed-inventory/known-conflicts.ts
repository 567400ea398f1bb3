/**
 * The rows of seed 000 that SEED-MECHANISMS.md ("Conflicts and ambiguities
 * the pact must resolve") names, by line, with what a schema must decide.
 * Conflict 13 (blank cells) is settled by the carry rule and needs no record;
 * conflict 6 (MQTT) is found from the cell itself.
 */
export interface KnownConflict {
  readonly conflict: number;
  /** Why a field of this row needs a decision record. */
  readonly decide: string | null;
}

const conflictsByLine = new Map<number, KnownConflict[]>();

function add(conflict: number, lines: readonly number[], decide: string | null): void {
  for (const line of lines) {
    const list = conflictsByLine.get(line) ?? [];
    list.push({ conflict, decide });
    conflictsByLine.set(line, list);
  }
}

add(1, [1048], "conflict 1: the prose says notifications are displayed and not stored; the table keeps them on the device until unpair");
add(2, [735, 736], "conflict 2: the prose says firewall and Wi-Fi optimisation data are not stored on servers; the table stores them per user request");
add(3, [832], "conflict 3: the prose keeps camera clips 7 days; the table keeps them per user request");
add(4, [324], "conflict 4: the prose encrypts GPS location at rest; the table says no encryption");
add(5, [421], "conflict 5: the prose encrypts body-fit results at rest; the table says no encryption");
add(9, [307], "conflict 9: the card number is not stored in the cloud, yet the table sends it over App<-->Cloud and keeps it per user request");
add(10, [588], "conflict 10: a device-local PIN is labelled anonymized data used for analytics");
add(11, [1029, 1030], "conflict 11: sensitive data used to compute and display results is labelled analytics only");
add(12, [1037], 'conflict 12: "Photos" sits under the category Location');
add(12, [941], 'conflict 12: "Device ID" sits under the category Contact information');
add(12, [834], null); // "User data" is read as Usage data; a schema that says so agrees with the reading
add(13, [305, 306, 316, 317, 318, 319], null);

/** The known conflicts of the row at `line` of seed 000. */
export function conflictsAt(line: number): readonly KnownConflict[] {
  return conflictsByLine.get(line) ?? [];
}
