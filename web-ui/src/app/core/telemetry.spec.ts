import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RateLimiter, TelemetryErrorHandler, TelemetryService, scrubMessage, scrubRoute, telemetryInterceptor } from './telemetry';

describe('telemetry scrubbing', () => {
  it('removes UID-like runs and anything after a question mark, and truncates', () => {
    expect(scrubMessage('Series 1.2.840.113619.2.55.3 not found')).toBe('Series :uid not found');
    expect(scrubMessage('GET /api/x?patientId=LIDC-0001 failed')).toBe('GET /api/x');
    expect(scrubMessage('x'.repeat(400))).toHaveLength(300);
    expect(scrubMessage(undefined)).toBe('');
  });

  it('keeps the path only and replaces UIDs by :uid', () => {
    expect(scrubRoute('/viewer/1.3.6.1.4.1.14519.5.2.1.7009')).toBe('/viewer/:uid');
    expect(scrubRoute('http://h:8080/api/viewer/series/1.2.3.4/annotations?version=2#x')).toBe('/api/viewer/series/:uid/annotations');
    expect(scrubRoute('/search')).toBe('/search');
  });
});

describe('RateLimiter', () => {
  it('allows at most max per window and drops repeats', () => {
    let t = 0;
    const r = new RateLimiter(3, 1000, () => t);
    expect(r.allow('a')).toBe(true);
    expect(r.allow('a')).toBe(false);
    expect(r.allow('b')).toBe(true);
    expect(r.allow('c')).toBe(true);
    expect(r.allow('d')).toBe(false);
    t = 1001;
    expect(r.allow('a')).toBe(true);
    expect(r.allow('d')).toBe(true);
  });
});

describe('TelemetryService', () => {
  let sent: { url: string; body: Record<string, unknown> }[];
  let http: HttpClient;
  let ctrl: HttpTestingController;

  beforeEach(() => {
    sent = [];
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([telemetryInterceptor])), provideHttpClientTesting()],
    });
    TestBed.inject(TelemetryService).send = (url, body) => sent.push({ url, body: JSON.parse(body) });
    http = TestBed.inject(HttpClient);
    ctrl = TestBed.inject(HttpTestingController);
  });

  it('reports a failed call without its query or UIDs', () => {
    http.get('/api/viewer/series/1.2.3.4.5?patient=Smith').subscribe({ error: () => undefined });
    ctrl.expectOne((r) => r.url.startsWith('/api/viewer/series/')).flush('no', { status: 503, statusText: 'Service Unavailable' });
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe('/api/viewer/client-errors');
    const body = sent[0].body;
    expect(body['kind']).toBe('http');
    expect(body['status']).toBe(503);
    expect(body['message']).toBe('GET /api/viewer/series/:uid failed: 503 Service Unavailable');
    expect(String(body['message'])).not.toContain('Smith');
    expect(typeof body['route']).toBe('string');
    expect(body['appVersion']).toBeTruthy();
  });

  it('reports script errors through the ErrorHandler, once per distinct error', () => {
    const handler = TestBed.runInInjectionContext(() => new TelemetryErrorHandler());
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    handler.handleError(new TypeError('cannot read x of series 1.2.3.4.5'));
    handler.handleError(new TypeError('cannot read x of series 1.2.3.4.5'));
    quiet.mockRestore();
    expect(sent).toHaveLength(1);
    expect(sent[0].body['kind']).toBe('js');
    expect(sent[0].body['message']).toBe('TypeError: cannot read x of series :uid');
    expect(sent[0].body['status']).toBeUndefined();
  });
});
