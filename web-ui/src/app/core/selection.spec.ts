import { KeyedSelection } from './selection';

interface Row { id: string; size?: number }
const rows: Row[] = Array.from({ length: 8 }, (_, i) => ({ id: `r${i}`, size: (i + 1) * 100 }));

describe('KeyedSelection', () => {
  let sel: KeyedSelection<Row>;
  beforeEach(() => (sel = new KeyedSelection<Row>((r) => r.id, (r) => r.size)));

  it('toggles single rows and sums their sizes', () => {
    sel.click(rows[0], rows);
    sel.click(rows[2], rows);
    expect(sel.keys()).toEqual(['r0', 'r2']);
    expect(sel.totalBytes()).toBe(400);
    sel.click(rows[0], rows);
    expect(sel.keys()).toEqual(['r2']);
  });

  it('selects a range with shift-click, in either direction', () => {
    sel.click(rows[1], rows);
    sel.click(rows[4], rows, true);
    expect(sel.keys().sort()).toEqual(['r1', 'r2', 'r3', 'r4']);
    sel.clear();
    sel.click(rows[6], rows);
    sel.click(rows[3], rows, true);
    expect(sel.keys().sort()).toEqual(['r3', 'r4', 'r5', 'r6']);
  });

  it('clears a range with shift-click on a selected row', () => {
    sel.toggleAll(rows);
    sel.click(rows[2], rows); // deselect r2, anchor r2
    sel.click(rows[5], rows, true); // r5 is selected -> range becomes deselected
    expect(sel.keys().sort()).toEqual(['r0', 'r1', 'r6', 'r7']);
  });

  it('treats shift-click without an anchor on this page as a plain click', () => {
    sel.click(rows[3], rows, true);
    expect(sel.keys()).toEqual(['r3']);
    const otherPage: Row[] = [{ id: 'x1' }, { id: 'x2' }];
    sel.click(otherPage[1], otherPage, true);
    expect(sel.keys()).toEqual(['r3', 'x2']);
  });

  it('select-all covers the visible rows and keeps rows of other pages', () => {
    sel.set({ id: 'other', size: 5 }, true);
    expect(sel.allSelected(rows)).toBe(false);
    sel.click(rows[0], rows);
    expect(sel.someSelected(rows)).toBe(true);
    sel.toggleAll(rows);
    expect(sel.allSelected(rows)).toBe(true);
    expect(sel.count()).toBe(9);
    sel.toggleAll(rows);
    expect(sel.keys()).toEqual(['other']);
    expect(sel.allSelected([])).toBe(false);
  });

  it('counts rows of unknown size', () => {
    sel.set({ id: 'a' }, true);
    sel.set({ id: 'b', size: 10 }, true);
    expect(sel.totalBytes()).toBe(10);
    expect(sel.unknownSizes()).toBe(1);
  });
});
