import { UndoHistory } from './undo-history';

describe('UndoHistory', () => {
  it('starts with nothing to undo or redo', () => {
    const h = new UndoHistory<string[]>([]);
    expect(h.canUndo).toBe(false);
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBeUndefined();
    expect(h.redo()).toBeUndefined();
    expect(h.current).toEqual([]);
  });

  it('undoes and redoes add, move and delete in order', () => {
    const h = new UndoHistory<string[]>([]);
    h.record(['a@1']); // add
    h.record(['a@2']); // move
    h.record([]); // delete
    expect(h.undoDepth).toBe(3);
    expect(h.undo()).toEqual(['a@2']);
    expect(h.undo()).toEqual(['a@1']);
    expect(h.undo()).toEqual([]);
    expect(h.canUndo).toBe(false);
    expect(h.redo()).toEqual(['a@1']);
    expect(h.redo()).toEqual(['a@2']);
    expect(h.redo()).toEqual([]);
    expect(h.canRedo).toBe(false);
    expect(h.current).toEqual([]);
  });

  it('ignores a state equal to the present one', () => {
    const h = new UndoHistory<string[]>(['a']);
    expect(h.record(['a'])).toBe(false);
    expect(h.canUndo).toBe(false);
    expect(h.record(['a', 'b'])).toBe(true);
    expect(h.record(['a', 'b'])).toBe(false);
    expect(h.undoDepth).toBe(1);
  });

  it('drops the redo branch when a new change is recorded after an undo', () => {
    const h = new UndoHistory<number>(0);
    h.record(1);
    h.record(2);
    h.undo();
    expect(h.canRedo).toBe(true);
    h.record(3);
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBe(1);
    expect(h.undo()).toBe(0);
  });

  it('keeps at most `limit` undo steps, forgetting the oldest', () => {
    const h = new UndoHistory<number>(0, 3);
    for (let i = 1; i <= 5; i++) h.record(i);
    expect(h.undoDepth).toBe(3);
    expect(h.undo()).toBe(4);
    expect(h.undo()).toBe(3);
    expect(h.undo()).toBe(2);
    expect(h.undo()).toBeUndefined();
    expect(h.current).toBe(2);
  });

  it('reset forgets the history', () => {
    const h = new UndoHistory<number>(0);
    h.record(1);
    h.undo();
    h.reset(7);
    expect(h.canUndo).toBe(false);
    expect(h.canRedo).toBe(false);
    expect(h.current).toBe(7);
  });

  it('uses the given equality', () => {
    const h = new UndoHistory<{ v: number; t: number }>({ v: 1, t: 0 }, 10, (a, b) => a.v === b.v);
    expect(h.record({ v: 1, t: 5 })).toBe(false);
    expect(h.record({ v: 2, t: 5 })).toBe(true);
  });
});
