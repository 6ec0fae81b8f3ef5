import { AfterViewInit, Component, ElementRef, OnDestroy, OnInit, computed, inject, input, signal, viewChild } from '@angular/core';
import { HttpClient, HttpContext } from '@angular/common/http';
import { RouterLink } from '@angular/router';
import { Observable, firstValueFrom, from, of, switchMap } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSliderModule } from '@angular/material/slider';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { Types } from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import { InferenceApi } from '../api/inference-api.service';
import { SeriesDetail, ViewerApi } from '../api/viewer-api.service';
import { ConfigService } from '../core/config.service';
import { ConfirmService } from '../core/confirm-dialog';
import { dicomUidError } from '../core/dicom-uid';
import { takeEarlyPreview } from '../core/early-fetch';
import { SILENT_ERRORS } from '../core/http.interceptors';
import { NotifyService } from '../core/notify.service';
import { ApiProblem, toProblem } from '../core/problem';
import { AnnotationItem, CsAnnotation, ImageSpace, Point2, Point3, TOOL_NAMES, readDocument, toHydration, toItem } from './annotation-mapping';
import { CORNERSTONE_LOADER, Cornerstone, CornerstoneCore } from './cornerstone-loader';
import { InferencePanel } from './inference-panel';
import { OverlayLayer, OverlayState } from './overlay-layer';
import { PreviewRequest, expectedImageCount, nonSquareAspect, previewRequest, renderedUrl } from './preview';
import { PromptDialog } from './prompt-dialog';
import { FrameRef, WINDOW_PRESETS, WindowPreset, buildStack } from './stack';
import { UndoHistory } from './undo-history';
import { plural } from '../core/format';

type PrimaryTool = 'WindowLevel' | 'Pan' | 'Zoom' | 'Select' | 'RectangleROI' | 'EllipticalROI' | 'PlanarFreehandROI' | 'Label';

/** Quiet time after the last annotation event before the change becomes one undo step. */
const RECORD_DELAY_MS = 200;
/** Performance mark set when Cornerstone first renders an image: the viewer is interactive. */
export const FIRST_IMAGE_MARK = 'viewer:first-image';
/** Performance mark set when the server-rendered first image (the preview) is on screen. */
export const PREVIEW_MARK = 'viewer:preview-image';
/** Longest that Cornerstone's loading (when not prefetched) and set-up wait for the preview to be on screen. */
export const PREVIEW_HEAD_START_MS = 1000;
export const CINE_FPS_MIN = 5;
export const CINE_FPS_MAX = 30;

/** Is the key event aimed at a text field (where letters and Ctrl+Z belong to the field)? */
function inFormField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .cdk-overlay-container');
}

let instanceCounter = 0;

/**
 * Starts loading the first image into Cornerstone's cache with the options its stack viewport uses
 * (StackViewport.getLoaderImageOptions), so that setStack finds it loading or loaded.
 */
function warmFirstImage(cs: CornerstoneCore, imageId: string): void {
  const { transferSyntaxUID } = (cs.metaData.get(cs.Enums.MetadataModules.TRANSFER_SYNTAX, imageId) ?? {}) as { transferSyntaxUID?: string };
  const options = { useRGBA: false, transferSyntaxUID, priority: 5, requestType: cs.Enums.RequestType.Interaction, additionalDetails: { imageId, imageIdIndex: 0 } };
  cs.imageLoader.loadAndCacheImage(imageId, options).catch(() => undefined); // a failure is reported when the viewport loads it
}

@Component({
  selector: 'app-viewer-page',
  imports: [
    RouterLink, MatButtonModule, MatButtonToggleModule, MatIconModule, MatMenuModule, MatProgressSpinnerModule, MatSliderModule, MatTooltipModule,
    InferencePanel,
  ],
  templateUrl: './viewer-page.html',
  styleUrl: './viewer-page.scss',
  host: { '(document:keydown)': 'onKey($event)' },
})
export class ViewerPage implements OnInit, AfterViewInit, OnDestroy {
  private readonly api = inject(ViewerApi);
  private readonly http = inject(HttpClient);
  private readonly notify = inject(NotifyService);
  private readonly confirm = inject(ConfirmService);
  private readonly dialog = inject(MatDialog);
  private readonly inferenceApi = inject(InferenceApi);
  private readonly config = inject(ConfigService);
  private readonly cornerstoneLoader = inject(CORNERSTONE_LOADER);

  readonly seriesUid = input.required<string>();
  private readonly viewportEl = viewChild.required<ElementRef<HTMLDivElement>>('viewport');

