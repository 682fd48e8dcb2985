import { describe, expect, test } from 'vitest';
import { ACCOUNT_POLICY, CLIENT_POLICY, SignInThrottle, clientKeyFromHeaders } from './sign-in-throttle';
import { refuseThrottledSignIn } from './refuse-throttled-sign-in';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('sign-in throttle', () => {
  test('an account is refused after a handful of failures, for longer with each further failure', () => {
    const c = clock();
    const throttle = new SignInThrottle(c.now);
    const attempt = { email: 'recruiter@skillproof.demo', client: '10.0.0.1' };
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures - 1; i++) {
      throttle.recordFailure(attempt);
      expect(throttle.retryAfterSeconds(attempt)).toBe(0);
    }
    throttle.recordFailure(attempt);
    expect(throttle.retryAfterSeconds(attempt)).toBe(ACCOUNT_POLICY.baseBlockMs / 1000);
    // From another client too: the account is what is being guessed.
    expect(throttle.retryAfterSeconds({ ...attempt, client: '10.0.0.2' })).toBeGreaterThan(0);
    // Case and spaces do not make a new account.
    expect(throttle.retryAfterSeconds({ email: ' Recruiter@Skillproof.demo ', client: '10.0.0.3' })).toBeGreaterThan(0);
    c.advance(ACCOUNT_POLICY.baseBlockMs);
    expect(throttle.retryAfterSeconds(attempt)).toBe(0);
    throttle.recordFailure(attempt);
    expect(throttle.retryAfterSeconds(attempt)).toBe((ACCOUNT_POLICY.baseBlockMs * 2) / 1000);
  });

  test('successes are never counted, and a success clears the account', () => {
    const throttle = new SignInThrottle(clock().now);
    const attempt = { email: 'hr@skillproof.demo', client: '127.0.0.1' };
    for (let i = 0; i < 100; i++) throttle.recordSuccess(attempt);
    expect(throttle.retryAfterSeconds(attempt)).toBe(0);
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures - 1; i++) throttle.recordFailure(attempt);
    throttle.recordSuccess(attempt);
    throttle.recordFailure(attempt);
    expect(throttle.retryAfterSeconds(attempt)).toBe(0);
  });

  test('one client trying many accounts is refused on its own count', () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < CLIENT_POLICY.maxFailures; i++) throttle.recordFailure({ email: `user${i}@example.com`, client: '192.0.2.7' });
    expect(throttle.retryAfterSeconds({ email: 'fresh@example.com', client: '192.0.2.7' })).toBe(CLIENT_POLICY.baseBlockMs / 1000);
    expect(throttle.retryAfterSeconds({ email: 'fresh@example.com', client: '192.0.2.8' })).toBe(0);
  });

  test('failures older than the window are forgotten', () => {
    const c = clock();
    const throttle = new SignInThrottle(c.now);
    const attempt = { email: 'manager@skillproof.demo', client: 'x' };
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures - 1; i++) throttle.recordFailure(attempt);
    c.advance(ACCOUNT_POLICY.windowMs + 1);
    throttle.recordFailure(attempt);
    expect(throttle.retryAfterSeconds(attempt)).toBe(0);
  });

  test.each([
    [{ 'x-forwarded-for': '203.0.113.5' }, '203.0.113.5'],
    [{ 'x-forwarded-for': 'spoofed, 203.0.113.9' }, '203.0.113.9'],
    [{}, 'unknown'],
    [{ 'x-forwarded-for': ['a', 'b'] }, 'b'],
  ])('client key from %j is %s', (headers, expected) => {
    expect(clientKeyFromHeaders(headers)).toBe(expected);
    const asHeaders = new Headers();
    for (const [k, v] of Object.entries(headers)) asHeaders.set(k, Array.isArray(v) ? v.join(',') : String(v));
    expect(clientKeyFromHeaders(asHeaders)).toBe(expected);
  });
});

describe('the auth route refusing throttled password sign-ins', () => {
  const post = (email: string, client: string) =>
    new Request('http://localhost:3000/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': client },
      body: new URLSearchParams({ email, password: 'wrong', csrfToken: 't', json: 'true' }).toString(),
    });

  test('answers 429 with Retry-After and a body the sign-in form understands, once over the limit', async () => {
    const { getSignInThrottle } = await import('./sign-in-throttle');
    const email = `throttled-${crypto.randomUUID()}@example.com`;
    expect(await refuseThrottledSignIn(post(email, '198.51.100.1'))).toBeNull();
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures; i++) getSignInThrottle().recordFailure({ email, client: '198.51.100.1' });
    const refused = await refuseThrottledSignIn(post(email, '198.51.100.2'));
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused!.json()) as { url: string };
    expect(new URL(body.url).searchParams.get('error')).toBe('TooManyAttempts');
    // Other routes of next-auth (session reads, sign-out) are never refused.
    expect(await refuseThrottledSignIn(new Request('http://localhost:3000/api/auth/signout', { method: 'POST', body: `email=${email}` }))).toBeNull();
  });
});
