/// <reference lib="webworker" />
// The DICOM image loader's decode worker, bundled by the Angular build (it does not bundle workers
// that live in node_modules). The file is not in the package's exports, hence the relative path.
import '../../../node_modules/@cornerstonejs/dicom-image-loader/dist/esm/decodeImageFrameWorker.js';
