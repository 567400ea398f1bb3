// A running reference cloud for tests: a real server on 127.0.0.1 over a
// real database (PGlite, or the PostgreSQL at DATAPACT_PG_URL in a schema of
// its own), real Connect clients over HTTP/1.1 (Connect protocol) and h2c
// (gRPC protocol), a settable clock and a logger whose output tests scan.
import { create, toBinary, type DescMessage, type DescService, type MessageShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { createBindingProof, deriveFactoryKey, encodeBindingProof, generateX25519KeyPair } from "@datapact/device";
import { consentSnapshot, planFor, statementFor, type ConsentState } from "@datapact/policy";
import { cloud, Purpose, type DataUseStatement } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, type TestContext } from "vitest";
import { createCloudServer, KeyEncryptionKey, MemoryLogger, type CloudServer, type CloudServerOptions, type Database, type DatabaseKind } from "../../src/index.js";
import { closeEngine, openEngine } from "../storage/engines.js";

export const ALL_PURPOSES = [Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING];

/** A clock tests can move. */
export class SettableClock {
  constructor(public at = new Date(Date.UTC(2026, 0, 15, 12))) {}
  now = (): Date => new Date(this.at.getTime());
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export type Protocol = "connect-h1" | "grpc-h2c";
export const PROTOCOLS: readonly Protocol[] = ["connect-h1", "grpc-h2c"];

/** An account created through AccountService. */
export interface TestAccount {
  readonly accountId: string;
  readonly token: string;
}

/** A device bound through BindingService. */
export interface TestDevice {
  readonly deviceId: string;
  readonly deviceKey: string;
  readonly productId: string;
  readonly mac: string;
  readonly serialNumber: string;
}

function bearer(credential: string | undefined, extra: Record<string, string> = {}): Interceptor {
  return (next) => async (req) => {
    if (credential !== undefined) req.header.set("authorization", `Bearer ${credential}`);
    for (const [k, v] of Object.entries(extra)) req.header.set(k, v);
    return next(req);
  };
}

/** Everything a test needs from a running cloud. */
export class CloudFixture {
  private macCounter = 0;

  constructor(
    readonly server: CloudServer,
    readonly db: Database,
    readonly logger: MemoryLogger,
    readonly clock: SettableClock,
    readonly masterKey: Uint8Array,
  ) {}

  /** A transport with optional credentials (a bearer credential and/or raw headers). */
  transport(protocol: Protocol = "connect-h1", credential?: string, headers: Record<string, string> = {}): Transport {
    const interceptors = [bearer(credential, headers)];
    return protocol === "connect-h1"
      ? createConnectTransport({ baseUrl: this.server.url, httpVersion: "1.1", interceptors })
      : createGrpcTransport({ baseUrl: this.server.url, interceptors });
  }

  client<S extends DescService>(service: S, credential?: string, protocol: Protocol = "connect-h1", headers: Record<string, string> = {}): Client<S> {
    return createClient(service, this.transport(protocol, credential, headers));
  }

  async createAccount(region = "eu", protocol: Protocol = "connect-h1"): Promise<TestAccount> {
    const { session } = await this.client(cloud.AccountService, undefined, protocol).createAccount({ region });
    return { accountId: session!.accountId, token: session!.userToken };
  }

  /** Consents to the general policy in force for every purpose it asks; returns the receipt id. */
  async consentToGeneral(account: TestAccount, purposes: readonly Purpose[] = ALL_PURPOSES): Promise<string> {
    const general = this.server.context.policies.general()!;
    const { receipt } = await this.client(cloud.ConsentService, account.token).giveConsent({
      policyKind: cloud.PolicyKind.GENERAL,
      productId: "",
      policyVersion: general.version,
      purposes: [...purposes],
    });
    return receipt!.receiptId;
  }

  async enableFunction(account: TestAccount, productId: string, fn: string, enabled = true): Promise<void> {
    await this.client(cloud.ConsentService, account.token).setFunction({ productId, function: fn, enabled });
  }

  /** Hardware the platform "made": a fresh MAC and serial number whose factory key derives from the fixture's master key. */
  hardware(): { mac: string; serialNumber: string; factoryKey: Uint8Array } {
    const n = ++this.macCounter;
    const mac = ["02", "00", "00", randomBytes(1).toString("hex"), (n >> 8).toString(16).padStart(2, "0"), (n & 0xff).toString(16).padStart(2, "0")]
      .join(":")
      .toUpperCase();
    const serialNumber = `SN-${randomBytes(5).toString("hex").toUpperCase()}`;
    return { mac, serialNumber, factoryKey: deriveFactoryKey(this.masterKey, mac, serialNumber) };
  }

  /** Binds hardware (fresh unless given) of `productId` to the account, as app and device would. */
  async bindDevice(
    account: TestAccount,
    productId: string,
    protocol: Protocol = "connect-h1",
    hardware: { mac: string; serialNumber: string; factoryKey: Uint8Array } = this.hardware(),
  ): Promise<TestDevice> {
    const request = await this.bindRequest(account, productId, hardware, protocol);
    const response = await this.client(cloud.BindingService, account.token, protocol).bindDevice(request);
    return { deviceId: response.device!.deviceId, deviceKey: response.deviceKey, productId, mac: hardware.mac, serialNumber: hardware.serialNumber };
  }

