import { Injectable, signal } from '@angular/core';

/**
 * Where the browser finds each API. Read at start-up from `/config.json` (served next to
 * index.html, replaceable at deploy time without a rebuild); anything missing falls back to the
 * same-origin paths of the gateway. Holds no secrets: it is public by nature.
 */
export interface AppConfig {
  searchApi: string;
  downloadsApi: string;
  viewerApi: string;
  dicomwebRoot: string;
  inferenceApi: string;
}

export const DEFAULT_CONFIG: Readonly<AppConfig> = Object.freeze({
  searchApi: '/api/search',
  downloadsApi: '/api/downloads',
  viewerApi: '/api/viewer',
  dicomwebRoot: '/dicomweb',
  inferenceApi: '/api/inference',
});

/** Merges a parsed config.json over the defaults: only known keys with non-empty string values count. */
export function mergeConfig(raw: unknown): AppConfig {
  const merged: AppConfig = { ...DEFAULT_CONFIG };
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const key of Object.keys(DEFAULT_CONFIG) as (keyof AppConfig)[]) {
      const value = (raw as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.trim() !== '') {
        merged[key] = value.trim().replace(/\/+$/, '');
      }
    }
  }
  return merged;
}

@Injectable({ providedIn: 'root' })
export class ConfigService {
  private readonly current = signal<AppConfig>({ ...DEFAULT_CONFIG });
  /** Why config.json was not used, if it was not (shown nowhere by default; useful in tests and logs). */
  readonly loadProblem = signal<string | null>(null);

  get config(): AppConfig {
    return this.current();
  }

  /** Never fails: a missing or broken config.json leaves the defaults in place. */
  async load(url = '/config.json', fetchFn: typeof fetch = (...a) => fetch(...a)): Promise<AppConfig> {
    try {
      const response = await fetchFn(url, { cache: 'no-cache', headers: { Accept: 'application/json' } });
      if (!response.ok) {
        this.loadProblem.set(`config.json answered ${response.status}: using the default API paths`);
      } else {
        this.current.set(mergeConfig(await response.json()));
      }
    } catch (e) {
      this.loadProblem.set(`config.json could not be read (${(e as Error).message}): using the default API paths`);
    }
    if (this.loadProblem()) {
      console.warn(this.loadProblem());
    }
    return this.current();
  }

  /** For tests and embedding. */
  set(config: Partial<AppConfig>): void {
    this.current.set(mergeConfig({ ...this.current(), ...config }));
  }
}
