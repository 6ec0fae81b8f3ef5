import { LegendEntry } from '../api/inference-api.service';

export type Vec2 = [number, number];
/** A 2D affine transform in canvas order: x' = a x + c y + e, y' = b x + d y + f. */
export type Affine = [a: number, b: number, c: number, d: number, e: number, f: number];

/**
 * The legend entry a painted overlay pixel belongs to: the one whose colour is nearest in RGB (the
 * gateway paints the legend colours exactly; nearest match tolerates colour-managed decoding).
 */
export function legendIndexOf(r: number, g: number, b: number, legend: readonly LegendEntry[]): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < legend.length; i++) {
    const c = legend[i].color;
    const d = (c[0] - r) ** 2 + (c[1] - g) ** 2 + (c[2] - b) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}

/**
 * Recolours an overlay's RGBA pixels in place: labelled pixels of a visible label get the label's
 * legend colour, fully opaque (the opacity slider applies on drawing); hidden labels and unlabelled
 * pixels become transparent. Returns how many pixels stay visible per legend value.
 */
export function recolour(data: Uint8ClampedArray, legend: readonly LegendEntry[], hidden: ReadonlySet<number>): Map<number, number> {
  const visible = new Map<number, number>();
  const memo = new Map<number, number>(); // packed rgb -> legend index
  for (let p = 0; p < data.length; p += 4) {
    if (data[p + 3] === 0) continue;
    if (legend.length === 0) {
      data[p + 3] = 0;
      continue;
    }
    const key = (data[p] << 16) | (data[p + 1] << 8) | data[p + 2];
    let i = memo.get(key);
    if (i === undefined) {
      i = legendIndexOf(data[p], data[p + 1], data[p + 2], legend);
      memo.set(key, i);
    }
    const entry = legend[i];
    if (hidden.has(entry.value)) {
      data[p] = data[p + 1] = data[p + 2] = data[p + 3] = 0;
      continue;
    }
    data[p] = entry.color[0];
    data[p + 1] = entry.color[1];
    data[p + 2] = entry.color[2];
    data[p + 3] = 255;
    visible.set(entry.value, (visible.get(entry.value) ?? 0) + 1);
  }
  return visible;
}

/**
 * The transform that draws a columns x rows bitmap so that each of its pixels covers the same
 * image pixel on the canvas. `toCanvas` maps image coordinates (Cornerstone's: [0, 0] is the centre of
 * the first pixel, x along the row) to canvas CSS pixels; the bitmap's pixel (u, v) spans
 * [u, u+1) x [v, v+1), i.e. image coordinates u - 0.5 .. u + 0.5.
 */
export function imageToCanvasAffine(toCanvas: (p: Vec2) => Vec2, columns: number, rows: number): Affine {
  const o = toCanvas([-0.5, -0.5]);
  const x = toCanvas([columns - 0.5, -0.5]);
  const y = toCanvas([-0.5, rows - 0.5]);
  return [(x[0] - o[0]) / columns, (x[1] - o[1]) / columns, (y[0] - o[0]) / rows, (y[1] - o[1]) / rows, o[0], o[1]];
}

export function applyAffine(m: Affine, p: Vec2): Vec2 {
  return [m[0] * p[0] + m[2] * p[1] + m[4], m[1] * p[0] + m[3] * p[1] + m[5]];
}

/** Cache key of a recoloured overlay: which instance and which labels are hidden. */
export function overlayKey(sopInstanceUid: string, hidden: ReadonlySet<number>): string {
  return `${sopInstanceUid}|${[...hidden].sort((a, b) => a - b).join(',')}`;
}

/** Draws a recoloured overlay bitmap onto the layer canvas (sized in device pixels) with the given opacity. */
export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  source: CanvasImageSource | null,
  affine: Affine | null,
  opacity: number,
  devicePixelRatio = 1,
): void {
  const canvas = ctx.canvas;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!source || !affine || opacity <= 0) return;
  const k = devicePixelRatio;
  ctx.setTransform(affine[0] * k, affine[1] * k, affine[2] * k, affine[3] * k, affine[4] * k, affine[5] * k);
  ctx.imageSmoothingEnabled = false; // label boundaries stay on pixel edges
  ctx.globalAlpha = Math.max(0, Math.min(1, opacity));
  ctx.drawImage(source, 0, 0);
  ctx.globalAlpha = 1;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

/** Decodes a PNG blob and recolours it for the hidden labels into an offscreen canvas. */
export async function recolouredCanvas(
  png: Blob,
  legend: readonly LegendEntry[],
  hidden: ReadonlySet<number>,
): Promise<{ canvas: HTMLCanvasElement; visible: Map<number, number> }> {
  const bitmap = await createImageBitmap(png, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const visible = recolour(pixels.data, legend, hidden);
  ctx.putImageData(pixels, 0, 0);
  return { canvas, visible };
}

/** CSS colour of a legend entry for swatches. */
export function cssColor(c: readonly number[]): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
