import { SeriesDetail } from '../api/viewer-api.service';

/** One image of the stack: a frame of an instance. */
export interface FrameRef {
  imageId: string;
  sopInstanceUid: string;
  frame: number;
  /** 0-based position in display order. */
  position: number;
  rows?: number;
  columns?: number;
  metadata: Record<string, unknown>;
}

type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

export function tagValue(instance: DicomJson, tag: string): unknown {
  return instance[tag]?.Value?.[0];
}

function numberOf(instance: DicomJson, tag: string): number | undefined {
  const v = tagValue(instance, tag);
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The wadors imageIds of a series in display order: the order of the viewer service's instance list
 * (sorted along the slice normal), each multi-frame instance contributing all its frames. Instances
 * whose metadata is missing are left out; instances the list does not name go last by instance number.
 */
export function buildStack(detail: SeriesDetail, metadata: unknown, dicomwebRoot: string): { frames: FrameRef[] } {
  const list = (Array.isArray(metadata) ? metadata : []) as DicomJson[];
  const bySop = new Map<string, DicomJson>();
  for (const m of list) {
    const sop = tagValue(m, '00080018');
    if (typeof sop === 'string') bySop.set(sop, m);
  }
  const ordered: string[] = detail.instances.map((i) => i.sopInstanceUid).filter((sop) => bySop.has(sop));
  const rest = [...bySop.keys()]
    .filter((sop) => !ordered.includes(sop))
    .sort((a, b) => (numberOf(bySop.get(a)!, '00200013') ?? 0) - (numberOf(bySop.get(b)!, '00200013') ?? 0));
  const base = `wadors:${dicomwebRoot}/studies/${detail.studyInstanceUid}/series/${detail.seriesInstanceUid}/instances/`;
  const frames: FrameRef[] = [];
  for (const sop of [...ordered, ...rest]) {
    const m = bySop.get(sop)!;
    if (!m['7FE00010'] && !m['7fe00010'] && numberOf(m, '00280010') == null) continue; // no pixel data
    const count = Math.max(1, numberOf(m, '00280008') ?? 1);
    for (let frame = 1; frame <= count; frame++) {
      frames.push({
        imageId: `${base}${sop}/frames/${frame}`,
        sopInstanceUid: sop,
        frame,
        position: frames.length,
        rows: numberOf(m, '00280010'),
        columns: numberOf(m, '00280011'),
        metadata: m,
      });
    }
  }
  return { frames };
}

export interface WindowPreset {
  name: string;
  width?: number;
  center?: number;
  /** Shown only for these modalities; all when absent. */
  modalities?: string[];
}

export const WINDOW_PRESETS: WindowPreset[] = [
  { name: 'Default (from the images)' },
  { name: 'Soft tissue', width: 400, center: 40, modalities: ['CT'] },
  { name: 'Lung', width: 1500, center: -600, modalities: ['CT'] },
  { name: 'Bone', width: 2000, center: 500, modalities: ['CT'] },
  { name: 'Brain', width: 80, center: 40, modalities: ['CT'] },
  { name: 'Abdomen', width: 350, center: 50, modalities: ['CT'] },
  { name: 'Liver', width: 150, center: 30, modalities: ['CT'] },
  { name: 'Mediastinum', width: 350, center: 40, modalities: ['CT'] },
];
