import { expect, test } from '@playwright/test';
import { annotationCountIn, annotationsLabel, chooseCtSeries, snap, watchErrors } from './support';

/**
 * The acceptance flow end to end, through the UI only: search (a collection with CT), select a CT
 * series, download it to storage, watch it complete, open it from the library, annotate it (a
 * rectangle) and save, run inference with the default model, and see the JSON result and the
 * segmentation drawn over the image. Needs the whole local stack behind the gateway (search,
 * download, viewer, inference-gateway and MONAI Label or its stand-in). Every wait is on a UI state
 * or a network response; screenshots of each step land in test-results/screenshots.
 */
test('search, download a CT series, view, annotate, run inference and see the overlay', async ({ page, request }, testInfo) => {
  test.setTimeout(600_000);
  const errors = watchErrors(page);

  // a collection that has CT (asked once through the API, so the UI pick is deterministic)
  const ctCollections = await (await request.get('/api/search/values/collection?modality=CT')).json();
  const first = (Array.isArray(ctCollections) ? ctCollections : ctCollections.values ?? [])[0];
  expect(first, 'the search service offers a collection with CT').toBeTruthy();
  const collection: string = typeof first === 'string' ? first : first.value;

  // --- 1. search ------------------------------------------------------------------------------
  const facets = page.waitForResponse((r) => r.url().includes('/api/search/values/collection'));
  await page.goto('/search');
  expect((await facets).status()).toBe(200);

  const pick = async (field: string, value: string) => {
    const searched = page.waitForResponse((r) => r.url().includes('/api/search/series') && r.request().method() === 'GET');
    await page.getByTestId(`filter-${field}`).click();
    const option = page.getByRole('option').filter({ hasText: new RegExp(`^\\s*${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(\\(|$)`) });
    await option.first().click();
    expect((await searched).status()).toBe(200);
  };
  await pick('collection', collection);
  await pick('modality', 'CT');
  const rows = page.getByTestId('result-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('result-summary')).toContainText('series match');

  // smallest first, so the download and the inference stay quick
  const sorted = page.waitForResponse((r) => r.url().includes('/api/search/series') && r.url().includes('sort=fileSizeBytes'));
  await page.getByRole('columnheader', { name: 'Size' }).click();
  expect((await sorted).status()).toBe(200);
  await expect(rows.first()).toBeVisible();
  await snap(page, testInfo, '1-search');

  // --- 2. select a CT series with a real stack of slices (not a scout) ------------------------------
  const uid = await chooseCtSeries(page);
  const row = page.locator(`[data-testid="result-row"][data-uid="${uid}"]`);
  await row.getByTestId('row-checkbox').click();
  await expect(page.getByTestId('selection-count')).toHaveText('1 series selected');
  await snap(page, testInfo, '2-selected');

  // --- 3. download to storage -----------------------------------------------------------------
  const created = page.waitForResponse((r) => r.url().endsWith('/api/downloads') && r.request().method() === 'POST');
  await page.getByTestId('download-button').click();
  const createdResponse = await created;
  expect(createdResponse.status()).toBe(202);
  expect(createdResponse.request().postDataJSON()).toEqual({ seriesInstanceUids: [uid] });
  const body = await createdResponse.json();
  const downloadId = String(body.jobId ?? body.id);

  // --- 4. wait until complete on the downloads page -------------------------------------------------
  await expect(page).toHaveURL(new RegExp(`/downloads\\?job=${downloadId}`));
  const job = page.locator(`[data-testid="job"][data-job-id="${downloadId}"]`);
  await expect(job).toBeVisible();
  await snap(page, testInfo, '3-downloading');
  await expect(job).toHaveAttribute('data-phase', 'completed', { timeout: 300_000 });
  await expect(job.getByTestId('job-progress')).toHaveAttribute('aria-valuenow', '100');
  await snap(page, testInfo, '4-downloaded');

  // --- 5. open it from the library ------------------------------------------------------------
  await page.goto('/library');
  const filtered = page.waitForResponse((r) => r.url().includes('/api/viewer/series') && r.url().includes(`q=${uid}`));
  await page.getByTestId('library-filter').fill(uid);
  expect((await filtered).status()).toBe(200);
  const item = page.locator(`[data-testid="library-item"][data-uid="${uid}"]`);
  await expect(item).toBeVisible();
  await snap(page, testInfo, '5-library');
  await item.getByTestId('open-viewer').click();
  await expect(page).toHaveURL(new RegExp(`/viewer/${uid.replace(/\./g, '\\.')}$`));
  const viewport = page.getByTestId('viewport');
  await expect(viewport).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  const status = page.getByTestId('annotation-status');
  await expect(status).not.toContainText('Loading');
  await snap(page, testInfo, '6-viewer');

  // --- 6. annotate (rectangle) and save --------------------------------------------------------
  const box = (await viewport.boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const existing = annotationCountIn(await status.textContent());
  await page.getByTestId('tool-RectangleROI').click();
  // lower-right quadrant: StoredThenViewedThenAnnotated draws upper-left, so the two never grab each other's handles
  await page.mouse.move(cx + box.width / 12, cy + box.height / 12);
  await page.mouse.down();
  await page.mouse.move(cx + box.width / 4, cy + box.height / 4, { steps: 8 });
  await page.mouse.up();
  await expect(status).toContainText(annotationsLabel(existing + 1));
  const saved = page.waitForResponse((r) => r.url().includes(`/series/${uid}/annotations`) && r.request().method() === 'PUT');
  await page.getByTestId('save-annotations').click();
  expect((await saved).status()).toBe(200);
  await expect(status).toContainText('saved (version');
  await snap(page, testInfo, '7-annotated');

  // --- 7. run inference with the default model -------------------------------------------------
  const panel = page.getByTestId('inference-panel');
  await expect(panel.getByTestId('inference-models-problem')).toHaveCount(0);
  await expect(panel.getByTestId('inference-model')).toContainText(/\S/);
  await expect(panel.getByTestId('inference-model-info')).toContainText('Default model.');
  const submitted = page.waitForResponse((r) => r.url().endsWith('/api/inference/jobs') && r.request().method() === 'POST');
  await panel.getByTestId('inference-run').click();
  const submitResponse = await submitted;
  expect(submitResponse.status(), await submitResponse.text()).toBe(202);
  const submittedBody = submitResponse.request().postDataJSON();
  expect(submittedBody.seriesInstanceUid).toBe(uid);
  const inferenceJob = await submitResponse.json();
  const jobStatus = panel.getByTestId('inference-status');
  await expect(jobStatus).toHaveAttribute('data-job-id', inferenceJob.jobId);
  await snap(page, testInfo, '8-inference-running');

  await expect(jobStatus).toHaveAttribute('data-status', /^(succeeded|failed)$/, { timeout: 420_000 });
  const reason = (await panel.getByTestId('inference-problem').allTextContents()).join(' ');
  expect(await jobStatus.getAttribute('data-status'), `the inference job failed: ${reason}`).toBe('succeeded');
  const finished = await (await request.get(`/api/inference/jobs/${inferenceJob.jobId}`)).json();
  expect(finished.status).toBe('succeeded');

  // --- 8. the JSON result and the overlay ----------------------------------------------------------
  const result = panel.getByTestId('inference-result');
  await expect(result).toBeVisible();
  expect(JSON.parse((await result.textContent())!)).toEqual(finished.result);
  expect((finished.overlays as { labelledPixels: number }[]).some((o) => o.labelledPixels > 0), 'the mask labels some pixels').toBe(true);

  // the viewer goes to the most labelled image; the overlay canvas then has painted pixels
  const overlay = page.getByTestId('inference-overlay');
  await expect(overlay).toHaveAttribute('data-phase', 'drawn');
  await expect(overlay).not.toHaveAttribute('data-pixels', '0');
  const painted = () =>
    overlay.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
  expect(await painted()).toBeGreaterThan(0);
  await snap(page, testInfo, '9-inference-overlay');

  // it follows zooming: redrawn with the new camera, still painted
  const before = await painted();
  await page.getByTestId('zoom-in').click();
  await expect.poll(painted).not.toBe(before);
  expect(await painted()).toBeGreaterThan(0);

  // per-label visibility: hiding every label clears it, showing them again brings it back
  const toggles = panel.locator('[data-testid^="label-toggle-"] input[type="checkbox"]');
  const labels = await toggles.count();
  for (let i = 0; i < labels; i++) await toggles.nth(i).uncheck();
  await expect(overlay).toHaveAttribute('data-pixels', '0');
  expect(await painted()).toBe(0);
  for (let i = 0; i < labels; i++) await toggles.nth(i).check();
  await expect(overlay).not.toHaveAttribute('data-pixels', '0');
  await snap(page, testInfo, '10-inference-zoomed');
  expect(errors).toEqual([]);
});
