import { HttpClient, HttpContext, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { ConfigService } from '../core/config.service';
import { takeEarlySeries, takeEarlySeriesNow } from '../core/early-fetch';
import { asObject, pickList, pickNumber, pickString } from './normalize';

export interface StoredSeries {
  seriesInstanceUid: string;
  studyInstanceUid?: string;
  patientId?: string;
  collection?: string;
  modality?: string;
  bodyPart?: string;
  seriesDescription?: string;
  seriesNumber?: number;
  studyDate?: string;
  instanceCount?: number;
  sizeBytes?: number;
  storedAt?: string;
  thumbnail?: string;
}

export interface SeriesListPage {
  items: StoredSeries[];
  total: number;
  offset: number;
  limit: number;
}

export interface StoredInstance {
  sopInstanceUid: string;
  instanceNumber?: number;
  frames?: number;
  windowCenter?: number;
  windowWidth?: number;
}

export interface SeriesDetail extends StoredSeries {
  studyInstanceUid: string;
  instances: StoredInstance[];
}

export function toStoredSeries(item: unknown): StoredSeries | null {
  const o = asObject(item);
  const uid = pickString(o, 'seriesInstanceUid', 'seriesUid', 'seriesInstanceUID');
  if (!uid) return null;
  const instances = o['instances'];
  return {
    seriesInstanceUid: uid,
    studyInstanceUid: pickString(o, 'studyInstanceUid', 'studyInstanceUID'),
    patientId: pickString(o, 'patientId'),
    collection: pickString(o, 'collection'),
    modality: pickString(o, 'modality'),
    bodyPart: pickString(o, 'bodyPart'),
    seriesDescription: pickString(o, 'seriesDescription'),
    seriesNumber: pickNumber(o, 'seriesNumber'),
    studyDate: pickString(o, 'studyDate', 'seriesDate'),
    instanceCount:
      pickNumber(o, 'instanceCount', 'instances', 'numberOfInstances', 'imageCount') ?? (Array.isArray(instances) ? instances.length : undefined),
    sizeBytes: pickNumber(o, 'zipSize', 'sizeBytes', 'fileSizeBytes'),
    storedAt: pickString(o, 'storedAt', 'registeredAt', 'createdAt'),
    thumbnail: pickString(o, 'thumbnail', 'thumbnailUrl'),
  };
}

export function toSeriesDetail(body: unknown): SeriesDetail | null {
  const base = toStoredSeries(body);
  if (!base || !base.studyInstanceUid) return null;
  const instances = pickList(body, 'instances')
    .map((i): StoredInstance | null => {
      const o = asObject(i);
      const sop = pickString(o, 'sopInstanceUid', 'sopInstanceUID');
      return sop
        ? {
            sopInstanceUid: sop,
            instanceNumber: pickNumber(o, 'instanceNumber'),
            frames: pickNumber(o, 'frames', 'numberOfFrames'),
            windowCenter: pickNumber(o, 'windowCenter'),
            windowWidth: pickNumber(o, 'windowWidth'),
          }
        : null;
    })
    .filter((i): i is StoredInstance => !!i);
  return { ...base, studyInstanceUid: base.studyInstanceUid, instances, instanceCount: base.instanceCount ?? instances.length };
}

@Injectable({ providedIn: 'root' })
export class ViewerApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(ConfigService);

  private get base(): string {
    return this.config.config.viewerApi;
  }

  get dicomwebRoot(): string {
    return this.config.config.dicomwebRoot;
  }

  listSeries(query: { q?: string; offset?: number; limit?: number } = {}, context?: HttpContext): Observable<SeriesListPage> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    let params = new HttpParams().set('offset', offset).set('limit', limit);
    if (query.q?.trim()) params = params.set('q', query.q.trim());
    return this.http.get<unknown>(`${this.base}/series`, { params, context }).pipe(
      map((b) => {
        const items = pickList(b, 'items', 'series', 'rows', 'content').map(toStoredSeries).filter((s): s is StoredSeries => !!s);
        const o = asObject(b);
        return { items, total: pickNumber(o, 'total') ?? items.length, offset: pickNumber(o, 'offset') ?? offset, limit: pickNumber(o, 'limit') ?? limit };
      }),
    );
  }

  rescan(): Observable<unknown> {
    return this.http.post<unknown>(`${this.base}/catalog/rescan`, null);
  }

  series(uid: string, context?: HttpContext): Observable<SeriesDetail> {
    return this.http.get<unknown>(this.seriesUrl(uid), { context }).pipe(
      map((b) => {
        const detail = toSeriesDetail(b);
        if (!detail) {
          throw { problem: { title: 'Unexpected answer', detail: 'The viewer service sent a series without its study UID.' } };
        }
        return detail;
      }),
    );
  }

  /**
   * The series detail as fetched by src/early-fetch.js before Angular loaded (a deep link to the
   * viewer, auth.mode none only), taken once; null when there is none or it is not usable (then
   * `series()` asks, and reports any problem as usual).
   */
  async earlySeries(uid: string): Promise<SeriesDetail | null> {
    if (this.config.config.auth.mode !== 'none') return null;
    const body = await takeEarlySeries(uid, this.seriesUrl(uid));
    return body == null ? null : toSeriesDetail(body);
  }

  /** earlySeries() when the detail has already arrived (synchronous), else null. */
  earlySeriesNow(uid: string): SeriesDetail | null {
    if (this.config.config.auth.mode !== 'none') return null;
    const body = takeEarlySeriesNow(uid, this.seriesUrl(uid));
    return body == null ? null : toSeriesDetail(body);
  }

  private seriesUrl(uid: string): string {
    return `${this.base}/series/${encodeURIComponent(uid)}`;
  }

  /** Thumbnail of a stored series, under the configured viewer base (the service's own link is a same-origin path). */
  thumbnailUrl(uid: string): string {
    return `${this.base}/series/${encodeURIComponent(uid)}/thumbnail`;
  }

  annotations(uid: string, context?: HttpContext): Observable<unknown> {
    return this.http.get<unknown>(`${this.base}/series/${encodeURIComponent(uid)}/annotations`, { context });
  }

  saveAnnotations(uid: string, body: unknown): Observable<unknown> {
    return this.http.put<unknown>(`${this.base}/series/${encodeURIComponent(uid)}/annotations`, body);
  }
}
