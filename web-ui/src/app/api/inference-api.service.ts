import { HttpClient, HttpContext } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { EMPTY, Observable, expand, map, timer, switchMap } from 'rxjs';
import { ConfigService } from '../core/config.service';
import { BACKGROUND, SILENT_ERRORS } from '../core/http.interceptors';
import { Json, asObject, pickList, pickNumber, pickString } from './normalize';

export interface InferenceModel {
  name: string;
  type?: string;
  description?: string;
  dimension?: number;
  labels: string[];
  isDefault: boolean;
}

export interface ModelList {
  server?: string;
  defaultModel?: string;
  models: InferenceModel[];
}

export type InferenceStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** One label of a result: the mask value and the RGBA colour the gateway paints it with in the overlays. */
export interface LegendEntry {
  name: string;
  value: number;
  color: [number, number, number, number];
  labelledPixels?: number;
}

export interface OverlayRef {
  sopInstanceUid: string;
  rows?: number;
  columns?: number;
  labelledPixels: number;
  url: string;
}

export interface InferenceJob {
  jobId: string;
  status: InferenceStatus;
  position: number;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  model?: string;
  createdAt?: string;
  startedAt?: string;
  finishedAt?: string;
  error?: string;
  result: unknown;
  resultUrl?: string;
  labelUrl?: string;
  legend: LegendEntry[];
  overlays: OverlayRef[];
}

export interface SubmitRequest {
  seriesInstanceUid: string;
  sopInstanceUid?: string;
  model?: string;
  params?: Record<string, unknown>;
}

