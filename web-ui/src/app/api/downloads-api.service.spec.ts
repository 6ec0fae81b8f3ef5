import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import {
  DownloadJob, DownloadsApi, EVENT_STREAM_FACTORY, JobEvent, applyEvent, etaOf, toDownloadJob, toPhase,
} from './downloads-api.service';
import { FakeStream } from '../../testing/fake-event-stream';

describe('DownloadsApi', () => {
  let api: DownloadsApi;
  let ctrl: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: EVENT_STREAM_FACTORY, useValue: (url: string) => new FakeStream(url) }],
    });
    api = TestBed.inject(DownloadsApi);
    ctrl = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    try {
      ctrl.verify();
    } finally {
      TestBed.resetTestingModule(); // even when verify fails, so one failure does not spill into the next tests
    }
  });

  it('creates a job from series UIDs', () => {
    let job: DownloadJob | undefined;
    api.create(['1.2.3', '1.2.4']).subscribe((j) => (job = j));
    const req = ctrl.expectOne('/api/downloads');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ seriesInstanceUids: ['1.2.3', '1.2.4'] });
    req.flush({ id: 'j1', state: 'QUEUED', series: [{ seriesInstanceUid: '1.2.3', state: 'QUEUED' }] }, { status: 202, statusText: 'Accepted' });
    expect(job).toMatchObject({ id: 'j1', phase: 'queued', series: [{ seriesInstanceUid: '1.2.3', phase: 'queued' }] });
  });

  it('lists, cancels and retries jobs', () => {
    let jobs: DownloadJob[] = [];
    api.list().subscribe((j) => (jobs = j));
    ctrl.expectOne('/api/downloads').flush({ jobs: [{ jobId: 'a', status: 'running' }, { nothing: true }] });
    expect(jobs.map((j) => [j.id, j.phase])).toEqual([['a', 'running']]);
    api.cancel('a').subscribe();
    expect(ctrl.expectOne('/api/downloads/a/cancel').request.method).toBe('POST');
    api.retry('a/b').subscribe();
    ctrl.expectOne('/api/downloads/a%2Fb/retry').flush(null);
  });

  it('streams events of a job and parses their JSON data', () => {
    const events: JobEvent[] = [];
    let error: unknown;
    const sub = api.events('j1').subscribe({ next: (e) => events.push(e), error: (e) => (error = e) });
    const stream = FakeStream.last;
    expect(stream.url).toBe('/api/downloads/j1/events');
    stream.emit('message', { id: 'j1', state: 'RUNNING' });
    stream.emit('progress', { seriesInstanceUid: '1.2', bytesDone: 5 });
    stream.emit('completed', 'COMPLETED');
    expect(events).toEqual([
      { name: 'message', data: { id: 'j1', state: 'RUNNING' } },
      { name: 'progress', data: { seriesInstanceUid: '1.2', bytesDone: 5 } },
      { name: 'completed', data: { state: 'COMPLETED' } },
    ]);
    stream.fail(0); // reconnecting: not an error yet
    expect(error).toBeUndefined();
    stream.fail(2);
    expect(error).toBeInstanceOf(Error);
    sub.unsubscribe();
    expect(stream.closed).toBe(true);
  });
});

describe('download job readers', () => {
  const base = toDownloadJob({
    id: 'j1',
    state: 'RUNNING',
    series: [
      { seriesInstanceUid: '1.1', state: 'RUNNING', bytesDownloaded: 100, totalBytes: 1000, instancesDone: 1, expectedInstances: 10, rateBytesPerSecond: 50 },
      { seriesInstanceUid: '1.2', status: 'queued', progress: { bytesDone: 0, totalBytes: 3000 } },
    ],
  })!;

  it('maps state names to phases', () => {
    expect(['QUEUED', 'in-progress', 'Verifying', 'COMPLETED', 'FAILED', 'canceled', 'weird'].map(toPhase)).toEqual([
      'queued', 'running', 'running', 'completed', 'failed', 'cancelled', 'unknown',
    ]);
  });

  it('sums series progress into the job when the job does not say', () => {
    expect(base).toMatchObject({ bytesDone: 100, totalBytes: 4000, instancesDone: 1, instancesTotal: 10, rateBytesPerSecond: 50 });
    expect(etaOf(base)).toBe(78);
    expect(etaOf({ etaSeconds: 5 })).toBe(5);
    expect(etaOf({ bytesDone: 1 })).toBeUndefined();
  });

  it('applies a whole-job snapshot, a series update and a bare state change', () => {
    const snapshot = applyEvent(base, { id: 'j1', state: 'RUNNING', series: [{ seriesInstanceUid: '1.1', state: 'COMPLETED', bytesDone: 1000, totalBytes: 1000 }] });
    expect(snapshot.series.map((s) => s.phase)).toEqual(['completed']);

    const series = applyEvent(base, { seriesInstanceUid: '1.2', state: 'FAILED', error: { detail: 'MD5 mismatch in 1-003.dcm' } });
    expect(series.series[1]).toMatchObject({ phase: 'failed', error: 'MD5 mismatch in 1-003.dcm', totalBytes: 3000 });
    expect(series.series[0]).toBe(base.series[0]);

    const partial = applyEvent(base, { seriesInstanceUid: '1.1', bytesDone: 600 });
    expect(partial.series[0]).toMatchObject({ bytesDone: 600, phase: 'running', totalBytes: 1000 });
    expect(partial.bytesDone).toBe(600);

    expect(applyEvent(base, { state: 'CANCELLED' }, 'status').phase).toBe('cancelled');
    expect(applyEvent(base, {}, 'completed').phase).toBe('completed');
    expect(applyEvent(base, { hello: 1 })).toBe(base);
    expect(applyEvent(base, { id: 'other', state: 'FAILED' })).toBe(base);
  });

  it('reads error text from several shapes', () => {
    expect(toDownloadJob({ id: 'x', state: 'FAILED', errorMessage: 'NBIA 503' })!.error).toBe('NBIA 503');
    expect(toDownloadJob({ job: { id: 'x', state: 'FAILED', problem: { title: 'T', detail: 'D' } } })!.error).toBe('D');
    expect(toDownloadJob({ state: 'x' })).toBeNull();
  });
});
