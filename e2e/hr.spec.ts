// HR journey: open insights, filter one department, drill into the largest gap, see the people
// behind it; then the CSV of that chart and a filter value that does not exist.
import { expect, test } from './fixtures';

test('HR filters a department, drills into the largest gap and sees the people behind it', async ({ hrPage: page }) => {
  await page.goto('/insights');
  await expect(page.getByRole('heading', { name: 'Workforce skills', level: 1 })).toBeVisible();
  // The charts are drawn (recharts renders SVG inside the labelled figure).
  const supplyCard = page.locator('#supply-demand');
  await expect(supplyCard.locator('figure svg').first()).toBeVisible();

  // Filter one department through the form: the filter lands in the URL.
  await page.getByLabel('Department', { exact: true }).selectOption({ label: 'Data' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]department=data(&|$)/);
  await expect(page.getByLabel('Department', { exact: true })).toHaveValue('data');
  await expect(page.locator('#coverage').getByRole('rowheader', { name: /^Data \(\d+\)$/ })).toBeVisible();
  await expect(page.locator('#coverage').getByRole('rowheader', { name: /^Design/ })).toHaveCount(0);

  // The table under the chart lists the same rows, largest gap first.
  await supplyCard.getByText('Show as a table').click();
  const rows = supplyCard.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const gaps = await rows.locator('td:nth-child(6)').allInnerTexts();
  const numbers = gaps.map((g) => Number(g));
  expect(numbers.length).toBeGreaterThan(0);
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  const skillName = (await rows.first().locator('th').innerText()).trim();
  const [demand, , supply] = (await rows.first().locator('td:nth-child(3), td:nth-child(4), td:nth-child(5)').allInnerTexts()).map(Number);

  // Drill into the largest gap: the people behind it, in the Data department.
  await rows.first().getByRole('link', { name: `gap for ${skillName}` }).click();
  await expect(page).toHaveURL(/\/insights\/people\?.*department=data.*kind=gap/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(skillName);
  await expect(page.getByText(/in Data\b/).first()).toBeVisible();
  const summary = page.getByRole('definition');
  await expect(summary.nth(1)).toHaveText(String(demand));
  await expect(summary.nth(2)).toHaveText(String(supply));
  await expect(summary.nth(3)).toHaveText(String(demand! - supply!));
  // Who could close the gap (the skill held below the level), then who is counted as supply.
  await expect(page.getByRole('heading', { name: /^\d+ (person|people)$/ })).toBeVisible();
  // The demand behind the number: the Data role profiles asking for the skill.
  await expect(page.getByRole('heading', { name: 'The demand behind the number' })).toBeVisible();
  await expect(page.locator('a[href^="/roles/"]').first()).toBeVisible();

  await page.getByRole('link', { name: /or above/ }).click();
  await expect(page).toHaveURL(/kind=supply/);
  // The list holds exactly the people the supply bar counted, each linking to their profile.
  await expect(page.getByRole('heading', { name: new RegExp(`^${supply} (person|people)$`) })).toBeVisible();
  const peopleLinks = page.locator('table').first().locator('tbody th a');
  if (supply! > 0) {
    await expect(peopleLinks.first()).toHaveAttribute('href', /^\/people\//);
    expect(await peopleLinks.count()).toBe(Math.min(supply!, 50));
  } else {
    await expect(page.getByText(/Nobody in Data holds/)).toBeVisible();
  }
});

test('HR downloads the CSV behind a chart; bad filters explain themselves', async ({ hrPage: page }) => {
  const csv = await page.request.get('/insights/export?chart=supply-demand&department=data');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(csv.headers()['content-disposition']).toMatch(/attachment; filename="skillproof-supply-demand-/);
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines[0]).toBe('skill_id,skill,level,level_name,required_level,open_seats_demand,planned_headcount,verified_supply,gap,role_profiles');
  expect(lines.length).toBeGreaterThan(1);

  const bad = await page.request.get('/insights/export?chart=pie');
  expect(bad.status()).toBe(422);

  await page.goto('/insights?department=no-such-team&level=9');
  await expect(page.getByText('These filters name something that does not exist')).toBeVisible();
  await expect(page.getByText('no-such-team')).toBeVisible();
  await expect(page.getByText(/Level "9" is not a level/)).toBeVisible();
});

test('a recruiter cannot open insights or export them', async ({ recruiterPage: page }) => {
  // The dashboard streams (loading.tsx), so the status is already sent when the page refuses:
  // what matters is that nothing of the insights is rendered.
  await page.goto('/insights');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Workforce skills' })).toHaveCount(0);
  await page.goto('/insights/people?skill=ddat:user-research');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  const csv = await page.request.get('/insights/export?chart=supply-demand');
  expect(csv.status()).toBe(403);
});
