// Sign-in throttling: failures, never successes, are counted, per account and per client. After a
// handful of failures the next attempt is answered 429 with Retry-After until the window has passed;
// the wait doubles with each further failure (capped), so guessing a password is slow while a person
// who mistyped twice is not held up. Demo users are throttled like everyone else.
//
// Counts live in this process's memory, bounded in entries: a restart forgets them, and several web
// nodes each keep their own (an attacker spreading attempts over N nodes gets N times the budget).
// Recorded as a decision in docs/foundation.md.

export type ThrottlePolicy = {
  /** Failures allowed in the window before attempts are refused. */
  maxFailures: number;
  windowMs: number;
  /** First refusal lasts this long; each further failure doubles it, up to maxBlockMs. */
  baseBlockMs: number;
  maxBlockMs: number;
};

/** Per account (whatever client tries it): guessing one person's password. */
export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, baseBlockMs: 30_000, maxBlockMs: 15 * 60_000 };
/** Per client address (whatever account): trying many accounts from one place. */
export const CLIENT_POLICY: ThrottlePolicy = { maxFailures: 20, windowMs: 15 * 60_000, baseBlockMs: 60_000, maxBlockMs: 15 * 60_000 };

type Entry = { failures: number; firstAt: number; blockedUntil: number };

const MAX_ENTRIES = 50_000;

export class FailureCounter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly policy: ThrottlePolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  retryAfterMs(key: string): number {
    const entry = this.current(key);
    return entry ? Math.max(0, entry.blockedUntil - this.now()) : 0;
  }

  recordFailure(key: string): void {
    const now = this.now();
    const entry = this.current(key) ?? { failures: 0, firstAt: now, blockedUntil: 0 };
    entry.failures += 1;
    const over = entry.failures - this.policy.maxFailures;
    if (over >= 0) entry.blockedUntil = now + Math.min(this.policy.maxBlockMs, this.policy.baseBlockMs * 2 ** Math.min(over, 20));
    // Re-insert so the Map's order is least recently failed first, which is what eviction drops.
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    // The window restarts once it has passed and no refusal is running.
    if (now - entry.firstAt > this.policy.windowMs && entry.blockedUntil <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

export class SignInThrottle {
  readonly accounts: FailureCounter;
  readonly clients: FailureCounter;

  constructor(now: () => number = Date.now, policies = { account: ACCOUNT_POLICY, client: CLIENT_POLICY }) {
    this.accounts = new FailureCounter(policies.account, now);
    this.clients = new FailureCounter(policies.client, now);
  }

  /** Seconds to wait before this account may be tried from this client; 0 when it may be now. */
  retryAfterSeconds(attempt: { email: string; client: string }): number {
    const ms = Math.max(this.accounts.retryAfterMs(accountKey(attempt.email)), this.clients.retryAfterMs(attempt.client));
    return Math.ceil(ms / 1000);
  }

  recordFailure(attempt: { email: string; client: string }): void {
    this.accounts.recordFailure(accountKey(attempt.email));
    this.clients.recordFailure(attempt.client);
  }

  /** A correct password clears the account's count (not the client's: it may be trying many accounts). */
  recordSuccess(attempt: { email: string }): void {
    this.accounts.reset(accountKey(attempt.email));
  }
}

function accountKey(email: string): string {
  return email.trim().toLowerCase().slice(0, 320);
}

/**
 * The client's address as the web server saw it. Next sets X-Forwarded-For to the socket's address
 * when the request has none; behind a reverse proxy the proxy appends the address it saw, so the
 * right-most entry is the one a client cannot choose. A client talking to `next start` directly can
 * send its own header and so pick its per-client key, which is why accounts are counted on their own.
 */
export function clientKeyFromHeaders(headers: { get(name: string): string | null } | Record<string, unknown>): string {
  const raw = typeof (headers as { get?: unknown }).get === 'function' ? (headers as { get(name: string): string | null }).get('x-forwarded-for') : (headers as Record<string, unknown>)['x-forwarded-for'];
  const value = Array.isArray(raw) ? raw.join(',') : typeof raw === 'string' ? raw : '';
  const last = value.split(',').map((part) => part.trim()).filter(Boolean).pop();
  return (last ?? 'unknown').slice(0, 100);
}

const globalForThrottle = globalThis as unknown as { skillproofSignInThrottle?: SignInThrottle };

/** The process-wide throttle, shared by the auth route (which refuses) and authorize (which records). */
export function getSignInThrottle(): SignInThrottle {
  return (globalForThrottle.skillproofSignInThrottle ??= new SignInThrottle());
}
