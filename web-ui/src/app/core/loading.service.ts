import { Injectable, computed, signal } from '@angular/core';

/** Counts HTTP requests in flight so the shell can show a progress bar on every wait. */
@Injectable({ providedIn: 'root' })
export class LoadingService {
  private readonly inFlight = signal(0);
  readonly busy = computed(() => this.inFlight() > 0);

  begin(): void {
    this.inFlight.update((n) => n + 1);
  }

  end(): void {
    this.inFlight.update((n) => Math.max(0, n - 1));
  }
}
