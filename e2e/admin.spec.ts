import { checkPageAtBothSizes, seriousAxeViolations, VIEWPORTS } from './a11y';
import { expect, test } from './fixtures';
import type { Browser, Page } from '@playwright/test';

/** Signs in as someone in a fresh browser context (their own cookies) and returns the page. */
async function signInElsewhere(browser: Browser, baseURL: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
  return page;
}

test('an admin creates an API key, copies it, and revokes it only after confirming', async ({ adminPage: page, playwright, baseURL, context }) => {
  await expect(page.getByRole('heading', { name: 'Index health' })).toBeVisible();
  await expect(page.getByText('People indexed', { exact: true })).toBeVisible();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  const name = `e2e key ${Date.now()}`;
  await page.locator('#key-name').fill(name);
  await page.locator('#key-role').selectOption('recruiter');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())?.trim() ?? '';
  expect(key).toMatch(/^sk_/);
  await page.getByRole('button', { name: 'Copy key' }).click();
  await expect(page.getByText('Copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  // A fresh request context: no session cookie, only the key.
  const api = await playwright.request.newContext({ baseURL });
  const ok = await api.post('/api/v1/search', { headers: { Authorization: `Bearer ${key}` }, data: { requirements: [], pageSize: 5 } });
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { total: number; hits: unknown[] };
  expect(body.total).toBeGreaterThan(0);
  expect(body.hits.length).toBeLessThanOrEqual(5);
  const bad = await api.post('/api/v1/search', { headers: { Authorization: `Bearer ${key}` }, data: { requirements: [{ skill: 'ddat:no-such-skill', minLevel: 9 }] } });
  expect(bad.status()).toBe(422);

  // Revoke asks first; cancelling changes nothing and gives focus back to the button.
  const row = page.getByTestId('api-key').filter({ hasText: name });
  const revoke = row.getByRole('button', { name: 'Revoke' });
  await revoke.click();
  const dialog = page.getByRole('dialog', { name: `Revoke the key "${name}"?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(key.slice(0, 10));
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  // The open dialog passes axe and fits a phone.
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.setViewportSize(VIEWPORTS.mobile);
  await expect(dialog.getByRole('button', { name: 'Revoke key' })).toBeInViewport();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.setViewportSize(VIEWPORTS.desktop);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(revoke).toBeFocused();
  expect((await api.post('/api/v1/search', { headers: { Authorization: `Bearer ${key}` }, data: { requirements: [] } })).status()).toBe(200);

  await revoke.click();
  await dialog.getByRole('button', { name: 'Revoke key' }).click();
  await expect(row.getByText('revoked')).toBeVisible();
  const refused = await api.post('/api/v1/search', { headers: { Authorization: `Bearer ${key}` }, data: { requirements: [] } });
  expect(refused.status()).toBe(401);
  await api.dispose();
});

test('reindex progress belongs to the new run from the first second', async ({ adminPage: page }) => {
  const start = page.getByRole('button', { name: 'Rebuild search index' });
  const progress = page.getByRole('progressbar', { name: 'Reindex progress' });
  for (let run = 1; run <= 2; run++) {
    await start.click();
    // At once, before the server has answered: a bar at 0 %, never the previous run's 100 %.
    await expect(progress).toBeVisible({ timeout: 1000 });
    await expect(progress).toHaveAttribute('aria-valuenow', '0', { timeout: 1000 });
    await expect(page.getByTestId('reindex-progress')).toContainText(/^0 % · /);
    await expect(page.getByTestId('reindex-last-run')).toBeHidden();
    // Then the run finishes and the page says so, with the number of people indexed.
    await expect(page.getByTestId('reindex-last-run')).toContainText(/Last rebuild finished at .*: [\d,]+ people indexed/, { timeout: 60_000 });
    await expect(progress).toBeHidden();
  }
});

test('an admin invites a user, changes their role, deactivates them (sign-in and session refused) and finds it all in the audit log', async ({ adminPage: page, browser, baseURL }) => {
  test.setTimeout(120_000);
  const email = `invited-${Date.now()}@example.org`;
  await page.locator('#invite-name').fill('Invited Person');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.locator('#invite-role').selectOption('recruiter');
  await page.getByRole('button', { name: 'Invite user' }).click();
  const password = ((await page.getByTestId('initial-password').textContent()) ?? '').trim();
  expect(password.length).toBeGreaterThanOrEqual(16);
  const row = page.getByTestId('admin-user').filter({ hasText: email });
  await expect(row).toContainText('active');

  // They sign in with it and land where a recruiter lands.
  const theirs = await signInElsewhere(browser, baseURL!, email, password);
  await expect(theirs).toHaveURL(/\/search/);
  await expect(theirs.getByRole('heading', { name: 'Search people', level: 1 })).toBeVisible();

  // A manager must have a department; the change applies to their open session at once.
  await row.getByLabel('Role of Invited Person', { exact: true }).selectOption('manager');
  await row.getByRole('button', { name: 'Save role of Invited Person' }).click();
  await expect(row.getByRole('alert')).toContainText('department');
  await row.getByLabel('Department of Invited Person', { exact: true }).selectOption({ label: 'Data' });
  await row.getByRole('button', { name: 'Save role of Invited Person' }).click();
  await expect(row.getByText('Saved.')).toBeVisible();
  await theirs.goto('/roles');
  await expect(theirs.getByRole('banner')).toContainText('manager');

  // Deactivate asks first; then their session stops working and so does their password.
  await row.getByRole('button', { name: 'Deactivate Invited Person' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deactivate Invited Person?' });
  await expect(dialog).toContainText(email);
  await dialog.getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('deactivated');
  await theirs.goto('/roles');
  await expect(theirs).toHaveURL(/\/signin/);
  await theirs.getByLabel('Email').fill(email);
  await theirs.getByLabel('Password').fill(password);
  await theirs.getByRole('button', { name: /sign in/i }).click();
  // Next's route announcer is also an alert region: look for ours by its text.
  await expect(theirs.getByRole('alert').filter({ hasText: 'That email or password is not right' })).toBeVisible();
  const api = await theirs.request.get('/api/v1/skills?q=data');
  expect(api.status()).toBe(401);
  await theirs.context().close();

  // An admin cannot deactivate themselves: their own row has no such button.
  await expect(page.getByTestId('admin-user').filter({ hasText: 'admin@skillproof.demo' }).getByRole('button', { name: /^Deactivate/ })).toHaveCount(0);

  // The audit log, filtered in the URL: this person's record, newest first.
  await page.getByRole('link', { name: 'Open the audit log' }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await page.getByLabel('Action').selectOption('user.deactivate');
  await page.getByLabel(/^Who/).fill('admin@skillproof.demo');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/action=user.deactivate/);
  await expect(page).toHaveURL(/actor=admin%40skillproof.demo/);
  const entries = page.getByTestId('audit-entry');
  await expect(entries.first()).toBeVisible();
  await expect(entries.first()).toContainText('user.deactivate');
  // The same URL in another tab shows the same view (shareable).
  const shared = await page.context().newPage();
  await shared.goto(page.url());
  await expect(shared.getByTestId('audit-entry').first()).toContainText('user.deactivate');
  await expect(shared.getByLabel('Action')).toHaveValue('user.deactivate');
  await shared.close();
  // Filtering by the subject lists the invite, the role change and the deactivation.
  const userId = await entries.first().getAttribute('data-subject-id');
  await page.goto(`/admin/audit?subjectType=user&subject=${encodeURIComponent(userId!)}`);
  await expect(page.getByTestId('audit-entry')).toHaveCount(3);
  await expect(page.getByTestId('audit-log')).toContainText('user.invite');
  await expect(page.getByTestId('audit-log')).toContainText('user.role');
  await checkPageAtBothSizes(page, 'admin-audit');

  // A bad date in a hand-edited link is named and ignored, not a crash.
  await page.goto('/admin/audit?from=yesterday&action=user.invite');
  await expect(page.getByText(/is not a valid "from" date/)).toBeVisible();
  await expect(page.getByTestId('audit-entry').first()).toContainText('user.invite');
});

test('the health endpoint reports the database, the engine and the backlog', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.ok()).toBeTruthy();
  const body = (await res.json()) as { database: { ok: boolean }; engine: { ok: boolean; kind: string }; backlog: { pending: number } };
  expect(body.database.ok).toBe(true);
  expect(body.engine.kind).toBe('embedded');
  expect(body.engine.ok).toBe(true);
  expect(typeof body.backlog.pending).toBe('number');
});
