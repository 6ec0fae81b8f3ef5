import { APIRequestContext, Page, TestInfo, expect } from '@playwright/test';
import * as path from 'node:path';

/** Screenshots that people look at: web-ui/test-results/screenshots/<spec>-<step>.png */
export async function snap(page: Page, testInfo: TestInfo, step: string): Promise<string> {
  const spec = path.basename(testInfo.file).replace(/\.spec\.ts$/, '');
  const file = path.join(__dirname, '..', 'test-results', 'screenshots', `${spec}-${step}.png`);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach(step, { path: file, contentType: 'image/png' });
  return file;
}

/** Collects uncaught page errors, so a test can assert the UI ran without any. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function expectNoErrorSnackbar(page: Page): Promise<void> {
  await expect(page.locator('.snack-error')).toHaveCount(0);
}

/** Makes sure a stored CT series exists (windowing is asserted on CT values) and returns its UID. */
export async function ensureStoredCtSeries(request: APIRequestContext): Promise<string> {
  const stored = await (await request.get('/api/viewer/series?modality=CT&limit=1')).json();
  const existing = (stored.items ?? stored.rows ?? [])[0];
  if (existing) return existing.seriesInstanceUid;
  const collections = await (await request.get('/api/search/values/collection?modality=CT')).json();
  const first = (Array.isArray(collections) ? collections : collections.values ?? [])[0];
  const collection = typeof first === 'string' ? first : first.value;
  const page = await (await request.get(`/api/search/series?collection=${encodeURIComponent(collection)}&modality=CT&size=1&sort=fileSizeBytes`)).json();
  const uid = (page.rows ?? page.items)[0].seriesInstanceUid;
  const created = await request.post('/api/downloads', { data: { seriesInstanceUids: [uid] } });
  expect(created.status()).toBe(202);
  const job = await created.json();
  await expect
    .poll(async () => (await (await request.get(`/api/downloads/${job.jobId ?? job.id}`)).json()).state, { timeout: 150_000, intervals: [1000] })
    .toMatch(/^(complete|completed)$/);
  await expect.poll(async () => (await (await request.get('/api/viewer/series?modality=CT&limit=1')).json()).total, { timeout: 30_000 }).toBeGreaterThan(0);
  return uid;
}

/**
 * The series a spec works with, from the result rows on screen: a CT with a real stack of slices
 * (10 or more images; else any CT with more than one; else the first CT), not a scout.
 */
export async function chooseCtSeries(page: Page): Promise<string> {
  const candidates = await page.getByTestId('result-row').evaluateAll((els) =>
    els.map((e) => ({
      uid: e.getAttribute('data-uid')!,
      modality: e.querySelector('.mat-column-modality')?.textContent?.trim() ?? '',
      images: Number((e.querySelector('.mat-column-imageCount')?.textContent ?? '0').replace(/[^\d]/g, '')),
    })),
  );
  const ct = candidates.filter((c) => c.modality === 'CT');
  const chosen = ct.find((c) => c.images >= 10) ?? ct.find((c) => c.images > 1) ?? ct[0];
  expect(chosen, 'a CT series is listed').toBeTruthy();
  return chosen.uid;
}

/** The viewer's annotation count as it words it: "1 annotation", "0 annotations", "3 annotations". */
export function annotationsLabel(n: number): string {
  return `${n} annotation${n === 1 ? '' : 's'}`;
}

/** The count in the viewer's annotation status text ("2 annotations · saved (version 3)"). */
export function annotationCountIn(text: string | null): number {
  const m = /(\d+) annotations?\b/.exec(text ?? '');
  if (!m) throw new Error(`no annotation count in "${text}"`);
  return Number(m[1]);
}
