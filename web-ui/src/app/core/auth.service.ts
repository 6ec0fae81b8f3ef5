import { HttpClient, HttpContext } from '@angular/common/http';
import { Injectable, Injector, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { LogLevel, OidcSecurityService, OpenIdConfiguration, StsConfigLoader } from 'angular-auth-oidc-client';
import { Observable, defer, firstValueFrom, of, take } from 'rxjs';
import { API_KEYS, AuthConfig, ConfigService } from './config.service';
import { registerAuthHeaderSource } from './auth-headers';
import { BACKGROUND, SILENT_ERRORS } from './http.interceptors';
import { NotifyService } from './notify.service';

/** What `GET {viewerApi}/me` answers: who the services think the caller is. */
export interface Me {
  user: string;
  roles: string[];
  authMode?: string;
}

export const SESSION_EXPIRED_MESSAGE = 'Your session has expired — sign in again';
export const DOWNLOAD_NEEDS_ADMIN = 'Starting downloads needs the admin role';

/** Where the app returns to after the identity provider's redirect (sessionStorage, this tab only). */
const RETURN_KEY = 'medcloud.auth.returnUrl';

export function toMe(body: unknown): Me | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const o = body as Record<string, unknown>;
  const user = typeof o['user'] === 'string' ? o['user'].trim() : '';
  if (!user) return null;
  const roles = Array.isArray(o['roles']) ? o['roles'].filter((r): r is string => typeof r === 'string' && r.trim() !== '') : [];
  return { user, roles, authMode: typeof o['authMode'] === 'string' ? o['authMode'] : undefined };
}

/** Why an `oidc` auth section cannot work, or null when it can. */
export function oidcConfigProblem(auth: AuthConfig): string | null {
  if (auth.mode !== 'oidc') return null;
  const missing = [!auth.issuer && 'issuer', !auth.clientId && 'clientId'].filter(Boolean);
  if (missing.length) return `Sign-in is not configured: config.json's "auth" needs ${missing.join(' and ')}.`;
  try {
    const url = new URL(auth.issuer);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    return `Sign-in is not configured: the issuer "${auth.issuer}" is not an http(s) URL.`;
  }
  return null;
}

