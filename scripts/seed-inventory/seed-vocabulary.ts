import type { SeedRetention, SeedStorage, SeedTransit } from "../../packages/policy/src/inventory/seed-row.js";

/**
 * The seed's words for each column, read into the pact's vocabulary (the
 * mapping of /work/briefs/common.md, "Seed text -> vocabulary mapping").
 * Each reader returns `undefined` for a cell it cannot read; the caller
 * records that as a note instead of guessing.
 */

/** Category labels of the "Type" column, lower-cased. */
export const categoryByLabel: Readonly<Record<string, string>> = {
  identifiers: "DATA_CATEGORY_IDENTIFIERS",
  "contact information": "DATA_CATEGORY_CONTACT_INFO",
  "financial information": "DATA_CATEGORY_FINANCIAL_INFO",
  "sensitive information": "DATA_CATEGORY_HEALTH_AND_FITNESS",
  location: "DATA_CATEGORY_LOCATION",
  "user content": "DATA_CATEGORY_USER_CONTENT",
  "usage data": "DATA_CATEGORY_USAGE_DATA",
  diagnostics: "DATA_CATEGORY_DIAGNOSTICS",
  "other data": "DATA_CATEGORY_OTHER",
  purchases: "DATA_CATEGORY_PURCHASES",
  contacts: "DATA_CATEGORY_CONTACTS",
  "browsing history": "DATA_CATEGORY_BROWSING_HISTORY",
  "search history": "DATA_CATEGORY_SEARCH_HISTORY",
};

/**
 * Labels the shared mapping does not list, with the reading taken and why.
 * Each becomes a note on the row.
 */
export const categoryReadings: Readonly<Record<string, { category: string; why: string }>> = {
  "user data": {
    category: "DATA_CATEGORY_USAGE_DATA",
    why: 'category "User data" read as Usage data: it labels "Product interaction", which every other table files under Usage data (SEED-MECHANISMS conflict 12)',
  },
  "customer support": {
    category: "DATA_CATEGORY_USER_CONTENT",
    why: 'category "Customer Support" read as User content, where Apple\'s and Google\'s store labels file data a user provides in a support request',
  },
  "user feedback": {
    category: "DATA_CATEGORY_USER_CONTENT",
    why: 'category "User feedback" read as User content, where Apple\'s and Google\'s store labels file data a user provides in a support request',
  },
};

/** What a qualifier cell says: the qualifier and, for the two special cells, the flow. */
export interface QualifierReading {
  readonly qualifier: string;
  readonly flow: string | null;
}

export function readQualifier(cell: string): QualifierReading | undefined {
  const text = cell.toLowerCase();
  if (text === "identified data") return { qualifier: "IDENTIFICATION_QUALIFIER_IDENTIFIED", flow: null };
  if (text === "pseudonymized data") return { qualifier: "IDENTIFICATION_QUALIFIER_PSEUDONYMIZED", flow: null };
  if (text === "anonymized data") return { qualifier: "IDENTIFICATION_QUALIFIER_ANONYMIZED", flow: null };
  if (text.endsWith("only to display on device")) {
    return { qualifier: "IDENTIFICATION_QUALIFIER_IDENTIFIED", flow: "FLOW_DISPLAY_ONLY" };
  }
  if (/bank collects? directly/.test(text)) {
    return { qualifier: "IDENTIFICATION_QUALIFIER_IDENTIFIED", flow: "FLOW_THIRD_PARTY_DIRECT" };
  }
  return undefined;
}

const purposeByWord: Readonly<Record<string, string>> = {
  "app/device functionality": "PURPOSE_FUNCTIONALITY",
  "app functionality": "PURPOSE_FUNCTIONALITY",
  analytics: "PURPOSE_ANALYTICS",
  personalization: "PURPOSE_PERSONALIZATION",
  advertising: "PURPOSE_ADVERTISING",
};

/** "App/device functionality, analytics" -> both purposes; a trailing comma is harmless. */
export function readPurposes(cell: string): string[] | undefined {
  const words = cell
    .split(",")
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== "");
  const purposes = words.map((w) => purposeByWord[w]);
  if (purposes.length === 0 || purposes.some((p) => p === undefined)) return undefined;
  return [...new Set(purposes as string[])];
}

