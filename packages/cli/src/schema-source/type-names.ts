/** What a fully qualified name (no leading dot) declares. */
export type TypeKind = "message" | "enum" | "extension";

/**
 * Every message, enum and extension name the loaded files declare, and
 * protobuf's scoping rules for resolving a reference written inside a scope.
 */
export class TypeNames {
  private readonly kinds = new Map<string, TypeKind>();

  add(fullName: string, kind: TypeKind): void {
    this.kinds.set(fullName, kind);
  }

  kindOf(fullName: string): TypeKind | undefined {
    return this.kinds.get(fullName);
  }

  /**
   * Resolves `reference` as written inside `scope` (a package or message
   * full name): `.a.B` is absolute; otherwise the innermost enclosing scope
   * that declares it wins, as in protoc. Only names declaring a message or
   * enum (or, with `want` "extension", an extension) count. Returns the full
   * name without the leading dot, or undefined.
   */
  resolve(reference: string, scope: string, want: "type" | "extension" = "type"): string | undefined {
    const fits = (name: string): boolean => {
      const kind = this.kinds.get(name);
      return kind !== undefined && (want === "extension" ? kind === "extension" : kind !== "extension");
    };
    if (reference.startsWith(".")) {
      const name = reference.slice(1);
      return fits(name) ? name : undefined;
    }
    const parts = scope ? scope.split(".") : [];
    for (let n = parts.length; n >= 0; n--) {
      const candidate = [...parts.slice(0, n), reference].join(".");
      if (fits(candidate)) return candidate;
    }
    return undefined;
  }
}
