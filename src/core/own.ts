/**
 * A table lookup that never finds Object.prototype's members: keys come from the files being
 * checked, and a word such as `constructor` or `toString` must not turn up a function.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
