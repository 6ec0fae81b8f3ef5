import { HttpClient, HttpContext } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { ConfigService } from '../core/config.service';
import { Json, asObject, pickList, pickNumber, pickString } from './normalize';

export type Phase = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'unknown';

export interface SeriesProgress {
  seriesInstanceUid: string;
  state: string;
  phase: Phase;
  bytesDone?: number;
  totalBytes?: number;
  instancesDone?: number;
  instancesTotal?: number;
  rateBytesPerSecond?: number;
  etaSeconds?: number;
  error?: string;
  /** What the service says about the series now (for example when it retries next). */
  message?: string;
  attempts?: number;
  alreadyStored?: boolean;
  collection?: string;
  patientId?: string;
  modality?: string;
  seriesDescription?: string;
}

export interface DownloadJob {
  id: string;
  state: string;
  phase: Phase;
  createdAt?: string;
  updatedAt?: string;
  bytesDone?: number;
  totalBytes?: number;
  instancesDone?: number;
  instancesTotal?: number;
  rateBytesPerSecond?: number;
  etaSeconds?: number;
  error?: string;
  /** Counts as the service reports them (a job list may come without its series). */
  seriesTotal?: number;
  seriesComplete?: number;
  seriesFailed?: number;
  series: SeriesProgress[];
}

export function toPhase(state: string | undefined): Phase {
  const s = (state ?? '').toLowerCase().replace(/[\s-]/g, '_');
  if (/^(queued|pending|new|created|waiting|submitted|accepted)$/.test(s)) return 'queued';
  if (/^(running|downloading|in_progress|active|started|verifying|uploading|indexing|streaming|resuming)$/.test(s)) return 'running';
  if (/^(completed|complete|done|succeeded|success|finished|stored|verified)$/.test(s)) return 'completed';
  if (/^(failed|failure|error|errored|partially_failed|partial)$/.test(s)) return 'failed';
  if (/^(cancelled|canceled|cancelling|canceling|aborted|stopped)$/.test(s)) return 'cancelled';
  return 'unknown';
}

export function isTerminal(phase: Phase): boolean {
  return phase === 'completed' || phase === 'failed' || phase === 'cancelled';
}

function errorText(o: Json): string | undefined {
  const direct = pickString(o, 'error', 'errorMessage', 'failure', 'failureReason', 'reason', 'lastError');
  if (direct) return direct;
  const nested = asObject(o['error'] ?? o['problem']);
  return pickString(nested, 'detail', 'message', 'title');
}

/** Progress numbers may sit on the object or under `progress`. */
function progressFields(o: Json) {
  const p = { ...o, ...asObject(o['progress']) };
  return {
    bytesDone: pickNumber(p, 'bytesDone', 'bytesDownloaded', 'downloadedBytes', 'bytesTransferred', 'bytesWritten', 'bytes'),
    totalBytes: pickNumber(p, 'totalBytes', 'expectedBytes', 'bytesTotal', 'sizeBytes', 'fileSizeBytes'),
    instancesDone: pickNumber(p, 'instancesDone', 'instancesDownloaded', 'instancesVerified', 'verifiedInstances', 'instances', 'instanceCount'),
    instancesTotal: pickNumber(p, 'instancesTotal', 'expectedInstances', 'totalInstances', 'imageCount'),
    rateBytesPerSecond: pickNumber(p, 'rateBytesPerSecond', 'bytesPerSecond', 'rateBytesPerSec', 'rate'),
    etaSeconds: pickNumber(p, 'etaSeconds', 'eta', 'remainingSeconds'),
  };
}

export function toSeriesProgress(item: unknown): SeriesProgress | null {
  const o = asObject(item);
  const uid = pickString(o, 'seriesInstanceUid', 'seriesUid', 'seriesInstanceUID');
  if (!uid) return null;
  const state = pickString(o, 'state', 'status') ?? 'unknown';
  const phase = toPhase(state);
  const message = pickString(o, 'message', 'detail');
  return {
    seriesInstanceUid: uid,
    state,
    phase,
    ...progressFields(o),
    error: errorText(o) ?? (phase === 'failed' ? message : undefined),
    message,
    attempts: pickNumber(o, 'attempts'),
    alreadyStored: o['alreadyStored'] === true ? true : undefined,
    collection: pickString(o, 'collection'),
    patientId: pickString(o, 'patientId'),
    modality: pickString(o, 'modality'),
    seriesDescription: pickString(o, 'seriesDescription'),
  };
}

