import { computed, signal } from '@angular/core';

/** Something selectable by a stable key that may carry a size. */
export interface Selectable {
  key: string;
  sizeBytes?: number | null;
}

/**
 * A selection that survives paging and re-sorting (keyed, not indexed), with a select-all for
 * the visible rows and shift-click range selection within them. Signals make it zoneless-friendly.
 */
export class KeyedSelection<T> {
  private readonly items = signal<ReadonlyMap<string, T>>(new Map());
  private anchor: string | null = null;

  readonly count = computed(() => this.items().size);
  readonly keys = computed(() => [...this.items().keys()]);
  readonly values = computed(() => [...this.items().values()]);
  readonly totalBytes = computed(() => {
    let sum = 0;
    for (const item of this.items().values()) {
      const size = this.sizeOf(item);
      if (size != null && Number.isFinite(size)) {
        sum += size;
      }
    }
    return sum;
  });
  /** How many selected items have no known size (the total is then a lower bound). */
  readonly unknownSizes = computed(() => [...this.items().values()].filter((i) => this.sizeOf(i) == null).length);

  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly sizeOf: (item: T) => number | null | undefined = () => null,
  ) {}

  isSelected(item: T): boolean {
    return this.items().has(this.keyOf(item));
  }

  /**
   * A click on a row's checkbox. Without shift it toggles the row and makes it the anchor; with
   * shift (and an anchor among `visible`) every row between the anchor and this one takes the
   * state the clicked row gets.
   */
  click(item: T, visible: readonly T[], shiftKey = false): void {
    const key = this.keyOf(item);
    const target = !this.items().has(key);
    const anchorIndex = this.anchor == null ? -1 : visible.findIndex((v) => this.keyOf(v) === this.anchor);
    const index = visible.findIndex((v) => this.keyOf(v) === key);
    if (shiftKey && anchorIndex >= 0 && index >= 0) {
      const [from, to] = anchorIndex <= index ? [anchorIndex, index] : [index, anchorIndex];
      this.setMany(visible.slice(from, to + 1), target);
    } else {
      this.setMany([item], target);
    }
    this.anchor = key;
  }

  set(item: T, selected: boolean): void {
    this.setMany([item], selected);
  }

  setMany(items: readonly T[], selected: boolean): void {
    const next = new Map(this.items());
    for (const item of items) {
      const key = this.keyOf(item);
      if (selected) {
        next.set(key, item);
      } else {
        next.delete(key);
      }
    }
    this.items.set(next);
  }

  allSelected(visible: readonly T[]): boolean {
    return visible.length > 0 && visible.every((v) => this.items().has(this.keyOf(v)));
  }

  someSelected(visible: readonly T[]): boolean {
    return visible.some((v) => this.items().has(this.keyOf(v))) && !this.allSelected(visible);
  }

  /** The header checkbox: selects every visible row, or clears them when all are selected. */
  toggleAll(visible: readonly T[]): void {
    this.setMany(visible, !this.allSelected(visible));
    this.anchor = null;
  }

  clear(): void {
    this.items.set(new Map());
    this.anchor = null;
  }
}
