import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { VIEWER_PRELOAD } from '../viewer/prefetch';
import { LibraryPage } from './library-page';

describe('LibraryPage', () => {
  let ctrl: HttpTestingController;
  let fixture: ReturnType<typeof TestBed.createComponent<LibraryPage>>;
  let preloaded: string[];
  const q = (id: string) => [...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

  beforeEach(async () => {
    preloaded = [];
    const preload = { route: () => (preloaded.push('route'), Promise.resolve()), cornerstone: () => (preloaded.push('cornerstone'), Promise.resolve()) };
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: VIEWER_PRELOAD, useValue: preload }] });
    ctrl = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LibraryPage);
    fixture.detectChanges();
    await fixture.whenStable();
  });
  afterEach(() => {
    try {
      ctrl.verify();
    } finally {
      TestBed.resetTestingModule(); // even when verify fails, so one failure does not spill into the next tests
    }
  });

  it('shows stored series with thumbnails and links into the viewer', async () => {
    const req = ctrl.expectOne((r) => r.url === '/api/viewer/series');
    expect(req.request.params.get('offset')).toBe('0');
    req.flush({
      total: 1, offset: 0, limit: 24,
      items: [{ seriesInstanceUid: '1.2.3', studyInstanceUid: '1.2', patientId: 'LIDC-0001', collection: 'LIDC-IDRI', modality: 'CT', seriesDescription: 'Axial', instanceCount: 133 }],
    });
    await fixture.whenStable();
    const item = q('library-item')[0];
    expect(item.textContent).toContain('Axial');
    expect(item.textContent).toContain('133 images');
    expect(item.querySelector('img')!.getAttribute('src')).toBe('/api/viewer/series/1.2.3/thumbnail');
    expect(q('open-viewer')[0].getAttribute('href')).toBe('/viewer/1.2.3');
  });

  it('says when nothing is stored yet, and shows a failure inline', async () => {
    ctrl.expectOne((r) => r.url === '/api/viewer/series').flush({ total: 0, items: [] });
    await fixture.whenStable();
    expect(q('library-empty')[0].textContent).toContain('Nothing stored yet');
    (fixture.componentInstance as unknown as { load(): void }).load();
    ctrl.expectOne((r) => r.url === '/api/viewer/series').flush({ title: 'Storage unreachable', detail: 'S3 did not answer.' }, { status: 503, statusText: 'x' });
    await fixture.whenStable();
    expect(q('library-problem')[0].textContent).toContain('S3 did not answer.');
  });

  it('prefetches the viewer: its chunk when the pointer reaches "Open", Cornerstone once the page has settled', async () => {
    ctrl.expectOne((r) => r.url === '/api/viewer/series').flush({ total: 1, items: [{ seriesInstanceUid: '1.2.3', studyInstanceUid: '1.2' }] });
    await fixture.whenStable();
    expect(preloaded).toEqual([]);
    q('open-viewer')[0].dispatchEvent(new PointerEvent('pointerenter'));
    expect(preloaded).toEqual(['route']);
    await expect.poll(() => preloaded, { timeout: 4000 }).toEqual(['route', 'cornerstone']);
  });
});
