import { STORAGE_LOCATIONS, type StorageLocation } from "@datapact/cloud";
import { CommandError, ExitCode } from "../../exit-codes.js";

/** A manufacturer to register at start: `--manufacturer ID=PRODUCT[,PRODUCT…]`. */
export interface ManufacturerArgument {
  readonly manufacturerId: string;
  readonly productIds: readonly string[];
}

/** What `datapact serve` was asked to do. */
export interface ServeArguments {
  /** 0 picks a free port. */
  readonly port: number;
  /** A postgres:// URL; undefined means DATABASE_URL, else embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** PGlite only: keep the database (and generated development secrets) here. */
  readonly dataDir: string | undefined;
  readonly manufacturers: readonly ManufacturerArgument[];
  /** Print the start-up summary as one JSON object. */
  readonly json: boolean;
  readonly logLevel: "debug" | "info" | "warn" | "error";
  /** The one storage location this node serves (residency); undefined serves every region from one database. */
  readonly location: StorageLocation | undefined;
}

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const LEVELS = new Set(["debug", "info", "warn", "error"]);

function usage(message: string): CommandError {
  return new CommandError(ExitCode.Usage, `${message} (see datapact serve --help)`);
}

/** Parses `datapact serve` arguments; throws a usage CommandError for anything it does not know. */
export function parseServeArguments(args: readonly string[]): ServeArguments {
  let port = 8080;
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  let json = false;
  let logLevel: ServeArguments["logLevel"] = "info";
  let location: StorageLocation | undefined;
  const manufacturers: ManufacturerArgument[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === "") throw usage(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--port": {
        const v = value();
        if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw usage("--port must be a port number (0 picks a free one)");
        port = Number(v);
        break;
      }
      case "--database-url":
        databaseUrl = value();
        if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw usage("--database-url must be a postgres:// URL");
        break;
      case "--data-dir":
        dataDir = value();
        break;
      case "--manufacturer": {
        const v = value();
        const [id, products] = v.split("=", 2);
        const productIds = (products ?? "").split(",").filter((p) => p !== "");
        if (!id || !ID.test(id) || productIds.length === 0 || productIds.some((p) => !ID.test(p))) throw usage("--manufacturer takes ID=PRODUCT[,PRODUCT…]");
        manufacturers.push({ manufacturerId: id, productIds });
        break;
      }
      case "--location": {
        const v = value();
        if (!(STORAGE_LOCATIONS as readonly string[]).includes(v)) throw usage(`--location is one of ${STORAGE_LOCATIONS.join(", ")}`);
        location = v as StorageLocation;
        break;
      }
      case "--json":
        json = true;
        break;
      case "--log-level": {
        const v = value();
        if (!LEVELS.has(v)) throw usage("--log-level is one of debug, info, warn, error");
        logLevel = v as ServeArguments["logLevel"];
        break;
      }
      default:
        throw usage(`unknown option '${arg}'`);
    }
  }
  if (databaseUrl !== undefined && dataDir !== undefined) throw usage("--data-dir is for the embedded database; it does not go with --database-url");
  return { port, databaseUrl, dataDir, manufacturers, json, logLevel, location };
}
