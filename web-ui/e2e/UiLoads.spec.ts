import { expect, test } from '@playwright/test';
import { snap, watchErrors } from './support';

test('the first page loads: the search page with its filters and navigation', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const config = page.waitForResponse((r) => r.url().endsWith('/config.json'));
  await page.goto('/');

  expect((await config).status()).toBe(200);
  await expect(page).toHaveURL(/\/search$/);
  await expect(page).toHaveTitle(/Search/);
  await expect(page.getByRole('heading', { name: 'Search TCIA' })).toBeVisible();
  for (const field of ['collection', 'bodyPart', 'modality', 'manufacturer', 'manufacturerModelName', 'patientId', 'studyInstanceUid']) {
    await expect(page.getByTestId(`filter-${field}`)).toBeVisible();
  }
  await expect(page.getByTestId('download-button')).toBeDisabled();
  await expect(page.getByText('Choose at least one filter to search.')).toBeVisible();
  await snap(page, testInfo, 'search');

  await page.getByTestId('nav-downloads').click();
  await expect(page).toHaveURL(/\/downloads$/);
  await expect(page.getByRole('heading', { name: 'Downloads' })).toBeVisible();

  await page.getByTestId('nav-library').click();
  await expect(page).toHaveURL(/\/library$/);
  await expect(page.getByRole('heading', { name: 'Library' })).toBeVisible();

  // a deep link into the app is answered by the SPA fallback
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a bad study UID is refused as it is typed', async ({ page }, testInfo) => {
  await page.goto('/search');
  const uid = page.getByTestId('filter-studyInstanceUid');
  await uid.fill('1.2.840..10008');
  await expect(page.getByTestId('uid-error')).toContainText('two dots');
  await expect(page.getByTestId('search-button')).toBeDisabled();
  await snap(page, testInfo, 'bad-uid');
  await uid.fill('1.2.840.10008');
  await expect(page.getByTestId('uid-error')).toHaveCount(0);
});
