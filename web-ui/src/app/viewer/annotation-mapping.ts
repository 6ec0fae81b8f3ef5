/**
 * Converts between Cornerstone3D annotations (world coordinates, tool names) and the viewer
 * service's annotation document (schema version 1): items with a `toolType` of rectangle, ellipse,
 * freehand or label, the instance and frame they lie on, and `points` in image pixels [x, y].
 */
export type ToolType = 'rectangle' | 'ellipse' | 'freehand' | 'label';
export type Point2 = [number, number];
export type Point3 = [number, number, number];

export interface AnnotationItem {
  id?: string;
  toolType: ToolType;
  sopInstanceUid: string;
  frame: number;
  points: Point2[];
  text?: string;
  color?: string;
  createdAt?: string;
  author?: string;
  updatedAt?: string;
}

export interface AnnotationDocument {
  schemaVersion: 1;
  baseVersion?: number;
  items: AnnotationItem[];
}

export const TOOL_NAMES: Record<ToolType, string> = {
  rectangle: 'RectangleROI',
  ellipse: 'EllipticalROI',
  freehand: 'PlanarFreehandROI',
  label: 'Label',
};
const TOOL_TYPES: Record<string, ToolType> = Object.fromEntries(
  Object.entries(TOOL_NAMES).map(([type, name]) => [name, type as ToolType]),
);

export const MAX_FREEHAND_POINTS = 10_000;

/** What the mapping needs to know about the images; Cornerstone provides it in the viewer. */
export interface ImageSpace {
  /** The instance, frame and size an imageId stands for; null for an image of another series. */
  locate(imageId: string): { sopInstanceUid: string; frame: number; rows?: number; columns?: number } | null;
  imageIdOf(sopInstanceUid: string, frame: number): string | null;
  worldToImage(imageId: string, p: Point3): Point2;
  imageToWorld(imageId: string, p: Point2): Point3;
}

/** The parts of a Cornerstone annotation the mapping reads. */
export interface CsAnnotation {
  annotationUID?: string;
  metadata: { toolName: string; referencedImageId?: string };
  data: {
    handles?: { points?: Point3[] };
    contour?: { polyline?: Point3[] };
    label?: string;
    text?: string;
  };
}

const round = (v: number) => Math.round(v * 100) / 100;

function clampTo(loc: { rows?: number; columns?: number }) {
  const maxX = loc.columns ?? Number.POSITIVE_INFINITY;
  const maxY = loc.rows ?? Number.POSITIVE_INFINITY;
  return ([x, y]: Point2): Point2 => [round(Math.min(maxX, Math.max(0, x))), round(Math.min(maxY, Math.max(0, y)))];
}

function bbox(points: Point2[]): Point2[] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [
    [Math.min(...xs), Math.min(...ys)],
    [Math.max(...xs), Math.max(...ys)],
  ];
}

/** Keeps at most `max` points, evenly spread, always with the first one. */
export function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const step = points.length / max;
  return Array.from({ length: max }, (_, i) => points[Math.floor(i * step)]);
}

/** One Cornerstone annotation as a document item, or null when it cannot be saved (unknown tool, other series, empty). */
export function toItem(a: CsAnnotation, space: ImageSpace, extra: Partial<AnnotationItem> = {}): AnnotationItem | null {
  const toolType = TOOL_TYPES[a.metadata.toolName];
  const imageId = a.metadata.referencedImageId;
  if (!toolType || !imageId) return null;
  const loc = space.locate(imageId);
  if (!loc) return null;
  const clamp = clampTo(loc);
  const image = (p: Point3) => space.worldToImage(imageId, p);
  const handles = a.data.handles?.points ?? [];
  let points: Point2[];
  switch (toolType) {
    case 'rectangle':
    case 'ellipse':
      if (handles.length < 2) return null;
      points = bbox(handles.map(image)).map(clamp);
      break;
    case 'freehand': {
      const polyline = a.data.contour?.polyline ?? [];
      if (polyline.length < 3) return null;
      points = thin(polyline.map(image).map(clamp), MAX_FREEHAND_POINTS);
      break;
    }
    case 'label':
      if (handles.length < 1) return null;
      points = [clamp(image(handles[0]))];
      break;
  }
  const text = toolType === 'label' ? (a.data.label ?? a.data.text ?? '').trim() : (a.data.label || undefined);
  if (toolType === 'label' && !text) return null;
  const item: AnnotationItem = { ...extra, id: a.annotationUID ?? extra.id, toolType, sopInstanceUid: loc.sopInstanceUid, frame: loc.frame, points };
  if (text) item.text = text;
  return item;
}

/** What it takes to recreate an item in Cornerstone: the tool, the image and world points in the tool's own layout. */
export interface Hydration {
  toolName: string;
  imageId: string;
  annotationUID?: string;
  /** rectangle: 4 corners (TL, TR, BL, BR); ellipse: bottom, top, left, right; label: 1 point. */
  worldPoints: Point3[];
  /** freehand: the closed outline in world coordinates. */
  polyline?: Point3[];
  /** freehand: the outline in image pixels (for winding checks). */
  imagePolyline?: Point2[];
  text?: string;
}

export function toHydration(item: AnnotationItem, space: ImageSpace): Hydration | null {
  const imageId = space.imageIdOf(item.sopInstanceUid, item.frame ?? 1);
  if (!imageId || !TOOL_NAMES[item.toolType] || !Array.isArray(item.points)) return null;
  const world = (p: Point2) => space.imageToWorld(imageId, p);
  const base = { toolName: TOOL_NAMES[item.toolType], imageId, annotationUID: item.id };
  switch (item.toolType) {
    case 'rectangle': {
      if (item.points.length < 2) return null;
      const [[x0, y0], [x1, y1]] = bbox(item.points);
      return { ...base, worldPoints: [world([x0, y0]), world([x1, y0]), world([x0, y1]), world([x1, y1])] };
    }
    case 'ellipse': {
      if (item.points.length < 2) return null;
      const [[x0, y0], [x1, y1]] = bbox(item.points);
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      return { ...base, worldPoints: [world([cx, y1]), world([cx, y0]), world([x0, cy]), world([x1, cy])] };
    }
    case 'freehand':
      if (item.points.length < 3) return null;
      return { ...base, worldPoints: [], polyline: item.points.map(world), imagePolyline: item.points };
    case 'label':
      if (item.points.length < 1 || !item.text) return null;
      return { ...base, worldPoints: [world(item.points[0])], text: item.text };
  }
  return null;
}

/** Reads the document the service returns (tolerating a missing or empty one). */
export function readDocument(body: unknown): { version: number; items: AnnotationItem[] } {
  const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const items = Array.isArray(o['items']) ? (o['items'] as AnnotationItem[]) : Array.isArray(o['annotations']) ? (o['annotations'] as AnnotationItem[]) : [];
  return { version: typeof o['version'] === 'number' ? (o['version'] as number) : 0, items };
}
