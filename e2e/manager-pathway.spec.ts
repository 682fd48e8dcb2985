// Issue 14 item 4: a manager assigns a pathway of badges to a person and tracks it. The manager opens
// a promotion candidate's gap page, assigns the pathway with a target date, and finds it on the
// assigned pathways view and the person's profile; HR imports real signed badges for the person and
// the steps move by themselves (earned, started). Every page through axe at desktop and 390 px, with
// screenshots in e2e/screenshots/.
import { checkPageAtBothSizes } from './a11y';
import { expect, signIn, test } from './fixtures';
import { signDdatBadge } from './sign-credential';

type Target = { skill: string; name: string; level: number; baseline: number };

test('a manager assigns a pathway, HR imports badges, the steps move, the manager tracks it', async ({ managerPage: page, browser }) => {
  test.setTimeout(240_000);

  // The assigned pathways view: its table, or an empty state that says how to assign one.
  await page.goto('/pathways');
  await expect(page.getByRole('heading', { name: 'Assigned pathways', level: 1 })).toBeVisible();
  await expect(page.getByTestId('assigned-pathways').or(page.getByRole('status').filter({ hasText: /No .*pathways/ }))).toBeVisible();
  await expect(page.getByRole('link', { name: 'Pathways', exact: true }).first()).toBeAttached();

  // A promotion candidate for lead data scientist, and their gap page.
  await page.goto('/roles/ddat-lead-data-scientist?view=promotion');
  const rows = page.getByTestId('ranked-employee');
  await expect(rows.first()).toBeVisible();
  // The lowest-ranked on the page has the most to earn.
  const person = rows.last().locator('td:nth-child(3) a').first();
  const name = (await person.innerText()).trim();
  await person.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  const planUrl = page.url();

  // Assigned already by an earlier run on the same data? Cancel it first, so the journey starts clean.
  const existing = page.getByTestId('assigned-pathway');
  if (await existing.isVisible()) {
    await existing.getByRole('link', { name: 'Open the assigned pathway' }).click();
    await page.getByRole('button', { name: 'Cancel pathway' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel pathway' }).click();
    await expect(page.getByText('Cancelled', { exact: true }).first()).toBeVisible();
    await page.goto(planUrl);
  }

  const assignCard = page.getByRole('region', { name: 'Assign and track' }).or(page.locator('section').filter({ has: page.getByRole('heading', { name: 'Assign and track' }) }));
  await expect(assignCard.getByRole('button', { name: 'Assign this pathway' })).toBeVisible();
  await checkPageAtBothSizes(page, 'manager-pathway-plan');

  // A date in the past is refused with the reason on the field (the browser's min is bypassed on purpose).
  const date = page.getByLabel(/Target date/);
  await date.evaluate((el) => el.removeAttribute('min'));
  await date.fill('2020-01-01');
  await page.getByRole('button', { name: 'Assign this pathway' }).click();
  await expect(page.getByText('Choose today or a later day.')).toBeVisible();

  const nextYear = new Date().getUTCFullYear() + 1;
  await date.fill(`${nextYear}-06-30`);
  await page.getByLabel(/Note/).fill('Ready for the lead panel');
  await page.getByRole('button', { name: 'Assign this pathway' }).click();
  await expect(page).toHaveURL(/\/pathways\/[^/?]+\?assigned=1$/);
  const assignmentUrl = page.url().replace(/\?assigned=1$/, '');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${name} → Lead data scientist`);
  await expect(page.getByText('Pathway assigned.')).toBeVisible();
  await expect(page.getByText(`30 Jun ${nextYear}`).first()).toBeVisible();
  const steps = page.getByTestId('assignment-step');
  const stepCount = await steps.count();
  expect(stepCount).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="assignment-step"][data-state="not_started"]')).toHaveCount(stepCount);
  await expect(page.getByRole('progressbar').first()).toHaveAttribute('aria-valuetext', `0 of ${stepCount} step${stepCount === 1 ? '' : 's'} earned`);
  await checkPageAtBothSizes(page, 'manager-pathway-assignment');

  // What to earn: the first step's targets, and a target of another step that a lower level can start.
  const targetsOf = async (i: number) => JSON.parse((await steps.nth(i).getAttribute('data-targets'))!) as Target[];
  const first = await targetsOf(0);
  let partial: { step: number; target: Target } | null = null;
  for (let i = 1; i < stepCount && !partial; i++) {
    const t = (await targetsOf(i)).find((x) => x.level - 1 > x.baseline);
    if (t) partial = { step: i, target: t };
  }

  // The person's e-mail, from their profile (the credentials name it as the recipient).
  await page.goto(assignmentUrl);
  await page.getByRole('link', { name: 'Profile', exact: true }).click();
  const email = (await page.locator('a[href^="mailto:"]').first().innerText()).trim();
  const personUrl = page.url();
  const personId = decodeURIComponent(personUrl.split('/people/')[1]!);

  // HR imports real signed badges for the person, through the API.
  const hrContext = await browser.newContext();
  const hr = await hrContext.newPage();
  await signIn(hr, 'hr');
  const imports = [...first.map((t) => ({ t, level: t.level })), ...(partial ? [{ t: partial.target, level: partial.target.level - 1 }] : [])];
  for (const { t, level } of imports) {
    const jwt = await signDdatBadge(email, level, t.skill.replace(/^ddat:/, ''), t.name);
    const res = await hr.request.post('/api/v1/credentials', { data: { personId, credential: jwt.toString() } });
    expect(res.status(), await res.text()).toBe(200);
    const body = (await res.json()) as { items: { status: string; outcome: string }[] };
    expect(body.items[0]).toMatchObject({ status: 'verified' });
  }
  await hrContext.close();

  // The steps moved by themselves.
  await page.goto(assignmentUrl);
  await expect(steps.nth(0)).toHaveAttribute('data-state', 'earned');
  await expect(steps.nth(0).getByText('Earned', { exact: true })).toBeVisible();
  if (partial) await expect(steps.nth(partial.step)).toHaveAttribute('data-state', 'started');
  await expect(page.getByRole('progressbar').first()).toHaveAttribute('aria-valuenow', '1');

  // The manager's view of every assigned pathway, with progress bars.
  await page.getByRole('link', { name: 'Assigned pathways' }).click();
  const row = page.getByTestId('assigned-pathways').locator('tbody tr').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuetext', new RegExp(`^1 of ${stepCount} steps? earned`));
  await checkPageAtBothSizes(page, 'manager-pathways');

  // And on the person's profile.
  await page.goto(personUrl);
  const onProfile = page.getByTestId('profile-pathways');
  await expect(onProfile.getByRole('link', { name: 'Lead data scientist' })).toBeVisible();
  await expect(onProfile.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '1');
  await checkPageAtBothSizes(page, 'manager-profile-pathways');

  // The gap page now links to the assignment instead of offering to assign again.
  await page.goto(planUrl);
  await expect(page.getByTestId('assigned-pathway')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Assign this pathway' })).toHaveCount(0);

  // Cancelling asks first, then the pathway leaves the open list and the role can be assigned again.
  await page.goto(assignmentUrl);
  await page.getByRole('button', { name: 'Cancel pathway' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this pathway?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel pathway' }).click();
  await expect(page.getByText('Cancelled', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel pathway' })).toHaveCount(0);
  await page.goto('/pathways?status=cancelled');
  await expect(page.getByTestId('assigned-pathways').locator('tbody tr').filter({ hasText: name }).first()).toBeVisible();
  await page.goto(planUrl);
  await expect(page.getByRole('button', { name: 'Assign this pathway' })).toBeVisible();
});

test('a recruiter has no pathways page', async ({ recruiterPage: page }) => {
  await page.goto('/pathways');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
});
