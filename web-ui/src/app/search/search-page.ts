import { Component, DestroyRef, OnInit, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { HttpContext } from '@angular/common/http';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Subscription, debounceTime, distinctUntilChanged, map } from 'rxjs';
import { FACET_FIELDS, FacetField, FacetValue, SearchApi, SearchFilters, SeriesRow } from '../api/search-api.service';
import { DownloadsApi } from '../api/downloads-api.service';
import { AuthService } from '../core/auth.service';
import { dicomUidValidator } from '../core/dicom-uid';
import { formatBytes, formatCount, formatDicomDate } from '../core/format';
import { SILENT_ERRORS } from '../core/http.interceptors';
import { NotifyService } from '../core/notify.service';
import { ApiProblem, toProblem } from '../core/problem';
import { SearchState, hasAnyFilter, sortParam } from './search-state.service';

/** The result table's data columns, in order (header text, and whether the user may hide it). */
export const RESULT_COLUMNS: ReadonlyArray<{ id: string; label: string; required?: boolean }> = [
  { id: 'patientId', label: 'Patient' },
  { id: 'collection', label: 'Collection' },
  { id: 'modality', label: 'Modality' },
  { id: 'bodyPart', label: 'Body part' },
  { id: 'seriesDescription', label: 'Series', required: true },
  { id: 'seriesInstanceUid', label: 'Series UID' },
  { id: 'studyInstanceUid', label: 'Study UID' },
  { id: 'manufacturer', label: 'Manufacturer' },
  { id: 'manufacturerModelName', label: 'Model' },
  { id: 'seriesDate', label: 'Date' },
  { id: 'imageCount', label: 'Images' },
  { id: 'fileSizeBytes', label: 'Size' },
];
export const HIDDEN_COLUMNS_KEY = 'medcloud.search.hiddenColumns';

/** The columns this browser hid before (unknown and required ones ignored). */
export function readHiddenColumns(): Set<string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(HIDDEN_COLUMNS_KEY) ?? '[]');
    const hideable = new Set(RESULT_COLUMNS.filter((c) => !c.required).map((c) => c.id));
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string' && hideable.has(id)) : []);
  } catch {
    return new Set();
  }
}

interface FacetState {
  values: FacetValue[];
  loading: boolean;
  problem: ApiProblem | null;
}

export const FACET_LABELS: Record<FacetField, string> = {
  collection: 'Collection',
  bodyPart: 'Body part',
  modality: 'Modality',
  manufacturer: 'Manufacturer',
  manufacturerModelName: 'Model',
};