  protected readonly tools: { id: PrimaryTool; label: string; hint: string; key: string }[] = [
    { id: 'WindowLevel', label: 'W/L', key: 'W', hint: 'Drag to change window (left/right) and level (up/down)' },
    { id: 'Pan', label: 'Pan', key: 'P', hint: 'Drag to move the image (also the middle button)' },
    { id: 'Zoom', label: 'Zoom', key: 'Z', hint: 'Drag up/down to zoom (also the right button)' },
    { id: 'Select', label: 'Select', key: 'S', hint: 'Click an annotation to select it; drag it or its handles to move or resize; Delete removes it' },
    { id: 'RectangleROI', label: 'Rectangle', key: 'R', hint: 'Drag to draw a rectangle' },
    { id: 'EllipticalROI', label: 'Ellipse', key: 'E', hint: 'Drag to draw an ellipse' },
    { id: 'PlanarFreehandROI', label: 'Freehand', key: 'F', hint: 'Drag to draw a closed outline' },
    { id: 'Label', label: 'Label', key: 'T', hint: 'Click to place a text label' },
  ];
  protected readonly shortcutsHelp = [
    ...this.tools.map((t) => `${t.key}  ${t.label}`),
    'Ctrl+Z  Undo',
    'Ctrl+Shift+Z / Ctrl+Y  Redo',
    'Delete  Remove the selected annotation',
    'Esc  Deselect',
    '↑ ← / ↓ →  Previous / next image',
    'PageUp / PageDown  10 images back / on',
    'Home / End  First / last image',
    'Space  Play / pause cine',
  ].join('\n');
  protected readonly cineFpsMin = CINE_FPS_MIN;
  protected readonly cineFpsMax = CINE_FPS_MAX;
  protected readonly playing = signal(false);
  protected readonly fps = signal(10);
  protected readonly canUndo = signal(false);
  protected readonly canRedo = signal(false);

  protected readonly detail = signal<SeriesDetail | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly phase = signal<'loading' | 'rendering' | 'ready' | 'failed'>('loading');
  protected readonly index = signal(0);
  protected readonly count = signal(0);
  protected readonly windowLevel = signal<{ width: number; center: number } | null>(null);
  protected readonly zoom = signal(1);
  protected readonly primary = signal<PrimaryTool>('WindowLevel');
  protected readonly annotationCount = signal(0);
  protected readonly selectedCount = signal(0);
  protected readonly dirty = signal(false);
  protected readonly savedVersion = signal<number | null>(null);
  protected readonly saving = signal(false);
  protected readonly loadingAnnotations = signal(false);
  protected readonly imageErrors = signal(0);
  /** SOP Instance UID of the image shown. */
  protected readonly currentSop = computed(() => this.frameSops()[this.index()]);
  private readonly frameSops = signal<string[]>([]);
  protected readonly presets = computed<WindowPreset[]>(() =>
    WINDOW_PRESETS.filter((p) => !p.modalities || p.modalities.includes(this.detail()?.modality ?? '')),
  );
  /**
   * The first image rendered by the viewer service (an object URL), shown until Cornerstone has
   * rendered its own: what it shows is what Cornerstone shows first (see preview.ts).
   */
  protected readonly previewSrc = signal<string | null>(null);
  protected readonly previewShown = signal(false);
  /** Display width / height when the pixels are not square (else the PNG's own aspect is right). */
  protected readonly previewAspect = signal<number | null>(null);
  protected readonly previewSop = signal<string | null>(null);

  private readonly id = `viewer-${++instanceCounter}`;
  private readonly viewportId = `${this.id}-stack`;
  private engine?: InstanceType<Cornerstone['RenderingEngine']>;
  private toolGroup?: ReturnType<Cornerstone['ToolGroupManager']['createToolGroup']>;
  private frames: FrameRef[] = [];
  private byImageId = new Map<string, FrameRef>();
  private createdAt = new Map<string, string>();
  private applyingSaved = false;
  private destroyed = false;
  private readonly cleanup: (() => void)[] = [];
  private overlayLayer?: OverlayLayer;
  private pendingOverlay?: OverlayState;
  private readonly history = new UndoHistory<AnnotationItem[]>([]);
  private recordTimer?: ReturnType<typeof setTimeout>;
  private restoring = false;
  private pointerDown = false;
  private cineTimer?: ReturnType<typeof setInterval>;
  /** Cornerstone3D, once loaded (see cornerstone-loader.ts); everything that uses it runs after. */
  private csModule?: Cornerstone;
  /** Resolved when the preview is on screen, or will not be (none, failed, dropped). */
  private previewSettled!: () => void;
  private readonly previewSettledP = new Promise<void>((resolve) => (this.previewSettled = resolve));

  private get cs(): Cornerstone {
    if (!this.csModule) throw new Error('Cornerstone3D is not loaded yet');
    return this.csModule;
  }

  private get viewport(): Types.IStackViewport | undefined {
    return this.engine?.getViewport(this.viewportId) as Types.IStackViewport | undefined;
  }

  /** Resolved once the view (the viewport element Cornerstone draws into) exists. */
  private viewInitialised!: () => void;
  private readonly viewReady = new Promise<void>((resolve) => (this.viewInitialised = resolve));