/** Splits "Device: X App<-->Cloud: Y" at its prefixes; text before the first prefix has label "". */
function splitPrefixed(cell: string, prefixes: RegExp): { label: string; value: string }[] {
  const parts: { label: string; value: string }[] = [];
  const found = [...cell.matchAll(prefixes)];
  if (found.length === 0) return [{ label: "", value: cell.trim() }];
  const head = cell.slice(0, found[0].index).trim();
  if (head !== "") parts.push({ label: "", value: head });
  found.forEach((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < found.length ? found[i + 1].index! : cell.length;
    parts.push({ label: m[1], value: cell.slice(start, end).trim() });
  });
  return parts;
}

const transitPrefixes = /(?:^|\s)(Device<-->Cloud|Device<-->App|App<-->Cloud|Device):/gi;
const hopByLabel: Readonly<Record<string, string>> = {
  device: "HOP_DEVICE_APP",
  "device<-->app": "HOP_DEVICE_APP",
  "app<-->cloud": "HOP_APP_CLOUD",
  "device<-->cloud": "HOP_DEVICE_CLOUD",
};

/** What a transmission cell says. */
export interface TransitReading {
  readonly transit: SeedTransit[];
  /** Set when the cell fixes the flow ("Not transmitted"). */
  readonly flow: string | null;
  /** Set when the reading lifts the seed to a protected measure it does not name (MQTT). */
  readonly liftedFromUnnamed: boolean;
}

function readTransitMeasure(value: string): { measure: string; lifted: boolean } | undefined {
  const text = value.toLowerCase();
  if (text === "https") return { measure: "TRANSIT_MEASURE_TLS", lifted: false };
  if (/^https,\s*aes-128$/.test(text)) return { measure: "TRANSIT_MEASURE_TLS_AND_PAYLOAD", lifted: false };
  if (text === "ble") return { measure: "TRANSIT_MEASURE_BLE_LINK", lifted: false };
  if (/^wi-?fi$/.test(text)) return { measure: "TRANSIT_MEASURE_WIFI_WPA", lifted: false };
  // The seed names no encryption for MQTT; the shared mapping reads it as MQTT
  // over TLS and asks for a decision record (SEED-MECHANISMS conflict 6).
  if (text === "mqtt") return { measure: "TRANSIT_MEASURE_MQTT_TLS", lifted: true };
  return undefined;
}

export function readTransit(cell: string): TransitReading | undefined {
  const text = cell.trim();
  if (text === "-") return { transit: [], flow: null, liftedFromUnnamed: false };
  if (/^not transmitted$/i.test(text)) return { transit: [], flow: "FLOW_DEVICE", liftedFromUnnamed: false };
  const transit: SeedTransit[] = [];
  let lifted = false;
  for (const { label, value } of splitPrefixed(text, transitPrefixes)) {
    const measure = readTransitMeasure(value);
    if (!measure) return undefined;
    lifted ||= measure.lifted;
    let hop = label === "" ? undefined : hopByLabel[label.toLowerCase()];
    // Without a hop, BLE and Wi-Fi can only be the device's own link; HTTPS
    // stays hop-less and covers every hop to the cloud.
    if (hop === undefined && /BLE_LINK|WIFI_WPA/.test(measure.measure)) hop = "HOP_DEVICE_APP";
    transit.push(hop ? { hop, measure: measure.measure } : { measure: measure.measure });
  }
  return { transit, flow: null, liftedFromUnnamed: lifted };
}

const tierPrefixes = /(?:^|\s)(App&cloud|Device|App|Cloud):/gi;
const tiersByLabel: Readonly<Record<string, readonly string[]>> = {
  device: ["TIER_DEVICE"],
  app: ["TIER_APP"],
  cloud: ["TIER_CLOUD"],
  "app&cloud": ["TIER_APP", "TIER_CLOUD"],
};
// Inside a tier's value: "User identify info: keycenter AES-128 Logs: AES-256".
const partPrefixes = /(?:^|\s)([A-Z][a-z]+(?: [a-z]+)*):/g;

