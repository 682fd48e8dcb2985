// Every page of every persona, at desktop width and at 390 px: 0 serious or critical axe violations,
// no sideways scrolling, a title that names the page, and a screenshot in e2e/screenshots/ for review.
import { checkPageAtBothSizes } from './a11y';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';

/** The first link on the page whose href starts with `prefix` (a person, a role, a shortlist). */
async function firstHref(page: Page, prefix: string): Promise<string> {
  const link = page.locator(`main a[href^="${prefix}"]`).first();
  await expect(link).toBeVisible();
  return (await link.getAttribute('href'))!;
}

test('signed out: sign-in and not-found pages', async ({ page }) => {
  await page.goto('/signin');
  await checkPageAtBothSizes(page, 'signed-out-signin');
});

test('recruiter: every page is accessible and fits a phone', async ({ recruiterPage: page }) => {
  test.setTimeout(240_000);
  await page.goto('/search');
  await expect(page.getByTestId('result-count')).toBeVisible();
  await checkPageAtBothSizes(page, 'recruiter-search');

  // A search with a requirement: the most widely held skill (the first "add as a requirement" facet).
  const addSkill = page.getByRole('navigation', { name: 'Filters' }).locator('a[title^="Add as a requirement"]').first();
  await page.goto((await addSkill.getAttribute('href'))!);
  await expect(page.getByTestId('requirement')).toHaveCount(1);
  await expect(page.getByTestId('result').first()).toBeVisible();
  await checkPageAtBothSizes(page, 'recruiter-search-requirements');

  const results = page.getByTestId('result');
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await results.nth(i).locator('a[href^="/people/"]').first().getAttribute('href'))!.replace('/people/', ''));
  const searchParams = new URL(page.url()).search.slice(1);
  await page.goto(`/compare?ids=${ids.join(',')}&${searchParams}`);
  await expect(page.getByTestId('compare-person')).toHaveCount(4);
  await checkPageAtBothSizes(page, 'recruiter-compare');

  await page.goto(`/people/${ids[0]}`);
  await checkPageAtBothSizes(page, 'recruiter-profile');
  // With a verification report open (it loads on demand): still accessible, still no sideways scroll.
  const report = page.getByTestId('credential').first();
  await report.getByRole('button', { name: /Verification report/ }).click();
  await expect(report.getByRole('table')).toBeVisible();
  await checkPageAtBothSizes(page, 'recruiter-profile-report');

  await page.goto('/shortlists');
  if ((await page.locator('main a[href^="/shortlists/"]').count()) === 0) {
    await page.getByLabel('New shortlist').fill(`A11y list ${Date.now()}`);
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page).toHaveURL(/\/shortlists\/[^/]+$/);
    await page.goto('/shortlists');
  }
  await checkPageAtBothSizes(page, 'recruiter-shortlists');
  await page.goto(await firstHref(page, '/shortlists/'));
  await checkPageAtBothSizes(page, 'recruiter-shortlist');

  await page.goto('/import');
  await checkPageAtBothSizes(page, 'recruiter-import');
  await page.goto('/roles');
  await checkPageAtBothSizes(page, 'recruiter-roles');
});

test('manager: every page is accessible and fits a phone', async ({ managerPage: page }) => {
  test.setTimeout(240_000);
  await checkPageAtBothSizes(page, 'manager-roles');
  await page.goto('/roles/ddat-lead-data-scientist');
  await expect(page.getByTestId('ranked-employee').first()).toBeVisible();
  await checkPageAtBothSizes(page, 'manager-role');
  await page.goto(await firstHref(page, '/roles/ddat-lead-data-scientist/people/'));
  await expect(page.getByTestId('gaps')).toBeVisible();
  await checkPageAtBothSizes(page, 'manager-gap-pathway');
  await page.goto('/roles/ddat-lead-data-scientist/edit');
  await checkPageAtBothSizes(page, 'manager-role-edit');
  await page.goto('/roles/new');
  await checkPageAtBothSizes(page, 'manager-role-new');
  await page.goto('/roles/import');
  await checkPageAtBothSizes(page, 'manager-role-import');
  await page.goto('/search');
  await checkPageAtBothSizes(page, 'manager-search');
  await page.goto(await firstHref(page, '/people/'));
  await checkPageAtBothSizes(page, 'manager-profile');
});

test('HR: every page is accessible and fits a phone', async ({ hrPage: page }) => {
  test.setTimeout(240_000);
  await expect(page.locator('#supply-demand figure svg').first()).toBeVisible();
  await checkPageAtBothSizes(page, 'hr-insights');
  await page.goto('/insights?department=data');
  await checkPageAtBothSizes(page, 'hr-insights-department');
  await page.locator('#supply-demand').getByText('Show as a table').click();
  await page.goto(await firstHref(page, '/insights/people'));
  await checkPageAtBothSizes(page, 'hr-insights-people');
  await page.goto('/import');
  await checkPageAtBothSizes(page, 'hr-import');
  await page.goto('/roles');
  await checkPageAtBothSizes(page, 'hr-roles');
});

test('admin: every page is accessible and fits a phone', async ({ adminPage: page }) => {
  test.setTimeout(240_000);
  await checkPageAtBothSizes(page, 'admin-admin');
  await page.goto('/admin/audit');
  await checkPageAtBothSizes(page, 'admin-audit-log');
  await page.goto('/does-not-exist');
  await checkPageAtBothSizes(page, 'admin-not-found');
});
