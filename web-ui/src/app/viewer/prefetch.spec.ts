import { TestBed } from '@angular/core/testing';
import { VIEWER_PRELOAD, ViewerPrefetch } from './prefetch';

describe('ViewerPrefetch', () => {
  let calls: string[];
  let result: () => Promise<unknown>;

  beforeEach(() => {
    calls = [];
    result = () => Promise.resolve();
    TestBed.configureTestingModule({
      providers: [{
        provide: VIEWER_PRELOAD,
        useValue: { route: () => (calls.push('route'), result()), cornerstone: () => (calls.push('cornerstone'), result()) },
      }],
    });
  });
  afterEach(() => TestBed.resetTestingModule());
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('loads each part once, however often it is asked', async () => {
    const prefetch = TestBed.inject(ViewerPrefetch);
    prefetch.route();
    expect(calls).toEqual(['route']);
    prefetch.now();
    prefetch.now();
    await sleep(0);
    prefetch.route();
    prefetch.now();
    expect(calls).toEqual(['route', 'cornerstone']);
  });

  it('tries again after a failed load', async () => {
    result = () => Promise.reject(new Error('chunk missing'));
    const prefetch = TestBed.inject(ViewerPrefetch);
    prefetch.now();
    await sleep(0);
    result = () => Promise.resolve();
    prefetch.now();
    expect(calls).toEqual(['route', 'cornerstone', 'route', 'cornerstone']);
  });

  it('waits for the page to settle and the browser to be idle, and can be cancelled before', async () => {
    const prefetch = TestBed.inject(ViewerPrefetch);
    const cancel = prefetch.whenIdle(30, 50);
    cancel();
    await sleep(150);
    expect(calls).toEqual([]);
    prefetch.whenIdle(30, 50);
    await sleep(10);
    expect(calls).toEqual([]); // not yet: the page is still settling
    await sleep(150);
    expect(calls).toEqual(['route', 'cornerstone']);
  });

  it('saves the data of a browser that asks for it', () => {
    Object.defineProperty(navigator, 'connection', { configurable: true, value: { saveData: true } }); // shadows the prototype's
    try {
      TestBed.inject(ViewerPrefetch).now();
      expect(calls).toEqual([]);
    } finally {
      delete (navigator as unknown as Record<string, unknown>)['connection'];
    }
  });
});