/** A path inside the app to come back to; anything else (other origins, the sign-in pages) means /search. */
export function safeReturnUrl(url: string | null | undefined): string {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return '/search';
  if (/^\/(signin|callback)(\/|\?|#|$)/.test(url)) return '/search';
  return url;
}

/**
 * The library's settings for our public client: code flow with PKCE (the library's default for
 * responseType `code`), refresh tokens for silent renew (no iframe), tokens kept in sessionStorage
 * for this tab. Our own interceptor decides where the token goes, so no `secureRoutes`.
 */
export function oidcLibraryConfig(auth: AuthConfig, baseUri: string): OpenIdConfiguration {
  return {
    authority: auth.issuer,
    clientId: auth.clientId,
    scope: auth.scope,
    responseType: 'code',
    redirectUrl: new URL('callback', baseUri).href,
    postLogoutRedirectUri: new URL('signin?signedOut=1', baseUri).href,
    silentRenew: true,
    useRefreshToken: true,
    renewTimeBeforeTokenExpiresInSeconds: 30,
    ignoreNonceAfterRefresh: true,
    disableRefreshTokenOfflineAccessScopeWarning: true,
    triggerAuthorizationResultEvent: true,
    autoUserInfo: false,
    secureRoutes: [],
    logLevel: LogLevel.Warn,
  };
}

/** Hands the library its settings from config.json (already loaded by the time anything asks). */
@Injectable()
export class ConfigJsonStsLoader extends StsConfigLoader {
  private readonly config = inject(ConfigService);

  override loadConfigs(): Observable<OpenIdConfiguration[]> {
    return defer(() => of([oidcLibraryConfig(this.config.config.auth, document.baseURI)]));
  }
}

/**
 * Who is signed in and what they may do. With `auth.mode` none (the default) nobody signs in and
 * everything is allowed, as before; the services decide for real either way.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly config = inject(ConfigService);
  private readonly injector = inject(Injector);
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly notify = inject(NotifyService);
  private expiredShown = false;
  private signingOut = false;

  readonly mode = computed(() => this.config.config.auth.mode);
  /** oidc: tokens are present and valid; basic: assumed (the browser asks); none: always. */
  readonly signedIn = signal(false);
  readonly me = signal<Me | null>(null);
  /** Why sign-in cannot start or did not complete. */
  readonly problem = signal<string | null>(null);
  readonly roles = computed(() => this.me()?.roles ?? []);
  readonly isAdmin = computed(() => this.mode() === 'none' || this.roles().includes('admin'));
  /** Why the Download action is unavailable to this user, or null when it is available. */
  readonly downloadBlocked = computed(() => (this.isAdmin() ? null : DOWNLOAD_NEEDS_ADMIN));

  /** Runs once at start-up, after config.json: completes a sign-in callback and restores a session. */
  async init(): Promise<void> {
    registerAuthHeaderSource({
      token: () => this.accessToken(),
      apiBases: () => API_KEYS.map((k) => this.config.config[k]),
    });
    const auth = this.config.config.auth;
    if (auth.mode === 'none') {
      this.signedIn.set(true);
      return;
    }
    if (auth.mode === 'basic') {
      this.signedIn.set(true);
      this.loadMe();
      return;
    }
    const problem = oidcConfigProblem(auth);
    if (problem) {
      this.problem.set(problem);
      console.error(problem);
      return;
    }
    const oidc = this.oidc();
    try {
      const result = await firstValueFrom(oidc.checkAuth());
      this.signedIn.set(result.isAuthenticated);
      if (!result.isAuthenticated && result.errorMessage) {
        this.problem.set(`Sign-in did not complete: ${result.errorMessage}`);
      }
    } catch (e) {
      this.problem.set(`Sign-in is unavailable: ${(e as Error)?.message ?? e}`);
    }
    // Later changes: a refresh that failed for good, a sign-out in another part of the app.
    oidc.isAuthenticated$.subscribe(({ isAuthenticated }) => {
      const was = this.signedIn();
      this.signedIn.set(isAuthenticated);
      if (was && !isAuthenticated && !this.signingOut) {
        this.me.set(null);
        this.sessionExpired();
      } else if (!was && isAuthenticated) {
        this.loadMe();
      }
    });
    if (this.signedIn()) {
      this.loadMe();
    }
  }

  /** The current access token (oidc only), read synchronously from the library's store. */
  accessToken(): string | null {
    if (this.mode() !== 'oidc' || !this.signedIn()) return null;
    let token: string | null = null;
    this.oidc()
      .getAccessToken()
      .pipe(take(1))
      .subscribe((t) => (token = t || null));
    return token;
  }

  /** Sends the browser to the identity provider; it comes back to `returnUrl` (the current page by default). */
  login(returnUrl: string = this.router.url): void {
    if (this.mode() === 'basic') {
      location.reload(); // the browser asks for the credentials again
      return;
    }
    if (this.mode() !== 'oidc' || this.problem()?.startsWith('Sign-in is not configured')) return;
    sessionStorage.setItem(RETURN_KEY, safeReturnUrl(returnUrl));
    this.oidc().authorize();
  }

  /** The page to show after a completed callback (read once). */
  takeReturnUrl(): string {
    const url = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    return safeReturnUrl(url);
  }

  /** Ends the session here and at the identity provider, which sends the browser back to /signin. */
  logout(): void {
    if (this.mode() !== 'oidc') return;
    this.signingOut = true;
    const oidc = this.oidc();
    let redirected = false;
    oidc
      .logoff(undefined, {
        urlHandler: (url) => {
          redirected = true;
          location.assign(url);
        },
      })
      .subscribe({
        complete: () => {
          if (!redirected) {
            // no end-session endpoint: forget the tokens here only
            oidc.logoffLocal();
            this.signedIn.set(false);
            this.me.set(null);
            void this.router.navigateByUrl('/signin?signedOut=1');
          }
        },
      });
  }

  /** A call was answered 401: the token expired and could not be renewed (or the password changed). */
  sessionExpired(): void {
    if (this.mode() === 'none' || this.expiredShown || this.signingOut) return;
    this.expiredShown = true;
    const ref = this.notify.prompt(SESSION_EXPIRED_MESSAGE, 'Sign in');
    ref.onAction().subscribe(() => this.login());
    ref.afterDismissed().subscribe(() => (this.expiredShown = false));
  }

  /** Loads who the services think we are (shown in the toolbar; the roles gate actions). */
  loadMe(): void {
    const context = new HttpContext().set(SILENT_ERRORS, true).set(BACKGROUND, true);
    this.http.get<unknown>(`${this.config.config.viewerApi}/me`, { context }).subscribe({
      next: (body) => this.me.set(toMe(body)),
      error: () => this.me.set(null),
    });
  }

  private oidc(): OidcSecurityService {
    return this.injector.get(OidcSecurityService);
  }
}
