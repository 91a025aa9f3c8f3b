/**
 * A small least-recently-used map bounded by entry count and by a caller-supplied size, so caches of image
 * features and stored images cannot grow a long session's memory without limit.
 */
export class BoundedLru<K, V> {
  private readonly entries = new Map<K, { value: V; size: number }>();
  private total = 0;

  constructor(private readonly maxEntries: number, private readonly maxSize: number, private readonly onEvict?: (value: V) => void) {}

  get(key: K): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit); // now most recent
    return hit.value;
  }

  set(key: K, value: V, size = 0): void {
    this.delete(key);
    if (size > this.maxSize) return; // larger than the whole budget: not worth evicting everything for
    this.entries.set(key, { value, size });
    this.total += size;
    while (this.entries.size > this.maxEntries || this.total > this.maxSize) {
      const oldest = this.entries.keys().next().value as K;
      this.delete(oldest);
    }
  }

  delete(key: K): void {
    const hit = this.entries.get(key);
    if (!hit) return;
    this.entries.delete(key);
    this.total -= hit.size;
    this.onEvict?.(hit.value);
  }

  clear(): void {
    for (const key of [...this.entries.keys()]) this.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
