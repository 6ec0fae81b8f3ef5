import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the running product (the gateway serves the built UI and proxies the
 * APIs). `dev/local-stack/e2e.sh` starts the local stack, runs these and stops it again.
 * Browsers cannot be downloaded here: Debian's Chromium is used.
 */
const port = process.env['GATEWAY_PORT'] ?? '8080';
/**
 * Specs tagged @oidc need the stack with AUTH_MODE=oidc and Keycloak (docs/security.md): with
 * E2E_OIDC=1 only they run (E2E_OIDC_ISSUER names the issuer); otherwise they are left out.
 */
const oidcPhase = process.env['E2E_OIDC'] === '1';

export default defineConfig({
  testDir: './e2e',
  grep: oidcPhase ? /@oidc/ : undefined,
  grepInvert: oidcPhase ? undefined : /@oidc/,
  outputDir: './test-results/artifacts',
  timeout: 180_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env['CI'],
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: process.env['BASE_URL'] ?? `http://localhost:${port}`,
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env['CHROME_BIN'] ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
  },
});
