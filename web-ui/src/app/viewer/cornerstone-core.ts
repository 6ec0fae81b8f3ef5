/**
 * Cornerstone3D's rendering core and DICOM image loader, as the viewer uses them. Like
 * cornerstone-tools.ts, only ever loaded with a dynamic `import()` (cornerstone-loader.ts): together
 * they are ~4 MB of JavaScript, kept out of the viewer route's chunk so the page and its
 * server-rendered first image show before they arrive, and split in two so that evaluating them
 * is two shorter tasks rather than one long one. Elsewhere, import only types from the packages.
 */
export { Enums, RenderingEngine, eventTarget, imageLoader, metaData, utilities } from '@cornerstonejs/core';
export { wadors } from '@cornerstonejs/dicom-image-loader';
export { initCore } from './cornerstone-setup';
