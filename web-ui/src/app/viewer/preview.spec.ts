import { SeriesDetail } from '../api/viewer-api.service';
import { displayAspect, expectedImageCount, nonSquareAspect, previewRequest, renderedUrl } from './preview';

describe('preview (the server-rendered first image)', () => {
  const detail = (instances: SeriesDetail['instances']): SeriesDetail => ({ seriesInstanceUid: '1.2.3', studyInstanceUid: '1.2', instances });

  it('asks for the first instance of the display order, frame 1, at its stored window', () => {
    const r = previewRequest(detail([
      { sopInstanceUid: '1.2.3.30', windowCenter: 40, windowWidth: 400 },
      { sopInstanceUid: '1.2.3.10', windowCenter: -600, windowWidth: 1500 },
    ]));
    expect(r).toEqual({ sopInstanceUid: '1.2.3.30', frame: 1, window: { width: 400, center: 40 } });
    expect(renderedUrl('/api/viewer', r!)).toBe('/api/viewer/instances/1.2.3.30/rendered?window=400&level=40&format=png');
  });

  it('leaves the window to the server when the instance stores none (or half of one, or a useless one)', () => {
    for (const w of [{}, { windowCenter: 40 }, { windowWidth: 400 }, { windowCenter: 40, windowWidth: 0 }]) {
      const r = previewRequest(detail([{ sopInstanceUid: '1.2.3.30', ...w }]))!;
      expect(r.window).toBeUndefined();
      expect(renderedUrl('https://viewer.example.org/api/viewer', r)).toBe('https://viewer.example.org/api/viewer/instances/1.2.3.30/rendered?format=png');
    }
  });

  it('has nothing to ask for in a series without instances', () => {
    expect(previewRequest(detail([]))).toBeNull();
  });

  it('names other frames than the first', () => {
    expect(renderedUrl('/v', { sopInstanceUid: '1.2', frame: 3 })).toBe('/v/instances/1.2/rendered?frame=3&format=png');
  });

  it('computes the display aspect from the pixel grid and PixelSpacing (row, column)', () => {
    expect(displayAspect(512, 512, [0.7, 0.7])).toBe(1);
    expect(displayAspect(256, 512, [0.5, 1])).toBe(1); // columns twice as wide as rows are tall
    expect(displayAspect(512, 256, undefined)).toBe(2);
    expect(displayAspect(512, 256, ['x', 1])).toBe(2); // unusable spacing: square pixels
    expect(displayAspect(undefined, 256, [1, 1])).toBeNull();
  });

  it('stretches the preview only when the pixels are not square', () => {
    expect(nonSquareAspect(512, 512, { '00280030': { vr: 'DS', Value: [0.68, 0.68] } })).toBeNull();
    expect(nonSquareAspect(512, 512, {})).toBeNull();
    expect(nonSquareAspect(256, 512, { '00280030': { vr: 'DS', Value: [0.5, 1] } })).toBe(1);
    expect(nonSquareAspect(512, 512, { '00280030': { vr: 'DS', Value: [1, 0.5] } })).toBe(0.5);
  });

  it('counts the images of the stack from the detail (frames of multi-frame instances included)', () => {
    expect(expectedImageCount(detail([{ sopInstanceUid: '1' }, { sopInstanceUid: '2', frames: 1 }, { sopInstanceUid: '3', frames: 12 }]))).toBe(14);
    expect(expectedImageCount(detail([]))).toBe(0);
  });
});
