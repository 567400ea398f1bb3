import { describe, expect, it } from "vitest";
import { DataKeyCache } from "../../src/keys/data-key-cache.js";

const key = (n: number) => new Uint8Array(32).fill(n);

describe("DataKeyCache", () => {
  it("holds at most its capacity, evicting the least recently used", () => {
    const cache = new DataKeyCache(2, 60_000);
    cache.set("a", key(1));
    cache.set("b", key(2));
    expect(cache.get("a")?.[0]).toBe(1); // a is now the most recent
    cache.set("c", key(3));
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.[0]).toBe(1);
    expect(cache.get("c")?.[0]).toBe(3);
  });

  it("forgets entries after their time to live", () => {
    let now = 1000;
    const cache = new DataKeyCache(10, 50, () => now);
    cache.set("a", key(1));
    now += 49;
    expect(cache.get("a")).toBeDefined();
    now += 1;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("hands out copies, so zeroing an evicted entry never zeroes a key in use", () => {
    const cache = new DataKeyCache(10, 60_000);
    cache.set("a", key(7));
    const inUse = cache.get("a")!;
    cache.delete("a");
    expect(inUse[0]).toBe(7);
    inUse.fill(0);
    cache.set("a", key(7));
    expect(cache.get("a")![0]).toBe(7);
  });

  it("caches nothing with capacity 0", () => {
    const cache = new DataKeyCache(0, 60_000);
    cache.set("a", key(1));
    expect(cache.get("a")).toBeUndefined();
  });
});
