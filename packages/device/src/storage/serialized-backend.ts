import type { KeyValueBackend } from "./key-value-backend.js";

/**
 * Runs the operations of a backend one at a time, in call order, so an
 * erase queued after a write always runs after it: nothing written before
 * an unbind survives it.
 */
export class SerializedBackend implements KeyValueBackend {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly inner: KeyValueBackend) {}

  private run<T>(op: () => Promise<T>): Promise<T> {
    const result = this.tail.then(op);
    this.tail = result.catch(() => undefined);
    return result;
  }

  read(key: string): Promise<Uint8Array | undefined> {
    return this.run(() => this.inner.read(key));
  }

  write(key: string, value: Uint8Array): Promise<void> {
    const copy = value.slice();
    return this.run(() => this.inner.write(key, copy));
  }

  remove(key: string): Promise<boolean> {
    return this.run(() => this.inner.remove(key));
  }

  list(): Promise<string[]> {
    return this.run(() => this.inner.list());
  }

  clear(): Promise<void> {
    return this.run(() => this.inner.clear());
  }
}
