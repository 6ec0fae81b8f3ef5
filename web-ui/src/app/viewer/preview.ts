import { SeriesDetail } from '../api/viewer-api.service';

/**
 * The first image of a series as the viewer service renders it, shown in a plain <img> while
 * Cornerstone3D loads. It must be what Cornerstone then shows, so that the swap does not jump: the
 * first image of the display order (the service's instance list is that order, see buildStack),
 * frame 1, at the window Cornerstone starts with (the instance's first stored window; without one,
 * both fall back to the pixel range), at the same fit-to-viewport geometry.
 */
export interface PreviewRequest {
  sopInstanceUid: string;
  frame: number;
  /** Window width and centre (level), when the instance stores a window. */
  window?: { width: number; center: number };
}

export function previewRequest(detail: SeriesDetail): PreviewRequest | null {
  const first = detail.instances[0];
  if (!first?.sopInstanceUid) return null;
  const { windowWidth: width, windowCenter: center } = first;
  const window = width != null && center != null && Number.isFinite(width) && Number.isFinite(center) && width > 0 ? { width, center } : undefined;
  return { sopInstanceUid: first.sopInstanceUid, frame: 1, ...(window ? { window } : {}) };
}

/**
 * How many images the stack will have, from the detail alone (each instance its frames): known
 * before the metadata, so the page (its slice slider) has its final layout before the preview shows.
 */
export function expectedImageCount(detail: SeriesDetail): number {
  return detail.instances.reduce((n, i) => n + Math.max(1, Math.floor(i.frames ?? 1)), 0);
}

/** `GET {viewerApi}/instances/{sop}/rendered` (viewer-service RenderResource): PNG, stored size. */
export function renderedUrl(viewerApi: string, r: PreviewRequest): string {
  const params = new URLSearchParams();
  if (r.frame !== 1) params.set('frame', String(r.frame));
  if (r.window) {
    params.set('window', String(r.window.width));
    params.set('level', String(r.window.center));
  }
  params.set('format', 'png');
  return `${viewerApi}/instances/${encodeURIComponent(r.sopInstanceUid)}/rendered?${params}`;
}

/**
 * Width / height of the image as Cornerstone draws it: in patient space, so pixels that are not
 * square (PixelSpacing row != column spacing) stretch it. Null when unknown (the PNG's own pixel
 * aspect is then used, which is right for square pixels).
 */
export function displayAspect(columns?: number, rows?: number, pixelSpacing?: unknown): number | null {
  if (!columns || !rows) return null;
  const s = Array.isArray(pixelSpacing) ? pixelSpacing.map(Number) : [];
  const [rowSpacing, columnSpacing] = s.length === 2 && s.every((v) => Number.isFinite(v) && v > 0) ? s : [1, 1];
  return (columns * columnSpacing) / (rows * rowSpacing);
}

/**
 * The display aspect of a frame (its DICOM JSON metadata) when it differs from the pixel grid's,
 * else null: with square pixels the PNG's own aspect already matches Cornerstone's.
 */
export function nonSquareAspect(columns: number | undefined, rows: number | undefined, metadata: Record<string, unknown>): number | null {
  const spacing = (metadata['00280030'] as { Value?: unknown[] } | undefined)?.Value;
  const aspect = displayAspect(columns, rows, spacing);
  if (aspect == null || !columns || !rows) return null;
  return Math.abs(aspect / (columns / rows) - 1) > 1e-3 ? aspect : null;
}