  ngOnInit(): void {
    void this.start(); // the requests go out before the page's template is even built
  }

  ngAfterViewInit(): void {
    this.viewInitialised();
  }

  ngOnDestroy(): void {
    this.destroyed = true;
    this.stopCine();
    clearTimeout(this.recordTimer);
    this.cleanup.forEach((fn) => fn());
    this.overlayLayer?.destroy();
    this.removeOwnAnnotations();
    if (this.toolGroup) this.cs.ToolGroupManager.destroyToolGroup(this.id);
    this.engine?.destroy();
    this.dropPreview();
  }

  // --- loading --------------------------------------------------------------------------------
  /**
   * Time to first image: nothing but the series detail stands before the first picture. The
   * detail's first instance is fetched at once as a server-rendered PNG (the preview), in parallel
   * with the metadata. Cornerstone3D (~4 MB in two chunks) is usually prefetched by the library
   * page; otherwise (a deep link) its download and start-up wait until the preview is on screen (or
   * will not be, or PREVIEW_HEAD_START_MS have passed), so as not to compete with it for the network
   * and the main thread; setting up the viewport (a long task) waits for the same, prefetched or
   * not. Cornerstone's first rendered image then replaces the preview, and only from then on are
   * the tools active.
   */
  private async start(): Promise<void> {
    const uid = this.seriesUid();
    const uidProblem = dicomUidError(uid);
    if (uidProblem || !uid) {
      this.fail({ title: 'Not a series UID', detail: `“${uid}” is not a DICOM UID: ${uidProblem ?? 'it is empty'}` });
      return;
    }
    const loader = this.cornerstoneLoader;
    const headStart = Promise.race([this.previewSettledP, new Promise((r) => setTimeout(r, PREVIEW_HEAD_START_MS))]);
    const core = loader.requested() ? loader.core() : headStart.then(() => loader.core());
    const cornerstone = core.then(() => loader.load());
    cornerstone.catch(() => undefined); // handled where awaited
    try {
      const silent = new HttpContext().set(SILENT_ERRORS, true);
      // a deep link: the detail (and the preview) may be here already (src/early-fetch.js), and then
      // the preview is in the page's first rendering (no await before loadPreview)
      const detail =
        this.api.earlySeriesNow(uid) ?? (await this.api.earlySeries(uid)) ?? (await firstValueFrom(this.api.series(uid, silent)));
      if (this.destroyed) return;
      this.detail.set(detail);
      this.count.set(expectedImageCount(detail)); // the slider's row now, not after the preview: its layout must not move
      const preview = previewRequest(detail);
      if (preview) this.loadPreview(preview);
      else this.previewSettled();
      const root = this.api.dicomwebRoot;
      const metadataUrl = `${root}/studies/${encodeURIComponent(detail.studyInstanceUid)}/series/${encodeURIComponent(uid)}/metadata`;
      const metadata = await firstValueFrom(this.http.get<unknown[]>(metadataUrl, { context: silent }));
      const stack = buildStack(detail, metadata, root);
      if (stack.frames.length === 0) {
        this.fail({ title: 'No images', detail: 'This series has no instance with image data to show.' });
        return;
      }
      const first = stack.frames[0];
      if (!preview || first.sopInstanceUid !== preview.sopInstanceUid || first.frame !== preview.frame) {
        this.dropPreview(); // Cornerstone starts elsewhere: a preview of another image would be wrong
      } else {
        this.previewAspect.set(nonSquareAspect(first.columns, first.rows, first.metadata));
      }
      this.frames = stack.frames;
      this.byImageId = new Map(stack.frames.map((f) => [f.imageId, f]));
      this.count.set(stack.frames.length);
      this.frameSops.set(stack.frames.map((f) => f.sopInstanceUid));
      if (this.destroyed) return;

      this.phase.set('rendering');
      const cs = await core; // initialised: the loader's init empties its metadata store, so metadata goes in after
      await headStart; // nothing of Cornerstone's competes with the preview about to be shown
      if (this.destroyed) return;
      for (const f of stack.frames) cs.wadors.metaDataManager.add(f.imageId, f.metadata as never);
      warmFirstImage(cs, first.imageId); // fetched and decoded while the tools load
      this.csModule = await cornerstone;
      await this.viewReady;
      if (this.destroyed) return;
      this.setUpViewport();
      await this.viewport!.setStack(stack.frames.map((f) => f.imageId), 0);
      this.viewport!.render();
      void this.loadAnnotations(false);
    } catch (e) {
      this.dropPreview();
      this.fail(toProblem(e));
    }
  }

