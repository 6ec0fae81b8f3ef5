import { LegendEntry } from '../api/inference-api.service';
import { applyAffine, drawOverlay, imageToCanvasAffine, legendIndexOf, overlayKey, recolour, recolouredCanvas } from './overlay';

const legend: LegendEntry[] = [
  { name: 'spleen', value: 1, color: [255, 0, 0, 128] },
  { name: 'liver', value: 6, color: [0, 200, 0, 128] },
];

function pixels(...rgba: number[][]): Uint8ClampedArray {
  return new Uint8ClampedArray(rgba.flat());
}

async function pngOf(width: number, height: number, data: number[][]): Promise<Blob> {
  const c = new OffscreenCanvas(width, height);
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(width, height);
  img.data.set(data.flat());
  ctx.putImageData(img, 0, 0);
  return c.convertToBlob({ type: 'image/png' });
}

describe('overlay legend logic', () => {
  it('matches painted colours to the nearest legend entry', () => {
    expect(legendIndexOf(255, 0, 0, legend)).toBe(0);
    expect(legendIndexOf(2, 198, 3, legend)).toBe(1); // premultiplication rounding
    expect(legendIndexOf(1, 2, 3, [])).toBe(-1);
  });

  it('recolours visible labels opaque and clears hidden ones and the background', () => {
    const data = pixels([255, 0, 0, 128], [0, 200, 0, 128], [0, 0, 0, 0], [254, 1, 0, 128]);
    const visible = recolour(data, legend, new Set([6]));
    expect([...data]).toEqual([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 255]);
    expect([...visible]).toEqual([[1, 2]]);
  });

  it('shows nothing without a legend', () => {
    const data = pixels([255, 0, 0, 128]);
    expect(recolour(data, [], new Set()).size).toBe(0);
    expect(data[3]).toBe(0);
  });

  it('keys the recoloured cache by instance and hidden labels in any order', () => {
    expect(overlayKey('1.2', new Set([6, 1]))).toBe(overlayKey('1.2', new Set([1, 6])));
    expect(overlayKey('1.2', new Set())).not.toBe(overlayKey('1.2', new Set([1])));
  });
});

describe('overlay alignment', () => {
  it('maps bitmap pixel edges onto the image pixel edges under zoom and pan', () => {
    // image coords (pixel centres) -> canvas: zoom 2, pan (10, 20)
    const toCanvas = ([x, y]: [number, number]): [number, number] => [10 + 2 * x, 20 + 2 * y];
    const m = imageToCanvasAffine(toCanvas, 5, 4);
    expect(applyAffine(m, [0, 0])).toEqual([9, 19]); // the first pixel's top-left corner
    expect(applyAffine(m, [0.5, 0.5])).toEqual(toCanvas([0, 0])); // its centre lands on its image centre
    expect(applyAffine(m, [5, 4])).toEqual([19, 27]);
  });

  it('follows flips and rotations of the viewport', () => {
    // rotated 90 degrees and flipped: x -> down, y -> left
    const toCanvas = ([x, y]: [number, number]): [number, number] => [100 - 3 * y, 50 + 3 * x];
    const m = imageToCanvasAffine(toCanvas, 8, 6);
    for (const p of [[0, 0], [3, 2], [7, 5]] as [number, number][]) {
      const [cx, cy] = applyAffine(m, [p[0] + 0.5, p[1] + 0.5]);
      const [ex, ey] = toCanvas(p);
      expect(cx).toBeCloseTo(ex, 9);
      expect(cy).toBeCloseTo(ey, 9);
    }
  });

  it('draws the recoloured overlay where the image is, with the opacity asked for', async () => {
    // 2 x 2 overlay: top-left spleen, bottom-right liver
    const png = await pngOf(2, 2, [[255, 0, 0, 128], [0, 0, 0, 0], [0, 0, 0, 0], [0, 200, 0, 128]]);
    const { canvas, visible } = await recolouredCanvas(png, legend, new Set([6]));
    expect([...visible]).toEqual([[1, 1]]);
    const layer = document.createElement('canvas');
    layer.width = 40;
    layer.height = 40;
    const ctx = layer.getContext('2d', { willReadFrequently: true })!;
    // image shown 10x: pixel (0,0) covers canvas [0,10) x [0,10) offset by (5, 5)
    const m = imageToCanvasAffine(([x, y]) => [5 + 10 * (x + 0.5), 5 + 10 * (y + 0.5)], 2, 2);
    drawOverlay(ctx, canvas, m, 0.5);
    const at = (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data];
    expect(at(10, 10)[0]).toBe(255);
    expect(at(10, 10)[3]).toBeGreaterThan(120);
    expect(at(10, 10)[3]).toBeLessThan(135);
    expect(at(2, 2)[3]).toBe(0); // outside the image
    expect(at(20, 20)[3]).toBe(0); // liver hidden
    drawOverlay(ctx, canvas, m, 0);
    expect(at(10, 10)[3]).toBe(0);
  });
});
