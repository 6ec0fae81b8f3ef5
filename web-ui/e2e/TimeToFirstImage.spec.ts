import { Page, expect, test } from '@playwright/test';
import { ensureStoredCtSeries, watchErrors } from './support';

/**
 * Time to first image: from the start of the navigation to /viewer/{uid} until the viewport has
 * rendered its first image. The viewer sets the performance mark `viewer:first-image` on its first
 * IMAGE_RENDERED (and `data-phase="ready"` on the viewport); the mark's startTime is relative to
 * the navigation start. The 500 ms target is reported, not asserted; the assertion is a generous
 * bound (TTFI_BOUND_MS, default 5000) so a loaded CI machine does not make it flaky.
 */
const TARGET_MS = 500;
const BOUND_MS = Number(process.env['TTFI_BOUND_MS'] ?? 5000);

async function timeToFirstImage(page: Page, go: () => Promise<unknown>): Promise<number> {
  const before = Date.now();
  await go();
  const viewport = page.getByTestId('viewport');
  await expect(viewport).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  const mark = await page.evaluate(() => performance.getEntriesByName('viewer:first-image')[0]?.startTime ?? null);
  // fallback (no mark, e.g. an older build): wall-clock time around the wait, an upper bound
  return Math.round(mark ?? Date.now() - before);
}

test('time to first image of a stored series', async ({ page, request }, testInfo) => {
  const uid = await ensureStoredCtSeries(request);
  const errors = watchErrors(page);
  const url = `/viewer/${uid}`;

  const first = await timeToFirstImage(page, () => page.goto(url));
  const reload = await timeToFirstImage(page, () => page.reload());
  await expect(page.getByTestId('viewer-problem')).toHaveCount(0);

  console.log(`time to first image: ${first} ms`);
  console.log(`time to first image (reload, warm cache): ${reload} ms`);
  const summary = `time to first image: ${first} ms (reload, warm cache: ${reload} ms); target ${TARGET_MS} ms: ` +
    (first <= TARGET_MS ? 'met' : 'not met') + `; asserted bound ${BOUND_MS} ms`;
  testInfo.annotations.push({ type: 'time-to-first-image', description: summary });
  await testInfo.attach('time-to-first-image', {
    body: JSON.stringify({ seriesInstanceUid: uid, firstMs: first, reloadMs: reload, targetMs: TARGET_MS, boundMs: BOUND_MS }, null, 2),
    contentType: 'application/json',
  });

  expect(first, summary).toBeLessThan(BOUND_MS);
  expect(reload, summary).toBeLessThan(BOUND_MS);
  expect(errors).toEqual([]);
});