  /**
   * Fetches the server-rendered first image (through HttpClient, so it is authorised like any API
   * call), unless src/early-fetch.js already asked for exactly this URL (a deep link, auth.mode none).
   */
  private loadPreview(r: PreviewRequest): void {
    const url = renderedUrl(this.config.config.viewerApi, r);
    this.previewSop.set(r.sopInstanceUid);
    const request = (): Observable<Blob> => this.http.get(url, { responseType: 'blob', context: new HttpContext().set(SILENT_ERRORS, true) });
    const early = this.config.config.auth.mode === 'none' ? takeEarlyPreview(url) : null;
    const image$ = !early ? request() : early.now ? of(early.now) : from(early.later).pipe(switchMap((b) => (b ? [b] : request())));
    const sub = image$.subscribe({
      next: (blob) => {
        // too late (Cornerstone was first, or the preview was dropped): nothing to show
        if (this.destroyed || this.phase() === 'ready' || this.previewSop() !== r.sopInstanceUid) return;
        this.previewSrc.set(URL.createObjectURL(blob));
      },
      error: () => this.dropPreview(), // not worth a message: Cornerstone shows the image a little later
    });
    this.cleanup.push(() => sub.unsubscribe());
  }

  protected onPreviewLoaded(): void {
    if (!this.previewSrc()) return;
    this.previewShown.set(true);
    requestAnimationFrame(() => {
      if (this.previewShown() && !performance.getEntriesByName(PREVIEW_MARK).length) performance.mark(PREVIEW_MARK);
      this.previewSettled();
    });
  }

  protected dropPreview(): void {
    const src = this.previewSrc();
    if (src) URL.revokeObjectURL(src);
    this.previewSrc.set(null);
    this.previewShown.set(false);
    this.previewSop.set(null);
    this.previewSettled();
  }

  private fail(problem: ApiProblem): void {
    this.problem.set(problem);
    this.phase.set('failed');
  }

