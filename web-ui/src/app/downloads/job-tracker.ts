import { DownloadJob, Phase, SeriesProgress } from '../api/downloads-api.service';

/** A change worth telling the user about, found by comparing two snapshots of a job. */
export interface JobTransition {
  kind: 'job-completed' | 'job-failed' | 'job-cancelled' | 'series-failed' | 'series-completed';
  job: DownloadJob;
  series?: SeriesProgress;
}

/** Transitions from `before` to `after`; nothing when there is no `before` (first sight of a job). */
export function transitions(before: DownloadJob | undefined, after: DownloadJob): JobTransition[] {
  if (!before) return [];
  const out: JobTransition[] = [];
  const old = new Map(before.series.map((s) => [s.seriesInstanceUid, s.phase] as [string, Phase]));
  for (const s of after.series) {
    const was = old.get(s.seriesInstanceUid);
    if (s.phase === 'failed' && was !== 'failed') out.push({ kind: 'series-failed', job: after, series: s });
    if (s.phase === 'completed' && was !== undefined && was !== 'completed') out.push({ kind: 'series-completed', job: after, series: s });
  }
  if (after.phase !== before.phase) {
    if (after.phase === 'completed') out.push({ kind: 'job-completed', job: after });
    if (after.phase === 'failed') out.push({ kind: 'job-failed', job: after });
    if (after.phase === 'cancelled') out.push({ kind: 'job-cancelled', job: after });
  }
  return out;
}

/** Short, readable name of a series for messages. */
export function seriesLabel(s: SeriesProgress): string {
  const parts = [s.patientId, s.modality, s.seriesDescription].filter(Boolean);
  if (!s.seriesDescription) parts.push(`…${s.seriesInstanceUid.slice(-16)}`);
  return parts.join(' · ');
}

export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 8) : id;
}

/**
 * Fills in transfer rates the server did not send, from the change in bytes since the last sample.
 * `samples` is updated in place (per series: bytes and time of the last change).
 */
export function withDerivedRates(job: DownloadJob, samples: Map<string, { bytes: number; t: number; rate?: number }>, now: number): DownloadJob {
  let changed = false;
  const series = job.series.map((s) => {
    if (s.bytesDone == null) return s;
    const last = samples.get(s.seriesInstanceUid);
    let rate = last?.rate;
    if (!last || s.bytesDone < last.bytes) {
      samples.set(s.seriesInstanceUid, { bytes: s.bytesDone, t: now });
      rate = undefined;
    } else if (s.bytesDone > last.bytes && now - last.t >= 500) {
      const instant = ((s.bytesDone - last.bytes) * 1000) / (now - last.t);
      rate = last.rate == null ? instant : 0.7 * instant + 0.3 * last.rate;
      samples.set(s.seriesInstanceUid, { bytes: s.bytesDone, t: now, rate });
    }
    if (s.rateBytesPerSecond == null && s.phase === 'running' && rate != null) {
      changed = true;
      return { ...s, rateBytesPerSecond: rate };
    }
    return s;
  });
  if (!changed) return job;
  const running = series.filter((s) => s.phase === 'running' && s.rateBytesPerSecond != null);
  return {
    ...job,
    series,
    rateBytesPerSecond: job.rateBytesPerSecond ?? (running.length ? running.reduce((a, s) => a + (s.rateBytesPerSecond ?? 0), 0) : undefined),
  };
}
