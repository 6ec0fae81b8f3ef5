import { APIRequestContext, Browser, Page, TestInfo, expect, test } from '@playwright/test';
import { ensureStoredCtSeries, watchErrors } from './support';

/**
 * Time to first image: from the moment a stored series is opened until an image of it is on
 * screen, measured by the browser itself, not by the viewer's own marks:
 *
 * - a watcher installed before any page script checks every animation frame for (1) the viewer's
 *   server-rendered preview (`img[data-testid=viewer-preview]`: loaded, visible, non-blank) and
 *   (2) Cornerstone's canvas with non-blank pixels, and keeps the time (`performance.now()`) and a
 *   small grey fingerprint of what each showed;
 * - "opened" is the start of the navigation (a deep link, a reload) or the click on "Open" in the
 *   library (its event time);
 * - the preview counts as the first image only if it is the right one: the page asked the viewer
 *   service for nothing but the series' first slice at the window stored in that slice's DICOM
 *   metadata (both fetched here independently), the preview's pixels equal that rendering, and it
 *   matches what Cornerstone then shows in the same viewport (same slice, window and geometry: the
 *   swap does not jump). Otherwise only Cornerstone's first image counts.
 * - Playwright's tracing is off for this file: its screenshots and DOM snapshots take the CPU the
 *   page needs and doubled the times measured here (base and new alike) on a loaded machine.
 *
 * Reported per scenario: first image (the preview, or Cornerstone's if it came first) and
 * interactive (Cornerstone's first image: tools active, `data-phase="ready"`). The 500 ms target is
 * reported, not asserted; the assertion is a generous bound (TTFI_BOUND_MS, default 5000) so a
 * loaded CI machine does not make it flaky.
 */
const TARGET_MS = 500;
const BOUND_MS = Number(process.env['TTFI_BOUND_MS'] ?? 5000);
/** Mean absolute difference (0-255) allowed between the preview's pixels and the reference PNG's (same image: 0). */
const SAME_PNG_MAX = 0.5;
/** ... and between the preview and Cornerstone's rendering in the viewport (interpolation differs a little). */
const SAME_VIEW_MAX = 8;
const FP_WIDTH = 128;

test.use({ trace: 'off' });

interface Fingerprint { w: number; h: number; grey: number[] }
interface Seen { at: number; view: Fingerprint }
interface Watch {
  click: number | null;
  preview: (Seen & { sop: string | null }) | null;
  canvas: Seen | null;
}
/** Page globals: the watch, and the preview's pixels at its own size (compared in the page, not sent). */
type Watched = { __ttfi: Watch; __ttfiPreviewPixels?: ImageData };

