import { Component, OnDestroy, OnInit, computed, inject, input, output, signal } from '@angular/core';
import { Subscription } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { MatSliderModule } from '@angular/material/slider';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTooltipModule } from '@angular/material/tooltip';
import { InferenceApi, InferenceJob, InferenceModel, LegendEntry } from '../api/inference-api.service';
import { ApiProblem, toProblem } from '../core/problem';
import { ConfigService } from '../core/config.service';
import { OverlayState } from './overlay-layer';
import { cssColor } from './overlay';

/**
 * Runs a MONAI Label model on the open series (or only the current image) through the
 * inference-gateway, follows the job, shows its JSON result and controls the segmentation overlay
 * (opacity, per-label visibility) that the viewer draws.
 */
@Component({
  selector: 'app-inference-panel',
  imports: [
    MatButtonModule, MatCheckboxModule, MatIconModule, MatProgressSpinnerModule, MatSelectModule, MatSliderModule, MatSlideToggleModule,
    MatTooltipModule,
  ],
  templateUrl: './inference-panel.html',
  styleUrl: './inference-panel.scss',
})
export class InferencePanel implements OnInit, OnDestroy {
  private readonly api = inject(InferenceApi);
  /** A plain link cannot carry a bearer token: the raw-result link only without sign-in (the JSON is shown here anyway). */
  readonly rawLinks = inject(ConfigService).config.auth.mode === 'none';

  readonly seriesUid = input.required<string>();
  /** The instance shown now (for "only the current image" and the per-image pixel counts). */
  readonly currentSop = input<string | undefined>(undefined);
  readonly ready = input(false);

  readonly overlayChange = output<OverlayState>();
  /** Asks the viewer to show an instance (the most labelled one). */
  readonly showInstance = output<string>();

  protected readonly models = signal<InferenceModel[]>([]);
  protected readonly modelsLoading = signal(false);
  protected readonly modelsProblem = signal<ApiProblem | null>(null);
  protected readonly server = signal<string | undefined>(undefined);
  protected readonly model = signal<string | undefined>(undefined);
  protected readonly currentOnly = signal(false);

  protected readonly submitting = signal(false);
  protected readonly job = signal<InferenceJob | null>(null);
  protected readonly jobProblem = signal<ApiProblem | null>(null);
  protected readonly pollProblem = signal<ApiProblem | null>(null);
  protected readonly opacity = signal(0.5);
  protected readonly shown = signal(true);
  protected readonly hidden = signal<ReadonlySet<number>>(new Set());

  protected readonly selectedModel = computed(() => this.models().find((m) => m.name === this.model()));
  protected readonly busy = computed(() => this.submitting() || this.job()?.status === 'queued' || this.job()?.status === 'running');
  protected readonly resultText = computed(() => {
    const r = this.job()?.result;
    return r == null ? '' : JSON.stringify(r, null, 2);
  });
  protected readonly labelledImages = computed(() => this.job()?.overlays.filter((o) => o.labelledPixels > 0).length ?? 0);
  protected readonly currentPixels = computed(() => this.job()?.overlays.find((o) => o.sopInstanceUid === this.currentSop())?.labelledPixels ?? 0);
  protected readonly cssColor = cssColor;

  private poll?: Subscription;

  ngOnInit(): void {
    this.loadModels();
  }

  ngOnDestroy(): void {
    this.poll?.unsubscribe();
  }

  protected loadModels(): void {
    this.modelsLoading.set(true);
    this.modelsProblem.set(null);
    this.api.models().subscribe({
      next: (list) => {
        this.modelsLoading.set(false);
        this.models.set(list.models);
        this.server.set(list.server);
        if (!this.model() || !list.models.some((m) => m.name === this.model())) {
          this.model.set(list.models.find((m) => m.isDefault)?.name ?? list.defaultModel ?? list.models[0]?.name);
        }
      },
      error: (e) => {
        this.modelsLoading.set(false);
        this.modelsProblem.set(toProblem(e));
      },
    });
  }

  protected run(): void {
    if (this.busy()) return;
    this.poll?.unsubscribe();
    this.submitting.set(true);
    this.jobProblem.set(null);
    this.pollProblem.set(null);
    this.job.set(null);
    this.hidden.set(new Set());
    this.emit();
    const sop = this.currentOnly() ? this.currentSop() : undefined;
    this.api.submit({ seriesInstanceUid: this.seriesUid(), sopInstanceUid: sop, model: this.model() }).subscribe({
      next: (job) => {
        this.submitting.set(false);
        this.job.set(job);
        this.follow(job.jobId);
      },
      error: (e) => {
        this.submitting.set(false);
        this.jobProblem.set(toProblem(e));
      },
    });
  }

  /** Polls the job (1 s, backing off to 5 s) until it succeeded or failed. */
  protected follow(jobId: string): void {
    this.poll?.unsubscribe();
    this.pollProblem.set(null);
    let announced = false;
    this.poll = this.api.watch(jobId).subscribe({
      next: (job) => {
        this.job.set(job);
        if (job.status === 'succeeded') {
          this.emit();
          if (!announced && this.currentPixels() === 0) {
            const best = [...job.overlays].sort((a, b) => b.labelledPixels - a.labelledPixels)[0];
            if (best && best.labelledPixels > 0) this.showInstance.emit(best.sopInstanceUid);
          }
          announced = true;
        }
      },
      error: (e) => this.pollProblem.set(toProblem(e)),
    });
  }

  protected setOpacity(v: number): void {
    this.opacity.set(v);
    this.emit();
  }

  protected setShown(v: boolean): void {
    this.shown.set(v);
    this.emit();
  }

  protected toggleLabel(entry: LegendEntry, visible: boolean): void {
    const next = new Set(this.hidden());
    if (visible) next.delete(entry.value);
    else next.add(entry.value);
    this.hidden.set(next);
    this.emit();
  }

  protected showMostLabelled(): void {
    const best = [...(this.job()?.overlays ?? [])].sort((a, b) => b.labelledPixels - a.labelledPixels)[0];
    if (best && best.labelledPixels > 0) this.showInstance.emit(best.sopInstanceUid);
  }

  protected readonly percent = (v: number) => `${Math.round(v * 100)} %`;

  private emit(): void {
    this.overlayChange.emit({ job: this.job(), hidden: this.hidden(), opacity: this.opacity(), shown: this.shown() });
  }
}