function sum(values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v != null);
  return known.length ? known.reduce((a, b) => a + b, 0) : undefined;
}

export function toDownloadJob(body: unknown): DownloadJob | null {
  const o = asObject(asObject(body)['job'] ?? body);
  const id = pickString(o, 'id', 'jobId');
  if (!id) return null;
  const series = pickList(o, 'series', 'items', 'seriesProgress').map(toSeriesProgress).filter((s): s is SeriesProgress => !!s);
  const state = pickString(o, 'state', 'status') ?? 'unknown';
  const own = progressFields(o);
  const running = series.filter((s) => s.phase === 'running');
  return {
    id,
    state,
    phase: toPhase(state),
    createdAt: pickString(o, 'createdAt', 'created', 'submittedAt'),
    updatedAt: pickString(o, 'updatedAt', 'updated', 'finishedAt'),
    bytesDone: own.bytesDone ?? sum(series.map((s) => s.bytesDone)),
    totalBytes: own.totalBytes ?? sum(series.map((s) => s.totalBytes)),
    instancesDone: own.instancesDone ?? sum(series.map((s) => s.instancesDone)),
    instancesTotal: own.instancesTotal ?? sum(series.map((s) => s.instancesTotal)),
    rateBytesPerSecond: own.rateBytesPerSecond ?? sum(running.map((s) => s.rateBytesPerSecond)),
    etaSeconds: own.etaSeconds,
    error: errorText(o),
    seriesTotal: pickNumber(o, 'seriesTotal') ?? (series.length || undefined),
    seriesComplete: pickNumber(o, 'seriesComplete') ?? (series.length ? series.filter((s) => s.phase === 'completed').length : undefined),
    seriesFailed: pickNumber(o, 'seriesFailed') ?? (series.length ? series.filter((s) => s.phase === 'failed').length : undefined),
    series,
  };
}

/**
 * Applies one Server-Sent Event to the job it belongs to. The event may be a whole job snapshot,
 * one series' progress, or a bare state change; anything unrecognisable leaves the job as it was.
 */
export function applyEvent(job: DownloadJob, data: unknown, eventName = 'message'): DownloadJob {
  const o = asObject(data);
  const otherJob = pickString(o, 'jobId', 'id');
  if (otherJob != null && otherJob !== job.id && !pickString(o, 'seriesInstanceUid', 'seriesUid')) {
    return job;
  }
  if (o['series'] && typeof o['series'] === 'object' && !Array.isArray(o['series'])) {
    const inner = applyEvent(job, o['series'], eventName);
    const jobState = pickString(o, 'jobState');
    return jobState ? { ...inner, state: jobState, phase: toPhase(jobState) } : inner;
  }
  const asJob = toDownloadJob(o);
  if (asJob && asJob.id === job.id && (asJob.series.length > 0 || !pickString(o, 'seriesInstanceUid', 'seriesUid'))) {
    return { ...asJob, series: asJob.series.length ? asJob.series : job.series, createdAt: asJob.createdAt ?? job.createdAt };
  }
  const series = toSeriesProgress(o);
  if (series) {
    const known = job.series.some((s) => s.seriesInstanceUid === series.seriesInstanceUid);
    const merged = known
      ? job.series.map((s) => (s.seriesInstanceUid === series.seriesInstanceUid ? mergeSeries(s, series) : s))
      : [...job.series, series];
    const running = merged.filter((s) => s.phase === 'running');
    return {
      ...job,
      series: merged,
      bytesDone: sum(merged.map((s) => s.bytesDone)),
      totalBytes: sum(merged.map((s) => s.totalBytes)) ?? job.totalBytes,
      instancesDone: sum(merged.map((s) => s.instancesDone)),
      instancesTotal: sum(merged.map((s) => s.instancesTotal)) ?? job.instancesTotal,
      rateBytesPerSecond: sum(running.map((s) => s.rateBytesPerSecond)),
      etaSeconds: undefined,
      seriesTotal: Math.max(job.seriesTotal ?? 0, merged.length),
      seriesComplete: merged.filter((s) => s.phase === 'completed').length,
      seriesFailed: merged.filter((s) => s.phase === 'failed').length,
    };
  }
  const state = pickString(o, 'state', 'status') ?? (/^(completed|failed|cancelled|canceled)$/i.test(eventName) ? eventName : undefined);
  if (state) {
    return { ...job, state, phase: toPhase(state), error: errorText(o) ?? job.error };
  }
  return job;
}

