import { Lru } from './lru';

/**
 * Reads remembered with the change counter they were made at (change-counters.ts): an entry
 * is given only to a caller holding that same counter, and a caller holding another empties
 * the cache first, since every entry was read before (or after) a change it has not seen.
 * A value read at one version is kept only while the cache is at that version: a slow read
 * that finishes after a newer caller has emptied the cache is dropped, never kept as current.
 * Absent things (`undefined`: no such username, no such ULN) are remembered as well.
 * docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md
 */
export class VersionedCache<V> {
  private version: number | undefined;
  private readonly entries: Lru<string, { value: V }>;

  constructor(capacity: number) {
    this.entries = new Lru(capacity);
  }

  /** The value read at `version`, if it is remembered: `{ value }`, where value may be undefined (known absent). */
  get(key: string, version: number): { value: V } | undefined {
    this.moveTo(version);
    return this.entries.get(key);
  }

  set(key: string, value: V, version: number): void {
    if (version === this.version) this.entries.set(key, { value });
  }

  /** The value for `key` at `version`: remembered, or read and then remembered. */
  async through(key: string, version: number, read: () => Promise<V>): Promise<V> {
    const remembered = this.get(key, version);
    if (remembered) return remembered.value;
    const value = await read();
    this.set(key, value, version);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  private moveTo(version: number): void {
    if (version === this.version) return;
    this.entries.clear();
    this.version = version;
  }
}
