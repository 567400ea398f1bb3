/** The values that occur more than once in `values`, in first-repeat order. */
export function repeatedValues<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const twice: T[] = [];
  for (const v of values) {
    if (seen.has(v) && !twice.includes(v)) twice.push(v);
    seen.add(v);
  }
  return twice;
}
