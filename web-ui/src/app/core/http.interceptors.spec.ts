import { HttpClient, HttpContext, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { LoadingService } from './loading.service';
import { SILENT_ERRORS, loadingInterceptor, problemInterceptor } from './http.interceptors';

describe('HTTP interceptors', () => {
  let http: HttpClient;
  let ctrl: HttpTestingController;
  let opened: string[];

  beforeEach(() => {
    opened = [];
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([loadingInterceptor, problemInterceptor])),
        provideHttpClientTesting(),
        { provide: MatSnackBar, useValue: { open: (text: string) => (opened.push(text), {}) } },
      ],
    });
    http = TestBed.inject(HttpClient);
    ctrl = TestBed.inject(HttpTestingController);
  });

  it('shows the title and detail of a problem+json error', () => {
    let failed = false;
    http.get('/api/search/series').subscribe({ error: () => (failed = true) });
    ctrl.expectOne('/api/search/series').flush(
      { title: 'NBIA unavailable', detail: 'The NBIA API did not answer. Try again in a minute.', status: 502 },
      { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'application/problem+json' } },
    );
    expect(failed).toBe(true);
    expect(opened).toEqual(['NBIA unavailable: The NBIA API did not answer. Try again in a minute.']);
  });

  it('stays quiet for requests that show their errors inline', () => {
    http.get('/x', { context: new HttpContext().set(SILENT_ERRORS, true) }).subscribe({ error: () => undefined });
    ctrl.expectOne('/x').flush('no', { status: 500, statusText: 'Server Error' });
    expect(opened).toEqual([]);
  });

  it('drives the busy flag while requests are in flight', () => {
    const loading = TestBed.inject(LoadingService);
    http.get('/a').subscribe();
    http.get('/b').subscribe();
    expect(loading.busy()).toBe(true);
    ctrl.expectOne('/a').flush({});
    expect(loading.busy()).toBe(true);
    ctrl.expectOne('/b').flush({});
    expect(loading.busy()).toBe(false);
  });
});