/** Runs in the page before its own scripts (page.addInitScript): see the file comment. */
function watcher(fpWidth: number): void {
  const w = window as unknown as Watched;
  const st: Watch = { click: null, preview: null, canvas: null };
  w.__ttfi = st;
  document.addEventListener('click', (e) => {
    if (st.click == null && (e.target as Element | null)?.closest?.('[data-testid="open-viewer"]')) st.click = e.timeStamp;
  }, true);
  const scratch = document.createElement('canvas');
  const grey = (w: number, h: number, draw: (ctx: CanvasRenderingContext2D) => void): Fingerprint => {
    scratch.width = w;
    scratch.height = h;
    const ctx = scratch.getContext('2d', { willReadFrequently: true })!;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, w, h);
    draw(ctx);
    const d = ctx.getImageData(0, 0, w, h).data;
    const out: number[] = [];
    for (let i = 0; i < d.length; i += 4) out.push(Math.round((d[i] + d[i + 1] + d[i + 2]) / 3));
    return { w, h, grey: out };
  };
  const nonBlank = (f: Fingerprint) => f.grey.filter((v) => v > 16).length > f.grey.length / 100;
  const shown = (el: Element) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return s.display !== 'none' && s.visibility === 'visible' && Number(s.opacity) > 0.5 && r.width > 0 && r.height > 0;
  };
  /** The viewport as seen: `source` drawn where it is on screen within `area`, scaled to fpWidth. */
  const viewFingerprint = (area: DOMRect, source: CanvasImageSource, at: DOMRect): Fingerprint => {
    const h = Math.max(1, Math.round((fpWidth * area.height) / area.width));
    const k = fpWidth / area.width;
    return grey(fpWidth, h, (ctx) => ctx.drawImage(source, (at.x - area.x) * k, (at.y - area.y) * k, at.width * k, at.height * k));
  };
  const tick = () => {
    const now = performance.now();
    if (!st.preview) {
      const img = document.querySelector<HTMLImageElement>('img[data-testid="viewer-preview"]');
      if (img && img.complete && img.naturalWidth > 0 && shown(img)) {
        const area = img.parentElement!.getBoundingClientRect();
        const box = img.getBoundingClientRect();
        let at = box; // object-fit: contain -> the picture's own rectangle inside the element
        if (getComputedStyle(img).objectFit === 'contain') {
          const s = Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight);
          const cw = img.naturalWidth * s, ch = img.naturalHeight * s;
          at = new DOMRect(box.x + (box.width - cw) / 2, box.y + (box.height - ch) / 2, cw, ch);
        }
        const view = viewFingerprint(area, img, at);
        if (nonBlank(view)) {
          st.preview = { at: now, view, sop: img.getAttribute('data-sop') };
          const c = document.createElement('canvas');
          c.width = img.naturalWidth;
          c.height = img.naturalHeight;
          const ctx = c.getContext('2d')!;
          ctx.drawImage(img, 0, 0);
          w.__ttfiPreviewPixels = ctx.getImageData(0, 0, c.width, c.height);
        }
      }
    }
    if (!st.canvas) {
      const viewport = document.querySelector('[data-testid="viewport"]');
      const canvas = viewport?.querySelector('canvas');
      if (viewport && canvas && canvas.width > 0) {
        const area = viewport.getBoundingClientRect();
        const view = viewFingerprint(area, canvas, canvas.getBoundingClientRect());
        if (nonBlank(view)) st.canvas = { at: now, view };
      }
    }
    if (!st.preview || !st.canvas) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** The series' first slice and the window Cornerstone starts with, from the services (not from the UI). */
async function expectedFirstSlice(request: APIRequestContext, uid: string): Promise<{ sop: string; url: string; window: { width: number; level: number } | null }> {
  const detail = await (await request.get(`/api/viewer/series/${uid}`)).json();
  const metadata: Record<string, { Value?: unknown[] }>[] = await (
    await request.get(`/dicomweb/studies/${detail.studyInstanceUid}/series/${uid}/metadata`)
  ).json();
  const bySop = new Map(metadata.map((m) => [m['00080018']?.Value?.[0] as string, m]));
  const sop: string = detail.instances.map((i: { sopInstanceUid: string }) => i.sopInstanceUid).find((s: string) => bySop.has(s));
  const m = bySop.get(sop)!;
  const center = m['00281050']?.Value?.[0];
  const width = m['00281051']?.Value?.[0];
  const window = center != null && width != null ? { width: Number(width), level: Number(center) } : null;
  return { sop, window, url: `/api/viewer/instances/${sop}/rendered?format=png${window ? `&window=${window.width}&level=${window.level}` : ''}` };
}

function meanAbsDiff(a: Fingerprint, b: Fingerprint): number {
  expect([a.w, a.h], 'the viewport kept its shape from the preview to Cornerstone\'s image').toEqual([b.w, b.h]);
  let sum = 0;
  for (let i = 0; i < a.grey.length; i++) sum += Math.abs(a.grey[i] - b.grey[i]);
  return sum / a.grey.length;
}

interface Timing { scenario: string; firstImageMs: number; firstImage: 'preview' | 'cornerstone'; interactiveMs: number; markMs: number | null; previewDiff?: { server: number; cornerstone: number }; path?: string }

/**
 * Where the time of a navigation went (the browser's own timings, ms from navigation start): the
 * document, the scripts, config.json, the series detail and the preview PNG (start-end).
 */
