import { DEMO_USERS, expect, signIn, test, type Persona } from './fixtures';

test.describe('sign-in per persona', () => {
  for (const persona of Object.keys(DEMO_USERS) as Persona[]) {
    test(`${persona} signs in and lands on their page`, async ({ page }) => {
      await signIn(page, persona);
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      await expect(page.getByRole('button', { name: /sign out/i })).toBeVisible();
    });
  }
});

test('a wrong password is refused with a clear message and no session', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(DEMO_USERS.recruiter.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: /sign in/i }).click();
  // Next's route announcer is also an alert region: look for ours by its text.
  await expect(page.getByRole('alert').filter({ hasText: /email or password/i })).toBeVisible();
  await page.goto('/search');
  await expect(page).toHaveURL(/\/signin/);
});

test('an unknown user gets the same message as a wrong password', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password').fill('whatever-password');
  await page.getByRole('button', { name: /sign in/i }).click();
  // Next's route announcer is also an alert region: look for ours by its text.
  await expect(page.getByRole('alert').filter({ hasText: /email or password/i })).toBeVisible();
});

test('anonymous visitors are sent to sign-in and refused by the API', async ({ page, request }) => {
  for (const path of ['/search', '/admin', '/insights', '/roles', '/import']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/signin/);
  }
  const api = await request.post('/api/v1/search', { data: { requirements: [] } });
  expect(api.status()).toBe(401);
  const health = await request.get('/api/health');
  expect(health.ok()).toBeTruthy();
});

test('a recruiter cannot open the admin page', async ({ recruiterPage: page }) => {
  const response = await page.goto('/admin');
  expect([403, 404]).toContain(response?.status());
  await expect(page.getByRole('heading', { name: /index health/i })).toHaveCount(0);
});

test('signing out ends the session', async ({ recruiterPage: page }) => {
  await page.getByRole('button', { name: /sign out/i }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto('/search');
  await expect(page).toHaveURL(/\/signin/);
});
