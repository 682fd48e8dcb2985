// Security headers, sign-in throttling and server-side sign-out in the real app and a real browser
// (issue 12, item 5). Every page of each persona must work under the nonce-based CSP: no violation
// reported, scripts hydrated (charts drawn, forms answer).
import { expect, signIn, test, DEMO_USERS, type Persona } from './fixtures';
import type { Page } from '@playwright/test';

const PAGES: Record<Persona, string[]> = {
  recruiter: ['/search', '/shortlists', '/import'],
  manager: ['/roles'],
  hr: ['/insights', '/insights/people'],
  admin: ['/admin'],
};

async function collectViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  return violations;
}

for (const persona of Object.keys(PAGES) as Persona[]) {
  test(`${persona}'s pages carry the security headers and run under the CSP without a violation`, async ({ page }) => {
    const violations = await collectViolations(page);
    await signIn(page, persona);
    for (const path of PAGES[persona]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      const headers = response!.headers();
      expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(headers['permissions-policy']).toContain('camera=()');
      // Over plain http (the demo) there is no HSTS: it would pin localhost to https.
      expect(headers['strict-transport-security']).toBeUndefined();
      // Compressed by the server by default (HTTP_COMPRESSION=gzip); a browser always asks for gzip.
      expect(headers['content-encoding'], path).toBe('gzip');
      await page.waitForLoadState('networkidle');
    }
    if (persona === 'hr') {
      await page.goto('/insights');
      await expect(page.locator('#supply-demand figure svg').first()).toBeVisible();
    }
    expect(violations).toEqual([]);
  });
}

test('API answers and static files carry the fixed headers; HSTS only behind https', async ({ request, page }) => {
  const api = await request.get('/api/health');
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
  expect(api.headers()['strict-transport-security']).toBeUndefined();
  const overHttps = await request.get('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
  expect(overHttps.headers()['strict-transport-security']).toMatch(/max-age=\d+/);
  await page.goto('/signin');
  const script = await page.locator('script[src^="/_next/static/"]').first().getAttribute('src');
  const asset = await request.get(script!);
  expect(asset.ok()).toBeTruthy();
  expect(asset.headers()['x-content-type-options']).toBe('nosniff');
  expect(asset.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
});

test('repeated wrong passwords are answered 429 with Retry-After, and the form says so', async ({ page }) => {
  // An account nobody uses elsewhere in the suite, so other journeys are not held up.
  const email = `throttle-${Date.now()}@skillproof.demo`;
  await page.goto('/signin');
  const statuses: number[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/auth/callback/credentials')) statuses.push(r.status());
  });
  for (let i = 0; i < 6; i++) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(`wrong-${i}`);
    await page.getByRole('button', { name: /sign in/i }).click();
    await expect(page.getByRole('button', { name: /sign in/i })).toBeEnabled();
  }
  await expect(page.getByRole('alert').filter({ hasText: /too many failed sign-ins/i })).toBeVisible();
  expect(statuses.slice(0, 5).every((s) => s !== 429)).toBeTruthy();
  expect(statuses.at(-1)).toBe(429);
  const csrf = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const refused = await page.request.post('/api/auth/callback/credentials', { form: { csrfToken: csrf.csrfToken, email, password: 'again', json: 'true' } });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
});

test('signing out revokes the session on the server: a copy of the cookie no longer works', async ({ page, context }) => {
  await signIn(page, 'recruiter');
  const copied = await context.cookies();
  expect(copied.some((c) => c.name.endsWith('next-auth.session-token'))).toBeTruthy();
  expect((await page.request.post('/api/v1/search', { data: { requirements: [] } })).status()).toBe(200);
  await page.getByRole('button', { name: /sign out/i }).click();
  await expect(page).toHaveURL(/\/signin/);
  // Put the old cookie back, as someone who copied it would.
  await context.addCookies(copied);
  expect((await page.request.post('/api/v1/search', { data: { requirements: [] } })).status()).toBe(401);
  await page.goto('/search');
  await expect(page).toHaveURL(/\/signin/);
  expect(DEMO_USERS.recruiter.email).toBeTruthy();
});