function mergeSeries(old: SeriesProgress, next: SeriesProgress): SeriesProgress {
  const out: SeriesProgress = { ...old };
  for (const [k, v] of Object.entries(next)) {
    if (v !== undefined && !(k === 'state' && v === 'unknown') && !(k === 'phase' && v === 'unknown')) {
      (out as unknown as Json)[k] = v;
    }
  }
  return out;
}

/** Estimated seconds left from bytes and rate, when the server does not say. */
export function etaOf(p: { bytesDone?: number; totalBytes?: number; rateBytesPerSecond?: number; etaSeconds?: number }): number | undefined {
  if (p.etaSeconds != null) return p.etaSeconds;
  if (p.bytesDone == null || p.totalBytes == null || !p.rateBytesPerSecond) return undefined;
  return Math.max(0, (p.totalBytes - p.bytesDone) / p.rateBytesPerSecond);
}

/** A live source of events (EventSource in the browser; replaceable in tests). */
export interface EventStream {
  addEventListener(type: string, listener: (e: MessageEvent | Event) => void): void;
  close(): void;
  readonly readyState: number;
}
export type EventStreamFactory = (url: string) => EventStream;
export const EVENT_STREAM_FACTORY = new InjectionToken<EventStreamFactory>('EventStreamFactory', {
  providedIn: 'root',
  factory: () => (url: string) => new EventSource(url),
});

/** Event names a download service might use; unnamed events arrive as "message". */
export const JOB_EVENT_NAMES = ['message', 'job', 'progress', 'series', 'status', 'state', 'update', 'completed', 'failed', 'cancelled'];

export interface JobEvent {
  name: string;
  data: unknown;
}

@Injectable({ providedIn: 'root' })
export class DownloadsApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(ConfigService);
  private readonly streams = inject(EVENT_STREAM_FACTORY);

  private get base(): string {
    return this.config.config.downloadsApi;
  }

  list(context?: HttpContext): Observable<DownloadJob[]> {
    return this.http.get<unknown>(this.base, { context }).pipe(
      map((body) => pickList(body, 'jobs', 'items', 'rows', 'content').map(toDownloadJob).filter((j): j is DownloadJob => !!j)),
    );
  }

  get(id: string, context?: HttpContext): Observable<DownloadJob> {
    return this.http.get<unknown>(`${this.base}/${encodeURIComponent(id)}`, { context }).pipe(map((b) => this.required(b)));
  }

  create(seriesInstanceUids: string[]): Observable<DownloadJob> {
    return this.http.post<unknown>(this.base, { seriesInstanceUids }).pipe(map((b) => this.required(b)));
  }

  cancel(id: string): Observable<DownloadJob | null> {
    return this.http.post<unknown>(`${this.base}/${encodeURIComponent(id)}/cancel`, null).pipe(map(toDownloadJob));
  }

  retry(id: string): Observable<DownloadJob | null> {
    return this.http.post<unknown>(`${this.base}/${encodeURIComponent(id)}/retry`, null).pipe(map(toDownloadJob));
  }

  /**
   * Live events of one job. Completes when the server ends the stream for good; errors when the
   * stream cannot be (re)opened, so the caller can fall back to polling.
   */
  events(id: string): Observable<JobEvent> {
    return new Observable<JobEvent>((subscriber) => {
      const source = this.streams(`${this.base}/${encodeURIComponent(id)}/events`);
      const onEvent = (name: string) => (e: MessageEvent | Event) => {
        const raw = (e as MessageEvent).data;
        let data: unknown = raw;
        if (typeof raw === 'string') {
          try {
            data = JSON.parse(raw);
          } catch {
            data = { state: raw };
          }
        }
        subscriber.next({ name, data });
      };
      for (const name of JOB_EVENT_NAMES) {
        source.addEventListener(name, onEvent(name));
      }
      source.addEventListener('error', () => {
        // EventSource reconnects by itself while CONNECTING; CLOSED means it gave up.
        if (source.readyState === 2) {
          subscriber.error(new Error('The live progress stream closed'));
        }
      });
      return () => source.close();
    });
  }

  private required(body: unknown): DownloadJob {
    const job = toDownloadJob(body);
    if (!job) {
      throw { problem: { title: 'Unexpected answer', detail: 'The download service answered without a job id.' } };
    }
    return job;
  }
}
