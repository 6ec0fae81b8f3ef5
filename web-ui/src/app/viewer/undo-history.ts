/**
 * Linear undo/redo history of snapshots. The history always holds a "present" state; `record`
 * makes a new present (and forgets what could be redone) unless it equals the present one, so
 * repeated notifications of the same change add nothing.
 */
export class UndoHistory<T> {
  private past: T[] = [];
  private future: T[] = [];
  private present: T;

  constructor(
    initial: T,
    private readonly limit = 100,
    private readonly equals: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b),
  ) {
    this.present = initial;
  }

  get current(): T {
    return this.present;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }
  get undoDepth(): number {
    return this.past.length;
  }
  get redoDepth(): number {
    return this.future.length;
  }

  /** Forgets everything and starts again from `state` (after loading from the server). */
  reset(state: T): void {
    this.past = [];
    this.future = [];
    this.present = state;
  }

  /** Records a new state; returns false when it equals the present one (nothing recorded). */
  record(state: T): boolean {
    if (this.equals(state, this.present)) return false;
    this.past.push(this.present);
    if (this.past.length > this.limit) this.past.splice(0, this.past.length - this.limit);
    this.present = state;
    this.future = [];
    return true;
  }

  /** Steps back; returns the state to show, or undefined when there is nothing to undo. */
  undo(): T | undefined {
    const previous = this.past.pop();
    if (previous === undefined) return undefined;
    this.future.push(this.present);
    this.present = previous;
    return previous;
  }

  /** Steps forward again; returns the state to show, or undefined when there is nothing to redo. */
  redo(): T | undefined {
    const next = this.future.pop();
    if (next === undefined) return undefined;
    this.past.push(this.present);
    this.present = next;
    return next;
  }
}
