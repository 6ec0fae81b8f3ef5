import { EarlyRequests, takeEarlyConfig, takeEarlyPreview, takeEarlySeries, takeEarlySeriesNow } from './early-fetch';

type EarlyWindow = { __medcloudEarly?: EarlyRequests };

describe('early-fetch (requests made before Angular loads)', () => {
  const w = window as unknown as EarlyWindow;
  let saved: EarlyRequests | undefined;
  beforeEach(() => (saved = w.__medcloudEarly));
  afterEach(() => (w.__medcloudEarly = saved));

  it('hands config.json over once, and only for the same URL', async () => {
    const response = Promise.resolve(new Response('{}'));
    w.__medcloudEarly = { config: { url: new URL('config.json', document.baseURI).href, response } };
    expect(takeEarlyConfig('/other.json')).toBeNull();
    expect(takeEarlyConfig('/config.json')).toBe(response);
    expect(takeEarlyConfig('/config.json')).toBeNull();
  });

  it('hands the series detail over once, only for the same series and URL, and not when it failed', async () => {
    const body = { seriesInstanceUid: '1.2' };
    const done = { url: '/api/viewer/series/1.2', body };
    w.__medcloudEarly = { series: { uid: '1.2', response: Promise.resolve(done) } };
    expect(await takeEarlySeries('1.3', '/api/viewer/series/1.3')).toBeNull();
    expect(await takeEarlySeries('1.2', '/elsewhere/series/1.2')).toBeNull(); // taken, but not usable
    w.__medcloudEarly = { series: { uid: '1.2', response: Promise.resolve(done) } };
    expect(await takeEarlySeries('1.2', '/api/viewer/series/1.2')).toBe(body);
    expect(await takeEarlySeries('1.2', '/api/viewer/series/1.2')).toBeNull();
    w.__medcloudEarly = { series: { uid: '1.2', response: Promise.resolve(null) } };
    expect(await takeEarlySeries('1.2', '/api/viewer/series/1.2')).toBeNull();
    w.__medcloudEarly = { series: { uid: '1.2', response: Promise.reject(new Error('offline')) } };
    expect(await takeEarlySeries('1.2', '/api/viewer/series/1.2')).toBeNull();
  });

  it('gives the detail synchronously only once it has arrived', () => {
    const body = { seriesInstanceUid: '1.2' };
    const pending = { uid: '1.2', response: new Promise<never>(() => undefined) };
    w.__medcloudEarly = { series: pending };
    expect(takeEarlySeriesNow('1.2', '/api/viewer/series/1.2')).toBeUndefined();
    expect(w.__medcloudEarly.series).toBe(pending); // still there for takeEarlySeries
    w.__medcloudEarly = { series: { ...pending, done: { url: '/api/viewer/series/1.2', body } } };
    expect(takeEarlySeriesNow('1.2', '/api/viewer/series/1.3')).toBeUndefined();
    expect(takeEarlySeriesNow('1.3', '/api/viewer/series/1.2')).toBeUndefined();
    expect(takeEarlySeriesNow('1.2', '/api/viewer/series/1.2')).toBe(body);
    expect(w.__medcloudEarly.series).toBeUndefined();
  });

  it('hands the preview over only for exactly the URL the viewer would request', async () => {
    const png = new Blob(['png'], { type: 'image/png' });
    const url = '/api/viewer/instances/1.2.3/rendered?window=400&level=40&format=png';
    w.__medcloudEarly = { preview: { url, blob: Promise.resolve(png) } };
    expect(takeEarlyPreview('/api/viewer/instances/1.2.3/rendered?format=png')).toBeNull();
    const pending = takeEarlyPreview(url)!;
    expect(pending.now).toBeUndefined();
    expect(await pending.later).toBe(png);
    expect(takeEarlyPreview(url)).toBeNull();
    w.__medcloudEarly = { preview: { url, blob: Promise.resolve(png), done: png } };
    expect(takeEarlyPreview(url)!.now).toBe(png);
    w.__medcloudEarly = { preview: { url, blob: Promise.reject(new Error('offline')) } };
    expect(await takeEarlyPreview(url)!.later).toBeNull();
  });

  it('finds nothing when the early script did not run (unit tests, other pages)', async () => {
    w.__medcloudEarly = undefined;
    expect(takeEarlyConfig('/config.json')).toBeNull();
    expect(await takeEarlySeries('1.2', '/api/viewer/series/1.2')).toBeNull();
    expect(takeEarlySeriesNow('1.2', '/api/viewer/series/1.2')).toBeUndefined();
    expect(takeEarlyPreview('/x')).toBeNull();
  });
});
