// Reading a plain object by a key that came from a request. `labels[key]` also finds what every
// object inherits: `constructor`, `toString`, `hasOwnProperty`, `__proto__` (issue 12:
// /search?dept=constructor rendered the Object function as a label and answered 500). Only own
// properties count here.

/** The record's own value for `key`, or undefined (never an inherited member of Object.prototype). */
export function ownValue<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Append `message` to the list at `key`, creating it as an own property (field-error maps). */
export function pushOwn(record: Record<string, string[]>, key: string, message: string): string[] {
  const list = Object.hasOwn(record, key) ? record[key]! : (Object.defineProperty(record, key, { value: [], enumerable: true, writable: true, configurable: true }) as Record<string, string[]>)[key]!;
  list.push(message);
  return list;
}
