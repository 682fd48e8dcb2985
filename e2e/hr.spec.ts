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

test('HR drills down from a month: the credentials earned then, and who was covered by then', async ({ hrPage: page }) => {
  await page.goto('/insights');
  const card = page.locator('#credentials');
  await expect(card.locator('figure svg').first()).toBeVisible();
  await card.getByText('Show as a table').click();
  const rows = card.locator('tbody tr');
  // The busiest month: its count is the bar, and the list behind it adds up to that count.
  const counts = (await rows.locator('td:nth-child(2)').allInnerTexts()).map(Number);
  const busiest = counts.indexOf(Math.max(...counts));
  expect(counts[busiest]).toBeGreaterThan(0);
  // The month is the row header (th), the count the second cell.
  const month = (await rows.nth(busiest).locator('th').innerText()).trim();
  await rows.nth(busiest).getByRole('link', { name: month }).click();
  await expect(page).toHaveURL(new RegExp(`/insights/people\\?.*kind=credentials.*month=${month}`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Credentials earned in');
  await expect(page.getByRole('heading', { name: new RegExp(`, ${counts[busiest]} credentials?$`) })).toBeVisible();
  await expect(page.locator('tbody th a').first()).toHaveAttribute('href', /^\/people\//);
  // The list exports as CSV, named after what it holds.
  const csvHref = await page.getByRole('link', { name: 'Download this list as CSV' }).getAttribute('href');
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-disposition']).toMatch(new RegExp(`filename="skillproof-people-kind-credentials-month-${month}-`));
  expect((await csv.text()).split('\r\n')[0]).toMatch(/^person_id,name,current_role,department/);

  // Coverage over time: the last month's point opens the people covered by then, as many as the point.
  await page.goto('/insights');
  const coverage = page.locator('#coverage-over-time');
  await coverage.getByText('Show as a table').click();
  const last = coverage.locator('tbody tr').last();
  const covered = Number(await last.locator('td:nth-child(2)').innerText());
  const lastMonth = (await last.locator('th').innerText()).trim();
  await last.getByRole('link', { name: lastMonth }).click();
  await expect(page).toHaveURL(/kind=covered/);
  await expect(page.getByRole('heading', { name: new RegExp(`^${covered} (person|people) covered$`) })).toBeVisible();

  // A bar of the chart itself opens its month too (not only the table).
  await page.goto('/insights');
  const bar = page.locator('#credentials .recharts-bar-rectangle path').last();
  await bar.scrollIntoViewIfNeeded();
  await bar.click();
  await expect(page).toHaveURL(/kind=credentials&month=\d{4}-\d{2}/);
});

test('HR picks the heatmap skills and departments; the choice is in the URL and the colours follow the largest share', async ({ hrPage: page }) => {
  await page.goto('/insights');
  const heat = page.locator('#coverage');
  // Default: 12 shortages held most widely (heatmapDefault).
  await expect(heat.locator('thead th')).toHaveCount(13);
  await heat.getByText('Choose skills and departments').click();
  const skillBoxes = heat.getByRole('group', { name: /^Skills/ }).getByRole('checkbox');
  const names = [];
  for (const i of [0, 2]) {
    await skillBoxes.nth(i).check();
    names.push(((await skillBoxes.nth(i).locator('xpath=..').innerText()).split(' (gap')[0] ?? '').trim());
  }
  await heat.getByRole('group', { name: /^Departments/ }).getByRole('checkbox', { name: 'Data', exact: true }).check();
  await heat.getByRole('button', { name: 'Show in heatmap' }).click();
  await expect(page).toHaveURL(/heatSkill=.*heatSkill=.*heatDepartment=data/);
  await expect(heat.locator('thead th')).toHaveCount(3);
  for (const name of names) await expect(heat.locator('thead th').filter({ hasText: name })).toBeVisible();
  await expect(heat.getByRole('rowheader')).toHaveCount(1);
  await expect(heat.getByRole('rowheader')).toContainText('Data');
  // Shared as a URL: opening it again shows the same choice.
  await page.goto(page.url());
  await expect(page.locator('#coverage thead th')).toHaveCount(3);
  await page.locator('#coverage').getByRole('link', { name: 'Back to the default' }).click();
  await expect(page.locator('#coverage thead th')).toHaveCount(13);
});

test('screenshots of the HR pages at desktop and 390 px', async ({ hrPage: page }) => {
  for (const [name, width, height] of [
    ['desktop', 1280, 900],
    ['390', 390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto('/insights');
    await expect(page.locator('#supply-demand figure svg').first()).toBeVisible();
    for (const card of ['#levels', '#credentials', '#coverage-over-time']) await expect(page.locator(`${card} figure svg`).first()).toBeVisible();
    await page.screenshot({ path: `e2e/screenshots/hr-insights-${name}.png`, fullPage: true });
    await page.goto('/insights/people?kind=covered&month=' + new Date().toISOString().slice(0, 7));
    await page.screenshot({ path: `e2e/screenshots/hr-insights-people-${name}.png`, fullPage: true });
  }
});
