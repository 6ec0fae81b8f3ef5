import { getWebWorkerManager, init as coreInit } from '@cornerstonejs/core';
import { init as loaderInit } from '@cornerstonejs/dicom-image-loader';
import { imageLoaderBeforeSend } from '../core/auth-headers';

let initialised = false;

/**
 * Initialises Cornerstone3D's rendering core and the DICOM image loader, once per page: the decode
 * worker (bundled by the app, registered BEFORE the loader's init so that the loader's own
 * registration, which Angular cannot bundle, is skipped) and codec .wasm files copied by the build
 * into /cornerstone-wasm. Part of the lazy cornerstone-core chunk (import it from nowhere else); the
 * tools are initialised by cornerstone-tools.ts once that chunk has arrived.
 */
export function initCore(): void {
  if (initialised) return; // a retry after the tools chunk failed comes here again
  coreInit();
  const workers = Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 2) / 2)));
  getWebWorkerManager().registerWorker(
    'dicomImageLoader',
    () => new Worker(new URL('./dicom-decode.worker', import.meta.url), { type: 'module' }),
    { maxWorkerInstances: workers },
  );
  // beforeSend: the signed-in user's bearer token on every frame request to our DICOMweb (oidc mode).
  loaderInit({
    maxWebWorkers: workers,
    wasmBasePath: new URL('cornerstone-wasm/', document.baseURI).href,
    beforeSend: imageLoaderBeforeSend,
  });
  initialised = true;
}
