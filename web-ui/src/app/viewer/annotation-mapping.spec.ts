import { AnnotationItem, CsAnnotation, ImageSpace, Point2, Point3, readDocument, thin, toHydration, toItem } from './annotation-mapping';

/** A 100x80 image lying in the z=5 plane with 0.5 mm pixels starting at (-10, -20): world = origin + 0.5 * (x, y). */
const space: ImageSpace = {
  locate: (imageId) => (imageId === 'img-2' ? { sopInstanceUid: '1.2.3.2', frame: 1, rows: 80, columns: 100 } : null),
  imageIdOf: (sop, frame) => (sop === '1.2.3.2' && frame === 1 ? 'img-2' : null),
  worldToImage: (_id, [x, y]: Point3): Point2 => [(x + 10) / 0.5, (y + 20) / 0.5],
  imageToWorld: (_id, [x, y]: Point2): Point3 => [-10 + 0.5 * x, -20 + 0.5 * y, 5],
};
const w = (x: number, y: number): Point3 => space.imageToWorld('img-2', [x, y]);
const cs = (toolName: string, data: CsAnnotation['data'], uid = 'a1'): CsAnnotation => ({ annotationUID: uid, metadata: { toolName, referencedImageId: 'img-2' }, data });

describe('annotation mapping', () => {
  it('saves a rectangle as two opposite corners in image pixels and restores its four corners', () => {
    const item = toItem(cs('RectangleROI', { handles: { points: [w(10, 20), w(40, 20), w(10, 50), w(40, 50)] } }), space)!;
    expect(item).toEqual({ id: 'a1', toolType: 'rectangle', sopInstanceUid: '1.2.3.2', frame: 1, points: [[10, 20], [40, 50]] });
    const h = toHydration(item, space)!;
    expect(h.toolName).toBe('RectangleROI');
    expect(h.imageId).toBe('img-2');
    expect(h.annotationUID).toBe('a1');
    expect(h.worldPoints).toEqual([w(10, 20), w(40, 20), w(10, 50), w(40, 50)]);
  });

  it('saves an ellipse as its bounding box and restores bottom, top, left, right', () => {
    const item = toItem(cs('EllipticalROI', { handles: { points: [w(30, 60), w(30, 20), w(10, 40), w(50, 40)] } }), space)!;
    expect(item.points).toEqual([[10, 20], [50, 60]]);
    expect(toHydration(item, space)!.worldPoints).toEqual([w(30, 60), w(30, 20), w(10, 40), w(50, 40)]);
  });

  it('saves a freehand outline and a label with its text', () => {
    const outline = [w(1, 1), w(20, 1), w(20, 30), w(1, 30)];
    const free = toItem(cs('PlanarFreehandROI', { contour: { polyline: outline } }), space)!;
    expect(free.toolType).toBe('freehand');
    expect(free.points).toEqual([[1, 1], [20, 1], [20, 30], [1, 30]]);
    expect(toHydration(free, space)!.polyline).toEqual(outline);

    const label = toItem(cs('Label', { handles: { points: [w(5, 6)] }, label: ' Nodule ' }), space)!;
    expect(label).toMatchObject({ toolType: 'label', points: [[5, 6]], text: 'Nodule' });
    expect(toHydration(label, space)).toMatchObject({ toolName: 'Label', text: 'Nodule', worldPoints: [w(5, 6)] });
  });

  it('keeps points inside the image, thins long outlines, and skips what cannot be saved', () => {
    const item = toItem(cs('RectangleROI', { handles: { points: [w(-5, -3), w(120, -3), w(-5, 90), w(120, 90)] } }), space)!;
    expect(item.points).toEqual([[0, 0], [100, 80]]);
    expect(thin(Array.from({ length: 25_000 }, (_, i) => i), 10_000).length).toBe(10_000);
    expect(toItem(cs('Length', { handles: { points: [w(1, 1), w(2, 2)] } }), space)).toBeNull();
    expect(toItem(cs('Label', { handles: { points: [w(1, 1)] }, label: '  ' }), space)).toBeNull();
    expect(toItem({ metadata: { toolName: 'RectangleROI', referencedImageId: 'other' }, data: { handles: { points: [w(1, 1), w(2, 2)] } } }, space)).toBeNull();
    const stranger: AnnotationItem = { toolType: 'rectangle', sopInstanceUid: '9.9', frame: 1, points: [[1, 1], [2, 2]] };
    expect(toHydration(stranger, space)).toBeNull();
  });

  it('reads the service document, empty or not', () => {
    expect(readDocument({ schemaVersion: 1, version: 3, items: [{ toolType: 'label' }] })).toEqual({ version: 3, items: [{ toolType: 'label' }] });
    expect(readDocument(null)).toEqual({ version: 0, items: [] });
  });
});
