import { Component, DestroyRef, OnInit, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { HttpContext } from '@angular/common/http';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Subscription, debounceTime, distinctUntilChanged } from 'rxjs';
import { SeriesListPage, StoredSeries, ViewerApi } from '../api/viewer-api.service';
import { AuthService } from '../core/auth.service';
import { AuthSrcDirective } from '../core/auth-src.directive';
import { formatBytes, formatCount, formatDicomDate } from '../core/format';
import { SILENT_ERRORS } from '../core/http.interceptors';
import { NotifyService } from '../core/notify.service';
import { ApiProblem, toProblem } from '../core/problem';
import { ViewerPrefetch } from '../viewer/prefetch';

@Component({
  selector: 'app-library-page',
  imports: [
    ReactiveFormsModule, RouterLink, MatButtonModule, MatCardModule, MatFormFieldModule, MatIconModule, MatInputModule,
    MatPaginatorModule, MatProgressSpinnerModule, MatTooltipModule, AuthSrcDirective,
  ],
  templateUrl: './library-page.html',
  styleUrl: './library-page.scss',
})
export class LibraryPage implements OnInit {
  private readonly api = inject(ViewerApi);
  private readonly notify = inject(NotifyService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly viewerPrefetch = inject(ViewerPrefetch);
  protected readonly auth = inject(AuthService);

  protected readonly filter = new FormControl('', { nonNullable: true });
  protected readonly page = signal<SeriesListPage | null>(null);
  protected readonly loading = signal(false);
  protected readonly rescanning = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly brokenThumbs = signal<ReadonlySet<string>>(new Set());
  protected readonly offset = signal(0);
  protected readonly limit = signal(24);
  protected readonly fmtCount = formatCount;
  protected readonly fmtBytes = formatBytes;
  protected readonly fmtDate = formatDicomDate;
  private sub?: Subscription;

  ngOnInit(): void {
    this.destroyRef.onDestroy(() => this.sub?.unsubscribe());
    // the viewer (and Cornerstone3D) while the person looks at the library: opening a series is then fast
    this.destroyRef.onDestroy(this.viewerPrefetch.whenIdle());
    this.filter.valueChanges.pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      this.offset.set(0);
      this.load();
    });
    this.load();
  }

  load(): void {
    this.sub?.unsubscribe();
    this.loading.set(true);
    this.problem.set(null);
    this.sub = this.api
      .listSeries({ q: this.filter.value, offset: this.offset(), limit: this.limit() }, new HttpContext().set(SILENT_ERRORS, true))
      .subscribe({
        next: (page) => {
          this.page.set(page);
          this.loading.set(false);
        },
        error: (e) => {
          this.problem.set(toProblem(e));
          this.loading.set(false);
        },
      });
  }

  protected onPage(e: PageEvent): void {
    this.offset.set(e.pageIndex * e.pageSize);
    this.limit.set(e.pageSize);
    this.load();
  }

  /** The pointer or focus is on an "Open" link: the viewer's own chunk is about to be needed. */
  protected prefetchViewer(): void {
    this.viewerPrefetch.route();
  }

  protected thumb(s: StoredSeries): string {
    return this.api.thumbnailUrl(s.seriesInstanceUid);
  }

  protected thumbFailed(uid: string): void {
    this.brokenThumbs.update((set) => new Set(set).add(uid));
  }

  protected rescan(): void {
    if (!this.auth.isAdmin()) return;
    this.rescanning.set(true);
    this.api.rescan().subscribe({
      next: () => {
        this.rescanning.set(false);
        this.notify.info('Storage scanned: the library is up to date.');
        this.load();
      },
      error: () => this.rescanning.set(false),
    });
  }
}
