import { test as base, expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'skillproof-demo';
export const DEMO_USERS = {
  recruiter: { email: 'recruiter@skillproof.demo', landing: /\/search/ },
  manager: { email: 'manager@skillproof.demo', landing: /\/roles/ },
  hr: { email: 'hr@skillproof.demo', landing: /\/insights/ },
  admin: { email: 'admin@skillproof.demo', landing: /\/admin/ },
} as const;
export type Persona = keyof typeof DEMO_USERS;

/** Sign in through the real sign-in form and wait for the persona's landing page. */
export async function signIn(page: Page, persona: Persona, password = DEMO_PASSWORD): Promise<void> {
  const user = DEMO_USERS[persona];
  await page.goto('/signin');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page).toHaveURL(user.landing);
  // Sign-in ends with a full page load: wait until the page is hydrated (the shell's sign-out button
  // is enabled only then) so that the journey's first click finds its handlers.
  await expect(page.getByRole('button', { name: /sign out/i })).toBeEnabled();
}

/** One signed-in page per persona: `test('...', async ({ recruiterPage }) => ...)`. */
export const test = base.extend<{ recruiterPage: Page; managerPage: Page; hrPage: Page; adminPage: Page }>({
  recruiterPage: async ({ page }, use) => {
    await signIn(page, 'recruiter');
    await use(page);
  },
  managerPage: async ({ page }, use) => {
    await signIn(page, 'manager');
    await use(page);
  },
  hrPage: async ({ page }, use) => {
    await signIn(page, 'hr');
    await use(page);
  },
  adminPage: async ({ page }, use) => {
    await signIn(page, 'admin');
    await use(page);
  },
});

export { expect };
