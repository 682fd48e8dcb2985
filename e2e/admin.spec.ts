import { expect, test } from './fixtures';

test('an admin sees index health and creates an API key that the search API accepts until revoked', async ({ adminPage: page, playwright, baseURL }) => {
  await expect(page.getByRole('heading', { name: 'Index health' })).toBeVisible();
  await expect(page.getByText('People indexed', { exact: true })).toBeVisible();

  const name = `e2e key ${Date.now()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Role').selectOption('recruiter');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())?.trim() ?? '';
  expect(key).toMatch(/^sk_/);

  // A fresh request context: no session cookie, only the key.
  const api = await playwright.request.newContext({ baseURL });
  const ok = await api.post('/api/v1/search', { headers: { Authorization: `Bearer ${key}` }, data: { requirements: [], pageSize: 5 } });
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { total: number; hits: unknown[] };
  expect(body.total).toBeGreaterThan(0);
  expect(body.hits.length).toBeLessThanOrEqual(5);

  const bad = await api.post('/api/v1/search', { headers: { Authorization: `Bearer ${key}` }, data: { requirements: [{ skill: 'ddat:no-such-skill', minLevel: 9 }] } });
  expect(bad.status()).toBe(422);

  await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('row', { name: new RegExp(name) }).getByText('revoked')).toBeVisible();
  const refused = await api.post('/api/v1/search', { headers: { Authorization: `Bearer ${key}` }, data: { requirements: [] } });
  expect(refused.status()).toBe(401);
  await api.dispose();
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