  private setUpViewport(): void {
    const cs = this.cs;
    const element = this.viewportEl().nativeElement;
    this.engine = new cs.RenderingEngine(this.id);
    this.engine.enableElement({
      viewportId: this.viewportId,
      type: cs.Enums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] as Types.Point3 },
    });

    const group = cs.ToolGroupManager.createToolGroup(this.id)!;
    this.toolGroup = group;
    for (const tool of [cs.WindowLevelTool, cs.PanTool, cs.ZoomTool, cs.StackScrollTool, cs.RectangleROITool, cs.EllipticalROITool, cs.PlanarFreehandROITool]) {
      group.addTool(tool.toolName);
    }
    group.addTool(cs.LabelTool.toolName, {
      getTextCallback: (done: (text?: string) => void) => this.askText('Label', '').then((t) => done(t)),
      changeTextCallback: (data: { data?: { label?: string } }, _e: unknown, done: (text?: string) => void) =>
        this.askText('Edit label', data?.data?.label ?? '').then((t) => done(t ?? data?.data?.label)),
    });
    const { MouseBindings } = cs.ToolEnums;
    group.setToolActive(cs.WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
    group.setToolActive(cs.PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
    group.setToolActive(cs.ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
    group.setToolActive(cs.StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
    for (const name of Object.values(TOOL_NAMES)) group.setToolPassive(name);
    group.addViewport(this.viewportId, this.id);

    const on = (target: EventTarget, type: string, fn: (e: Event) => void) => {
      target.addEventListener(type, fn);
      this.cleanup.push(() => target.removeEventListener(type, fn));
    };
    this.overlayLayer = new OverlayLayer(this.inferenceApi, element, () => this.currentImage(), (sop, e) => {
      const p = toProblem(e);
      this.notify.error({ title: `The overlay of image ${(this.frames.find((f) => f.sopInstanceUid === sop)?.position ?? 0) + 1} could not be shown`, detail: p.detail ?? p.title });
    });
    if (this.pendingOverlay) this.overlayLayer.setState(this.pendingOverlay);
    on(element, cs.Enums.Events.IMAGE_RENDERED, () => {
      if (this.phase() !== 'ready') {
        this.phase.set('ready');
        this.dropPreview(); // Cornerstone's canvas holds the same image now
        // time to first image, read by e2e/TimeToFirstImage.spec.ts (startTime is relative to navigation start)
        if (!performance.getEntriesByName(FIRST_IMAGE_MARK).length) performance.mark(FIRST_IMAGE_MARK);
      }
      this.overlayLayer?.draw();
    });
    on(element, cs.Enums.Events.STACK_NEW_IMAGE, (e) => {
      this.index.set((e as CustomEvent<{ imageIdIndex: number }>).detail.imageIdIndex);
      this.overlayLayer?.draw();
    });
    on(element, cs.Enums.Events.VOI_MODIFIED, (e) => {
      const range = (e as CustomEvent<{ range?: { lower: number; upper: number } }>).detail.range;
      if (range) {
        const wl = cs.utilities.windowLevel.toWindowLevel(range.lower, range.upper);
        this.windowLevel.set({ width: Math.round(wl.windowWidth), center: Math.round(wl.windowCenter) });
      }
    });
    on(element, cs.Enums.Events.CAMERA_MODIFIED, () => {
      this.zoom.set(this.viewport?.getZoom() ?? 1);
      this.overlayLayer?.draw();
    });
    on(cs.eventTarget, cs.Enums.Events.IMAGE_LOAD_FAILED, (e) => this.onImageFailed(e));
    on(cs.eventTarget, cs.Enums.Events.IMAGE_LOAD_ERROR, (e) => this.onImageFailed(e));
    const changed = () => this.onAnnotationsChanged();
    for (const type of [cs.ToolEnums.Events.ANNOTATION_COMPLETED, cs.ToolEnums.Events.ANNOTATION_MODIFIED, cs.ToolEnums.Events.ANNOTATION_REMOVED]) {
      on(cs.eventTarget, type, changed);
    }
    on(cs.eventTarget, cs.ToolEnums.Events.ANNOTATION_SELECTION_CHANGE, () => this.selectedCount.set(this.selectedOwn().length));
    // a drag (move/resize/draw) becomes one undo step when the button is released
    on(element, 'pointerdown', () => (this.pointerDown = true));
    on(window, 'pointerup', () => {
      if (!this.pointerDown) return;
      this.pointerDown = false;
      this.scheduleRecord();
    });
    const resize = new ResizeObserver(() => this.engine?.resize(true, true));
    resize.observe(element);
    this.cleanup.push(() => resize.disconnect());
  }

  // --- inference overlay ----------------------------------------------------------------------
  /** The image shown and its image -> canvas mapping (through the patient-space plane, as Cornerstone renders it). */
  private currentImage(): { sopInstanceUid: string; toCanvas: (p: [number, number]) => [number, number] } | null {
    const vp = this.viewport;
    const imageId = vp?.getCurrentImageId();
    const frame = imageId ? this.byImageId.get(imageId) : undefined;
    if (!vp || !imageId || !frame) return null;
    return {
      sopInstanceUid: frame.sopInstanceUid,
      toCanvas: (p) => {
        const world = this.cs.utilities.imageToWorldCoords(imageId, p as Types.Point2);
        return world ? (vp.worldToCanvas(world) as [number, number]) : [NaN, NaN];
      },
    };
  }

  protected onOverlayChange(state: OverlayState): void {
    this.pendingOverlay = state;
    this.overlayLayer?.setState(state);
  }

  protected showInstance(sop: string): void {
    const frame = this.frames.find((f) => f.sopInstanceUid === sop);
    if (frame) this.goTo(frame.position);
  }

  private onImageFailed(e: Event): void {
    const detail = (e as CustomEvent<{ imageId?: string; error?: unknown }>).detail;
    if (detail?.imageId && !this.byImageId.has(detail.imageId)) return;
    this.imageErrors.update((n) => n + 1);
    if (this.imageErrors() === 1) {
      const ref = detail?.imageId ? this.byImageId.get(detail.imageId) : undefined;
      const why = toProblem(detail?.error ?? 'unknown error');
      this.notify.error({
        title: `Image ${ref ? ref.position + 1 : ''} could not be loaded`,
        detail: `${why.detail ?? why.title}. The other images can still be viewed; reload the page to try again.`,
      });
    }
    if (this.phase() === 'rendering') {
      this.phase.set('ready');
      this.dropPreview(); // the tools work on Cornerstone's canvas, which does not have this image
    }
  }

  private askText(title: string, value: string): Promise<string | undefined> {
    return firstValueFrom(
      this.dialog.open(PromptDialog, { data: { title, label: 'Text', value }, width: '420px' }).afterClosed(),
    ).then((t) => (typeof t === 'string' && t.trim() ? t.trim() : undefined));
  }

  // --- navigation and display -----------------------------------------------------------------
  protected goTo(i: number): void {
    const vp = this.viewport;
    if (!vp || this.count() === 0) return;
    const next = Math.max(0, Math.min(this.count() - 1, Math.round(i)));
    if (next !== vp.getCurrentImageIdIndex()) void vp.setImageIdIndex(next);
  }

  /** The last key event handled: onKey is bound on the viewport and on the document, so one key press reaches it twice. */
  private lastKey?: KeyboardEvent;

  protected onKey(e: KeyboardEvent): void {
    if (e === this.lastKey) return;
    this.lastKey = e;
    // Cornerstone's own listeners on the viewport may mark keys as handled; elsewhere a handled key
    // (an open menu, a dialog) is not ours.
    const onViewport = e.target === this.viewportEl().nativeElement;
    if ((e.defaultPrevented && !onViewport) || inFormField(e.target) || this.phase() !== 'ready') return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && !e.altKey && (key === 'z' || key === 'y')) {
      e.preventDefault();
      if (key === 'y' || e.shiftKey) this.redo();
      else this.undo();
      return;
    }
    if (mod || e.altKey) return;
    const tool = this.tools.find((t) => t.key.toLowerCase() === key);
    if (tool) {
      e.preventDefault();
      this.setPrimary(tool.id);
      return;
    }
    // navigation keys only from the viewport (or nowhere in particular): buttons and sliders keep their own arrow keys
    const target = e.target as HTMLElement | null;
    const free = !target || target === this.viewportEl().nativeElement || target === document.body || target === document.documentElement;
    if (!free && e.key !== 'Delete') return;
    const i = this.index();
    const keys: Record<string, () => void> = {
      ' ': () => this.toggleCine(),
      ArrowUp: () => this.goTo(i - 1),
      ArrowLeft: () => this.goTo(i - 1),
      ArrowDown: () => this.goTo(i + 1),
      ArrowRight: () => this.goTo(i + 1),
      PageUp: () => this.goTo(i - 10),
      PageDown: () => this.goTo(i + 10),
      Home: () => this.goTo(0),
      End: () => this.goTo(this.count() - 1),
      Delete: () => this.deleteSelected(),
      Backspace: () => this.deleteSelected(),
      Escape: () => this.cs.csAnnotation.selection.deselectAnnotation(),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  }

  protected setPrimary(tool: PrimaryTool): void {
    const group = this.toolGroup;
    const previous = this.primary();
    if (!group || previous === tool) {
      this.primary.set(tool);
      return;
    }
    if (previous !== 'Select') group.setToolPassive(previous);
    if (tool !== 'Select') group.setToolActive(tool, { bindings: [{ mouseButton: this.cs.ToolEnums.MouseBindings.Primary }] });
    this.primary.set(tool);
    this.viewportEl().nativeElement.focus();
  }

  protected applyPreset(p: WindowPreset): void {
    const vp = this.viewport;
    if (!vp) return;
    if (p.width == null || p.center == null) {
      vp.resetProperties();
    } else {
      vp.setProperties({ voiRange: this.cs.utilities.windowLevel.toLowHighRange(p.width, p.center) });
    }
    vp.render();
  }

  protected zoomBy(factor: number): void {
    const vp = this.viewport;
    if (!vp) return;
    vp.setZoom(vp.getZoom() * factor);
    vp.render();
  }

  protected resetView(): void {
    const vp = this.viewport;
    if (!vp) return;
    vp.resetCamera();
    vp.resetProperties();
    vp.render();
  }

  // --- cine -----------------------------------------------------------------------------------
  protected toggleCine(): void {
    if (this.playing()) this.stopCine();
    else this.startCine();
  }

  private startCine(): void {
    if (this.count() < 2) return;
    this.playing.set(true);
    this.restartCineTimer();
  }

  private stopCine(): void {
    clearInterval(this.cineTimer);
    this.cineTimer = undefined;
    this.playing.set(false);
  }

  private restartCineTimer(): void {
    clearInterval(this.cineTimer);
    this.cineTimer = setInterval(() => {
      const n = this.count();
      if (n < 2 || !this.viewport) return;
      this.goTo((this.viewport.getCurrentImageIdIndex() + 1) % n);
    }, 1000 / this.fps());
  }

  protected setFps(value: number): void {
    const fps = Math.max(CINE_FPS_MIN, Math.min(CINE_FPS_MAX, Math.round(Number(value) || 10)));
    this.fps.set(fps);
    if (this.playing()) this.restartCineTimer();
  }

  protected readonly fpsLabel = (v: number) => `${v}`;

  // --- undo / redo ----------------------------------------------------------------------------
  /** The own annotations as image-space items, in a stable order (what an undo step restores). */
  private snapshot(): AnnotationItem[] {
    const space = this.space();
    const items: AnnotationItem[] = [];
    for (const a of this.ownAnnotations()) {
      const item = toItem(a as unknown as CsAnnotation, space);
      if (item) items.push(item);
    }
    return items.sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
  }

  private scheduleRecord(): void {
    clearTimeout(this.recordTimer);
    this.recordTimer = setTimeout(() => {
      if (this.pointerDown) this.scheduleRecord(); // still dragging
      else this.flushRecord();
    }, RECORD_DELAY_MS);
  }

  private flushRecord(): void {
    clearTimeout(this.recordTimer);
    this.recordTimer = undefined;
    if (this.destroyed || this.restoring || this.applyingSaved || !this.viewport) return;
    this.history.record(this.snapshot());
    this.syncHistory();
  }

  private syncHistory(): void {
    this.canUndo.set(this.history.canUndo);
    this.canRedo.set(this.history.canRedo);
  }

  protected undo(): void {
    if (this.recordTimer) this.flushRecord();
    const state = this.history.undo();
    if (state) this.restore(state);
    this.syncHistory();
  }

  protected redo(): void {
    if (this.recordTimer) this.flushRecord();
    const state = this.history.redo();
    if (state) this.restore(state);
    this.syncHistory();
  }

  /** Replaces the annotations shown by `items`. */
  private restore(items: AnnotationItem[]): void {
    this.restoring = true;
    try {
      this.cs.csAnnotation.selection.deselectAnnotation();
      this.removeOwnAnnotations();
      for (const item of items) this.hydrate(item);
      this.renderAnnotations();
    } finally {
      this.restoring = false;
    }
    clearTimeout(this.recordTimer);
    this.recordTimer = undefined;
    this.annotationCount.set(this.ownAnnotations().length);
    this.selectedCount.set(this.selectedOwn().length);
    this.dirty.set(true);
  }

  // --- annotations ----------------------------------------------------------------------------
  private ownAnnotations(): ToolTypes.Annotation[] {
    if (!this.csModule) return [];
    return this.cs.csAnnotation.state
      .getAllAnnotations()
      .filter((a) => !!a.metadata?.referencedImageId && this.byImageId.has(a.metadata.referencedImageId));
  }

  private selectedOwn(): string[] {
    if (!this.csModule) return [];
    const own = new Set(this.ownAnnotations().map((a) => a.annotationUID));
    return (this.cs.csAnnotation.selection.getAnnotationsSelected() ?? []).filter((uid) => own.has(uid));
  }

  private onAnnotationsChanged(): void {
    this.annotationCount.set(this.ownAnnotations().length);
    this.selectedCount.set(this.selectedOwn().length);
    if (this.applyingSaved || this.restoring) return;
    this.dirty.set(true);
    this.scheduleRecord();
  }

  private removeOwnAnnotations(): void {
    for (const a of this.ownAnnotations()) {
      if (a.annotationUID) this.cs.csAnnotation.state.removeAnnotation(a.annotationUID);
    }
  }

  private space(): ImageSpace {
    return {
      locate: (imageId) => {
        const f = this.byImageId.get(imageId);
        return f ? { sopInstanceUid: f.sopInstanceUid, frame: f.frame, rows: f.rows, columns: f.columns } : null;
      },
      imageIdOf: (sop, frame) => this.frames.find((f) => f.sopInstanceUid === sop && f.frame === frame)?.imageId ?? null,
      worldToImage: (imageId, p) => this.cs.utilities.worldToImageCoords(imageId, p as Types.Point3) as unknown as Point2,
      imageToWorld: (imageId, p) => this.cs.utilities.imageToWorldCoords(imageId, p as Types.Point2) as unknown as Point3,
    };
  }

  protected deleteSelected(): void {
    const selected = this.selectedOwn();
    for (const uid of selected) this.cs.csAnnotation.state.removeAnnotation(uid);
    if (selected.length) this.renderAnnotations();
  }

  protected clearAll(): void {
    const n = this.ownAnnotations().length;
    if (n === 0) return;
    this.confirm
      .ask({
        title: 'Delete all annotations?',
        message: `The ${n === 1 ? 'annotation' : `${n} annotations`} of this series ${n === 1 ? 'is' : 'are'} removed from the view. Nothing changes on the server until you press Save.`,
        confirmLabel: 'Delete all',
        cancelLabel: 'Keep them',
        danger: true,
      })
      .subscribe((yes) => {
        if (!yes) return;
        this.removeOwnAnnotations();
        this.renderAnnotations();
        this.onAnnotationsChanged();
      });
  }

  protected reloadAnnotations(): void {
    if (!this.dirty()) {
      void this.loadAnnotations(true);
      return;
    }
    this.confirm
      .ask({
        title: 'Discard unsaved changes?',
        message: 'The annotations are loaded again as last saved; changes made since then are lost.',
        confirmLabel: 'Discard and reload',
        cancelLabel: 'Keep editing',
        danger: true,
      })
      .subscribe((yes) => yes && void this.loadAnnotations(true));
  }

  private renderAnnotations(): void {
    if (!this.csModule) return;
    this.cs.toolUtilities.triggerAnnotationRenderForViewportIds([this.viewportId]);
  }

  /** Loads the saved annotations into the view, replacing those shown. */
  private async loadAnnotations(announce: boolean): Promise<void> {
    this.loadingAnnotations.set(true);
    try {
      const body = await firstValueFrom(this.api.annotations(this.seriesUid(), new HttpContext().set(SILENT_ERRORS, true)));
      if (this.destroyed || !this.viewport) return;
      const doc = readDocument(body);
      this.applyingSaved = true;
      this.removeOwnAnnotations();
      this.createdAt.clear();
      let skipped = 0;
      for (const item of doc.items) {
        if (!this.hydrate(item)) skipped++;
        else if (item.id && item.createdAt) this.createdAt.set(item.id, item.createdAt);
      }
      this.renderAnnotations();
      this.savedVersion.set(doc.version);
      this.applyingSaved = false;
      this.onAnnotationsChanged();
      this.dirty.set(false);
      clearTimeout(this.recordTimer);
      this.recordTimer = undefined;
      this.history.reset(this.snapshot());
      this.syncHistory();
      if (skipped) this.notify.error({ title: 'Some annotations were not shown', detail: `${skipped} saved annotations refer to images this series does not have.` });
      else if (announce) this.notify.info(`${plural(doc.items.length, 'annotation')} loaded (version ${doc.version}).`);
    } catch (e) {
      this.applyingSaved = false;
      const p = toProblem(e);
      this.notify.error({ title: `Annotations could not be loaded: ${p.title}`, detail: p.detail });
    } finally {
      this.loadingAnnotations.set(false);
    }
  }

  private hydrate(item: AnnotationItem): boolean {
    const h = toHydration(item, this.space());
    if (!h) return false;
    const options = { annotationUID: h.annotationUID, referencedImageId: h.imageId };
    switch (h.toolName) {
      case this.cs.RectangleROITool.toolName:
        this.cs.RectangleROITool.hydrate(this.viewportId, h.worldPoints as Types.Point3[], options);
        return true;
      case this.cs.EllipticalROITool.toolName:
        this.cs.EllipticalROITool.hydrate(this.viewportId, h.worldPoints as Types.Point3[], options);
        return true;
      case this.cs.LabelTool.toolName:
        this.cs.LabelTool.hydrate(this.viewportId, h.worldPoints[0] as Types.Point3, h.text ?? '', options);
        return true;
      case this.cs.PlanarFreehandROITool.toolName:
        return this.hydrateFreehand(h.imageId, h.imagePolyline!, h.annotationUID);
    }
    return false;
  }

  /** PlanarFreehandROI has no hydrate(): build the annotation and let Cornerstone set its outline. */
  private hydrateFreehand(imageId: string, outline: Point2[], annotationUID?: string): boolean {
    const vp = this.viewport;
    if (!vp) return false;
    const camera = vp.getCamera();
    const ann = {
      annotationUID: annotationUID ?? this.cs.utilities.uuidv4(),
      highlighted: false,
      invalidated: true,
      isLocked: false,
      isVisible: true,
      autoGenerated: false,
      metadata: {
        toolName: this.cs.PlanarFreehandROITool.toolName,
        referencedImageId: imageId,
        FrameOfReferenceUID: vp.getFrameOfReferenceUID(),
        viewPlaneNormal: camera.viewPlaneNormal,
        viewUp: camera.viewUp,
      },
      data: {
        handles: { points: [], activeHandleIndex: null, textBox: { hasMoved: false, worldPosition: [0, 0, 0], worldBoundingBox: undefined } },
        contour: { polyline: [], closed: true },
        label: '',
        cachedStats: {},
      },
    } as unknown as ToolTypes.ContourAnnotation;
    this.cs.toolUtilities.contours.updateContourPolyline(
      ann,
      { points: outline.map((p) => [p[0], p[1]] as Types.Point2), closed: true },
      {
        canvasToWorld: (p: Types.Point2) => this.cs.utilities.imageToWorldCoords(imageId, p) as Types.Point3,
        worldToCanvas: (p: Types.Point3) => this.cs.utilities.worldToImageCoords(imageId, p) as Types.Point2,
      },
    );
    this.cs.csAnnotation.state.addAnnotation(ann, vp.element);
    return true;
  }

  protected save(): void {
    const space = this.space();
    const items: AnnotationItem[] = [];
    let skipped = 0;
    for (const a of this.ownAnnotations()) {
      const item = toItem(a as unknown as CsAnnotation, space, { createdAt: a.annotationUID ? this.createdAt.get(a.annotationUID) : undefined });
      if (item) items.push(item);
      else skipped++;
    }
    const body = { schemaVersion: 1 as const, baseVersion: this.savedVersion() ?? undefined, items };
    this.saving.set(true);
    this.api.saveAnnotations(this.seriesUid(), body).subscribe({
      next: (saved) => {
        this.saving.set(false);
        const doc = readDocument(saved);
        this.savedVersion.set(doc.version);
        for (const item of doc.items) if (item.id && item.createdAt) this.createdAt.set(item.id, item.createdAt);
        this.dirty.set(false);
        this.notify.success(
          `${plural(items.length, 'annotation')} saved (version ${doc.version}).` + (skipped ? ` ${plural(skipped, 'unfinished one')} ${skipped === 1 ? 'was' : 'were'} left out.` : ''),
        );
      },
      error: () => this.saving.set(false), // the interceptor shows the problem (a 409 says to reload)
    });
  }

  protected readonly sliceLabel = (v: number) => `${v + 1}`;

  protected toolHint(): string {
    return this.tools.find((t) => t.id === this.primary())?.hint ?? '';
  }
}
