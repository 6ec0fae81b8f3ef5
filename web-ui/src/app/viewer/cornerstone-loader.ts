import { InjectionToken } from '@angular/core';

/** Cornerstone3D's core and image loader (cornerstone-core.ts), initialised. */
export type CornerstoneCore = typeof import('./cornerstone-core');
/** Cornerstone3D as the viewer uses it (cornerstone-core.ts and cornerstone-tools.ts), initialised. */
export type Cornerstone = CornerstoneCore & typeof import('./cornerstone-tools');

let loadingCore: Promise<CornerstoneCore> | null = null;
let loading: Promise<Cornerstone> | null = null;

/** Lets the browser paint and handle input between two long pieces of work. */
function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Loads and initialises Cornerstone3D's core and image loader (the first of its two lazy chunks),
 * once per page: enough to load and decode images while the tools are still on their way.
 */
export function loadCornerstoneCore(): Promise<CornerstoneCore> {
  if (!loadingCore) {
    const p = import('./cornerstone-core').then((core) => {
      core.initCore(); // the loader's init empties its metadata store: metadata goes in after
      return core;
    });
    loadingCore = p;
    p.catch(() => {
      if (loadingCore === p) loadingCore = null;
    });
  }
  return loadingCore;
}

/**
 * Loads Cornerstone3D (two lazy chunks, ~4 MB together: the core and image loader, then the tools,
 * each evaluated and initialised in its own task) once per page; later calls get the same promise.
 * A failed load (a chunk that did not arrive) is forgotten so that the next call tries again.
 */
export function loadCornerstone(): Promise<Cornerstone> {
  if (!loading) {
    const p = (async () => {
      const core = await loadCornerstoneCore();
      await yieldToMain();
      const tools = await import('./cornerstone-tools');
      tools.initTools();
      return { ...core, ...tools } as Cornerstone;
    })();
    loading = p;
    p.catch(() => {
      if (loading === p) loading = null;
    });
  }
  return loading;
}

/** Has anything (the viewer, or a prefetch from the library) asked for Cornerstone yet? */
export function cornerstoneRequested(): boolean {
  return loadingCore !== null || loading !== null;
}

export interface CornerstoneLoader {
  core: () => Promise<CornerstoneCore>;
  load: () => Promise<Cornerstone>;
  requested: () => boolean;
}

/** How the viewer gets Cornerstone: replaced in unit tests. */
export const CORNERSTONE_LOADER = new InjectionToken<CornerstoneLoader>('CORNERSTONE_LOADER', {
  providedIn: 'root',
  factory: () => ({ core: loadCornerstoneCore, load: loadCornerstone, requested: cornerstoneRequested }),
});
