import { firstValueFrom } from 'rxjs';
import { InferenceApi, InferenceJob } from '../api/inference-api.service';
import { Affine, Vec2, drawOverlay, imageToCanvasAffine, overlayKey, recolouredCanvas } from './overlay';

/** What the inference panel wants drawn. */
export interface OverlayState {
  job: InferenceJob | null;
  hidden: ReadonlySet<number>;
  opacity: number;
  shown: boolean;
}

/** Where the current image is and how to map its pixels to the viewport canvas (CSS pixels). */
export interface CurrentImage {
  sopInstanceUid: string;
  toCanvas: (p: Vec2) => Vec2;
}

const MAX_BLOBS = 400;
const MAX_CANVASES = 24;

/**
 * A canvas layered over the Cornerstone viewport (inserted between its image canvas and its
 * annotation SVG) showing the segmentation overlay of the current image. `draw()` is called on every
 * IMAGE_RENDERED / CAMERA_MODIFIED / STACK_NEW_IMAGE, so the overlay follows scrolling, zooming,
 * panning, flipping and resizing: its transform is re-derived each time from the viewport's own
 * image -> world -> canvas mapping. Windowing re-renders the image and leaves the overlay as is.
 */
export class OverlayLayer {
  readonly canvas: HTMLCanvasElement;
  private state: OverlayState = { job: null, hidden: new Set(), opacity: 0.5, shown: true };
  private readonly blobs = new Map<string, Blob>();
  private readonly canvases = new Map<string, { canvas: HTMLCanvasElement; pixels: number }>();
  private readonly loading = new Set<string>();
  private readonly failed = new Set<string>();

  constructor(
    private readonly api: InferenceApi,
    private readonly element: HTMLElement,
    private readonly current: () => CurrentImage | null,
    private readonly onError: (sop: string, e: unknown) => void = () => undefined,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'segmentation-overlay';
    this.canvas.dataset['testid'] = 'inference-overlay';
    Object.assign(this.canvas.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', pointerEvents: 'none' });
    const host = element.querySelector<HTMLElement>('.viewport-element') ?? element;
    const image = host.querySelector(':scope > canvas.cornerstone-canvas');
    host.insertBefore(this.canvas, image ? image.nextSibling : host.firstChild);
  }

  setState(state: OverlayState): void {
    if (state.job?.jobId !== this.state.job?.jobId) {
      this.blobs.clear();
      this.canvases.clear();
      this.failed.clear();
    }
    this.state = state;
    this.draw();
  }

  destroy(): void {
    this.canvas.remove();
    this.blobs.clear();
    this.canvases.clear();
  }

  /** Redraws for the current image and camera; loads the instance's overlay first when needed. */
  draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(this.element.clientWidth * dpr);
    const h = Math.round(this.element.clientHeight * dpr);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    const { job, shown, opacity, hidden } = this.state;
    const image = job?.status === 'succeeded' && shown ? this.current() : null;
    const ref = image ? job!.overlays.find((o) => o.sopInstanceUid === image.sopInstanceUid) : undefined;
    if (!image || !ref || ref.labelledPixels === 0) {
      this.mark(image?.sopInstanceUid, 0);
      drawOverlay(ctx, null, null, 0);
      return;
    }
    const key = overlayKey(ref.sopInstanceUid, hidden);
    const ready = this.canvases.get(key);
    if (!ready) {
      drawOverlay(ctx, null, null, 0);
      this.mark(ref.sopInstanceUid, 0, 'loading');
      void this.prepare(ref.sopInstanceUid, ref.url, key);
      return;
    }
    const affine: Affine = imageToCanvasAffine(image.toCanvas, ready.canvas.width, ready.canvas.height);
    drawOverlay(ctx, ready.canvas, affine, opacity, dpr);
    this.mark(ref.sopInstanceUid, opacity > 0 ? ready.pixels : 0);
  }

  /** Data attributes for tests and for people inspecting the page. */
  private mark(sop: string | undefined, pixels: number, phase = 'drawn'): void {
    this.canvas.dataset['sop'] = sop ?? '';
    this.canvas.dataset['pixels'] = String(pixels);
    this.canvas.dataset['phase'] = phase;
  }

  private async prepare(sop: string, url: string, key: string): Promise<void> {
    if (this.loading.has(key) || this.failed.has(sop)) return;
    this.loading.add(key);
    const jobId = this.state.job?.jobId;
    try {
      let blob = this.blobs.get(sop);
      if (!blob) {
        blob = await firstValueFrom(this.api.overlay(url));
        remember(this.blobs, sop, blob, MAX_BLOBS);
      }
      if (this.state.job?.jobId !== jobId) return;
      const { canvas, visible } = await recolouredCanvas(blob, this.state.job?.legend ?? [], this.state.hidden);
      if (this.state.job?.jobId !== jobId) return;
      // the key was computed with the hidden set of the time; recolour used the current one
      remember(this.canvases, overlayKey(sop, this.state.hidden), { canvas, pixels: [...visible.values()].reduce((a, b) => a + b, 0) }, MAX_CANVASES);
      this.draw();
    } catch (e) {
      this.failed.add(sop);
      this.onError(sop, e);
    } finally {
      this.loading.delete(key);
    }
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
}
