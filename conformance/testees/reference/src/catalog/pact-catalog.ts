import { createRegistry, type DescFile, type DescMessage, type Registry } from "@bufbuild/protobuf";
import { MessageCatalog } from "@datapact/device";
import { planFor, productOf } from "@datapact/policy";
import { pactFiles, Purpose } from "@datapact/proto";

/**
 * What the reference testee knows about the pact, read from the schemas and
 * asked of the policy engine: which products it implements, the link
 * catalog of each, and the message types records may be of.
 */
export class PactCatalog {
  readonly registry: Registry;
  /** Product ids of device products (the platform's own services are not a device). */
  readonly productIds: readonly string[];
  private readonly filesByProduct = new Map<string, DescFile[]>();
  private readonly linkCatalogs = new Map<string, MessageCatalog>();

  constructor(files: readonly DescFile[] = pactFiles) {
    this.registry = createRegistry(...files);
    for (const file of files) {
      const id = productOf(file)?.id;
      if (!id || !file.proto.package.startsWith("datapact.devices.")) continue;
      const list = this.filesByProduct.get(id) ?? [];
      list.push(file);
      this.filesByProduct.set(id, list);
    }
    this.productIds = [...this.filesByProduct.keys()].sort();
  }

  /** Whether the testee implements `productId`. */
  hasProduct(productId: string): boolean {
    return this.filesByProduct.has(productId);
  }

  /** The message types a device of `productId` and its app exchange over the link. */
  linkCatalog(productId: string): MessageCatalog {
    let catalog = this.linkCatalogs.get(productId);
    if (!catalog) {
      catalog = MessageCatalog.fromFiles(this.filesByProduct.get(productId) ?? []);
      this.linkCatalogs.set(productId, catalog);
    }
    return catalog;
  }

  /** The schema of a message type of the pact, if there is one. */
  message(typeName: string): DescMessage | undefined {
    return this.registry.getMessage(typeName);
  }

  /** Every purpose some field of `productId` declares, in enum order. */
  declaredPurposes(productId: string): Purpose[] {
    const purposes = new Set<Purpose>();
    for (const file of this.filesByProduct.get(productId) ?? []) {
      for (const message of file.messages) for (const p of planFor(message).declaredPurposes) purposes.add(p);
    }
    return [...purposes].sort((a, b) => a - b);
  }
}
