import { Locator, Page, Request, TestInfo, expect, test } from '@playwright/test';
import { chooseCtSeries, expectNoErrorSnackbar, snap, watchErrors } from './support';

/**
 * Sign-in with OIDC (docs/security.md), through the identity provider's real login page: the admin
 * `adam` signs in, sees his name and role, searches, downloads one small CT series to storage and
 * signs out; then the viewer `vera` signs in, sees hers, searches, finds Download disabled (and the
 * download service refuses her token with 403 when asked directly), opens the stored series from
 * the library and an image renders from DICOMweb requests that carry her token.
 *
 * Tagged @oidc: only the OIDC phase runs it (E2E_OIDC=1, with the stack started with AUTH_MODE=oidc
 * and config.json's auth section pointing at the issuer in E2E_OIDC_ISSUER, e.g.
 * http://127.0.0.1:8180/realms/medcloud); the default run leaves it out (playwright.config.ts).
 * Users: E2E_OIDC_ADMIN_USER / _PASSWORD and E2E_OIDC_VIEWER_USER / _PASSWORD (default the test
 * realm's adam and vera).
 */
const issuer = (process.env['E2E_OIDC_ISSUER'] ?? '').replace(/\/+$/, '');
const admin = { user: process.env['E2E_OIDC_ADMIN_USER'] ?? 'adam', password: process.env['E2E_OIDC_ADMIN_PASSWORD'] ?? 'adam-password' };
const viewer = { user: process.env['E2E_OIDC_VIEWER_USER'] ?? 'vera', password: process.env['E2E_OIDC_VIEWER_PASSWORD'] ?? 'vera-password' };
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isSeriesSearch = (r: Request) => r.url().includes('/api/search/series') && r.method() === 'GET';

