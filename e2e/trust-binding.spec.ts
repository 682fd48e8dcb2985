// Journeys for issue 11 items 5 and 6: HR attaches a credential issued to someone else only by an
// explicit, reasoned override (keyboard only), which the profile then shows as not counted; an
// admin manages the trusted-issuer list; a recruiter's "trusted issuers only" lives in the URL.
import { expect, test } from './fixtures';
import { signPythonBadge } from './sign-credential';

test('HR: a badge issued to someone else is refused, then attached by override with a reason, and never counts', async ({ hrPage: page }) => {
  await page.goto('/import');
  await page.getByLabel('Name or email').fill('a');
  await page.getByLabel('Name or email').press('Enter');
  await page.getByRole('list', { name: 'Matching people' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/import\?person=/);

  const badge = await signPythonBadge(`someone-else-${Date.now()}@example.org`, 3);
  await page.getByLabel('Credential files').setInputFiles({ name: 'not-theirs.jwt', mimeType: 'application/jwt', buffer: badge });
  const refused = page.getByTestId('import-item').first();
  await expect(refused).toContainText('Not imported');
  await expect(refused).toContainText(/issued to mailto:someone-else-/);

  // Keyboard only: focus the reason, type it, submit with Enter.
  const reason = refused.getByLabel(/Attach anyway \(HR override\)/);
  await reason.focus();
  await page.keyboard.type('Issued to her personal address; confirmed with the issuer');
  await page.keyboard.press('Enter');

  const attached = page.getByTestId('import-item').nth(1);
  await expect(attached).toContainText('attached by override');
  await expect(attached.getByTestId('import-result')).toContainText('Attached by override');
  await expect(attached.getByTestId('import-result')).toContainText('overridden');

  // The profile flags it and counts nothing from it.
  await attached.getByTestId('import-result').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/people\//);
  const credential = page.getByTestId('credential').filter({ hasText: 'overridden' }).first();
  await expect(credential).toContainText('never counts toward verified levels');
  await expect(credential).toContainText('Issued to her personal address');
});

test('admin: add an issuer to the trusted list, take it off, import a list; the change is on the page', async ({ adminPage: page }) => {
  await page.goto('/admin');
  const section = page.getByTestId('trusted-issuers');
  await expect(section.getByRole('heading', { name: 'Trusted issuers' })).toBeVisible();
  // The demo's own issuers are trusted by the seed.
  await expect(section.getByTestId('issuer-row').filter({ hasText: 'Government Digital and Data Academy' })).toContainText('trusted');

  const did = `did:web:registrar-${Date.now()}.example.edu`;
  await section.getByLabel('DID or URL').fill(did);
  await section.getByLabel('Name (optional)', { exact: true }).fill('E2E Registrar');
  await section.getByRole('button', { name: 'Trust this issuer' }).click();
  await expect(section.getByRole('alert').or(section.getByText(`Trusted: ${did}`))).toContainText(`Trusted: ${did}`);
  const row = section.locator(`[data-issuer-id="${did}"]`);
  await expect(row).toContainText('trusted');
  await expect(row).toContainText('admin');

  await row.getByRole('button', { name: 'Remove from list: E2E Registrar' }).click();
  await expect(row).toContainText('not trusted');

  await section.getByLabel('or paste it').fill(`# partners\n${did}\nhttps://badges-${Date.now()}.example.org/issuer\nnot-an-issuer\n`);
  await section.getByLabel('Source name (optional)').fill('E2E partner list');
  await section.getByRole('button', { name: 'Import and trust' }).click();
  await expect(section.getByText(/2 issuers trusted from the list/)).toBeVisible();
  await expect(section.getByText(/1 line skipped/)).toBeVisible();
  await expect(row).toContainText('registry: E2E partner list');

  // A bad id is a clear message, not a crash.
  await section.getByLabel('DID or URL').fill('javascript:alert(1)');
  await section.getByRole('button', { name: 'Trust this issuer' }).click();
  await expect(section.getByText(/not a DID|Check the issuer/).first()).toBeVisible();
});

test('recruiter: "Trusted issuers only" is a checkbox that lives in the URL', async ({ recruiterPage: page }) => {
  await page.goto('/search?r=onet:python~2');
  const box = page.getByLabel('Trusted issuers only');
  await expect(box).not.toBeChecked();
  // The box reflects the URL: clicking navigates, and the page comes back with it ticked.
  await box.click();
  await expect(page).toHaveURL(/trusted=1/);
  await expect(page.getByLabel('Trusted issuers only')).toBeChecked();
  await expect(page.getByTestId('result-count')).toContainText('levels from trusted issuers only');
  await page.reload();
  await expect(page.getByLabel('Trusted issuers only')).toBeChecked();
});
