import { SeriesDetail } from '../api/viewer-api.service';
import { WINDOW_PRESETS, buildStack } from './stack';

const inst = (sop: string, n: number, frames?: number) => ({
  '00080018': { vr: 'UI', Value: [sop] },
  '00200013': { vr: 'IS', Value: [n] },
  '00280010': { vr: 'US', Value: [512] },
  '00280011': { vr: 'US', Value: [256] },
  ...(frames ? { '00280008': { vr: 'IS', Value: [frames] } } : {}),
});

describe('buildStack', () => {
  const detail: SeriesDetail = {
    seriesInstanceUid: '1.2.3',
    studyInstanceUid: '1.2',
    instances: [{ sopInstanceUid: '1.2.3.30' }, { sopInstanceUid: '1.2.3.10' }, { sopInstanceUid: '1.2.3.missing' }],
  };

  it('follows the service\'s display order, expands frames and appends unlisted instances by number', () => {
    const { frames } = buildStack(detail, [inst('1.2.3.10', 1), inst('1.2.3.30', 3, 2), inst('1.2.3.50', 5), inst('1.2.3.40', 4)], '/dicomweb');
    expect(frames.map((f) => `${f.sopInstanceUid}#${f.frame}`)).toEqual(['1.2.3.30#1', '1.2.3.30#2', '1.2.3.10#1', '1.2.3.40#1', '1.2.3.50#1']);
    expect(frames[1].imageId).toBe('wadors:/dicomweb/studies/1.2/series/1.2.3/instances/1.2.3.30/frames/2');
    expect(frames.map((f) => f.position)).toEqual([0, 1, 2, 3, 4]);
    expect(frames[0]).toMatchObject({ rows: 512, columns: 256 });
  });

  it('gives nothing for missing metadata, and offers CT presets only for CT', () => {
    expect(buildStack(detail, null, '/dicomweb').frames).toEqual([]);
    expect(WINDOW_PRESETS.filter((p) => !p.modalities).length).toBe(1);
    expect(WINDOW_PRESETS.find((p) => p.name === 'Lung')).toMatchObject({ width: 1500, center: -600 });
  });
});
