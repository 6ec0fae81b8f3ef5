import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { toProblem } from '../core/problem';
import { InferenceApi, InferenceJob, ModelList, pollDelay, toInferenceJob, toLegend, toModelList } from './inference-api.service';

const SERIES = '1.2.840.1';
const jobBody = (status: string, extra: Record<string, unknown> = {}) => ({
  jobId: 'a1b2', status, position: status === 'queued' ? 2 : 0, seriesInstanceUid: SERIES, sopInstanceUid: null, model: 'deepedit',
  error: null, result: null, legend: null, overlays: null, ...extra,
});

describe('InferenceApi', () => {
  let api: InferenceApi;
  let ctrl: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(InferenceApi);
    ctrl = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    try {
      ctrl.verify();
    } finally {
      TestBed.resetTestingModule();
    }
  });

  it('lists models with the default marked', () => {
    let list: ModelList | undefined;
    api.models().subscribe((l) => (list = l));
    ctrl.expectOne('/api/inference/models').flush({
      server: 'http://monai:8000', defaultModel: 'deepedit',
      models: [
        { name: 'segmentation', type: 'segmentation', labels: { spleen: 1, liver: 6 }, dimension: 3, description: 'organs', default: false },
        { name: 'deepedit', type: 'deepedit', labels: ['spleen', 'background'], dimension: 3, description: 'interactive', default: true },
      ],
    });
    expect(list!.defaultModel).toBe('deepedit');
    expect(list!.models.map((m) => [m.name, m.isDefault])).toEqual([['segmentation', false], ['deepedit', true]]);
    expect(list!.models[0].labels).toEqual(['spleen', 'liver']);
    expect(list!.models[1].labels).toEqual(['spleen']); // background is not a label to show
  });

  it('marks the default by defaultModel when the flag is missing', () => {
    const l = toModelList({ defaultModel: 'b', models: [{ name: 'a' }, { name: 'b' }, { nope: 1 }] });
    expect(l.models.map((m) => m.isDefault)).toEqual([false, true]);
  });

  it('submits a job with only the fields given', () => {
    let job: InferenceJob | undefined;
    api.submit({ seriesInstanceUid: SERIES, model: 'deepedit' }).subscribe((j) => (job = j));
    const req = ctrl.expectOne('/api/inference/jobs');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ seriesInstanceUid: SERIES, model: 'deepedit' });
    req.flush(jobBody('queued'), { status: 202, statusText: 'Accepted' });
    expect(job).toMatchObject({ jobId: 'a1b2', status: 'queued', position: 2, legend: [], overlays: [] });

    api.submit({ seriesInstanceUid: SERIES, sopInstanceUid: '1.2.3', params: { foo: 1 } }).subscribe();
    expect(ctrl.expectOne('/api/inference/jobs').request.body).toEqual({ seriesInstanceUid: SERIES, sopInstanceUid: '1.2.3', params: { foo: 1 } });
  });

  it('reads a finished job: result, legend and overlay links under the configured base', () => {
    const j = toInferenceJob(
      jobBody('succeeded', {
        result: { label_names: { spleen: 1 }, latencies: { total: 1.2 } },
        resultUrl: '/api/inference/jobs/a1b2/result',
        legend: [{ name: 'spleen', value: 1, color: [255, 0, 0, 128], labelledPixels: 40 }, { name: 'bad' }],
        overlays: [{ sopInstanceUid: '1.2.3', rows: 4, columns: 5, labelledPixels: 40, url: '/api/inference/jobs/a1b2/overlays/1.2.3.png' }],
      }),
      'https://ai.example/api/inference',
    );
    expect(j.status).toBe('succeeded');
    expect(j.result).toEqual({ label_names: { spleen: 1 }, latencies: { total: 1.2 } });
    expect(j.legend).toEqual([{ name: 'spleen', value: 1, color: [255, 0, 0, 128], labelledPixels: 40 }]);
    expect(j.overlays[0]).toEqual({ sopInstanceUid: '1.2.3', rows: 4, columns: 5, labelledPixels: 40, url: 'https://ai.example/api/inference/jobs/a1b2/overlays/1.2.3.png' });
    expect(j.resultUrl).toBe('https://ai.example/api/inference/jobs/a1b2/result');
  });

  it('clamps legend colours and defaults missing alpha', () => {
    expect(toLegend([{ name: 'x', value: 2, color: [300, -4, 10.4] }])[0].color).toEqual([255, 0, 10, 128]);
    expect(toLegend('nope')).toEqual([]);
  });

  it('backs off from 1 s to 5 s', () => {
    expect([0, 4, 5, 6, 12, 100].map(pollDelay)).toEqual([1000, 1000, 1500, 2000, 5000, 5000]);
  });

  it('polls a job until it is done, then completes', async () => {
    const seen: string[] = [];
    let done = false;
    api.watch('a1b2', () => 0).subscribe({ next: (j) => seen.push(j.status), complete: () => (done = true) });
    const next = async (status: string) => {
      const req = ctrl.expectOne('/api/inference/jobs/a1b2');
      req.flush(jobBody(status));
      await new Promise((r) => setTimeout(r, 5)); // the 0 ms timer between polls
    };
    await next('queued');
    await next('running');
    await next('succeeded');
    expect(seen).toEqual(['queued', 'running', 'succeeded']);
    expect(done).toBe(true);
    ctrl.expectNone('/api/inference/jobs/a1b2');
  });

  it('passes problem+json errors through readably (MONAI Label down)', () => {
    let error: unknown;
    api.models().subscribe({ error: (e) => (error = e) });
    ctrl.expectOne('/api/inference/models').flush(
      { type: 'urn:problem:monai-label-unreachable', title: 'MONAI Label unreachable', status: 503, detail: 'http://127.0.0.1:8092 refused the connection' },
      { status: 503, statusText: 'Service Unavailable', headers: { 'Content-Type': 'application/problem+json' } },
    );
    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect(toProblem(error)).toMatchObject({ title: 'MONAI Label unreachable', detail: 'http://127.0.0.1:8092 refused the connection', status: 503 });
  });

  it('fetches overlay PNGs as blobs', () => {
    let blob: Blob | undefined;
    api.overlay('/api/inference/jobs/a1b2/overlays/1.2.3.png').subscribe((b) => (blob = b));
    const req = ctrl.expectOne('/api/inference/jobs/a1b2/overlays/1.2.3.png');
    expect(req.request.responseType).toBe('blob');
    req.flush(new Blob([new Uint8Array([1, 2])], { type: 'image/png' }));
    expect(blob!.size).toBe(2);
  });
});
