// Journey: HR imports credentials for a person on /import and reads the per-item report.
// The credential is signed here, for real (VC-JWT, EdDSA, by a fresh did:key issuer), for the email
// of the person picked in the UI; a 1EdTech example that is not valid JSON shows the failure path.
// (The app's own signing code is not imported: Playwright's loader cannot load its JSON contexts.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { signPythonBadge } from './sign-credential';

// Playwright runs from the project root; the fixtures sit beside it (../shared).
const FIXTURES = path.resolve(process.cwd(), '../shared/fixtures/credentials');

test('HR imports a signed badge for a person, sees it verified with its skill, and a re-upload is idempotent', async ({ hrPage: page }) => {
  await page.goto('/import');
  await expect(page.getByRole('heading', { name: 'Import credentials' })).toBeVisible();

  // Pick a person by name through the search form (keyboard: type and press Enter).
  await page.getByLabel('Name or email').fill('a');
  await page.getByLabel('Name or email').press('Enter');
  const firstMatch = page.getByRole('list', { name: 'Matching people' }).getByRole('link').first();
  await expect(firstMatch).toBeVisible();
  await firstMatch.click();
  await expect(page).toHaveURL(/\/import\?person=/);
  const target = page.getByTestId('import-target');
  await expect(target).toContainText('Importing for');
  const email = (await target.textContent())!.match(/\(([^)]+@[^)]+)\)/)![1]!;

  const badge = await signPythonBadge(email, 3);
  await page.getByLabel('Credential files').setInputFiles({ name: 'python-practitioner.jwt', mimeType: 'application/jwt', buffer: badge });

  const item = page.getByTestId('import-item').first();
  await expect(item).toContainText('done');
  const result = item.getByTestId('import-result');
  await expect(result).toContainText('Imported');
  await expect(result).toContainText('verified');
  await expect(result).toContainText('Playwright Test Academy');
  await expect(result.getByRole('list', { name: 'Skills found' })).toContainText(/Python · 3 Practitioner/);
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute('aria-valuenow', '1');

  // The same file again, plus a malformed example from the OB 2.0 spec: one is a no-op, one is refused with its reason.
  const malformed = readFileSync(path.join(FIXTURES, '1edtech-spec/extracted/ob2-spec-example-02.MALFORMED.json.txt'));
  await page.getByLabel('Credential files').setInputFiles([
    { name: 'python-practitioner.jwt', mimeType: 'application/jwt', buffer: badge },
    { name: 'ob2-spec-example-02.json', mimeType: 'application/json', buffer: malformed },
  ]);
  const items = page.getByTestId('import-item');
  await expect(items).toHaveCount(3);
  await expect(items.nth(1)).toContainText('Already imported');
  await expect(items.nth(2)).toContainText('Not imported');
  await expect(items.nth(2).getByRole('list', { name: 'Verification checks' })).toContainText('parse');
  await expect(page.getByText(/Done: 3 items\./)).toBeVisible();

  // The person's profile now lists the badge.
  await result.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/people\//);
  // (Some mentions sit in collapsed provenance panels: the credential timeline shows it openly.)
  await expect(page.getByText('Python: Practitioner').filter({ visible: true }).first()).toBeVisible();
});

test('a file over the size limit is refused before upload with a clear message', async ({ hrPage: page }) => {
  await page.goto('/import');
  await page.getByLabel('Credential files').setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(6 * 1024 * 1024, 32) });
  await expect(page.getByTestId('import-item').first().getByRole('alert')).toContainText(/limit is 5\.0 MB/);
});

test('a manager has no import page', async ({ managerPage: page }) => {
  // The dashboard streams (loading.tsx), so the answer is the not-found page rather than a bare 404 status.
  await page.goto('/import');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByLabel('Credential files')).toHaveCount(0);
});

test('the import API answers machines with reports and clear 4xx errors', async ({ hrPage: page, playwright }) => {
  // Signed in (the page's cookies): a JSON body with a compact VC-JWT, matched by recipient email.
  const anon = await playwright.request.newContext({ baseURL: page.url() });
  expect((await anon.post('/api/v1/credentials', { data: { matchByRecipient: true, credential: 'x.y.z' } })).status()).toBe(401);
  await anon.dispose();

  const noTarget = await page.request.post('/api/v1/credentials', { data: { credential: { hello: 'world' } } });
  expect(noTarget.status()).toBe(422);
  expect((await noTarget.json()).error.fieldErrors.personId).toBeTruthy();

  const unknown = await page.request.post('/api/v1/credentials', { data: { personId: 'no-such-person', credential: { hello: 'world' } } });
  expect(unknown.status()).toBe(404);

  const tooBig = await page.request.post('/api/v1/credentials', { data: { matchByRecipient: true, credential: 'a'.repeat(6 * 1024 * 1024) } });
  expect(tooBig.status()).toBe(413);

  const badge = await signPythonBadge('nobody-here@example.com', 3);
  const ok = await page.request.post('/api/v1/credentials', { data: { matchByRecipient: true, credential: badge.toString() } });
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { items: { outcome: string; message: string; status: string }[] };
  expect(body.items).toHaveLength(1);
  expect(body.items[0]).toMatchObject({ outcome: 'rejected', status: 'verified' });
  expect(body.items[0]!.message).toMatch(/recipient identity/);
});
