import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import { snap, watchErrors } from './support';

/**
 * A selection leaves the product as a TCIA .tcia manifest and comes back: the exported file,
 * imported again, selects the same series. Needs the search service (manifest export and parse).
 */
test('export the selection as a .tcia manifest and import it again', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.goto('/search');
  await page.getByTestId('filter-collection').click();
  const option = page.getByRole('option').nth(1);
  await expect(option).toBeVisible();
  const series = page.waitForResponse((r) => r.url().includes('/api/search/series'));
  await option.click();
  expect((await series).status()).toBe(200);
  const rows = page.getByTestId('result-row');
  await expect(rows.first()).toBeVisible();

  await page.getByTestId('select-all').click();
  const count = await rows.count();
  await expect(page.getByTestId('selection-count')).toHaveText(`${count} series selected`);
  const uids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-uid')));

  const download = page.waitForEvent('download');
  await page.getByTestId('export-manifest').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.tcia$/);
  const path = testInfo.outputPath(file.suggestedFilename());
  await file.saveAs(path);
  const text = fs.readFileSync(path, 'utf8');
  expect(text).toContain('ListOfSeriesToDownload=');
  for (const uid of uids) expect(text).toContain(uid!);

  await page.getByTestId('clear-selection').click();
  await expect(page.getByTestId('selection-count')).toHaveCount(0);

  const parsed = page.waitForResponse((r) => r.url().includes('/api/search/manifest/parse'));
  await page.getByTestId('manifest-file').setInputFiles(path);
  expect((await parsed).status()).toBe(200);
  await expect(page.getByTestId('manifest-banner')).toContainText(`Showing ${count} series`);
  await expect(page.getByTestId('selection-count')).toHaveText(`${count} series selected`);
  expect((await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-uid')))).sort()).toEqual([...uids].sort());
  await snap(page, testInfo, 'imported');
  expect(errors).toEqual([]);
});
