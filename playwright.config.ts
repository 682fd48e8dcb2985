import { existsSync } from 'node:fs';
import { chromium, defineConfig, devices } from '@playwright/test';

// Playwright's own browser when it is installed, otherwise Debian's chromium (the browser download
// is not reachable from every machine this runs on).
function browserExecutable(): string | undefined {
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return undefined;
  } catch {
    // not installed
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

const PORT = Number(process.env.E2E_PORT ?? 3200);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-reports/e2e-results.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: browserExecutable(),
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  // The real app: production build, its own embedded database, a smaller deterministic demo org.
  webServer: {
    command: 'npm start',
    url: `${baseURL}/api/health`,
    timeout: 20 * 60_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      DATA_DIR: process.env.E2E_DATA_DIR ?? '.data-e2e',
      SEED_PEOPLE: process.env.E2E_SEED_PEOPLE ?? '600',
      NEXTAUTH_URL: baseURL,
      DATABASE_URL: '',
      ELASTICSEARCH_URL: '',
    },
  },
});