@Component({
  selector: 'app-search-page',
  imports: [
    ReactiveFormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule,
    MatMenuModule, MatPaginatorModule, MatProgressSpinnerModule, MatSelectModule, MatSortModule, MatTableModule, MatTooltipModule,
  ],
  templateUrl: './search-page.html',
  styleUrl: './search-page.scss',
})
export class SearchPage implements OnInit {
  private readonly api = inject(SearchApi);
  private readonly downloads = inject(DownloadsApi);
  private readonly notify = inject(NotifyService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly state = inject(SearchState);
  protected readonly auth = inject(AuthService);
  protected readonly selection = this.state.selection;

  protected readonly facetFields = FACET_FIELDS;
  protected readonly facetLabels = FACET_LABELS;
  /** The data columns in table order; the user can hide any but the series (kept per browser). */
  protected readonly dataColumns = RESULT_COLUMNS;
  protected readonly hiddenColumns = signal<ReadonlySet<string>>(readHiddenColumns());
  protected readonly columns = computed(() => ['select', ...RESULT_COLUMNS.map((c) => c.id).filter((id) => !this.hiddenColumns().has(id))]);
  /** Shows a field's error while it is typed, not only after it lost focus. */
  protected readonly asTyped = { isErrorState: (c: AbstractControl | null) => !!c && c.invalid && (c.dirty || c.touched) };
  protected readonly fmtBytes = formatBytes;
  protected readonly fmtCount = formatCount;
  protected readonly fmtDate = formatDicomDate;

  protected readonly form = new FormGroup({
    collection: new FormControl<string | null>(null),
    bodyPart: new FormControl<string | null>(null),
    modality: new FormControl<string | null>(null),
    manufacturer: new FormControl<string | null>(null),
    manufacturerModelName: new FormControl<string | null>(null),
    patientId: new FormControl<string | null>(null),
    studyInstanceUid: new FormControl<string | null>(null, { validators: [dicomUidValidator()] }),
  });

  protected readonly facets = signal<Record<FacetField, FacetState>>(
    Object.fromEntries(FACET_FIELDS.map((f) => [f, { values: [], loading: false, problem: null }])) as unknown as Record<FacetField, FacetState>,
  );
  protected readonly searching = signal(false);
  protected readonly searchProblem = signal<ApiProblem | null>(null);
  protected readonly starting = signal(false);
  protected readonly exporting = signal(false);
  protected readonly importing = signal(false);
  protected readonly needsFilter = signal(false);

  /** The first value-list failure, shown once above the results unless the search says the same. */
  protected readonly facetProblem = computed<ApiProblem | null>(() => {
    const failed = FACET_FIELDS.map((f) => this.facets()[f].problem).find((p) => !!p) ?? null;
    const search = this.searchProblem();
    return failed && !(search && search.title === failed.title && search.detail === failed.detail) ? failed : null;
  });

  /** The rows on screen: the manifest's when one is imported, else the current result page. */
  protected readonly rows = computed<SeriesRow[]>(() => this.state.manifest()?.rows ?? this.state.result()?.rows ?? []);

  private facetSubs = new Map<FacetField, Subscription>();
  private searchSub?: Subscription;
  private shiftHeld = false;

  ngOnInit(): void {
    this.destroyRef.onDestroy(() => {
      this.facetSubs.forEach((s) => s.unsubscribe());
      this.searchSub?.unsubscribe();
    });
    this.form.setValue({ ...this.emptyFilters(), ...this.state.filters() } as Required<SearchFilters>, { emitEvent: false });
    this.loadFacets();
    if (!this.state.result() && hasAnyFilter(this.state.filters())) {
      this.search();
    }
    this.needsFilter.set(!hasAnyFilter(this.state.filters()));

    this.form.valueChanges
      .pipe(
        debounceTime(350),
        map(() => this.currentFilters()),
        distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((filters) => {
        const facetsChanged = FACET_FIELDS.some((f) => (filters[f] ?? null) !== (this.state.filters()[f] ?? null));
        this.state.filters.set(filters);
        if (facetsChanged) this.loadFacets();
        if (this.form.controls.studyInstanceUid.invalid) return;
        this.state.page.set(0);
        this.search();
      });
  }

  private emptyFilters(): Required<SearchFilters> {
    return { collection: null, bodyPart: null, modality: null, manufacturer: null, manufacturerModelName: null, patientId: null, studyInstanceUid: null };
  }

  /** The form's values, trimmed, without the empty ones. */
  private currentFilters(): SearchFilters {
    const out: SearchFilters = {};
    for (const [key, value] of Object.entries(this.form.getRawValue())) {
      if (typeof value === 'string' && value.trim() !== '') out[key as keyof SearchFilters] = value.trim();
    }
    return out;
  }

  /** Reloads every dropdown's values, each narrowed by the other filters. */
  loadFacets(): void {
    for (const field of FACET_FIELDS) this.loadFacet(field);
  }

  loadFacet(field: FacetField): void {
    this.facetSubs.get(field)?.unsubscribe();
    this.patchFacet(field, { loading: true, problem: null });
    const sub = this.api.values(field, this.state.filters(), new HttpContext().set(SILENT_ERRORS, true)).subscribe({
      next: (values) => this.patchFacet(field, { values, loading: false }),
      error: (e) => this.patchFacet(field, { loading: false, problem: toProblem(e) }),
    });
    this.facetSubs.set(field, sub);
  }

  private patchFacet(field: FacetField, patch: Partial<FacetState>): void {
    this.facets.update((all) => ({ ...all, [field]: { ...all[field], ...patch } }));
  }

  /** Values to offer: the narrowed list, plus the chosen value even when narrowing dropped it. */
  protected options(field: FacetField): FacetValue[] {
    const values = this.facets()[field].values;
    const chosen = this.state.filters()[field];
    return chosen && !values.some((v) => v.value === chosen) ? [{ value: chosen }, ...values] : values;
  }

  search(): void {
    const filters = this.state.filters();
    if (!hasAnyFilter(filters)) {
      this.needsFilter.set(true);
      this.state.result.set(null);
      this.searchProblem.set(null);
      this.searchSub?.unsubscribe();
      this.searching.set(false);
      return;
    }
    this.needsFilter.set(false);
    this.state.manifest.set(null);
    this.searchSub?.unsubscribe();
    this.searching.set(true);
    this.searchProblem.set(null);
    this.searchSub = this.api
      .series(
        { ...filters, sort: sortParam(this.state.sort()), page: this.state.page(), size: this.state.size() },
        new HttpContext().set(SILENT_ERRORS, true),
      )
      .subscribe({
        next: (page) => {
          this.state.result.set(page);
          this.searching.set(false);
        },
        error: (e) => {
          this.searchProblem.set(toProblem(e));
          this.searching.set(false);
        },
      });
  }

  protected clearFilters(): void {
    this.form.reset(this.emptyFilters());
  }

  protected toggleColumn(id: string): void {
    const column = RESULT_COLUMNS.find((c) => c.id === id);
    if (!column || column.required) return;
    const hidden = new Set(this.hiddenColumns());
    if (hidden.has(id)) hidden.delete(id);
    else hidden.add(id);
    this.hiddenColumns.set(hidden);
    try {
      localStorage.setItem(HIDDEN_COLUMNS_KEY, JSON.stringify([...hidden]));
    } catch {
      // private mode or storage full: the choice lasts for this page only
    }
  }

  protected onSort(sort: Sort): void {
    this.state.sort.set({ active: sort.active, direction: sort.direction });
    this.state.page.set(0);
    this.search();
  }

  protected onPage(event: PageEvent): void {
    this.state.page.set(event.pageIndex);
    this.state.size.set(event.pageSize);
    this.search();
  }

  // --- selection ------------------------------------------------------------------------------
  protected notePointer(event: PointerEvent | KeyboardEvent): void {
    this.shiftHeld = event.shiftKey;
  }

  protected onCheck(row: SeriesRow): void {
    this.selection.click(row, this.rows(), this.shiftHeld);
    this.shiftHeld = false;
  }

  protected onRowClick(row: SeriesRow, event: MouseEvent): void {
    if (event.shiftKey) {
      window.getSelection()?.removeAllRanges();
    }
    this.selection.click(row, this.rows(), event.shiftKey);
  }

  protected toggleAll(): void {
    this.selection.toggleAll(this.rows());
  }

  // --- actions --------------------------------------------------------------------------------
  protected startDownload(): void {
    const uids = this.selection.keys();
    if (uids.length === 0 || this.starting() || this.auth.downloadBlocked()) return;
    this.starting.set(true);
    this.downloads.create(uids).subscribe({
      next: (job) => {
        this.starting.set(false);
        this.notify.success(`Download started: ${uids.length} series (${formatBytes(this.selection.totalBytes())}) are being stored.`);
        this.selection.clear();
        void this.router.navigate(['/downloads'], { queryParams: { job: job.id } });
      },
      error: () => this.starting.set(false), // the interceptor shows the problem
    });
  }

  protected exportManifest(): void {
    const uids = this.selection.keys();
    if (uids.length === 0) return;
    this.exporting.set(true);
    this.api.manifest(uids).subscribe({
      next: (text) => {
        this.exporting.set(false);
        const blob = new Blob([text], { type: 'text/plain' });
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = `medcloud-${uids.length}-series.tcia`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
        this.notify.info(`Manifest for ${uids.length} series saved as ${a.download}.`);
      },
      error: () => this.exporting.set(false),
    });
  }

  protected async importManifest(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.importing.set(true);
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      this.importing.set(false);
      this.notify.error({ title: 'Cannot read the file', detail: `${file.name}: ${(e as Error).message}` });
      return;
    }
    this.api.parseManifest(text).subscribe({
      next: (parsed) => {
        this.importing.set(false);
        const unknown = parsed.notFound.length
          ? ` ${parsed.notFound.length} series it names are not known to TCIA and were left out (${parsed.notFound.slice(0, 3).join(', ')}${parsed.notFound.length > 3 ? ', …' : ''}).`
          : '';
        if (parsed.rows.length === 0) {
          this.notify.error({
            title: 'Nothing to select',
            detail: `${file.name} names no series that TCIA knows.${unknown} Choose a .tcia manifest exported from TCIA or this application.`,
          });
          return;
        }
        this.state.manifest.set({ name: file.name, rows: parsed.rows });
        this.selection.setMany(parsed.rows, true);
        if (unknown) this.notify.error({ title: `${parsed.rows.length} series from ${file.name} selected`, detail: unknown.trim() });
        else this.notify.info(`${parsed.rows.length} series from ${file.name} selected.`);
      },
      error: () => this.importing.set(false),
    });
  }

  protected leaveManifest(): void {
    this.state.manifest.set(null);
    if (!this.state.result()) this.search();
  }
}
