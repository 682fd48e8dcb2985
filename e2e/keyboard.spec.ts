// Keyboard and shell behaviour of issue 14 item 1: the skip link, the skill combobox per the WAI-ARIA
// pattern, focus after "Add requirement" and "Re-verify", the filters drawer on a phone, titles that
// name the page and the person, no blank page after sign-in, and a favicon.
import { seriousAxeViolations, VIEWPORTS } from './a11y';
import { expect, signIn, test } from './fixtures';

test('sign-in lands on the role page, not a blank one; the logo and the skip link work', async ({ page }) => {
  await signIn(page, 'recruiter');
  await expect(page.getByRole('heading', { name: 'Search people', level: 1 })).toBeVisible();
  await expect(page).toHaveTitle('Search people · Skillproof');

  // The home page itself redirects to the landing page (a full load of "/").
  await page.goto('/');
  await expect(page).toHaveURL(/\/search$/);
  await expect(page.getByRole('heading', { name: 'Search people', level: 1 })).toBeVisible();

  // A client-side link to "/" (the not-found page's) also ends on the landing page, not a blank one.
  await page.goto('/does-not-exist');
  await expect(page).toHaveTitle('Not found · Skillproof');
  await page.getByRole('link', { name: 'Back to your start page' }).click();
  await expect(page.getByRole('heading', { name: 'Search people', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/search$/);
  await page.goto('/search');

  // The first Tab on a freshly loaded page reaches the skip link; following it puts focus on the page's content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();

  // The favicon is served without a session too (the sign-in page shows it).
  const icon = await page.request.get('/icon.svg', { headers: { cookie: '' } });
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /icon\.svg/);
});

test('the skill combobox follows the WAI-ARIA pattern: ArrowDown reaches the first option', async ({ recruiterPage: page }) => {
  const box = page.getByRole('combobox', { name: 'Skill requirement' });
  await box.fill('data engin');
  const options = page.getByRole('listbox', { name: 'Matching skills' }).getByRole('option');
  await expect(options.first()).toBeVisible();
  const count = await options.count();
  expect(count).toBeGreaterThan(1);
  // Typing leaves focus in the box with no option active.
  await expect(box).not.toHaveAttribute('aria-activedescendant', /.+/);
  await expect(box).toHaveAttribute('aria-expanded', 'true');

  await box.press('ArrowDown');
  const firstId = await options.first().getAttribute('id');
  await expect(box).toHaveAttribute('aria-activedescendant', firstId!);
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await box.press('ArrowDown');
  await expect(box).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id'))!);
  await box.press('ArrowUp');
  await expect(box).toHaveAttribute('aria-activedescendant', firstId!);
  // Up from the first wraps to the last.
  await box.press('ArrowUp');
  await expect(box).toHaveAttribute('aria-activedescendant', (await options.last().getAttribute('id'))!);
  await box.press('ArrowDown');
  await expect(box).toHaveAttribute('aria-activedescendant', firstId!);

  // Escape closes the list and keeps the text; a second Escape clears it.
  await box.press('Escape');
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(box).toHaveValue('data engin');
  await box.press('Escape');
  await expect(box).toHaveValue('');

  // Enter picks the option ArrowDown made active: the first one.
  await box.fill('data engin');
  await expect(options.first()).toBeVisible();
  const firstName = (await options.first().locator('span').first().innerText()).trim();
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect(page.getByTestId('requirement')).toHaveCount(1);
  await expect(page.getByTestId('requirement').first()).toContainText(firstName);
});

test('"Add requirement" moves focus to the new row; removing a row hands it back', async ({ managerPage: page }) => {
  await page.goto('/roles/new');
  await page.getByRole('button', { name: 'Add requirement' }).click();
  await expect(page.getByRole('combobox', { name: 'Skill of requirement 1' })).toBeFocused();
  await page.getByRole('button', { name: 'Add requirement' }).click();
  await expect(page.getByRole('combobox', { name: 'Skill of requirement 2' })).toBeFocused();
  await page.getByRole('button', { name: 'Remove requirement 2' }).click();
  await expect(page.getByRole('button', { name: 'Add requirement' })).toBeFocused();
});

test('"Re-verify" keeps focus on its button while the check runs and after', async ({ recruiterPage: page }) => {
  const profile = page.getByTestId('result').first().locator('a[href^="/people/"]').first();
  await page.goto((await profile.getAttribute('href'))!);
  const button = page.getByRole('button', { name: /^Re-verify / }).first();
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('form').filter({ has: button }).getByRole('status')).toBeVisible();
  await expect(button).toBeFocused();
  await expect(button).toHaveText('Re-verify');
});

test('titles name the page and the person', async ({ recruiterPage: page }) => {
  const first = page.getByTestId('result').first().locator('a[href^="/people/"]').first();
  const name = (await first.innerText()).trim();
  await first.click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(`${name} · Profile · Skillproof`);
  await page.goto('/people/no-such-person');
  await expect(page).toHaveTitle('Person not found · Skillproof');
  await page.goto('/shortlists');
  await expect(page).toHaveTitle('Shortlists · Skillproof');
});

test('on a phone the search fits, its button is on screen and the facets open in a drawer', async ({ recruiterPage: page }) => {
  await page.setViewportSize(VIEWPORTS.mobile);
  await page.goto('/search');
  await expect(page.getByTestId('result').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.mobile.width);
  await expect(page.getByRole('button', { name: 'Search', exact: true })).toBeInViewport();

  // The facets are not on the page until asked for; the drawer is a modal dialog over the results.
  await expect(page.getByRole('navigation', { name: 'Filters' })).toBeHidden();
  const opener = page.getByRole('button', { name: /^Filters and saved searches/ });
  await expect(opener).toBeInViewport();
  await opener.click();
  const drawer = page.getByRole('dialog', { name: 'Filters and saved searches' });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole('navigation', { name: 'Filters' })).toBeInViewport();
  await expect(drawer.getByRole('button', { name: 'Show results' })).toBeFocused();
  expect(await seriousAxeViolations(page)).toEqual([]);
  // Escape closes it and focus returns to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(opener).toBeFocused();

  // Choosing a filter closes the drawer and shows the filtered results; the button counts it.
  await opener.click();
  await drawer.getByRole('navigation', { name: 'Filters' }).getByRole('link', { name: /Filter: Candidates/ }).click();
  await expect(page).toHaveURL(/kind=candidate/);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Filters and saved searches 1 in use/ })).toBeVisible();
});
