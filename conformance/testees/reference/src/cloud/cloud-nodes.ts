import type { StorageLocation } from "@datapact/cloud";
import { conformance } from "@datapact/proto";
import { create } from "@bufbuild/protobuf";
import type { CloudTier } from "./cloud-tier.js";

/** One cloud node and the storage location whose data it holds. */
export interface CloudNode {
  readonly location: StorageLocation;
  readonly tier: CloudTier;
}

/**
 * The testee's cloud as a deployment runs it (decision 0015): one node per
 * storage location, each on a database of its own. The primary node is the
 * one the kit proxies and scans as "the" database; every other location's
 * node is reached directly. A node no account signed up at since the last
 * reset holds nothing, so a reset and a dump pass it over: scenarios that
 * keep to the primary's regions cost what they did with one node.
 */
export class CloudNodes {
  /** Nodes an account signed up at since the last reset (the primary always counts). */
  private readonly used = new Set<CloudNode>();

  constructor(
    /** Every node, the primary first. */
    readonly nodes: readonly CloudNode[],
  ) {
    if (nodes.length === 0) throw new Error("a cloud needs at least one node");
  }

  get primary(): CloudNode {
    return this.nodes[0]!;
  }

  /** The locations the nodes hold, the primary's first. */
  get locations(): StorageLocation[] {
    return this.nodes.map((n) => n.location);
  }

  /** The node holding `location`'s data, if the testee runs one. */
  at(location: StorageLocation): CloudNode | undefined {
    return this.nodes.find((n) => n.location === location);
  }

  /** Notes that an account signed up at `node`: the next reset empties it, dumps list its tables. */
  markUsed(node: CloudNode): void {
    this.used.add(node);
  }

  /** The nodes that may hold data: the primary, and every node an account signed up at since the last reset. */
  inUse(): CloudNode[] {
    return this.nodes.filter((n) => n === this.primary || this.used.has(n));
  }

  /** Empties every node that may hold data. */
  async reset(): Promise<void> {
    for (const node of this.inUse()) await node.tier.reset();
    this.used.clear();
  }

  /**
   * Every table of the nodes in use: the primary's under their own names,
   * another location's as `<location>/<table>`.
   */
  async tables(): Promise<conformance.StoredTable[]> {
    const out: conformance.StoredTable[] = [];
    for (const node of this.inUse()) {
      for (const table of await node.tier.tables()) {
        if (node !== this.primary) table.name = `${node.location}/${table.name}`;
        out.push(table);
      }
    }
    return out;
  }

  /** Where each location's data lives, for `describe`. */
  locationDatabases(): conformance.LocationDatabase[] {
    return this.nodes.map((n) => create(conformance.LocationDatabaseSchema, { location: n.location, databaseUrl: n.tier.databaseUrl, schema: n.tier.db.schema ?? "" }));
  }

  async close(): Promise<void> {
    for (const node of this.nodes) await node.tier.close().catch(() => {});
  }
}