async function navigationPath(page: Page): Promise<string> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const span = (e: PerformanceResourceTiming | undefined) => (e ? `${Math.round(e.startTime)}-${Math.round(e.responseEnd)}` : '-');
    const find = (test: (path: string) => boolean) => res.find((e) => test(new URL(e.name).pathname));
    const scripts = res.filter((e) => e.initiatorType === 'script' || /\.js$/.test(new URL(e.name).pathname));
    const lastScript = scripts.reduce((m, e) => Math.max(m, e.responseEnd), 0);
    return [
      `document ${nav ? Math.round(nav.responseEnd) : '-'}`,
      `scripts ${scripts.length} loaded by ${Math.round(lastScript)}`,
      `DOMContentLoaded ${nav ? Math.round(nav.domContentLoadedEventEnd) : '-'}`,
      `config.json ${span(find((p) => p.endsWith('/config.json')))}`,
      `series ${span(find((p) => /\/api\/viewer\/series\/[^/]+$/.test(p)))}`,
      `preview ${span(find((p) => p.endsWith('/rendered')))}`,
    ].join(', ');
  });
}

/** Waits for the viewer to be interactive, then judges what was seen first (times relative to `origin`). */
async function judge(page: Page, scenario: string, origin: 'navigation' | 'click', expected: Awaited<ReturnType<typeof expectedFirstSlice>>): Promise<Timing> {
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect.poll(() => page.evaluate(() => !!(window as unknown as Watched).__ttfi.canvas), { timeout: 10_000 }).toBe(true);
  const st = await page.evaluate(() => (window as unknown as Watched).__ttfi);
  const start = origin === 'click' ? st.click : 0;
  expect(start, 'the click on Open was seen').not.toBeNull();
  const mark = await page.evaluate(() => performance.getEntriesByName('viewer:first-image').at(-1)?.startTime ?? null);
  const canvas = st.canvas!;
  const t: Timing = {
    scenario,
    firstImageMs: Math.round(canvas.at - start!),
    firstImage: 'cornerstone',
    interactiveMs: Math.round(canvas.at - start!),
    markMs: mark == null ? null : Math.round(mark - start!),
  };
  if (st.preview) {
    // the preview must be the first slice at the stored window (the server's own rendering of it)...
    const server = await page.evaluate(async (url) => {
      const shown = (window as unknown as Watched).__ttfiPreviewPixels!;
      const img = new Image();
      img.src = url;
      await img.decode();
      if (img.naturalWidth !== shown.width || img.naturalHeight !== shown.height) return 255;
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const ref = ctx.getImageData(0, 0, c.width, c.height).data;
      let sum = 0;
      for (let i = 0; i < ref.length; i += 4) sum += Math.abs(ref[i] - shown.data[i]) + Math.abs(ref[i + 1] - shown.data[i + 1]) + Math.abs(ref[i + 2] - shown.data[i + 2]);
      return sum / (3 * c.width * c.height);
    }, expected.url);
    // ...and look like what Cornerstone then shows in the same place
    const cornerstone = meanAbsDiff(st.preview.view, canvas.view);
    t.previewDiff = { server: Math.round(server * 100) / 100, cornerstone: Math.round(cornerstone * 100) / 100 };
    expect(st.preview.sop, 'the preview shows the first slice').toBe(expected.sop);
    // what the page asked the viewer service to render (the browser's own record, not the app's)
    const asked = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/rendered')));
    expect(asked.length, 'the preview was fetched').toBeGreaterThan(0);
    for (const name of asked) {
      const u = new URL(name);
      expect(decodeURIComponent(u.pathname), 'only the first slice is rendered').toBe(`/api/viewer/instances/${expected.sop}/rendered`);
      const w = u.searchParams.get('window'), l = u.searchParams.get('level');
      expect(w == null ? null : { width: Number(w), level: Number(l) }, 'at the stored window').toEqual(expected.window);
      expect(u.searchParams.get('frame') ?? '1').toBe('1');
    }
    expect(server, `preview vs the server's rendering of ${expected.url}`).toBeLessThanOrEqual(SAME_PNG_MAX);
    expect(cornerstone, 'preview vs Cornerstone\'s first image in the viewport').toBeLessThanOrEqual(SAME_VIEW_MAX);
    if (st.preview.at < canvas.at) {
      t.firstImageMs = Math.round(st.preview.at - start!);
      t.firstImage = 'preview';
    }
  }
  return t;
}