  /** A BindDeviceRequest with a fresh challenge and the device's proof over it (`proofAccountId` lets a test prove for another account). */
  async bindRequest(
    account: TestAccount,
    productId: string,
    hardware: { mac: string; serialNumber: string; factoryKey: Uint8Array },
    protocol: Protocol = "connect-h1",
    proofAccountId = account.accountId,
  ): Promise<cloud.BindDeviceRequest> {
    const { nonce } = await this.client(cloud.BindingService, account.token, protocol).createBindingChallenge({ productId });
    const keys = generateX25519KeyPair();
    const proof = createBindingProof(hardware.factoryKey, {
      accountId: proofAccountId,
      mac: hardware.mac,
      serialNumber: hardware.serialNumber,
      nonce,
      devicePublicKey: keys.publicKey,
    });
    return create(cloud.BindDeviceRequestSchema, {
      productId,
      mac: hardware.mac,
      serialNumber: hardware.serialNumber,
      devicePublicKey: keys.publicKey,
      bindingProof: encodeBindingProof(proof),
    });
  }

  /** Rows of every table of the server's schema, as JSON text per table: to compare before and after. */
  async snapshot(): Promise<Record<string, string>> {
    const { rows: tables } = await this.db.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
    );
    const out: Record<string, string> = {};
    for (const { table_name } of tables) {
      const { rows } = await this.db.query<{ t: string }>(`select t::text as t from ${table_name} t order by 1`);
      out[table_name] = rows.map((r) => r.t).join("\n");
    }
    return out;
  }

  /**
   * Waits until every deletion job the server started (withdrawals run them
   * in the background) has finished; fails after `timeoutMs`.
   */
  async settleDeletions(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.db.query<{ n: number }>("select count(*)::int as n from deletion_jobs where finished_at is null");
      if (rows[0]!.n === 0) return;
      if (Date.now() > until) throw new Error(`${rows[0]!.n} deletion job(s) still open after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async count(table: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    return rows[0]!.n;
  }
}

/** The honest statement for a product message under full consent to its product (what statementFor says). */
export function honestStatement<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>, receiptId: string, policyVersion = "dev-1"): DataUseStatement {
  const plan = planFor(schema);
  const consent: ConsentState = consentSnapshot({ [plan.productId]: { purposes: ALL_PURPOSES, enabledFunctions: plan.fn ? [plan.fn] : [] } });
  return statementFor(schema, message, { consent, policyVersion, consentReceiptId: receiptId });
}

/**
 * A Record envelope of a product message as an app would send it: the
 * honest statement (or `statement`, which replaces it; null leaves it out)
 * and the message as binary.
 */
export function recordOf<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  receiptId: string,
  options: { recordId?: string; deviceId?: string; policyVersion?: string; collectedAt?: Date; statement?: DataUseStatement | null; payload?: Uint8Array } = {},
): cloud.Record {
  const statement = options.statement === null ? undefined : (options.statement ?? honestStatement(schema, message, receiptId, options.policyVersion));
  return create(cloud.RecordSchema, {
    recordId: options.recordId ?? `rec-${randomBytes(6).toString("hex")}`,
    statement,
    payload: options.payload ?? toBinary(schema, message),
    deviceId: options.deviceId ?? "",
    collectedAt: timestampFromDate(options.collectedAt ?? new Date(Date.UTC(2026, 0, 15))),
  });
}

/** Options of {@link useCloud}. */
export type FixtureOptions = Omit<CloudServerOptions, "database" | "logger" | "clock" | "kek" | "secrets">;

/**
 * Starts a cloud on `engine` for the enclosing describe block and returns a
 * getter that yields the fixture, or skips the test (after printing why,
 * once) when PostgreSQL is unreachable.
 */
export function useCloud(engine: DatabaseKind, label: string, options: FixtureOptions = {}): (ctx: TestContext) => CloudFixture {
  let opened: Awaited<ReturnType<typeof openEngine>>;
  let fixture: CloudFixture | undefined;
  beforeAll(async () => {
    opened = await openEngine(engine, label, { migrated: false });
    if (!opened) return;
    const logger = new MemoryLogger();
    const clock = new SettableClock();
    const masterKey = new Uint8Array(randomBytes(32));
    const server = await createCloudServer({
      ...options,
      database: opened.db,
      logger,
      clock,
      kek: KeyEncryptionKey.generate(),
      secrets: { pairwise: new Uint8Array(randomBytes(32)), userTokens: new Uint8Array(randomBytes(32)), factoryMasterKey: masterKey },
    });
    fixture = new CloudFixture(server, opened.db, logger, clock, masterKey);
  }, 120_000);
  afterAll(async () => {
    await fixture?.server.close();
    await closeEngine(opened);
  }, 60_000);
  return (ctx) => {
    if (!fixture) ctx.skip(`${engine} unavailable`);
    return fixture!;
  };
}


/** The Connect status code a call failed with (fails the test when it succeeded). */
export async function codeOf(call: Promise<unknown>): Promise<Code> {
  try {
    await call;
  } catch (err) {
    return ConnectError.from(err).code;
  }
  throw new Error("the call succeeded");
}

/** The call's ConnectError (fails the test when it succeeded). */
export async function errorOf(call: Promise<unknown>): Promise<ConnectError> {
  try {
    await call;
  } catch (err) {
    return ConnectError.from(err);
  }
  throw new Error("the call succeeded");
}
