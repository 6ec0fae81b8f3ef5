import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MatSnackBar } from '@angular/material/snack-bar';
import { of } from 'rxjs';
import { EVENT_STREAM_FACTORY } from '../api/downloads-api.service';
import { ConfirmService } from '../core/confirm-dialog';
import { problemInterceptor } from '../core/http.interceptors';
import { FakeStream } from '../../testing/fake-event-stream';
import { DownloadsPage } from './downloads-page';

const series = (uid: string, state: string, bytes: number, extra: object = {}) => ({
  seriesInstanceUid: uid, state, patientId: 'LIDC-0001', bytes, expectedBytes: 1_000_000, instances: bytes / 10_000, expectedInstances: 100, ...extra,
});

describe('DownloadsPage', () => {
  let ctrl: HttpTestingController;
  let fixture: ReturnType<typeof TestBed.createComponent<DownloadsPage>>;
  let snacks: string[];
  let confirms: string[];
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (id: string) => [...el().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

  beforeEach(async () => {
    snacks = [];
    confirms = [];
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: EVENT_STREAM_FACTORY, useValue: (url: string) => new FakeStream(url) },
        { provide: MatSnackBar, useValue: { open: (text: string) => (snacks.push(text), { onAction: () => of() }) } },
        { provide: ConfirmService, useValue: { ask: (d: { title: string }) => (confirms.push(d.title), of(true)) } },
      ],
    });
    ctrl = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DownloadsPage);
    fixture.componentRef.setInput('job', 'j1');
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

  it('lists jobs and follows a running one live, with per-series bytes, instances, rate and ETA', async () => {
    ctrl.expectOne('/api/downloads').flush({
      items: [
        { jobId: 'j0', state: 'complete', createdAt: '2026-11-24T10:00:00Z', seriesTotal: 1, seriesComplete: 1, bytes: 5, expectedBytes: 5 },
        { jobId: 'j1', state: 'running', createdAt: '2026-11-24T11:00:00Z', seriesTotal: 2 },
      ],
      page: 0, size: 20, total: 2,
    });
    await fixture.whenStable();
    expect(FakeStream.last.url).toBe('/api/downloads/j1/events');
    expect(q('job').map((j) => j.dataset['jobId'])).toEqual(['j1', 'j0']); // the focused job first

    FakeStream.last.emit('message', {
      jobId: 'j1', state: 'running', bytes: 500_000, expectedBytes: 2_000_000, instances: 50, rateBytesPerSecond: 250_000, etaSeconds: 6,
      series: [series('1.1', 'downloading', 500_000, { rateBytesPerSecond: 250_000, etaSeconds: 2 }), series('1.2', 'queued', 0)],
    });
    await fixture.whenStable();
    const job = q('job')[0];
    expect(job.querySelector('[data-testid="job-stats"]')!.textContent).toContain('500 kB of 2.00 MB (25 %)');
    expect(job.querySelector('[data-testid="job-stats"]')!.textContent).toContain('250 kB/s');
    expect(job.querySelector('[data-testid="job-stats"]')!.textContent).toContain('ETA 6 s');
    const rows = q('series-progress');
    expect(rows.map((r) => r.dataset['phase'])).toEqual(['running', 'queued']);
    expect(rows[0].textContent).toContain('50 / 100 inst.');
    expect(rows[0].textContent).toContain('ETA 2 s');

    // a series fails: the user is told what failed and what to do
    FakeStream.last.emit('message', {
      jobId: 'j1', state: 'running',
      series: [series('1.1', 'failed', 500_000, { message: 'MD5 mismatch in 1-023.dcm' }), series('1.2', 'downloading', 100_000)],
    });
    await fixture.whenStable();
    expect(q('series-error')[0].textContent).toContain('MD5 mismatch in 1-023.dcm');
    expect(snacks.at(-1)).toContain('failed');
    expect(snacks.at(-1)).toContain('MD5 mismatch');
    expect(snacks.at(-1)).toContain('Retry');

    // the job ends: a final snapshot is fetched and the stream is closed
    FakeStream.last.emit('message', { jobId: 'j1', state: 'failed', series: [series('1.1', 'failed', 500_000), series('1.2', 'complete', 1_000_000)] });
    await fixture.whenStable();
    ctrl.expectOne('/api/downloads/j1').flush({ jobId: 'j1', state: 'failed', series: [series('1.1', 'failed', 500_000, { message: 'MD5 mismatch' }), series('1.2', 'complete', 1_000_000)] });
    await fixture.whenStable();
    expect(FakeStream.last.closed).toBe(true);
    expect(q('job')[0].dataset['phase']).toBe('failed');
    expect(q('retry-job').length).toBe(1);
    expect(q('cancel-job').length).toBe(0);
  });

  it('cancels and retries after confirmation', async () => {
    ctrl.expectOne('/api/downloads').flush({ items: [{ jobId: 'j1', state: 'running', seriesTotal: 1 }] });
    await fixture.whenStable();
    FakeStream.last.emit('message', { jobId: 'j1', state: 'running', series: [series('1.1', 'downloading', 10)] });
    await fixture.whenStable();

    q('cancel-job')[0].click();
    expect(confirms).toEqual(['Cancel download j1?']);
    ctrl.expectOne('/api/downloads/j1/cancel').flush({ jobId: 'j1', state: 'cancelled', series: [series('1.1', 'cancelled', 10)] });
    await fixture.whenStable();
    expect(q('job')[0].dataset['phase']).toBe('cancelled');

    q('retry-job')[0].click();
    expect(confirms.at(-1)).toBe('Retry download j1?');
    ctrl.expectOne('/api/downloads/j1/retry').flush({ jobId: 'j1', state: 'queued', series: [series('1.1', 'queued', 0)] });
    await fixture.whenStable();
    expect(q('job')[0].dataset['phase']).toBe('queued');
    expect(FakeStream.last.closed).toBe(false); // following the job again
  });

  it('loads the series of a finished job listed without them, and says when listing fails', async () => {
    ctrl.expectOne('/api/downloads').flush({ items: [{ jobId: 'j1', state: 'complete', seriesTotal: 1, seriesComplete: 1 }] });
    await fixture.whenStable();
    ctrl.expectOne('/api/downloads/j1').flush({ jobId: 'j1', state: 'complete', series: [series('1.1', 'complete', 1_000_000)] });
    await fixture.whenStable();
    expect(q('series-progress').length).toBe(1);
    expect(q('open-series').length).toBe(1);

    q('refresh-jobs')[0].click();
    ctrl.expectOne('/api/downloads').flush({ title: 'Service unavailable', detail: 'The download service is not reachable.' }, { status: 502, statusText: 'Bad Gateway' });
    await fixture.whenStable();
    expect(q('downloads-problem')[0].textContent).toContain('The download service is not reachable.');
  });
  it('falls back to polling when the live stream closes for good', async () => {
    ctrl.expectOne('/api/downloads').flush({ items: [{ jobId: 'j1', state: 'running', seriesTotal: 1 }] });
    await fixture.whenStable();
    FakeStream.last.fail(2);
    await new Promise((r) => setTimeout(r, 20)); // the first poll is scheduled, not synchronous
    ctrl.expectOne('/api/downloads/j1').flush({ jobId: 'j1', state: 'running', series: [series('1.1', 'downloading', 300_000)] });
    await fixture.whenStable();
    expect(el().textContent).toContain('polling');
    expect(q('series-progress')[0].textContent).toContain('300 kB / 1.00 MB');
    await new Promise((r) => setTimeout(r, 3100));
    ctrl.expectOne('/api/downloads/j1').flush({ jobId: 'j1', state: 'complete', series: [series('1.1', 'complete', 1_000_000)] });
    await fixture.whenStable();
    expect(q('job')[0].dataset['phase']).toBe('completed');
    expect(snacks.at(-1)).toContain('stored and verified');
  });
});