async function freshPage(browser: Browser, baseURL: string | undefined): Promise<{ page: Page; close: () => Promise<void>; errors: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 900 } });
  await context.addInitScript(watcher, FP_WIDTH);
  const page = await context.newPage();
  return { page, close: () => context.close(), errors: watchErrors(page) };
}

async function fromLibrary(page: Page, uid: string, dwellMs: number): Promise<void> {
  await page.goto('/library');
  const open = page.locator(`[data-testid="library-item"][data-uid="${uid}"]`).getByTestId('open-viewer');
  await expect(open).toBeVisible();
  if (dwellMs) await page.waitForTimeout(dwellMs); // a person looking at the library (the viewer is prefetched meanwhile)
  await open.click();
}

test('time to first image of a stored series', async ({ browser, request, baseURL }, testInfo: TestInfo) => {
  const uid = await ensureStoredCtSeries(request);
  const expected = await expectedFirstSlice(request, uid);
  const timings: Timing[] = [];
  const errors: string[] = [];

  // a deep link in a new browser (nothing cached), then a reload (HTTP cache warm)
  {
    const { page, close, errors: e } = await freshPage(browser, baseURL);
    await page.goto(`/viewer/${uid}`);
    timings.push({ ...(await judge(page, 'cold: open /viewer/{uid}', 'navigation', expected)), path: await navigationPath(page) });
    await page.reload();
    timings.push({ ...(await judge(page, 'warm: reload', 'navigation', expected)), path: await navigationPath(page) });
    await expect(page.getByTestId('viewer-problem')).toHaveCount(0);
    errors.push(...e);
    await close();
  }
  // from the library in a new browser: "Open" clicked as soon as it shows, and after two seconds
  for (const dwell of [0, 2000]) {
    const { page, close, errors: e } = await freshPage(browser, baseURL);
    await fromLibrary(page, uid, dwell);
    timings.push(await judge(page, `library -> Open, ${dwell ? `after ${dwell} ms on the page` : 'at once'}`, 'click', expected));
    errors.push(...e);
    await close();
  }

  const lines = timings.map((t) =>
    `${t.scenario}: first image ${t.firstImageMs} ms (${t.firstImage}), interactive ${t.interactiveMs} ms` +
    (t.markMs != null ? ` (viewer mark ${t.markMs} ms)` : '') +
    (t.previewDiff ? `; preview vs server ${t.previewDiff.server}, vs Cornerstone ${t.previewDiff.cornerstone}` : '; no preview seen') +
    (t.path ? `; ${t.path}` : ''));
  for (const l of lines) console.log(`time to first image: ${l}`);
  const cold = timings[0];
  const summary = `time to first image (cold): ${cold.firstImageMs} ms (${cold.firstImage}), interactive ${cold.interactiveMs} ms; target ${TARGET_MS} ms: ` +
    (cold.firstImageMs <= TARGET_MS ? 'met' : 'not met') + `; asserted bound ${BOUND_MS} ms`;
  testInfo.annotations.push({ type: 'time-to-first-image', description: [summary, ...lines].join('\n') });
  await testInfo.attach('time-to-first-image', {
    body: JSON.stringify({ seriesInstanceUid: uid, targetMs: TARGET_MS, boundMs: BOUND_MS, timings }, null, 2),
    contentType: 'application/json',
  });

  for (const t of timings) {
    expect(t.firstImageMs, `${t.scenario}: ${summary}`).toBeLessThan(BOUND_MS);
    expect(t.interactiveMs, `${t.scenario}: ${summary}`).toBeLessThan(BOUND_MS);
  }
  expect(errors).toEqual([]);
});
