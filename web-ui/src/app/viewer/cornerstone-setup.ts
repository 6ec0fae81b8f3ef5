import { getWebWorkerManager, init as coreInit } from '@cornerstonejs/core';
import { init as loaderInit } from '@cornerstonejs/dicom-image-loader';
import {
  EllipticalROITool, LabelTool, PanTool, PlanarFreehandROITool, RectangleROITool, StackScrollTool, WindowLevelTool, ZoomTool,
  addTool, init as toolsInit,
} from '@cornerstonejs/tools';

let ready: Promise<void> | null = null;

/**
 * Initialises Cornerstone3D once per page: the rendering core, the DICOM image loader with its
 * decode worker (bundled by the app, registered BEFORE the loader's init so that the loader's own
 * registration, which Angular cannot bundle, is skipped) and codec .wasm files copied by the build
 * into /cornerstone-wasm, and the tools used by the viewer.
 */
export function initCornerstone(): Promise<void> {
  ready ??= (async () => {
    coreInit();
    const workers = Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 2) / 2)));
    getWebWorkerManager().registerWorker(
      'dicomImageLoader',
      () => new Worker(new URL('./dicom-decode.worker', import.meta.url), { type: 'module' }),
      { maxWorkerInstances: workers },
    );
    loaderInit({ maxWebWorkers: workers, wasmBasePath: new URL('cornerstone-wasm/', document.baseURI).href });
    toolsInit();
    for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, RectangleROITool, EllipticalROITool, PlanarFreehandROITool, LabelTool]) {
      addTool(tool);
    }
  })();
  ready.catch(() => (ready = null));
  return ready;
}
