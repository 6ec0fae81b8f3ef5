import { expect, test } from '@playwright/test';
import { annotationCountIn, annotationsLabel, ensureStoredCtSeries, snap, watchErrors } from './support';

/**
 * The data's second life: a stored series is opened from the library, scrolled, windowed,
 * annotated, and the annotations are saved and come back after a reload. Needs the viewer
 * service (catalogue, DICOMweb, annotations); when the library is empty it first stores one
 * series through the search and download services.
 */
test('open a stored series, scroll and window it, annotate, save, and find the annotations again', async ({ page, request }, testInfo) => {
  const uid = await ensureStoredCtSeries(request);
  const errors = watchErrors(page);

  await page.goto('/library');
  const item = page.locator(`[data-testid="library-item"][data-uid="${uid}"]`);
  await expect(item).toBeVisible();
  await snap(page, testInfo, '1-library');

  await item.getByTestId('open-viewer').click();
  await expect(page).toHaveURL(new RegExp(`/viewer/${uid.replace(/\./g, '\\.')}$`));
  const viewport = page.getByTestId('viewport');
  await expect(viewport).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('annotation-status')).not.toContainText('Loading');
  await snap(page, testInfo, '2-opened');

  const box = (await viewport.boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;

  // window/level by dragging
  const wl = page.getByTestId('overlay-wl');
  await expect(wl).toBeVisible();
  const before = await wl.textContent();
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 60, cy + 30, { steps: 6 });
  await page.mouse.up();
  await expect(wl).not.toHaveText(before!);

  // scroll with the keyboard when there is more than one image
  const total = Number((await page.getByTestId('overlay-index').textContent())!.match(/\/ (\d+)/)![1]);
  if (total > 1) {
    await viewport.focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('overlay-index')).toHaveText(`Image ${total} / ${total}`);
    await page.keyboard.press('Home');
    await expect(page.getByTestId('overlay-index')).toHaveText(`Image 1 / ${total}`);
  }

  // draw a rectangle
  const status = page.getByTestId('annotation-status');
  const existing = annotationCountIn(await status.textContent());
  await page.getByTestId('tool-RectangleROI').click();
  // upper-left quadrant: AcceptanceFlow draws lower-right, so the two never grab each other's handles
  await page.mouse.move(cx - box.width / 4, cy - box.height / 4);
  await page.mouse.down();
  await page.mouse.move(cx - box.width / 12, cy - box.height / 12, { steps: 8 });
  await page.mouse.up();
  await expect(status).toContainText(annotationsLabel(existing + 1));
  await expect(page.getByTestId('unsaved')).toBeVisible();
  await snap(page, testInfo, '3-annotated');

  // save, reload, and the rectangle is back
  const saved = page.waitForResponse((r) => r.url().includes('/annotations') && r.request().method() === 'PUT');
  await page.getByTestId('save-annotations').click();
  expect((await saved).status()).toBe(200);
  await expect(status).toContainText('saved (version');
  await page.reload();
  await expect(viewport).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect(status).toContainText(annotationsLabel(existing + 1));
  await snap(page, testInfo, '4-reloaded');

  // tidy up: delete them all (confirmed) and save the empty set
  await page.getByTestId('clear-annotations').click();
  await page.getByTestId('confirm-yes').click();
  await expect(status).toContainText(annotationsLabel(0));
  const cleared = page.waitForResponse((r) => r.url().includes('/annotations') && r.request().method() === 'PUT');
  await page.getByTestId('save-annotations').click();
  expect((await cleared).status()).toBe(200);
  expect(errors).toEqual([]);
});
