import type { Page, Route } from '@playwright/test';
import { expect, test } from './fixtures';

// Forms whose controls React drives are disabled until the page has hydrated (components/ui/hydrated.tsx):
// before this, a stage picked while the page's scripts were still loading was overwritten by React's first
// render and the old stage was saved under a "Saved." message (CI caught it as a flaky journey). Here the
// scripts are held back on purpose, so the window is wide and the test deterministic.

/** Hold every script chunk of the next navigation until `release()` (routing also bypasses the HTTP cache). */
async function holdScripts(page: Page): Promise<{ release: () => Promise<void> }> {
  const held: Route[] = [];
  let open = false;
  const handler = (route: Route) => (open ? route.continue() : void held.push(route));
  await page.route('**/_next/static/**/*.js', handler);
  return {
    release: async () => {
      open = true;
      for (const route of held.splice(0)) await route.continue();
      await page.unroute('**/_next/static/**/*.js', handler);
    },
  };
}

test('controls are disabled until hydrated, and a stage picked right after is the one saved', async ({ recruiterPage: page }) => {
  test.setTimeout(120_000);
  // The search page: the result checkboxes and the query box wait for React.
  let scripts = await holdScripts(page);
  await page.goto('/search?r=onet%3Apython~1', { waitUntil: 'domcontentloaded' });
  const results = page.getByTestId('result');
  await expect(results.first()).toBeVisible();
  await expect(results.first().getByRole('checkbox')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Add to shortlist' })).toHaveCount(0);
  await scripts.release();
  await results.first().getByRole('checkbox').check();
  const listName = `E2E hydration ${Date.now()}`;
  await page.getByLabel('Shortlist', { exact: true }).selectOption('new');
  await page.getByLabel('New shortlist name').fill(listName);
  await page.getByRole('button', { name: 'Add to shortlist' }).click();
  const open = page.getByRole('link', { name: 'Open shortlist' });
  const href = (await open.getAttribute('href'))!;

  // The shortlist page: the member's stage cannot be changed before hydration...
  scripts = await holdScripts(page);
  await page.goto(href, { waitUntil: 'domcontentloaded' });
  const member = page.getByTestId('shortlist-member').first();
  await expect(member.getByLabel('Stage')).toBeDisabled();
  await expect(member.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  await scripts.release();
  // ...and the first thing picked once it can be is what is saved.
  await member.getByLabel('Stage').selectOption('offered');
  await member.getByRole('button', { name: 'Save changes' }).click();
  await expect(member.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(page.getByTestId('pipeline')).toContainText('Offered 1');
  await expect(page.getByTestId('shortlist-member').first().getByLabel('Stage')).toHaveValue('offered');
});

test('the role form waits for hydration too', async ({ managerPage: page }) => {
  const scripts = await holdScripts(page);
  await page.goto('/roles/new', { waitUntil: 'domcontentloaded' });
  const name = page.locator('#role-name');
  await expect(name).toBeVisible();
  await expect(name).toBeDisabled();
  await scripts.release();
  await expect(name).toBeEnabled();
});
