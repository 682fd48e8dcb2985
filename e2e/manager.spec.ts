// Manager journey (issue 6): open a role, see employees ranked by verified fit, open one, see the
// gap and a pathway of catalog badges whose projected match reaches 100 %. The demo manager manages
// the Data department; the demo catalog has a badge for every DDaT skill at every level, so every
// gap in a DDaT data role can be closed.
import { expect, test } from './fixtures';

test('a manager ranks employees for a role and plans a pathway to 100 %', async ({ managerPage: page }) => {
  await expect(page.getByRole('heading', { name: 'Roles & mobility' })).toBeVisible();

  // Find the role through the list's search (a URL worth sharing).
  await page.getByLabel('Search', { exact: true }).fill('data scientist');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\/roles\?q=data\+scientist/);
  await page.getByRole('link', { name: 'Lead data scientist', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Lead data scientist', level: 1 })).toBeVisible();

  // The ranking: employees of the manager's department only, best first, with a per-requirement breakdown.
  const rows = page.getByTestId('ranked-employee');
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(1);
  const percents = await rows.locator('[role="meter"]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('aria-valuenow'))));
  expect(percents).toEqual([...percents].sort((a, b) => b - a));
  await expect(rows.first().locator('td[aria-label*="required"]').first()).toBeVisible();

  // Filters live in the URL.
  await page.getByLabel('Minimum match %').fill('10');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/minMatch=10/);
  await expect(rows.first()).toBeVisible();

  // Someone who does not meet every requirement yet: the lowest-ranked on the page.
  const target = page.getByTestId('ranked-employee').last();
  const name = (await target.locator('a').first().textContent())!.trim();
  await target.locator('a').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Lead data scientist');

  // The gap: each unmet requirement with its current and required level.
  const gaps = page.getByTestId('gaps');
  await expect(gaps).toBeVisible();
  await expect(gaps.locator('tbody tr').first()).toBeVisible();
  await expect(gaps.locator('[role="meter"]').first()).toHaveAttribute('aria-label', /now, .+ required/);

  // The pathway: badges with the reason each is there and the projected match, ending at 100 %.
  const steps = page.getByTestId('pathway-step');
  await expect(steps.first()).toBeVisible();
  await expect(steps.first()).toContainText('Why: closes');
  await expect(steps.last()).toContainText('Projected match 100 %');
  await expect(page.getByTestId('final-match').getByRole('meter')).toHaveAttribute('aria-valuenow', '100');

  // And the next role up the ladder, with its gap.
  await expect(page.getByRole('heading', { name: 'Next role up the ladder' })).toBeVisible();
  await expect(page.getByText(/the next step on the Data scientist ladder is/)).toBeVisible();
});

test('a pathway for a person the manager cannot see is the not-found page', async ({ managerPage: page }) => {
  // The dashboard streams (loading.tsx), so the answer is the not-found page rather than a bare 404 status.
  await page.goto('/roles/ddat-lead-data-scientist/people/no-such-person');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByTestId('gaps')).toHaveCount(0);
});

test('a role with a bad ranking filter in the URL still renders', async ({ managerPage: page }) => {
  const response = await page.goto('/roles/ddat-lead-data-scientist?minMatch=9999&page=-3&mobility=maybe');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Lead data scientist', level: 1 })).toBeVisible();
});

test('a manager writes a role, picking its skill with the keyboard from the autocomplete', async ({ managerPage: page }) => {
  await page.goto('/roles/new');
  const name = `Keyboard data engineer ${Date.now()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Add requirement' }).click();
  const skill = page.getByRole('combobox', { name: 'Skill of requirement 1' });
  await skill.fill('data engin');
  await expect(page.getByRole('option', { name: /^Data engineering/ }).first()).toBeVisible();
  await skill.press('Enter');
  await expect(skill).toHaveValue('Data engineering');
  // Editing the text away from the picked skill un-picks it; picking again restores it.
  await skill.fill('data engineerin');
  await expect(page.getByText('Rows without a chosen skill are not saved.')).toBeVisible();
  await expect(page.getByRole('option', { name: /^Data engineering/ }).first()).toBeVisible();
  await skill.press('Enter');
  await expect(page.getByText('Rows without a chosen skill are not saved.')).toBeHidden();
  await page.getByRole('button', { name: 'Create role' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText('Data engineering').first()).toBeVisible();
});
