/**
 * Which functions the user turned on, per product, as the device knows it
 * (set by the app's `SetFunctionRequest` control messages). Every function
 * starts off; the policy consults this only for functions that are off by
 * default.
 */
export class FunctionSwitches {
  private readonly on = new Map<string, Set<string>>();
  // Functions the user explicitly turned off, so that one on by default can be stopped too.
  private readonly off = new Map<string, Set<string>>();
  private readonly listeners = new Set<(productId: string, fn: string, enabled: boolean) => void>();

  /** Whether `fn` of `productId` was turned on. */
  isEnabled(productId: string, fn: string): boolean {
    return this.on.get(productId)?.has(fn) ?? false;
  }

  /** Whether `fn` of `productId` was explicitly turned off. */
  isDisabled(productId: string, fn: string): boolean {
    return this.off.get(productId)?.has(fn) ?? false;
  }

  /** Turns a function on or off; returns whether anything changed. */
  set(productId: string, fn: string, enabled: boolean): boolean {
    if (this.isEnabled(productId, fn) === enabled && this.isDisabled(productId, fn) === !enabled) return false;
    const [add, remove] = enabled ? [this.on, this.off] : [this.off, this.on];
    let fns = add.get(productId);
    if (!fns) add.set(productId, (fns = new Set()));
    fns.add(fn);
    remove.get(productId)?.delete(fn);
    for (const l of [...this.listeners]) l(productId, fn, enabled);
    return true;
  }

  /** Every function that is on, by product. */
  enabled(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [product, fns] of this.on) if (fns.size > 0) out[product] = [...fns].sort();
    return out;
  }

  /** Calls `listener` on every change, so producers can stop at once. */
  onChange(listener: (productId: string, fn: string, enabled: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every function explicitly turned off, by product. */
  disabled(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [product, fns] of this.off) if (fns.size > 0) out[product] = [...fns].sort();
    return out;
  }

  /** Back to factory state: every switch forgotten (off-by-default functions off, others at their default). */
  reset(): void {
    for (const [product, fns] of this.on) for (const fn of [...fns]) this.set(product, fn, false);
    this.on.clear();
    this.off.clear();
  }
}
