import { toDownloadJob } from '../api/downloads-api.service';
import { seriesLabel, shortId, transitions, withDerivedRates } from './job-tracker';

const job = (state: string, ...series: [string, string][]) =>
  toDownloadJob({ id: 'j-123456789abc', state, series: series.map(([uid, s]) => ({ seriesInstanceUid: uid, state: s, patientId: 'P1', bytesDone: 0 })) })!;

describe('job tracker', () => {
  it('reports series failures and the end of a job, once', () => {
    const a = job('RUNNING', ['1.1', 'RUNNING'], ['1.2', 'RUNNING']);
    const b = job('RUNNING', ['1.1', 'FAILED'], ['1.2', 'RUNNING']);
    const c = job('FAILED', ['1.1', 'FAILED'], ['1.2', 'COMPLETED']);
    expect(transitions(undefined, a)).toEqual([]);
    expect(transitions(a, b).map((t) => [t.kind, t.series?.seriesInstanceUid])).toEqual([['series-failed', '1.1']]);
    expect(transitions(b, c).map((t) => t.kind)).toEqual(['series-completed', 'job-failed']);
    expect(transitions(c, c)).toEqual([]);
    expect(transitions(a, job('COMPLETED', ['1.1', 'COMPLETED'], ['1.2', 'COMPLETED'])).map((t) => t.kind)).toEqual([
      'series-completed', 'series-completed', 'job-completed',
    ]);
  });

  it('names series and jobs briefly', () => {
    expect(seriesLabel({ seriesInstanceUid: '1.2.3', state: 'x', phase: 'unknown', patientId: 'P1', modality: 'CT' })).toBe('P1 · CT · …1.2.3');
    expect(seriesLabel({ seriesInstanceUid: '1.2.3', state: 'x', phase: 'unknown', patientId: 'P1', seriesDescription: 'Axial' })).toBe('P1 · Axial');
    expect(seriesLabel({ seriesInstanceUid: '1.2.840.113619.2.55.3.1234', state: 'x', phase: 'unknown' })).toBe('…3619.2.55.3.1234');
    expect(shortId('j-123456789abc')).toBe('j-123456');
    expect(shortId('42')).toBe('42');
  });

  it('derives a transfer rate from successive samples when the server sends none', () => {
    const samples = new Map();
    const at = (bytes: number) => toDownloadJob({ id: 'j', state: 'RUNNING', series: [{ seriesInstanceUid: '1.1', state: 'RUNNING', bytesDone: bytes, totalBytes: 1e7 }] })!;
    expect(withDerivedRates(at(0), samples, 0).series[0].rateBytesPerSecond).toBeUndefined();
    const second = withDerivedRates(at(1_000_000), samples, 1000);
    expect(second.series[0].rateBytesPerSecond).toBe(1_000_000);
    expect(second.rateBytesPerSecond).toBe(1_000_000);
    const third = withDerivedRates(at(3_000_000), samples, 2000);
    expect(third.series[0].rateBytesPerSecond).toBeCloseTo(0.7 * 2e6 + 0.3 * 1e6);
  });
});
