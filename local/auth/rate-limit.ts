/**
 * Per-client request budgets as Supabase Auth keeps them (e.g. 30 sign-ins/sign-ups and 150 token
 * refreshes per 5 minutes per IP in the CLI's config). Fixed windows, kept in memory.
 */
export interface RateLimit {
  /** Requests allowed per window and client. */
  limit: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly rule: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `key`; false when its budget for the current window is spent. */
  take(key: string): boolean {
    const now = this.now();
    if (this.windows.size > 10_000) this.prune(now);
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + this.rule.windowMs });
      return this.rule.limit >= 1;
    }
    window.count += 1;
    return window.count <= this.rule.limit;
  }

  private prune(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
