import { expect, test } from '@playwright/test';
import { snap, watchErrors } from './support';

/**
 * The data's first life: a researcher picks filters, sees matching series, ticks some and has
 * them downloaded into storage; the download page follows the job live until it is stored.
 * Needs the search service, the download service and the NBIA emulator behind the gateway.
 */
test('search, select a range of series, download them to storage and watch the job finish', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const collections = page.waitForResponse((r) => r.url().includes('/api/search/values/collection'));
  await page.goto('/search');
  expect((await collections).status()).toBe(200);

  // pick the first collection offered
  await page.getByTestId('filter-collection').click();
  const options = page.getByRole('option');
  await expect(options.nth(1)).toBeVisible(); // option 0 is "Any"
  const collection = (await options.nth(1).textContent())!.replace(/\(\d[\d,]*\)\s*$/, '').trim();
  const series = page.waitForResponse((r) => r.url().includes('/api/search/series') && r.request().method() === 'GET');
  const narrowed = page.waitForResponse((r) => r.url().includes('/api/search/values/modality') && r.url().includes('collection='));
  await options.nth(1).click();
  expect((await series).status()).toBe(200);
  expect((await narrowed).status()).toBe(200);

  const rows = page.getByTestId('result-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('result-summary')).toContainText('series match');
  await expect(rows.first()).toContainText(collection);
  await snap(page, testInfo, '1-results');

  // tick the first row, shift-click the second: a range of two
  const count = Math.min(2, await rows.count());
  await page.getByTestId('row-checkbox').nth(0).click();
  if (count > 1) await page.getByTestId('row-checkbox').nth(count - 1).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText(`${count} series selected`);
  await expect(page.getByTestId('selection-size')).toHaveText(/\d+(\.\d+)? (B|kB|MB|GB|TB)/);
  const uids = await rows.evaluateAll((els, n) => els.slice(0, n).map((e) => e.getAttribute('data-uid')), count);
  await snap(page, testInfo, '2-selected');

  // start the download
  const created = page.waitForResponse((r) => r.url().endsWith('/api/downloads') && r.request().method() === 'POST');
  await page.getByTestId('download-button').click();
  const response = await created;
  expect(response.status()).toBe(202);
  expect(response.request().postDataJSON()).toEqual({ seriesInstanceUids: uids });
  const body = await response.json();
  const jobId = String(body.jobId ?? body.id);

  await expect(page).toHaveURL(new RegExp(`/downloads\\?job=${jobId}`));
  const job = page.locator(`[data-testid="job"][data-job-id="${jobId}"]`);
  await expect(job).toBeVisible();
  await expect(job.getByTestId('series-progress')).toHaveCount(count);
  await snap(page, testInfo, '3-downloading');

  // the job is followed live until every series is stored and verified
  await expect(job).toHaveAttribute('data-phase', 'completed', { timeout: 150_000 });
  await expect(job.locator('[data-testid="series-progress"][data-phase="completed"]')).toHaveCount(count);
  await expect(job.getByTestId('job-progress')).toHaveAttribute('aria-valuenow', '100');
  await snap(page, testInfo, '4-stored');
  expect(errors).toEqual([]);
});
