const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** Bytes in SI units (1 kB = 1000 B), as storage vendors and TCIA count them. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes) || bytes < 0) {
    return '—';
  }
  if (bytes < 1000) {
    return `${Math.round(bytes)} B`;
  }
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  // 3 significant figures: 1.23 MB, 12.3 MB, 123 MB
  const text = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${text} ${UNITS[unit]}`;
}

export function formatRate(bytesPerSecond: number | null | undefined): string {
  if (bytesPerSecond == null || !Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) {
    return '—';
  }
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** A duration in seconds as "2 h 05 min", "3 min 07 s", "42 s"; unknown or negative gives "—". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) {
    return '—';
  }
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s} s`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) {
    return `${h} h ${String(m).padStart(2, '0')} min`;
  }
  return `${m} min ${String(rest).padStart(2, '0')} s`;
}

export function formatCount(n: number | null | undefined): string {
  return n == null || !Number.isFinite(n) ? '—' : n.toLocaleString('en-US');
}

/** "1 annotation", "3 annotations" (English plural by -s). */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${n === 1 ? noun : noun + 's'}`;
}

/** Percentage 0..100 of done/total, or null when the total is unknown. */
export function percent(done: number | null | undefined, total: number | null | undefined): number | null {
  if (done == null || total == null || !(total > 0)) {
    return null;
  }
  return Math.max(0, Math.min(100, (done / total) * 100));
}

/** DICOM DA (yyyymmdd) or ISO date as yyyy-mm-dd; anything else as it is. */
export function formatDicomDate(value: string | null | undefined): string {
  if (!value) {
    return '';
  }
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (m) {
    return `${m[1]}-${m[2]}-${m[3]}`;
  }
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  return iso ? iso[1] : value;
}
