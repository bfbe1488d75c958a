// In charge of round-robin cursors (alias targets, provider keys); in memory, exportable for persistence.

/** Cursor names, so alias and key cursors never collide. */
export function aliasCursor(groupName: string, alias: string): string {
  return `alias:${groupName}:${alias}`;
}

export function keyCursor(providerId: string): string {
  return `key:${providerId}`;
}

export class RoundRobin {
  private readonly cursors = new Map<string, number>();

  /**
   * The index to start at for this request (0 ≤ index < count), advancing the cursor for the next.
   * Count may change between calls (an edited alias); the cursor is taken modulo the current count.
   * A count below 1 has nothing to rotate over and answers 0 without moving.
   */
  next(key: string, count: number): number {
    if (!Number.isInteger(count) || count < 1) return 0;
    const index = (this.cursors.get(key) ?? 0) % count;
    this.cursors.set(key, (index + 1) % count);
    return index;
  }

  /** Forget one cursor (a deleted alias or provider). */
  reset(key: string): void {
    this.cursors.delete(key);
  }

  /** A plain snapshot of all cursors, e.g. to store as JSON. */
  export(): Record<string, number> {
    return Object.fromEntries(this.cursors);
  }

  /** Restores cursors from `export()`; entries that are not non-negative integers are ignored. */
  import(cursors: unknown): void {
    if (typeof cursors !== "object" || cursors === null || Array.isArray(cursors)) return;
    for (const [key, value] of Object.entries(cursors)) {
      if (Number.isSafeInteger(value) && value >= 0) this.cursors.set(key, value);
    }
  }
}
