import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CORNERSTONE_LOADER, Cornerstone } from './cornerstone-loader';
import { ViewerPage } from './viewer-page';

/**
 * The viewer before Cornerstone3D has arrived (the loader is replaced: Cornerstone itself is not
 * loaded in unit tests): the series detail alone leads to the server-rendered first image, shown
 * at once, with the tools off until Cornerstone is ready.
 */
describe('ViewerPage before Cornerstone is ready', () => {
  let ctrl: HttpTestingController;
  let fixture: ReturnType<typeof TestBed.createComponent<ViewerPage>>;
  let cornerstone: Promise<Cornerstone>;
  let rejectCornerstone: (e: unknown) => void;
  let loads = 0;
  let prefetched = false;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 20));
    await fixture.whenStable();
  };
  const detail = {
    seriesInstanceUid: '1.2.3', studyInstanceUid: '1.2', modality: 'CT', seriesDescription: 'Chest',
    instances: [
      { position: 0, sopInstanceUid: '1.2.3.30', windowCenter: 40, windowWidth: 400 },
      { position: 1, sopInstanceUid: '1.2.3.10', windowCenter: 40, windowWidth: 400 },
    ],
  };
  const meta = (sop: string, n: number) => ({
    '00080018': { vr: 'UI', Value: [sop] }, '00200013': { vr: 'IS', Value: [n] },
    '00280010': { vr: 'US', Value: [4] }, '00280011': { vr: 'US', Value: [4] }, '00280030': { vr: 'DS', Value: [0.7, 0.7] },
  });
  const png = async () => {
    const c = new OffscreenCanvas(4, 4);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#888';
    ctx.fillRect(0, 0, 4, 4);
    return c.convertToBlob({ type: 'image/png' });
  };
  const rendered = () => ctrl.expectOne((r) => r.url.startsWith('/api/viewer/instances/'));
  const metadata = () => ctrl.expectOne('/dicomweb/studies/1.2/series/1.2.3/metadata');
  const waitFor = async (ok: () => boolean) => {
    for (let i = 0; i < 100 && !ok(); i++) await settle();
    expect(ok()).toBe(true);
  };

  beforeEach(async () => {
    loads = 0;
    cornerstone = new Promise<Cornerstone>((_, reject) => (rejectCornerstone = reject));
    cornerstone.catch(() => undefined);
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: CORNERSTONE_LOADER, useValue: { core: () => { loads++; return cornerstone; }, load: () => cornerstone, requested: () => prefetched } }],
    });
    ctrl = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ViewerPage);
    fixture.componentRef.setInput('seriesUid', '1.2.3');
    fixture.detectChanges();
    await settle();
    ctrl.match((r) => r.url.startsWith('/api/inference/')).forEach((r) => r.flush({ models: [] }));
    ctrl.expectOne('/api/viewer/series/1.2.3').flush(detail);
    await settle();
  });
  afterEach(() => {
    fixture.destroy();
    TestBed.resetTestingModule();
  });

  it('asks for the first slice as a PNG at its stored window, in parallel with the metadata, and shows it with the tools off', async () => {
    const png$ = rendered();
    expect(png$.request.url).toBe('/api/viewer/instances/1.2.3.30/rendered?window=400&level=40&format=png');
    expect(png$.request.responseType).toBe('blob');
    const meta$ = metadata(); // already asked for: neither waits for the other
    expect(loads).toBe(0); // not prefetched: Cornerstone waits until the preview is on screen
    png$.flush(await png());
    await waitFor(() => !!q('tools-loading'));
    await waitFor(() => loads === 1);
    const img = q('viewer-preview') as HTMLImageElement;
    expect(img.getAttribute('data-sop')).toBe('1.2.3.30');
    expect(img.src).toMatch(/^blob:/);
    expect(q('viewer-loading')).toBeNull(); // the image replaces the spinner
    expect(q('tool-WindowLevel')!.querySelector('button')!.disabled).toBe(true);
    expect((q('zoom-in') as HTMLButtonElement).disabled).toBe(true);
    expect(q('viewport')!.getAttribute('data-phase')).toBe('loading');
    expect(q('slice-slider')).not.toBeNull(); // from the detail: the layout does not change under the preview when the metadata comes

    meta$.flush([meta('1.2.3.10', 2), meta('1.2.3.30', 1)]);
    await settle();
    expect(q('viewport')!.getAttribute('data-phase')).toBe('rendering'); // waiting for Cornerstone; the preview stays
    expect(q('viewer-preview')).not.toBeNull();
    expect(el().querySelector('.preview img')!.classList.contains('stretched')).toBe(false); // square pixels: as the PNG is
    expect(q('tools-loading')!.textContent).toContain('Loading the viewer tools');
  });

  it('drops the preview when the display order starts with another image', async () => {
    rendered().flush(await png());
    await waitFor(() => !!q('viewer-preview'));
    metadata().flush([meta('1.2.3.10', 2)]); // 1.2.3.30 has no metadata: the stack starts with 1.2.3.10
    await settle();
    expect(q('viewer-preview')).toBeNull();
    expect(q('viewer-loading')).not.toBeNull();
  });

  it('keeps the spinner when the preview cannot be rendered', async () => {
    rendered().flush(new Blob(['{"title":"Instance cannot be rendered"}']), { status: 422, statusText: 'x' });
    await settle();
    expect(q('viewer-preview')).toBeNull();
    expect(q('viewer-loading')!.textContent).toContain('Loading the series');
    expect(q('viewer-problem')).toBeNull(); // not worth a message: Cornerstone shows the image a little later
    expect(loads).toBe(1); // no preview to wait for
    metadata().flush([meta('1.2.3.30', 1)]);
  });

  it('uses Cornerstone at once when it has been prefetched (by the library)', async () => {
    expect(loads).toBe(0);
    prefetched = true;
    try {
      const other = TestBed.createComponent(ViewerPage);
      other.componentRef.setInput('seriesUid', '1.2.3');
      other.detectChanges();
      await settle();
      expect(loads).toBe(1);
      other.destroy();
    } finally {
      prefetched = false;
    }
  });

  it('says so when Cornerstone cannot be loaded, and drops the preview', async () => {
    rendered().flush(await png());
    metadata().flush([meta('1.2.3.30', 1), meta('1.2.3.10', 2)]);
    await waitFor(() => !!q('viewer-preview'));
    rejectCornerstone(new Error('Failed to fetch dynamically imported module'));
    await settle();
    expect(q('viewer-problem')!.textContent).toContain('Failed to fetch dynamically imported module');
    expect(q('viewer-preview')).toBeNull();
    expect(q('viewport')!.getAttribute('data-phase')).toBe('failed');
  });
});
