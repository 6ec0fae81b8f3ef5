import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ConfigService } from '../core/config.service';
import { SearchApi, filterParams, toFacetValues, toParsedManifest, toSeriesPage } from './search-api.service';

describe('SearchApi', () => {
  let api: SearchApi;
  let ctrl: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(SearchApi);
    ctrl = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    try {
      ctrl.verify();
    } finally {
      TestBed.resetTestingModule(); // even when verify fails, so one failure does not spill into the next tests
    }
  });

  it('asks for one field\'s values narrowed by the other filters, not by itself', () => {
    let values: unknown;
    api.values('modality', { collection: 'LIDC-IDRI', modality: 'CT', patientId: '  ', bodyPart: ' CHEST ' }).subscribe((v) => (values = v));
    const req = ctrl.expectOne((r) => r.url === '/api/search/values/modality');
    expect(req.request.params.keys().sort()).toEqual(['bodyPart', 'collection']);
    expect(req.request.params.get('bodyPart')).toBe('CHEST');
    req.flush(['CT', 'MR']);
    expect(values).toEqual([{ value: 'CT' }, { value: 'MR' }]);
  });

  it('uses the configured base path', () => {
    TestBed.inject(ConfigService).set({ searchApi: 'https://search.example.org/api/search' });
    api.values('collection', {}).subscribe();
    ctrl.expectOne('https://search.example.org/api/search/values/collection').flush([]);
  });

  it('queries series with filters, sort and paging, and reads the page', () => {
    let page: ReturnType<typeof toSeriesPage> | undefined;
    api.series({ collection: 'LIDC-IDRI', sort: '-fileSizeBytes', page: 2, size: 50 }).subscribe((p) => (page = p));
    const req = ctrl.expectOne((r) => r.url === '/api/search/series');
    expect(req.request.params.toString()).toBe('collection=LIDC-IDRI&page=2&size=50&sort=-fileSizeBytes');
    req.flush({
      rows: [{ seriesInstanceUid: '1.2.3', patientId: 'P1', imageCount: 3, fileSizeBytes: 1500 }],
      total: 101, totalSizeBytes: 1e9, page: 2, size: 50,
    });
    expect(page).toEqual({
      rows: [expect.objectContaining({ seriesInstanceUid: '1.2.3', patientId: 'P1', imageCount: 3, fileSizeBytes: 1500 })],
      total: 101, totalSizeBytes: 1e9, page: 2, size: 50,
    });
  });

  it('exports and parses .tcia manifests', () => {
    let text = '';
    api.manifest(['1.2.3', '1.2.4']).subscribe((t) => (text = t));
    const exp = ctrl.expectOne('/api/search/manifest');
    expect(exp.request.method).toBe('POST');
    expect(exp.request.body).toEqual({ seriesInstanceUids: ['1.2.3', '1.2.4'] });
    exp.flush('ListOfSeriesToDownload=\n1.2.3\n1.2.4\n');
    expect(text).toContain('1.2.4');

    let uids: string[] = [];
    api.parseManifest('ListOfSeriesToDownload=\n1.2.3\n').subscribe((p) => (uids = p.seriesInstanceUids));
    const parse = ctrl.expectOne('/api/search/manifest/parse');
    expect(parse.request.headers.get('Content-Type')).toBe('text/plain');
    parse.flush({ seriesInstanceUids: ['1.2.3'] });
    expect(uids).toEqual(['1.2.3']);
  });
});

describe('search response readers', () => {
  it('accept items instead of rows, and value objects with counts', () => {
    expect(toSeriesPage({ items: [{ seriesInstanceUid: '1.2' }], total: 1 }, { page: 0, size: 25 }).rows.length).toBe(1);
    expect(toSeriesPage([{ seriesInstanceUid: '1.2' }, { nope: 1 }], { page: 0, size: 25 })).toMatchObject({ total: 1, page: 0, size: 25 });
    expect(toFacetValues({ values: [{ value: 'CT', count: 4 }, 'MR', { nothing: 1 }] })).toEqual([{ value: 'CT', count: 4 }, { value: 'MR' }]);
  });

  it('read parsed manifests given as UIDs, rows or both', () => {
    expect(toParsedManifest(['1.1', '1.2']).rows).toEqual([{ seriesInstanceUid: '1.1' }, { seriesInstanceUid: '1.2' }]);
    const both = toParsedManifest({ seriesInstanceUids: ['1.1', '1.2'], rows: [{ seriesInstanceUid: '1.2', fileSizeBytes: 9 }] });
    expect(both.rows[1]).toMatchObject({ seriesInstanceUid: '1.2', fileSizeBytes: 9 });
    expect(both.seriesInstanceUids).toEqual(['1.1', '1.2']);
    const partly = toParsedManifest({ seriesInstanceUids: ['1.1', '1.2'], rows: [{ seriesInstanceUid: '1.1' }], notFound: ['1.2'] });
    expect(partly.rows.map((r) => r.seriesInstanceUid)).toEqual(['1.1']);
    expect(partly.notFound).toEqual(['1.2']);
  });

  it('leaves empty filters out of the parameters', () => {
    expect(filterParams({ collection: '', modality: null, patientId: 'P 1' }).toString()).toBe('patientId=P%201');
  });
});
