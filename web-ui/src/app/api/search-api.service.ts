import { HttpClient, HttpContext, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { ConfigService } from '../core/config.service';
import { Json, asObject, pickList, pickNumber, pickString } from './normalize';

export const FACET_FIELDS = ['collection', 'bodyPart', 'modality', 'manufacturer', 'manufacturerModelName'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export interface SearchFilters {
  collection?: string | null;
  bodyPart?: string | null;
  modality?: string | null;
  manufacturer?: string | null;
  manufacturerModelName?: string | null;
  patientId?: string | null;
  studyInstanceUid?: string | null;
}

export const FILTER_KEYS: (keyof SearchFilters)[] = [...FACET_FIELDS, 'patientId', 'studyInstanceUid'];

export interface FacetValue {
  value: string;
  count?: number;
}

export interface SeriesRow {
  seriesInstanceUid: string;
  studyInstanceUid?: string;
  patientId?: string;
  collection?: string;
  modality?: string;
  bodyPart?: string;
  manufacturer?: string;
  manufacturerModelName?: string;
  seriesDescription?: string;
  seriesNumber?: number;
  seriesDate?: string;
  imageCount?: number;
  fileSizeBytes?: number;
}

export interface SeriesPage {
  rows: SeriesRow[];
  total: number;
  totalSizeBytes?: number;
  page: number;
  size: number;
}

export interface SeriesQuery extends SearchFilters {
  sort?: string | null;
  page?: number;
  size?: number;
}

/** Query parameters for the filters that are set (trimmed; empty ones left out). */
export function filterParams(filters: SearchFilters, except?: keyof SearchFilters): HttpParams {
  let params = new HttpParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (key !== except && typeof value === 'string' && value.trim() !== '') {
      params = params.set(key, value.trim());
    }
  }
  return params;
}

export function toFacetValues(body: unknown): FacetValue[] {
  const list = pickList(body, 'values', 'items', 'rows');
  const out: FacetValue[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      out.push({ value: item });
    } else {
      const o = asObject(item);
      const value = pickString(o, 'value', 'name', 'label');
      if (value != null) {
        out.push({ value, count: pickNumber(o, 'count', 'seriesCount', 'n') });
      }
    }
  }
  return out;
}

export function toSeriesRow(item: unknown): SeriesRow | null {
  const o = asObject(item);
  const uid = pickString(o, 'seriesInstanceUid', 'seriesInstanceUID', 'SeriesInstanceUID', 'seriesUid');
  if (!uid) {
    return null;
  }
  return {
    seriesInstanceUid: uid,
    studyInstanceUid: pickString(o, 'studyInstanceUid', 'studyInstanceUID', 'StudyInstanceUID'),
    patientId: pickString(o, 'patientId', 'patientID', 'PatientID'),
    collection: pickString(o, 'collection', 'Collection'),
    modality: pickString(o, 'modality', 'Modality'),
    bodyPart: pickString(o, 'bodyPart', 'bodyPartExamined', 'BodyPartExamined'),
    manufacturer: pickString(o, 'manufacturer', 'Manufacturer'),
    manufacturerModelName: pickString(o, 'manufacturerModelName', 'ManufacturerModelName'),
    seriesDescription: pickString(o, 'seriesDescription', 'SeriesDescription'),
    seriesNumber: pickNumber(o, 'seriesNumber', 'SeriesNumber'),
    seriesDate: pickString(o, 'seriesDate', 'SeriesDate'),
    imageCount: pickNumber(o, 'imageCount', 'ImageCount', 'instanceCount', 'numberOfImages'),
    fileSizeBytes: pickNumber(o, 'fileSizeBytes', 'FileSize', 'fileSize', 'sizeBytes'),
  };
}

export function toSeriesPage(body: unknown, requested: { page: number; size: number }): SeriesPage {
  const o: Json = asObject(body);
  const rows = pickList(body, 'rows', 'items', 'series', 'content', 'results')
    .map(toSeriesRow)
    .filter((r): r is SeriesRow => r !== null);
  return {
    rows,
    total: pickNumber(o, 'total', 'totalCount', 'totalElements', 'count') ?? rows.length,
    totalSizeBytes: pickNumber(o, 'totalSizeBytes', 'totalSize'),
    page: pickNumber(o, 'page', 'pageIndex') ?? requested.page,
    size: pickNumber(o, 'size', 'pageSize') ?? requested.size,
  };
}

/** What the server made of an imported manifest: the series it names (rows when it looked them up). */
export interface ParsedManifest {
  seriesInstanceUids: string[];
  rows: SeriesRow[];
  /** UIDs named by the manifest that TCIA does not know. */
  notFound: string[];
}

export function toParsedManifest(body: unknown): ParsedManifest {
  const rows = pickList(body, 'rows', 'items', 'series')
    .map((r) => (typeof r === 'string' ? { seriesInstanceUid: r } : toSeriesRow(r)))
    .filter((r): r is SeriesRow => r !== null);
  const uids = pickList(body, 'seriesInstanceUids', 'seriesUids', 'uids').filter((u): u is string => typeof u === 'string');
  const all = [...new Set([...uids, ...rows.map((r) => r.seriesInstanceUid)])];
  const byUid = new Map(rows.map((r) => [r.seriesInstanceUid, r]));
  const notFound = (Array.isArray(body) ? [] : pickList(body, 'notFound', 'missing')).filter((u): u is string => typeof u === 'string');
  const known = all.filter((uid) => !notFound.includes(uid));
  return { seriesInstanceUids: known, rows: known.map((uid) => byUid.get(uid) ?? { seriesInstanceUid: uid }), notFound };
}

@Injectable({ providedIn: 'root' })
export class SearchApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(ConfigService);

  private get base(): string {
    return this.config.config.searchApi;
  }

  /** Values of one filter, narrowed by the other filters already chosen. */
  values(field: FacetField, filters: SearchFilters, context?: HttpContext): Observable<FacetValue[]> {
    return this.http
      .get<unknown>(`${this.base}/values/${encodeURIComponent(field)}`, { params: filterParams(filters, field), context })
      .pipe(map(toFacetValues));
  }

  series(query: SeriesQuery, context?: HttpContext): Observable<SeriesPage> {
    const page = query.page ?? 0;
    const size = query.size ?? 25;
    let params = filterParams(query).set('page', page).set('size', size);
    if (query.sort) {
      params = params.set('sort', query.sort);
    }
    return this.http
      .get<unknown>(`${this.base}/series`, { params, context })
      .pipe(map((body) => toSeriesPage(body, { page, size })));
  }

  /** A `.tcia` manifest (text) for the given series. */
  manifest(seriesInstanceUids: string[]): Observable<string> {
    return this.http.post(`${this.base}/manifest`, { seriesInstanceUids }, { responseType: 'text' });
  }

  parseManifest(text: string): Observable<ParsedManifest> {
    return this.http
      .post<unknown>(`${this.base}/manifest/parse`, text, { headers: { 'Content-Type': 'text/plain' } })
      .pipe(map(toParsedManifest));
  }
}
