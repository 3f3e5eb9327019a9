import { defineConfig } from '@playwright/test';
import { join } from 'node:path';

/**
 * Browser tests against the built product (API + worker + web on one port), started by
 * global-setup on a fresh PostgreSQL database and real Redis. Chromium is the system one: test
 * tools may not download browsers here. Screenshots and traces land in apps/web-e2e/artifacts.
 */
export default defineConfig({
  testDir: './src',
  outputDir: join(__dirname, 'artifacts/test-results'),
  globalSetup: require.resolve('./global-setup'),
  globalTeardown: require.resolve('./global-teardown'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['html', { outputFolder: join(__dirname, 'artifacts/report'), open: 'never' }]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // No sandbox as root in CI; no background networking on a machine with no internet access.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
