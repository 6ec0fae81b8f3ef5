import { Injectable, signal } from '@angular/core';
import { KeyedSelection } from '../core/selection';
import { SearchFilters, SeriesPage, SeriesRow } from '../api/search-api.service';

/** The search page's state, kept while the user visits other pages. */
@Injectable({ providedIn: 'root' })
export class SearchState {
  readonly filters = signal<SearchFilters>({});
  readonly sort = signal<{ active: string; direction: 'asc' | 'desc' | '' }>({ active: '', direction: '' });
  readonly page = signal(0);
  readonly size = signal(25);
  readonly result = signal<SeriesPage | null>(null);
  /** Series read from an imported manifest; while set, the table shows them instead of search results. */
  readonly manifest = signal<{ name: string; rows: SeriesRow[] } | null>(null);
  readonly selection = new KeyedSelection<SeriesRow>(
    (r) => r.seriesInstanceUid,
    (r) => r.fileSizeBytes,
  );
}

/** The `sort` parameter: `field` ascending, `-field` descending, nothing when unsorted. */
export function sortParam(sort: { active: string; direction: 'asc' | 'desc' | '' }): string | null {
  if (!sort.active || !sort.direction) return null;
  return sort.direction === 'desc' ? `-${sort.active}` : sort.active;
}

export function hasAnyFilter(filters: SearchFilters): boolean {
  return Object.values(filters).some((v) => typeof v === 'string' && v.trim() !== '');
}
