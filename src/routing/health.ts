// In charge of which targets and keys are resting after failures (cooldowns), so later requests skip them.
import type { ProxyError } from "../unified/errors.ts";

export interface HealthEntry {
  /** `target:<provider>/<model>` or `key:<provider>:<fingerprint>`. */
  id: string;
  /** Epoch ms until which the entry is skipped; Infinity for a key taken out (401/403). */
  until: number;
  failures: number;
  reason: string;
  status?: number;
}

export const BASE_COOLDOWN_MS = 2_000;
export const MAX_COOLDOWN_MS = 300_000;

const fingerprints = new Map<string, string>();

/** A short, stable, non-reversible name for a key (never the key itself); memoised: it is asked on every request. */
export function keyFingerprint(key: string): string {
  let fingerprint = fingerprints.get(key);
  if (fingerprint === undefined) {
    fingerprint = new Bun.CryptoHasher("sha256").update(key).digest("hex").slice(0, 10);
    if (fingerprints.size > 10_000) fingerprints.clear();
    fingerprints.set(key, fingerprint);
  }
  return fingerprint;
}

export const targetId = (provider: string, model: string) => `target:${provider}/${model}`;
export const keyId = (provider: string, key: string) => `key:${provider}:${keyFingerprint(key)}`;

/**
 * Failures put an entry to rest: 429 and 5xx/connection errors back off
 * exponentially (2 s, 4 s, … 5 min) unless the upstream said Retry-After;
 * 401/403 take a key out until the configuration is reloaded. A success
 * clears the entry. State is plain data so it can be persisted and restored.
 */
export class Health {
  private readonly entries = new Map<string, HealthEntry>();
  private changed = false;

  resting(id: string, now: number): boolean {
    const entry = this.entries.get(id);
    return entry !== undefined && entry.until > now;
  }

  /** Nothing rests (the usual case): callers skip building ids. */
  get empty(): boolean {
    return this.entries.size === 0;
  }

  /** Epoch ms until which the entry rests (0 when healthy). */
  restingUntil(id: string, now: number): number {
    const entry = this.entries.get(id);
    return entry && entry.until > now ? entry.until : 0;
  }

  failure(id: string, error: ProxyError, now: number): HealthEntry {
    const previous = this.entries.get(id);
    const failures = (previous?.failures ?? 0) + 1;
    let until: number;
    if (error.status === 401 || error.status === 403) until = Number.POSITIVE_INFINITY;
    else if (error.retryAfter !== undefined && error.retryAfter > 0) until = now + Math.min(error.retryAfter * 1000, MAX_COOLDOWN_MS * 4);
    else until = now + Math.min(BASE_COOLDOWN_MS * 2 ** (failures - 1), MAX_COOLDOWN_MS);
    const entry: HealthEntry = { id, until, failures, reason: error.message.slice(0, 200), status: error.status };
    this.entries.set(id, entry);
    this.changed = true;
    return entry;
  }

  success(id: string): void {
    if (this.entries.delete(id)) this.changed = true;
  }

  /** Forget everything (a reload brings new keys and targets). */
  clear(): void {
    if (this.entries.size > 0) this.changed = true;
    this.entries.clear();
  }

  list(now: number): HealthEntry[] {
    return [...this.entries.values()].filter((entry) => entry.until > now || entry.until === Number.POSITIVE_INFINITY);
  }

  /** Whether something changed since the last call (for debounced persistence). */
  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  export(): HealthEntry[] {
    return [...this.entries.values()].map((entry) => ({ ...entry, until: entry.until === Number.POSITIVE_INFINITY ? -1 : entry.until }));
  }

  import(value: unknown): void {
    if (!Array.isArray(value)) return;
    for (const raw of value) {
      if (typeof raw !== "object" || raw === null) continue;
      const entry = raw as Partial<HealthEntry>;
      if (typeof entry.id !== "string" || typeof entry.until !== "number" || typeof entry.failures !== "number") continue;
      this.entries.set(entry.id, { id: entry.id, until: entry.until === -1 ? Number.POSITIVE_INFINITY : entry.until, failures: entry.failures, reason: String(entry.reason ?? ""), status: entry.status });
    }
  }
}