export function isTerminal(status: InferenceStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

/** Poll delay after the n-th poll (0-based): 1 s for the first five, then growing by half a second up to 5 s. */
export function pollDelay(n: number): number {
  return n < 5 ? 1000 : Math.min(5000, 1000 + (n - 4) * 500);
}

/** MONAI Label's `labels` are a dict name -> value or a list of names. */
function labelNames(v: unknown): string[] {
  const names = Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : Object.entries(asObject(v))
        .sort((a, b) => Number(a[1]) - Number(b[1]))
        .map(([k]) => k);
  return names.filter((n) => n.toLowerCase() !== 'background');
}

export function toModelList(body: unknown): ModelList {
  const o = asObject(body);
  const defaultModel = pickString(o, 'defaultModel', 'default');
  const models = pickList(body, 'models')
    .map((m): InferenceModel | null => {
      const mo = asObject(m);
      const name = pickString(mo, 'name');
      if (!name) return null;
      return {
        name,
        type: pickString(mo, 'type'),
        description: pickString(mo, 'description'),
        dimension: pickNumber(mo, 'dimension'),
        labels: labelNames(mo['labels']),
        isDefault: mo['default'] === true || mo['isDefault'] === true || name === defaultModel,
      };
    })
    .filter((m): m is InferenceModel => !!m);
  return { server: pickString(o, 'server'), defaultModel: defaultModel ?? models.find((m) => m.isDefault)?.name, models };
}

function toColor(v: unknown): [number, number, number, number] {
  const a = Array.isArray(v) ? v.map(Number) : [];
  const c = (i: number, d: number) => (Number.isFinite(a[i]) ? Math.max(0, Math.min(255, Math.round(a[i]))) : d);
  return [c(0, 255), c(1, 0), c(2, 0), c(3, 128)];
}

export function toLegend(v: unknown): LegendEntry[] {
  return (Array.isArray(v) ? v : [])
    .map((e): LegendEntry | null => {
      const o = asObject(e);
      const name = pickString(o, 'name');
      const value = pickNumber(o, 'value');
      if (!name || value == null) return null;
      return { name, value, color: toColor(o['color'] ?? o['colour']), labelledPixels: pickNumber(o, 'labelledPixels') };
    })
    .filter((e): e is LegendEntry => !!e);
}

const STATUSES: InferenceStatus[] = ['queued', 'running', 'succeeded', 'failed'];

export function toInferenceJob(body: unknown, base = '/api/inference'): InferenceJob {
  const o = asObject(body);
  const jobId = pickString(o, 'jobId', 'id') ?? '';
  const raw = (pickString(o, 'status', 'state') ?? 'queued').toLowerCase();
  const status: InferenceStatus = STATUSES.includes(raw as InferenceStatus) ? (raw as InferenceStatus) : raw === 'completed' ? 'succeeded' : 'queued';
  const jobBase = `${base}/jobs/${encodeURIComponent(jobId)}`;
  const overlays = pickList(o, 'overlays')
    .map((x): OverlayRef | null => {
      const xo: Json = asObject(x);
      const sop = pickString(xo, 'sopInstanceUid');
      if (!sop) return null;
      return {
        sopInstanceUid: sop,
        rows: pickNumber(xo, 'rows'),
        columns: pickNumber(xo, 'columns'),
        labelledPixels: pickNumber(xo, 'labelledPixels') ?? 0,
        // the service's link is a same-origin path: rebuild it under the configured API base
        url: `${jobBase}/overlays/${encodeURIComponent(sop)}.png`,
      };
    })
    .filter((x): x is OverlayRef => !!x);
  return {
    jobId,
    status,
    position: pickNumber(o, 'position') ?? 0,
    seriesInstanceUid: pickString(o, 'seriesInstanceUid'),
    sopInstanceUid: pickString(o, 'sopInstanceUid'),
    model: pickString(o, 'model'),
    createdAt: pickString(o, 'createdAt'),
    startedAt: pickString(o, 'startedAt'),
    finishedAt: pickString(o, 'finishedAt'),
    error: pickString(o, 'error'),
    result: o['result'] ?? null,
    resultUrl: o['resultUrl'] ? `${jobBase}/result` : undefined,
    labelUrl: o['labelUrl'] ? `${jobBase}/label.nii.gz` : undefined,
    legend: toLegend(o['legend']),
    overlays,
  };
}

/** Client of the inference-gateway: models, jobs, overlays. Errors are left to the caller (shown in the panel). */
@Injectable({ providedIn: 'root' })
export class InferenceApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(ConfigService);

  get base(): string {
    return this.config.config.inferenceApi;
  }

  private silent(background = false): HttpContext {
    const c = new HttpContext().set(SILENT_ERRORS, true);
    return background ? c.set(BACKGROUND, true) : c;
  }

  models(): Observable<ModelList> {
    return this.http.get<unknown>(`${this.base}/models`, { context: this.silent() }).pipe(map(toModelList));
  }

  submit(request: SubmitRequest): Observable<InferenceJob> {
    const body: Record<string, unknown> = { seriesInstanceUid: request.seriesInstanceUid };
    if (request.sopInstanceUid) body['sopInstanceUid'] = request.sopInstanceUid;
    if (request.model) body['model'] = request.model;
    if (request.params && Object.keys(request.params).length) body['params'] = request.params;
    return this.http.post<unknown>(`${this.base}/jobs`, body, { context: this.silent() }).pipe(map((b) => toInferenceJob(b, this.base)));
  }

  job(jobId: string, background = false): Observable<InferenceJob> {
    return this.http
      .get<unknown>(`${this.base}/jobs/${encodeURIComponent(jobId)}`, { context: this.silent(background) })
      .pipe(map((b) => toInferenceJob(b, this.base)));
  }

  /** The job now, then again after 1 s, 1 s, ... (backing off to 5 s) until it succeeded or failed; completes then. */
  watch(jobId: string, delay: (n: number) => number = pollDelay): Observable<InferenceJob> {
    let n = 0;
    return this.job(jobId, true).pipe(
      expand((j) => (isTerminal(j.status) ? EMPTY : timer(delay(n++)).pipe(switchMap(() => this.job(jobId, true))))),
    );
  }

  /** The overlay PNG of one instance, decoded. */
  overlay(url: string): Observable<Blob> {
    return this.http.get(url, { responseType: 'blob', context: this.silent(true) });
  }
}
