import { Component, DestroyRef, OnInit, computed, inject, input, signal } from '@angular/core';
import { HttpContext } from '@angular/common/http';
import { DatePipe } from '@angular/common';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatChipsModule } from '@angular/material/chips';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Subscription, filter, switchMap, timer } from 'rxjs';
import { DownloadJob, DownloadsApi, Phase, SeriesProgress, applyEvent, etaOf, isTerminal } from '../api/downloads-api.service';
import { AuthService } from '../core/auth.service';
import { ConfirmService } from '../core/confirm-dialog';
import { formatBytes, formatCount, formatDuration, formatRate, percent } from '../core/format';
import { BACKGROUND, SILENT_ERRORS } from '../core/http.interceptors';
import { NotifyService } from '../core/notify.service';
import { ApiProblem, toProblem } from '../core/problem';
import { JobTransition, seriesLabel, shortId, transitions, withDerivedRates } from './job-tracker';

type LiveMode = 'live' | 'polling' | 'off';

/** A reason as a sentence: trimmed, ending with a full stop. */
export function sentence(text: string | undefined): string {
  const t = (text ?? '').trim();
  if (!t) return 'No reason was given.';
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

@Component({
  selector: 'app-downloads-page',
  imports: [
    DatePipe, RouterLink, MatButtonModule, MatCardModule, MatChipsModule, MatExpansionModule, MatIconModule,
    MatProgressBarModule, MatProgressSpinnerModule, MatTooltipModule,
  ],
  templateUrl: './downloads-page.html',
  styleUrl: './downloads-page.scss',
})
export class DownloadsPage implements OnInit {
  private readonly api = inject(DownloadsApi);
  private readonly notify = inject(NotifyService);
  private readonly confirm = inject(ConfirmService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly auth = inject(AuthService);
  protected readonly adminOnly = 'Cancelling and retrying downloads needs the admin role';

  /** `?job=` — the job just started from the search page, shown first and expanded. */
  readonly job = input<string | undefined>();

  protected readonly jobs = signal<DownloadJob[]>([]);
  protected readonly loading = signal(false);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly live = signal<Record<string, LiveMode>>({});
  protected readonly detailsLoading = signal<ReadonlySet<string>>(new Set());
  protected readonly busy = signal<Record<string, 'cancel' | 'retry' | undefined>>({});

  protected readonly sortedJobs = computed(() => {
    const focus = this.job();
    return [...this.jobs()].sort((a, b) => {
      if (a.id === focus) return -1;
      if (b.id === focus) return 1;
      return (b.createdAt ?? '').localeCompare(a.createdAt ?? '');
    });
  });

  protected readonly fmtBytes = formatBytes;
  protected readonly fmtRate = formatRate;
  protected readonly fmtDuration = formatDuration;
  protected readonly fmtCount = formatCount;
  protected readonly percent = percent;
  protected readonly eta = etaOf;
  protected readonly shortId = shortId;
  protected readonly seriesLabel = seriesLabel;
  protected readonly isTerminal = isTerminal;

  private readonly streams = new Map<string, Subscription>();
  private readonly samples = new Map<string, { bytes: number; t: number; rate?: number }>();

  ngOnInit(): void {
    this.destroyRef.onDestroy(() => this.streams.forEach((s) => s.unsubscribe()));
    this.reload();
  }

  reload(): void {
    this.loading.set(true);
    this.problem.set(null);
    this.api.list(new HttpContext().set(SILENT_ERRORS, true)).subscribe({
      next: (jobs) => {
        this.loading.set(false);
        this.loaded.set(true);
        this.jobs.set(jobs);
        const focus = this.job();
        if (focus && !jobs.some((j) => j.id === focus)) {
          this.api.get(focus, new HttpContext().set(SILENT_ERRORS, true)).subscribe({ next: (j) => this.upsert(j, false), error: () => undefined });
        }
        jobs.forEach((j) => {
          this.follow(j);
          if (isTerminal(j.phase) && this.expandedByDefault(j)) this.loadDetails(j);
        });
      },
      error: (e) => {
        this.loading.set(false);
        this.loaded.set(true);
        this.problem.set(toProblem(e));
      },
    });
  }

  private upsert(job: DownloadJob, announce: boolean): void {
    const before = this.jobs().find((j) => j.id === job.id);
    const next = withDerivedRates(job, this.samples, Date.now());
    this.jobs.update((all) => (all.some((j) => j.id === job.id) ? all.map((j) => (j.id === job.id ? next : j)) : [next, ...all]));
    if (announce) transitions(before, next).forEach((t) => this.announce(t));
    this.follow(next);
  }

  /** Opens the live stream of a job still in progress (once); falls back to polling if the stream dies. */
  private follow(job: DownloadJob): void {
    if (isTerminal(job.phase)) {
      this.stop(job.id, 'off');
      return;
    }
    if (this.streams.has(job.id)) return;
    this.setLive(job.id, 'live');
    const sub = this.api.events(job.id).subscribe({
      next: (event) => {
        const current = this.jobs().find((j) => j.id === job.id);
        if (!current) return;
        const next = applyEvent(current, event.data, event.name);
        if (next !== current) {
          this.upsert(next, true);
          if (isTerminal(next.phase)) this.refreshOne(job.id);
        }
      },
      error: () => this.poll(job.id),
      complete: () => this.refreshOne(job.id),
    });
    this.streams.set(job.id, sub);
  }

  private poll(id: string): void {
    this.streams.get(id)?.unsubscribe();
    this.setLive(id, 'polling');
    const ctx = new HttpContext().set(SILENT_ERRORS, true).set(BACKGROUND, true);
    const sub = timer(0, 3000)
      .pipe(switchMap(() => this.api.get(id, ctx)), filter(Boolean))
      .subscribe({
        next: (job) => {
          const current = this.jobs().find((j) => j.id === id);
          const merged = current ? { ...job, createdAt: job.createdAt ?? current.createdAt } : job;
          if (isTerminal(merged.phase)) {
            this.stop(id, 'off');
          }
          this.upsert(merged, true);
        },
        error: () => this.setLive(id, 'off'),
      });
    this.streams.set(id, sub);
  }

  private stop(id: string, mode: LiveMode): void {
    this.streams.get(id)?.unsubscribe();
    this.streams.delete(id);
    this.setLive(id, mode);
  }

  private refreshOne(id: string): void {
    this.api.get(id, new HttpContext().set(SILENT_ERRORS, true).set(BACKGROUND, true)).subscribe({
      next: (job) => {
        if (isTerminal(job.phase)) this.stop(id, 'off');
        this.upsert(job, true);
      },
      error: () => undefined,
    });
  }

  private setLive(id: string, mode: LiveMode): void {
    this.live.update((m) => ({ ...m, [id]: mode }));
  }

  private announce(t: JobTransition): void {
    const job = `Download ${shortId(t.job.id)}`;
    switch (t.kind) {
      case 'job-completed': {
        const n = Math.max(t.job.series.length, t.job.seriesTotal ?? 0);
        this.notify
          .success(`${job} finished: ${n} series stored and verified (${formatBytes(t.job.bytesDone ?? t.job.totalBytes)}).`, 'Open library', 12000)
          .onAction()
          .subscribe(() => void this.router.navigate(['/library']));
        break;
      }
      case 'series-failed':
        this.notify.error({
          title: `${job}: series ${seriesLabel(t.series!)} failed`,
          detail: `${sentence(t.series!.error)} Nothing of it is shown as stored. Press Retry on the job to download it again.`,
        });
        break;
      case 'job-failed':
        if (!t.job.series.some((s) => s.phase === 'failed')) {
          this.notify.error({
            title: `${job} failed`,
            detail: `${sentence(t.job.error)} Press Retry to try again; if it keeps failing, check that the NBIA service is reachable.`,
          });
        }
        break;
      case 'job-cancelled':
        this.notify.info(`${job} was cancelled. Series stored before the cancel stay in the library.`);
        break;
      default:
        break;
    }
  }

  // --- actions --------------------------------------------------------------------------------
  protected cancel(job: DownloadJob): void {
    if (!this.auth.isAdmin()) return;
    const active = job.series.filter((s) => !isTerminal(s.phase)).length;
    this.confirm
      .ask({
        title: `Cancel download ${shortId(job.id)}?`,
        message: `${active} series not yet finished will be stopped and nothing of them kept. Series already stored stay in the library.`,
        confirmLabel: 'Cancel download',
        cancelLabel: 'Keep downloading',
        danger: true,
      })
      .pipe(filter(Boolean))
      .subscribe(() => this.act(job, 'cancel'));
  }

  protected retry(job: DownloadJob): void {
    if (!this.auth.isAdmin()) return;
    const failed = job.series.filter((s) => s.phase === 'failed' || s.phase === 'cancelled').length;
    this.confirm
      .ask({
        title: `Retry download ${shortId(job.id)}?`,
        message: `${failed || 'The'} failed or cancelled series will be downloaded again from the start. Series already stored are not downloaded twice.`,
        confirmLabel: 'Retry',
        cancelLabel: 'Not now',
      })
      .pipe(filter(Boolean))
      .subscribe(() => this.act(job, 'retry'));
  }

  private act(job: DownloadJob, action: 'cancel' | 'retry'): void {
    this.busy.update((b) => ({ ...b, [job.id]: action }));
    const call = action === 'cancel' ? this.api.cancel(job.id) : this.api.retry(job.id);
    call.subscribe({
      next: (updated) => {
        this.busy.update((b) => ({ ...b, [job.id]: undefined }));
        this.notify.info(action === 'cancel' ? `Cancelling download ${shortId(job.id)}…` : `Download ${shortId(job.id)} restarted.`);
        if (action === 'retry') this.stop(job.id, 'off');
        if (updated) this.upsert(updated, false);
        else this.refreshOne(job.id);
        if (action === 'retry' && updated && isTerminal(updated.phase)) this.refreshOne(job.id);
      },
      error: () => this.busy.update((b) => ({ ...b, [job.id]: undefined })),
    });
  }

  protected canCancel(job: DownloadJob): boolean {
    return !isTerminal(job.phase);
  }

  protected canRetry(job: DownloadJob): boolean {
    return job.phase === 'failed' || job.phase === 'cancelled' || job.series.some((s) => s.phase === 'failed');
  }

  protected phaseLabel(p: { phase: Phase; state: string }): string {
    return p.phase === 'unknown' ? p.state : p.phase;
  }

  protected failedCount(job: DownloadJob): number {
    return job.series.length ? job.series.filter((s) => s.phase === 'failed').length : (job.seriesFailed ?? 0);
  }

  protected doneCount(job: DownloadJob): number {
    return job.series.length ? job.series.filter((s) => s.phase === 'completed').length : (job.seriesComplete ?? 0);
  }

  protected seriesCount(job: DownloadJob): number {
    return Math.max(job.series.length, job.seriesTotal ?? 0);
  }

  /** A job listed without its series gets them when its panel opens. */
  protected loadDetails(job: DownloadJob): void {
    // a job still in progress gets its series from the live stream
    if (job.series.length > 0 || !isTerminal(job.phase) || this.detailsLoading().has(job.id)) return;
    this.detailsLoading.update((s) => new Set(s).add(job.id));
    this.api.get(job.id, new HttpContext().set(SILENT_ERRORS, true)).subscribe({
      next: (full) => {
        this.detailsLoading.update((s) => { const n = new Set(s); n.delete(job.id); return n; });
        this.upsert(full, false);
      },
      error: (e) => {
        this.detailsLoading.update((s) => { const n = new Set(s); n.delete(job.id); return n; });
        this.notify.error(toProblem(e));
      },
    });
  }

  protected expandedByDefault(job: DownloadJob): boolean {
    return job.id === this.job() || !isTerminal(job.phase) || this.failedCount(job) > 0;
  }

  protected trackSeries(_: number, s: SeriesProgress): string {
    return s.seriesInstanceUid;
  }
}
