// Issue 14 item 4 (part): a manager plans promotions. On a role, "Promotion candidates" ranks only
// people one rung below on the ladder (or the same rung on adjacent tracks); the manager acts on the
// ranking (compare against the role, shortlist scored against it, CSV); editing a role asks before
// unsaved changes are lost. Screenshots at desktop and 390 px go to e2e/screenshots/.
import { expect, test } from './fixtures';

const LEAD = '/roles/ddat-lead-data-scientist';

test('promotion candidates for a role, compared, shortlisted and exported', async ({ managerPage: page }) => {
  test.setTimeout(180_000);
  await page.goto(LEAD);
  await page.getByRole('navigation', { name: 'Who to rank' }).getByRole('link', { name: 'Promotion candidates' }).click();
  await expect(page).toHaveURL(/view=promotion/);
  const feeders = page.getByTestId('promotion-feeders');
  await expect(feeders).toContainText('People already at or above Lead data scientist are not listed.');
  const feederNames = await feeders.getByRole('link').allInnerTexts();
  expect(feederNames.length).toBeGreaterThan(0);

  // Everyone listed holds one of the feeder roles now (the headline starts with the current role).
  const rows = page.getByTestId('ranked-employee');
  await expect(rows.first()).toBeVisible();
  const headlines = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td:nth-child(3) p')?.textContent ?? ''));
  expect(headlines.length).toBeGreaterThan(0);
  for (const h of headlines) expect(feederNames.some((f) => h.startsWith(f)), `${h} is one rung below`).toBe(true);
  const percents = await rows.locator('[role="meter"]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('aria-valuenow'))));
  expect(percents).toEqual([...percents].sort((a, b) => b - a));
  await page.screenshot({ path: 'e2e/screenshots/manager-promotion-desktop.png', fullPage: true });

  // Act on the ranking: compare the top two against this role.
  const names = [(await rows.nth(0).locator('td:nth-child(3) a').innerText()).trim(), (await rows.nth(1).locator('td:nth-child(3) a').innerText()).trim()];
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  await page.getByRole('link', { name: 'Compare 2' }).click();
  await expect(page).toHaveURL(/\/compare\?ids=.+&role=ddat-lead-data-scientist/);
  await expect(page.getByText('Against the role profile “Lead data scientist”')).toBeVisible();
  for (const name of names) await expect(page.getByTestId('compare-person').filter({ hasText: name })).toBeVisible();

  // Shortlist them, scored against the role.
  await page.goBack();
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  const listName = `E2E promotions ${Date.now()}`;
  const actions = page.getByTestId('ranking-actions');
  await actions.getByLabel('Shortlist', { exact: true }).selectOption('new');
  await actions.getByLabel('New shortlist name').fill(listName);
  await actions.getByRole('button', { name: 'Add 2 to shortlist' }).click();
  await expect(actions.getByRole('status')).toContainText('Added 2 to the new shortlist');
  const csvHref = (await actions.getByRole('link', { name: 'Export CSV' }).getAttribute('href'))!;
  await actions.getByRole('link', { name: 'Open shortlist' }).click();
  await expect(page.getByText('Members are scored against the role profile “Lead data scientist”.')).toBeVisible();
  await expect(page.getByTestId('shortlist-member')).toHaveCount(2);

  // The ranking as CSV, promotion view and all.
  expect(csvHref).toContain('view=promotion');
  const csv = await page.request.get(csvHref);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-disposition']).toContain('promotion-candidates-lead-data-scientist.csv');
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines[0]).toMatch(/^Rank,Name,Email,Department,Current role,Match %,.+,Missed essentials$/);
  expect(lines[1]).toMatch(new RegExp(`^1,${names[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},`));
  for (const line of lines.slice(1)) expect(feederNames.some((f) => line.includes(`,${f},`))).toBe(true);
});

test('editing a role asks before unsaved changes are lost', async ({ managerPage: page }) => {
  await page.goto(`${LEAD}/edit`);
  const seats = page.getByLabel(/Open seats/);
  await seats.fill('7');
  let prompted = '';
  page.once('dialog', (d) => {
    prompted = d.message();
    void d.dismiss();
  });
  await page.getByRole('link', { name: 'Cancel' }).click();
  expect(prompted).toMatch(/unsaved changes/i);
  await expect(page).toHaveURL(/\/edit$/);
  await expect(seats).toHaveValue('7');
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(new RegExp(`${LEAD}$`));
});
