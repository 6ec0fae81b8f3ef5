import { formatBytes, formatCount, formatDicomDate, formatDuration, formatRate, percent, plural } from './format';

describe('format', () => {
  it('formats bytes in SI units with three significant figures', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(1_234_567)).toBe('1.23 MB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
    expect(formatBytes(4.32e9)).toBe('4.32 GB');
    expect(formatBytes(2.5e12)).toBe('2.50 TB');
  });

  it('shows a dash for unknown or invalid sizes', () => {
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(NaN)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });

  it('formats rates, durations, counts and percentages', () => {
    expect(formatRate(12_300_000)).toBe('12.3 MB/s');
    expect(formatRate(0)).toBe('—');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(187)).toBe('3 min 07 s');
    expect(formatDuration(7500)).toBe('2 h 05 min');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(percent(50, 200)).toBe(25);
    expect(percent(300, 200)).toBe(100);
    expect(percent(1, 0)).toBeNull();
    expect(percent(undefined, 10)).toBeNull();
  });

  it('says one annotation, two annotations', () => {
    expect(plural(1, 'annotation')).toBe('1 annotation');
    expect(plural(0, 'annotation')).toBe('0 annotations');
    expect(plural(1200, 'annotation')).toBe('1,200 annotations');
  });

  it('formats DICOM and ISO dates', () => {
    expect(formatDicomDate('20000115')).toBe('2000-01-15');
    expect(formatDicomDate('2026-11-24T20:00:00Z')).toBe('2026-11-24');
    expect(formatDicomDate('')).toBe('');
    expect(formatDicomDate('unknown')).toBe('unknown');
  });
});