function readStorageMeasure(value: string): { measure: string; algorithm?: string; note?: string } | undefined {
  const text = value.toLowerCase().replace(/\s+/g, " ").trim();
  if (text.includes("mask with *")) {
    return { measure: "STORAGE_MEASURE_MASKED", note: `"${value}" read as masked storage` };
  }
  if (text === "no encryption" || text === "plain") return { measure: "STORAGE_MEASURE_PLAIN" };
  if (/^(no encryption|plain)\b/.test(text)) {
    return { measure: "STORAGE_MEASURE_PLAIN", note: `"${value}" read as no encryption` };
  }
  if (text === "encryption") return { measure: "STORAGE_MEASURE_FIELD_ENCRYPTED" };
  if (text === "aes-128") return { measure: "STORAGE_MEASURE_FIELD_ENCRYPTED", algorithm: "STORAGE_ALGORITHM_AES_128" };
  if (text === "aes 128+base64") {
    return { measure: "STORAGE_MEASURE_FIELD_ENCRYPTED", algorithm: "STORAGE_ALGORITHM_AES_128_BASE64" };
  }
  if (text === "aes-128 with encryption sdk") {
    return { measure: "STORAGE_MEASURE_FIELD_ENCRYPTED", algorithm: "STORAGE_ALGORITHM_AES_128_ENCRYPTION_SDK" };
  }
  if (text === "keycenter aes-128") {
    return { measure: "STORAGE_MEASURE_FIELD_ENCRYPTED", algorithm: "STORAGE_ALGORITHM_AES_128_KEY_SERVICE" };
  }
  if (text === "aes-256") return { measure: "STORAGE_MEASURE_FIELD_ENCRYPTED", algorithm: "STORAGE_ALGORITHM_AES_256" };
  if (text === "md5") return { measure: "STORAGE_MEASURE_HASHED", algorithm: "STORAGE_ALGORITHM_MD5" };
  if (text === "sha-1") return { measure: "STORAGE_MEASURE_HASHED", algorithm: "STORAGE_ALGORITHM_SHA1" };
  if (text === "not stored" || text === "-") return { measure: "STORAGE_MEASURE_NOT_STORED" };
  return undefined;
}

/** What a storage cell says, and any liberty taken reading it. */
export interface StorageReading {
  readonly storage: SeedStorage[];
  readonly notes: string[];
}

export function readStorage(cell: string): StorageReading | undefined {
  const storage: SeedStorage[] = [];
  const notes: string[] = [];
  for (const { label, value } of splitPrefixed(cell.trim(), tierPrefixes)) {
    const tiers = label === "" ? [undefined] : tiersByLabel[label.toLowerCase()];
    const parts = splitPrefixed(value, partPrefixes);
    for (const part of parts) {
      const measure = readStorageMeasure(part.value);
      if (!measure) return undefined;
      if (measure.note) notes.push(measure.note);
      for (const tier of tiers) {
        storage.push({
          ...(tier ? { tier } : {}),
          measure: measure.measure,
          ...(measure.algorithm ? { algorithm: measure.algorithm } : {}),
          ...(part.label !== "" ? { part: part.label } : {}),
        });
      }
    }
  }
  return { storage, notes: [...new Set(notes)] };
}

function readRetentionKind(value: string): { kind: string; days?: number } | undefined {
  const text = value.toLowerCase().replace(/\s+/g, " ").trim();
  if (text.startsWith("unpair or restore the factory-released binding")) return { kind: "RETENTION_KIND_UNTIL_UNPAIR" };
  if (text === "factory reset") return { kind: "RETENTION_KIND_UNTIL_FACTORY_RESET" };
  if (/^per user('s)? request$/.test(text)) return { kind: "RETENTION_KIND_UNTIL_USER_REQUEST" };
  const days = /^(\d+) days?$/.exec(text);
  if (days) return { kind: "RETENTION_KIND_FIXED_PERIOD", days: Number(days[1]) };
  if (text === "not stored" || text === "n/a" || text === "-") return { kind: "RETENTION_KIND_NOT_STORED" };
  if (text === "uninstall") return { kind: "RETENTION_KIND_UNTIL_UNINSTALL" };
  if (text.startsWith("depends on bank")) return { kind: "RETENTION_KIND_THIRD_PARTY" };
  if (text.startsWith("discarded after milliseconds")) return { kind: "RETENTION_KIND_TRANSIENT" };
  return undefined;
}

export function readRetention(cell: string): SeedRetention[] | undefined {
  const retention: SeedRetention[] = [];
  for (const { label, value } of splitPrefixed(cell.trim(), tierPrefixes)) {
    const tiers = label === "" ? [undefined] : tiersByLabel[label.toLowerCase()];
    const kind = readRetentionKind(value);
    if (!kind) return undefined;
    for (const tier of tiers) retention.push({ ...(tier ? { tier } : {}), ...kind });
  }
  return retention;
}
