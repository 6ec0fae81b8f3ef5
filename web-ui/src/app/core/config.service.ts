import { Injectable, signal } from '@angular/core';
import { takeEarlyConfig } from './early-fetch';

/** How the UI signs people in; the services' `AUTH_MODE` decides what they accept (docs/security.md). */
export type AuthMode = 'none' | 'oidc' | 'basic';

/**
 * `none`: no sign-in (the local default). `oidc`: authorization code + PKCE against `issuer` as the
 * public client `clientId` (no secret: a browser cannot keep one). `basic`: the browser's own
 * HTTP Basic prompt, answered per request by the services.
 */
export interface AuthConfig {
  mode: AuthMode;
  /** The OIDC issuer URL, e.g. https://sso.example.org/realms/medcloud (oidc only). */
  issuer: string;
  clientId: string;
  scope: string;
}

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
  auth: AuthConfig;
}

/** The keys of AppConfig that hold an API location. */
export type ApiKey = 'searchApi' | 'downloadsApi' | 'viewerApi' | 'dicomwebRoot' | 'inferenceApi';
export const API_KEYS: readonly ApiKey[] = ['searchApi', 'downloadsApi', 'viewerApi', 'dicomwebRoot', 'inferenceApi'];

export const DEFAULT_AUTH: Readonly<AuthConfig> = Object.freeze({ mode: 'none', issuer: '', clientId: '', scope: 'openid profile email' });

export const DEFAULT_CONFIG: Readonly<AppConfig> = Object.freeze({
  searchApi: '/api/search',
  downloadsApi: '/api/downloads',
  viewerApi: '/api/viewer',
  dicomwebRoot: '/dicomweb',
  inferenceApi: '/api/inference',
  auth: DEFAULT_AUTH,
});

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The `auth` object of config.json: an unknown or missing mode means `none`, as before sign-in existed. */
export function mergeAuth(raw: unknown): AuthConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ...DEFAULT_AUTH };
  }
  const o = raw as Record<string, unknown>;
  const mode = text(o['mode'])?.toLowerCase();
  return {
    mode: mode === 'oidc' || mode === 'basic' ? mode : 'none',
    issuer: text(o['issuer'])?.replace(/\/+$/, '') ?? '',
    clientId: text(o['clientId']) ?? '',
    scope: text(o['scope'])?.replace(/\s+/g, ' ') ?? DEFAULT_AUTH.scope,
  };
}

/** Merges a parsed config.json over the defaults: only known keys with non-empty string values count; `auth` via mergeAuth. */
export function mergeConfig(raw: unknown): AppConfig {
  const merged: AppConfig = { ...DEFAULT_CONFIG, auth: { ...DEFAULT_AUTH } };
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const key of API_KEYS) {
      const value = text((raw as Record<string, unknown>)[key]);
      if (value) {
        merged[key] = value.replace(/\/+$/, '');
      }
    }
    merged.auth = mergeAuth((raw as Record<string, unknown>)['auth']);
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

  /**
   * Never fails: a missing or broken config.json leaves the defaults in place. Uses the request
   * src/early-fetch.js started before Angular loaded, when there is one for `url` (unless `fetchFn` is given).
   */
  async load(url = '/config.json', fetchFn?: typeof fetch): Promise<AppConfig> {
    try {
      const early = fetchFn ? null : takeEarlyConfig(url);
      const response = await (early ?? (fetchFn ?? fetch)(url, { cache: 'no-cache', headers: { Accept: 'application/json' } }));
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