/** The browser is on the identity provider's login page: fill it in and come back signed in. */
async function signInAtProvider(page: Page, testInfo: TestInfo, user: string, password: string, step: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${escapeRe(issuer)}/protocol/openid-connect/auth\\?`));
  const url = new URL(page.url());
  expect(url.searchParams.get('response_type')).toBe('code');
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('code_challenge')).toBeTruthy();
  expect(url.searchParams.has('client_secret')).toBe(false);
  await expect(page.locator('#username')).toBeVisible();
  await snap(page, testInfo, `${step}-login-page`);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(password);
  const me = page.waitForResponse((r) => r.url().endsWith('/api/viewer/me'));
  await page.locator('#kc-login').click();
  expect((await me).status()).toBe(200);
}

/** Picks modality CT, then the first collection offered with it; answers the bearer header the search went out with. */
async function searchCt(page: Page): Promise<string> {
  const pick = async (field: string, option: (p: Page) => Locator) => {
    const searched = page.waitForResponse((r) => isSeriesSearch(r.request()));
    await page.getByTestId(`filter-${field}`).click();
    await option(page).click();
    const response = await searched;
    expect(response.status()).toBe(200);
    return response.request();
  };
  await pick('modality', (p) => p.getByRole('option').filter({ hasText: /^\s*CT\s*(\(|$)/ }).first());
  const request = await pick('collection', (p) => p.getByRole('option').nth(1)); // option 0 is "Any"
  await expect(page.getByTestId('result-row').first()).toBeVisible();
  await expect(page.getByTestId('result-summary')).toContainText('series match');
  const authorization = (await request.allHeaders())['authorization'] ?? '';
  expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  return authorization;
}

test('@oidc sign in as admin, download a series, sign out; sign in as viewer, search, download refused, view the series', async ({ page, request }, testInfo) => {
  test.setTimeout(600_000);
  if (!issuer) throw new Error('E2E_OIDC_ISSUER is not set: the @oidc phase needs the issuer the UI signs in with');
  const errors = watchErrors(page);

  // --- adam (admin) ---------------------------------------------------------------------------
  await page.goto('/search');
  await signInAtProvider(page, testInfo, admin.user, admin.password, '1');
  await expect(page).toHaveURL(/\/search$/);
  await expect(page.getByTestId('user-name')).toHaveText(admin.user);
  await expect(page.getByTestId('user-roles')).toContainText('admin');
  await searchCt(page);

  // the smallest CT series with a real stack of slices keeps the download short
  const sorted = page.waitForResponse((r) => isSeriesSearch(r.request()) && r.url().includes('sort=fileSizeBytes'));
  await page.getByRole('columnheader', { name: 'Size' }).click();
  expect((await sorted).status()).toBe(200);
  const rows = page.getByTestId('result-row');
  await expect(rows.first()).toBeVisible();
  const uid = await chooseCtSeries(page);
  await page.locator(`[data-testid="result-row"][data-uid="${uid}"]`).getByTestId('row-checkbox').click();
  await expect(page.getByTestId('selection-count')).toHaveText('1 series selected');
  await expect(page.getByTestId('download-button')).toBeEnabled();
  await snap(page, testInfo, '1-admin-selected');

  const created = page.waitForResponse((r) => r.url().endsWith('/api/downloads') && r.request().method() === 'POST');
  await page.getByTestId('download-button').click();
  const createdResponse = await created;
  expect(createdResponse.status()).toBe(202);
  const body = await createdResponse.json();
  const jobId = String(body.jobId ?? body.id);
  await expect(page).toHaveURL(new RegExp(`/downloads\\?job=${jobId}`));
  const job = page.locator(`[data-testid="job"][data-job-id="${jobId}"]`);
  await expect(job).toHaveAttribute('data-phase', 'completed', { timeout: 300_000 });
  await snap(page, testInfo, '1-admin-downloaded');

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
  await expect(page.getByTestId('signed-out')).toHaveText('You have signed out.');
  await expect(page.getByTestId('user-name')).toHaveCount(0);
  await snap(page, testInfo, '1-admin-signed-out');

  // --- vera (viewer) --------------------------------------------------------------------------
  await page.getByTestId('sign-in').click();
  await signInAtProvider(page, testInfo, viewer.user, viewer.password, '2');
  await expect(page).toHaveURL(/\/search$/);
  await expect(page.getByTestId('user-name')).toHaveText(viewer.user);
  await expect(page.getByTestId('user-roles')).toContainText('viewer');
  await expect(page.getByTestId('user-roles')).not.toContainText('admin');
  const bearer = await searchCt(page);

  await page.locator(`[data-testid="result-row"]`).first().getByTestId('row-checkbox').click();
  await expect(page.getByTestId('selection-count')).toHaveText('1 series selected');
  const download = page.getByTestId('download-button');
  await expect(download).toBeDisabled();
  await download.hover();
  await expect(page.locator('.mat-mdc-tooltip')).toHaveText('Starting downloads needs the admin role');
  await snap(page, testInfo, '2-viewer-download-disabled');

  // the service decides, not the button: her own token is refused
  const refused = await request.post('/api/downloads', { headers: { Authorization: bearer }, data: { seriesInstanceUids: [uid] } });
  expect(refused.status()).toBe(403);
  const anonymous = await request.post('/api/downloads', { data: { seriesInstanceUids: [uid] } });
  expect(anonymous.status()).toBe(401);

  // the series adam stored, from the library, in the viewer
  await page.getByTestId('nav-library').click();
  const item = page.locator(`[data-testid="library-item"][data-uid="${uid}"]`);
  await expect(item).toBeVisible();
  await expect.poll(() => item.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await snap(page, testInfo, '2-viewer-library');

  const frame = page.waitForResponse((r) => /\/dicomweb\/studies\/[^/]+\/series\/[^/]+\/instances\/[^/]+\/frames\//.test(r.url()));
  await item.getByTestId('open-viewer').click();
  await expect(page).toHaveURL(new RegExp(`/viewer/${escapeRe(uid)}$`));
  const frameResponse = await frame;
  expect(frameResponse.status()).toBe(200);
  expect((await frameResponse.request().allHeaders())['authorization']).toMatch(/^Bearer /);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('overlay-index')).toContainText('Image 1 /');
  await snap(page, testInfo, '2-viewer-image');

  await expectNoErrorSnackbar(page);
  expect(errors).toEqual([]);
});
