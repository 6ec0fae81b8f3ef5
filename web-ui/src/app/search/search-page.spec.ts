import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { By } from '@angular/platform-browser';
import { MatTooltip } from '@angular/material/tooltip';
import { AuthService } from '../core/auth.service';
import { ConfigService } from '../core/config.service';
import { problemInterceptor } from '../core/http.interceptors';
import { HIDDEN_COLUMNS_KEY, SearchPage, readHiddenColumns } from './search-page';

const row = (i: number) => ({
  seriesInstanceUid: `1.2.826.0.1.${i}`,
  studyInstanceUid: '1.2.826.0.9',
  patientId: `P-${i}`,
  collection: 'LIDC-IDRI',
  modality: 'CT',
  seriesDescription: `Series ${i}`,
  imageCount: 10 + i,
  fileSizeBytes: 1_000_000 * (i + 1),
});

describe('SearchPage', () => {
  let ctrl: HttpTestingController;

  const settle = async () => {
    await new Promise((r) => setTimeout(r, 400)); // the form's 350 ms debounce
    await fixture.whenStable();
  };
  let fixture: ReturnType<typeof TestBed.createComponent<SearchPage>>;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (id: string) => el().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`);
  const flushFacets = (values: Record<string, string[]> = {}) => {
    for (const req of ctrl.match((r) => r.url.startsWith('/api/search/values/'))) {
      const field = req.request.url.split('/').pop()!;
      req.flush(values[field] ?? []);
    }
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([problemInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    ctrl = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SearchPage);
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

  it('fills the five dropdowns and asks for a filter before searching', async () => {
    const fields = ctrl.match((r) => r.url.startsWith('/api/search/values/')).map((r) => r.request.url.split('/').pop());
    expect(fields.sort()).toEqual(['bodyPart', 'collection', 'manufacturer', 'manufacturerModelName', 'modality']);
    await fixture.whenStable();
    expect(el().textContent).toContain('Choose at least one filter');
    ctrl.match(() => true).forEach((r) => r.flush([]));
  });

  it('searches when a filter is chosen, narrows the other dropdowns and shows rows and totals', async () => {
    flushFacets({ collection: ['LIDC-IDRI', 'TCGA-BRCA'] });
    const page = fixture.componentInstance as unknown as { form: { controls: { collection: { setValue(v: string): void } } } };
    page.form.controls.collection.setValue('LIDC-IDRI');
    await settle();

    const narrowed = ctrl.match((r) => r.url === '/api/search/values/modality');
    expect(narrowed.length).toBe(1);
    expect(narrowed[0].request.params.get('collection')).toBe('LIDC-IDRI');
    narrowed[0].flush(['CT']);
    flushFacets();

    const search = ctrl.expectOne((r) => r.url === '/api/search/series');
    expect(search.request.params.get('collection')).toBe('LIDC-IDRI');
    expect(search.request.params.get('page')).toBe('0');
    search.flush({ rows: [row(0), row(1), row(2), row(3)], total: 4, totalSizeBytes: 10_000_000, page: 0, size: 25 });
    await fixture.whenStable();

    expect(q('result-row').length).toBe(4);
    expect(q('result-summary')[0].textContent).toContain('4 series match');
    expect(q('result-summary')[0].textContent).toContain('10.0 MB in total');
  });

  it('selects with checkboxes, select-all and shift-click, and shows the selection size', async () => {
    flushFacets();
    const page = fixture.componentInstance as unknown as { form: { controls: { modality: { setValue(v: string): void } } } };
    page.form.controls.modality.setValue('CT');
    await settle();
    flushFacets();
    ctrl.expectOne((r) => r.url === '/api/search/series').flush({ rows: [0, 1, 2, 3, 4].map(row), total: 5, page: 0, size: 25 });
    await fixture.whenStable();

    const boxes = () => [...el().querySelectorAll<HTMLInputElement>('[data-testid="row-checkbox"] input')];
    boxes()[1].click();
    await fixture.whenStable();
    expect(q('selection-count')[0].textContent).toContain('1 series selected');
    // shift-click on the 4th row selects rows 2..4
    boxes()[3].dispatchEvent(new PointerEvent('pointerdown', { shiftKey: true, bubbles: true }));
    boxes()[3].click();
    await fixture.whenStable();
    expect(q('selection-count')[0].textContent).toContain('3 series selected');
    expect(q('selection-size')[0].textContent).toBe('9.00 MB'); // 2 + 3 + 4 MB
    // select-all, then clear all
    el().querySelector<HTMLInputElement>('[data-testid="select-all"] input')!.click();
    await fixture.whenStable();
    expect(q('selection-count')[0].textContent).toContain('5 series selected');
    el().querySelector<HTMLInputElement>('[data-testid="select-all"] input')!.click();
    await fixture.whenStable();
    expect(q('selection-count').length).toBe(0);
  });

  it('sorts on the server and pages', async () => {
    flushFacets();
    const page = fixture.componentInstance as unknown as { form: { controls: { collection: { setValue(v: string): void } } } };
    page.form.controls.collection.setValue('LIDC-IDRI');
    await settle();
    flushFacets();
    ctrl.expectOne((r) => r.url === '/api/search/series').flush({ rows: [row(0)], total: 60, page: 0, size: 25 });
    await fixture.whenStable();

    const sizeHeader = [...el().querySelectorAll<HTMLElement>('th')].find((th) => th.textContent?.includes('Size'))!;
    sizeHeader.querySelector<HTMLElement>('.mat-sort-header-container')!.click();
    await fixture.whenStable();
    const sorted = ctrl.expectOne((r) => r.url === '/api/search/series');
    expect(sorted.request.params.get('sort')).toBe('fileSizeBytes');
    sorted.flush({ rows: [row(0)], total: 60, page: 0, size: 25 });
    await fixture.whenStable();
    sizeHeader.querySelector<HTMLElement>('.mat-sort-header-container')!.click();
    await fixture.whenStable();
    const desc = ctrl.expectOne((r) => r.url === '/api/search/series');
    expect(desc.request.params.get('sort')).toBe('-fileSizeBytes');
    desc.flush({ rows: [row(0)], total: 60, page: 0, size: 25 });
    await fixture.whenStable();

    el().querySelector<HTMLButtonElement>('.mat-mdc-paginator-navigation-next')!.click();
    await fixture.whenStable();
    const next = ctrl.expectOne((r) => r.url === '/api/search/series');
    expect(next.request.params.get('page')).toBe('1');
    expect(next.request.params.get('sort')).toBe('-fileSizeBytes');
    next.flush({ rows: [row(30)], total: 60, page: 1, size: 25 });
  });

  it('shows the series and study UIDs and lets the user hide columns, remembered per browser', async () => {
    localStorage.removeItem(HIDDEN_COLUMNS_KEY);
    flushFacets();
    const page = fixture.componentInstance as unknown as { form: { controls: { collection: { setValue(v: string): void } } } };
    page.form.controls.collection.setValue('LIDC-IDRI');
    await settle();
    flushFacets();
    ctrl.expectOne((r) => r.url === '/api/search/series').flush({ rows: [row(7)], total: 1, page: 0, size: 25 });
    await fixture.whenStable();
    const headers = () => [...el().querySelectorAll<HTMLElement>('th')].map((th) => th.textContent?.trim());
    expect(headers()).toContain('Series UID');
    expect(headers()).toContain('Study UID');
    expect(q('series-uid')[0].textContent?.trim()).toBe('1.2.826.0.1.7');
    expect(q('series-uid')[0].title).toBe('1.2.826.0.1.7');
    expect(q('study-uid')[0].textContent?.trim()).toBe('1.2.826.0.9');

    q('columns-button')[0].click();
    await fixture.whenStable();
    const toggle = (id: string) => document.querySelector<HTMLInputElement>(`[data-testid="column-toggle-${id}"] input`)!;
    expect(toggle('seriesDescription').disabled).toBe(true); // the series column always stays
    toggle('studyInstanceUid').click();
    toggle('manufacturer').click();
    await fixture.whenStable();
    expect(headers()).not.toContain('Study UID');
    expect(headers()).not.toContain('Manufacturer');
    expect(q('study-uid').length).toBe(0);
    expect(JSON.parse(localStorage.getItem(HIDDEN_COLUMNS_KEY)!)).toEqual(['studyInstanceUid', 'manufacturer']);
    expect([...readHiddenColumns()]).toEqual(['studyInstanceUid', 'manufacturer']);

    toggle('studyInstanceUid').click();
    await fixture.whenStable();
    expect(headers()).toContain('Study UID');
    localStorage.removeItem(HIDDEN_COLUMNS_KEY);
  });

  it('ignores stored column choices it does not know or may not apply', () => {
    flushFacets();
    localStorage.setItem(HIDDEN_COLUMNS_KEY, JSON.stringify(['seriesDescription', 'nope', 42, 'bodyPart']));
    expect([...readHiddenColumns()]).toEqual(['bodyPart']);
    localStorage.setItem(HIDDEN_COLUMNS_KEY, '{not json');
    expect(readHiddenColumns().size).toBe(0);
    localStorage.removeItem(HIDDEN_COLUMNS_KEY);
  });

  it('validates the study UID as it is typed and does not search with a bad one', async () => {
    flushFacets();
    const input = el().querySelector<HTMLInputElement>('[data-testid="filter-studyInstanceUid"]')!;
    input.value = '1.2.abc';
    input.dispatchEvent(new Event('input'));
    await settle();
    expect(q('uid-error')[0].textContent).toContain('only digits and dots');
    expect(ctrl.match((r) => r.url === '/api/search/series').length).toBe(0);
    input.value = '1.2.3';
    input.dispatchEvent(new Event('input'));
    await settle();
    expect(q('uid-error').length).toBe(0);
    ctrl.expectOne((r) => r.url === '/api/search/series' && r.params.get('studyInstanceUid') === '1.2.3').flush({ rows: [], total: 0 });
  });

  it('shows a search problem inline with its title and detail', async () => {
    flushFacets();
    const page = fixture.componentInstance as unknown as { form: { controls: { collection: { setValue(v: string): void } } } };
    page.form.controls.collection.setValue('X');
    await settle();
    flushFacets();
    ctrl.expectOne((r) => r.url === '/api/search/series').flush(
      { title: 'NBIA unavailable', detail: 'The NBIA API did not answer within 10 s. Try again in a minute.', status: 503 },
      { status: 503, statusText: 'Service Unavailable' },
    );
    await fixture.whenStable();
    const problem = q('search-problem')[0];
    expect(problem.textContent).toContain('NBIA unavailable');
    expect(problem.textContent).toContain('Try again in a minute');
  });

  it('starts a download of the selection and goes to the downloads page', async () => {
    const router = TestBed.inject(Router);
    const navigated: unknown[] = [];
    router.navigate = ((commands: unknown[], extras: unknown) => (navigated.push(commands, extras), Promise.resolve(true))) as Router['navigate'];
    flushFacets();
    const page = fixture.componentInstance as unknown as { form: { controls: { collection: { setValue(v: string): void } } } };
    page.form.controls.collection.setValue('LIDC-IDRI');
    await settle();
    flushFacets();
    ctrl.expectOne((r) => r.url === '/api/search/series').flush({ rows: [row(0), row(1)], total: 2 });
    await fixture.whenStable();
    el().querySelector<HTMLInputElement>('[data-testid="select-all"] input')!.click();
    await fixture.whenStable();
    q('download-button')[0].click();
    const create: TestRequest = ctrl.expectOne('/api/downloads');
    expect(create.request.body).toEqual({ seriesInstanceUids: ['1.2.826.0.1.0', '1.2.826.0.1.1'] });
    create.flush({ jobId: 'abc', state: 'queued', series: [] }, { status: 202, statusText: 'Accepted' });
    await fixture.whenStable();
    expect(navigated).toEqual([['/downloads'], { queryParams: { job: 'abc' } }]);
    expect(q('selection-count').length).toBe(0);
  });
  it('disables Download for a user without the admin role, with a tooltip saying why', async () => {
    TestBed.inject(ConfigService).set({ auth: { mode: 'oidc', issuer: 'https://sso.example.org/realms/m', clientId: 'web', scope: 'openid' } });
    const auth = TestBed.inject(AuthService);
    auth.signedIn.set(true);
    auth.me.set({ user: 'vera', roles: ['viewer'] });
    TestBed.inject(Router).navigate = (() => Promise.resolve(true)) as Router['navigate'];
    flushFacets();
    const page = fixture.componentInstance as unknown as { form: { controls: { collection: { setValue(v: string): void } } } };
    page.form.controls.collection.setValue('LIDC-IDRI');
    await settle();
    flushFacets();
    ctrl.expectOne((r) => r.url === '/api/search/series').flush({ rows: [row(0)], total: 1 });
    await fixture.whenStable();
    el().querySelector<HTMLInputElement>('[data-testid="select-all"] input')!.click();
    await fixture.whenStable();

    const button = q('download-button')[0];
    const tooltip = () => fixture.debugElement.query(By.css('[data-testid="download-button"]')).injector.get(MatTooltip);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(tooltip().message).toBe('Starting downloads needs the admin role');
    button.click();
    ctrl.expectNone('/api/downloads');

    auth.me.set({ user: 'adam', roles: ['viewer', 'admin'] });
    await fixture.whenStable();
    expect(button.hasAttribute('aria-disabled')).toBe(false);
    expect(button.hasAttribute('disabled')).toBe(false);
    expect(tooltip().message).toBe('');
    button.click();
    ctrl.expectOne('/api/downloads').flush({ jobId: 'j', state: 'queued' }, { status: 202, statusText: 'Accepted' });
  });

  it('says once above the results when the filter values cannot be loaded, and retries', async () => {
    for (const req of ctrl.match((r) => r.url.startsWith('/api/search/values/'))) {
      req.flush({ title: 'NBIA unavailable', detail: 'The NBIA API did not answer.' }, { status: 502, statusText: 'Bad Gateway' });
    }
    await fixture.whenStable();
    expect(q('facets-problem').length).toBe(1);
    expect(q('facets-problem')[0].textContent).toContain('The NBIA API did not answer.');
    expect(q('filter-problem-modality')[0].textContent).toContain('Values unavailable');
    [...q('facets-problem')[0].querySelectorAll('button')].find((b) => b.textContent?.includes('Retry'))!.click();
    await fixture.whenStable();
    flushFacets({ modality: ['CT'] });
    await fixture.whenStable();
    expect(q('facets-problem').length).toBe(0);
  });
});
