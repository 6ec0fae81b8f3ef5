import { Injectable, InjectionToken, inject } from '@angular/core';
import { loadCornerstone } from './cornerstone-loader';

/**
 * What warming the viewer means: its route chunk (small), and Cornerstone3D downloaded, evaluated
 * and initialised (cornerstone-loader.ts keeps the result, so the viewer gets it at once).
 * Replaced in unit tests (src/test-providers.ts), which should not load Cornerstone behind the
 * tests' backs.
 */
export interface ViewerPreload {
  route: () => Promise<unknown>;
  cornerstone: () => Promise<unknown>;
}

export const VIEWER_PRELOAD = new InjectionToken<ViewerPreload>('VIEWER_PRELOAD', {
  providedIn: 'root',
  factory: () => ({ route: () => import('./viewer-page'), cornerstone: loadCornerstone }),
});

/** How long a page has to be on screen before Cornerstone is prefetched (see ViewerPrefetch.whenIdle). */
export const PREFETCH_DELAY_MS = 800;

type IdleWindow = Window & {
  requestIdleCallback?: (fn: () => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
};

/**
 * Prefetches the viewer from the page that leads to it (the library), so that opening a series
 * does not wait for ~4 MB of JavaScript. Evaluating Cornerstone takes the main thread for a few
 * hundred milliseconds (in two tasks), so it is done once the page has been on screen a moment and
 * the browser is idle, not while the page is still settling; the pointer or focus on an "Open"
 * link fetches just the viewer's own (small) chunk, as a click is likely to follow at once. Each
 * part once per page; nothing when the browser asks to save data.
 */
@Injectable({ providedIn: 'root' })
export class ViewerPrefetch {
  private readonly preload = inject(VIEWER_PRELOAD);
  private readonly started = new Map<keyof ViewerPreload, Promise<unknown>>();

  /** Everything, now. */
  now(): void {
    this.start('route');
    this.start('cornerstone');
  }

  /** The viewer's own chunk only (cheap), now. */
  route(): void {
    this.start('route');
  }

  /** Everything, after `delayMs` and when the browser is next idle; returns a cancel function. */
  whenIdle(delayMs = PREFETCH_DELAY_MS, idleTimeoutMs = 2000): () => void {
    const w = window as IdleWindow;
    let idle: number | undefined;
    const timer = setTimeout(() => {
      if (w.requestIdleCallback) idle = w.requestIdleCallback(() => this.now(), { timeout: idleTimeoutMs });
      else this.now();
    }, delayMs);
    return () => {
      clearTimeout(timer);
      if (idle !== undefined) w.cancelIdleCallback?.(idle);
    };
  }

  private start(part: keyof ViewerPreload): void {
    if (this.started.has(part) || saveData()) return;
    const p = this.preload[part]();
    this.started.set(part, p);
    p.catch(() => {
      if (this.started.get(part) === p) this.started.delete(part); // it did not arrive: the viewer will try again itself
    });
  }
}

function saveData(): boolean {
  return (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData === true;
}
