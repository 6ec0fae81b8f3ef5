import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { OidcSecurityService } from 'angular-auth-oidc-client';
import { BehaviorSubject, firstValueFrom, of } from 'rxjs';
import { authGuard, callbackGuard } from './auth.guard';
import {
  AuthService, ConfigJsonStsLoader, DOWNLOAD_NEEDS_ADMIN, oidcConfigProblem, oidcLibraryConfig, safeReturnUrl, toMe,
} from './auth.service';
import { AuthConfig, ConfigService, DEFAULT_AUTH } from './config.service';

const OIDC: AuthConfig = { mode: 'oidc', issuer: 'https://sso.example.org/realms/medcloud', clientId: 'medcloud-web', scope: 'openid profile email' };

describe('AuthService', () => {
  afterEach(() => {
    sessionStorage.removeItem('medcloud.auth.returnUrl');
    TestBed.resetTestingModule();
  });

  it('reads /me tolerantly', () => {
    expect(toMe({ user: 'vera', roles: ['viewer', 7, ''], authMode: 'oidc' })).toEqual({ user: 'vera', roles: ['viewer'], authMode: 'oidc' });
    expect(toMe({ user: 'adam' })).toEqual({ user: 'adam', roles: [], authMode: undefined });
    expect(toMe({ roles: ['admin'] })).toBeNull();
    expect(toMe('vera')).toBeNull();
  });

  it('only returns to paths inside the app after sign-in', () => {
    expect(safeReturnUrl('/viewer/1.2.3?x=1')).toBe('/viewer/1.2.3?x=1');
    expect(safeReturnUrl('https://evil.example.com/')).toBe('/search');
    expect(safeReturnUrl('//evil.example.com/')).toBe('/search');
    expect(safeReturnUrl('/\\evil.example.com')).toBe('/search');
    expect(safeReturnUrl('/signin?returnUrl=/x')).toBe('/search');
    expect(safeReturnUrl('/callback')).toBe('/search');
    expect(safeReturnUrl(null)).toBe('/search');
  });

  it('says what an oidc auth section lacks', () => {
    expect(oidcConfigProblem(DEFAULT_AUTH)).toBeNull();
    expect(oidcConfigProblem(OIDC)).toBeNull();
    expect(oidcConfigProblem({ ...OIDC, issuer: '', clientId: '' })).toContain('issuer and clientId');
    expect(oidcConfigProblem({ ...OIDC, issuer: 'sso.example.org' })).toContain('not an http(s) URL');
  });

  it('configures the library for a public client: code flow with PKCE, refresh tokens, no secret', () => {
    const c = oidcLibraryConfig(OIDC, 'https://app.example.org/ui/');
    expect(c).toMatchObject({
      authority: OIDC.issuer,
      clientId: 'medcloud-web',
      scope: 'openid profile email',
      responseType: 'code',
      redirectUrl: 'https://app.example.org/ui/callback',
      postLogoutRedirectUri: 'https://app.example.org/ui/signin?signedOut=1',
      silentRenew: true,
      useRefreshToken: true,
    });
    expect(c.disablePkce).toBeFalsy();
    expect(JSON.stringify(c)).not.toMatch(/secret/i);
  });

  it('hands the library the settings from config.json', async () => {
    TestBed.configureTestingModule({ providers: [ConfigJsonStsLoader] });
    TestBed.inject(ConfigService).set({ auth: OIDC });
    const [c] = await firstValueFrom(TestBed.inject(ConfigJsonStsLoader).loadConfigs());
    expect(c.authority).toBe(OIDC.issuer);
    expect(c.redirectUrl).toBe(new URL('callback', document.baseURI).href);
  });

  describe('role gating and guards', () => {
    let ctrl: HttpTestingController;
    let auth: AuthService;
    let signedIn: boolean;
    const route = {} as ActivatedRouteSnapshot;
    const state = (url: string) => ({ url }) as RouterStateSnapshot;
    const run = <T>(fn: () => T) => TestBed.runInInjectionContext(fn);

    beforeEach(() => {
      signedIn = true;
      TestBed.configureTestingModule({
        providers: [
          provideHttpClient(),
          provideHttpClientTesting(),
          provideRouter([]),
          {
            provide: OidcSecurityService,
            useValue: {
              checkAuth: () => of({ isAuthenticated: signedIn, userData: null, accessToken: signedIn ? 't' : '', idToken: '', configId: 'c' }),
              getAccessToken: () => of(signedIn ? 't' : ''),
              get isAuthenticated$() {
                return new BehaviorSubject({ isAuthenticated: signedIn, allConfigsAuthenticated: [] });
              },
              authorize: () => undefined,
            },
          },
        ],
      });
      ctrl = TestBed.inject(HttpTestingController);
      auth = TestBed.inject(AuthService);
    });

    it('allows everything and opens every page with sign-in off', async () => {
      await auth.init();
      expect(auth.isAdmin()).toBe(true);
      expect(auth.downloadBlocked()).toBeNull();
      expect(run(() => authGuard(route, state('/search')))).toBe(true);
      ctrl.expectNone('/api/viewer/me');
    });

    it('blocks downloads for a viewer and allows them for an admin, from /me', async () => {
      TestBed.inject(ConfigService).set({ auth: OIDC });
      await auth.init();
      expect(auth.downloadBlocked()).toBe(DOWNLOAD_NEEDS_ADMIN); // until /me says otherwise
      ctrl.expectOne('/api/viewer/me').flush({ user: 'vera', roles: ['viewer'], authMode: 'oidc' });
      expect(auth.me()?.user).toBe('vera');
      expect(auth.isAdmin()).toBe(false);
      expect(auth.downloadBlocked()).toBe('Starting downloads needs the admin role');
      auth.loadMe();
      ctrl.expectOne('/api/viewer/me').flush({ user: 'adam', roles: ['viewer', 'admin'], authMode: 'oidc' });
      expect(auth.isAdmin()).toBe(true);
      expect(auth.downloadBlocked()).toBeNull();
      expect(run(() => authGuard(route, state('/library')))).toBe(true);
    });

    it('sends a signed-out user to /signin, and a completed callback back to where they were going', async () => {
      signedIn = false;
      TestBed.inject(ConfigService).set({ auth: OIDC });
      await auth.init();
      ctrl.expectNone('/api/viewer/me');
      const router = TestBed.inject(Router);
      const tree = run(() => authGuard(route, state('/viewer/1.2.3'))) as UrlTree;
      expect(router.serializeUrl(tree)).toBe('/signin?returnUrl=%2Fviewer%2F1.2.3');
      expect(router.serializeUrl(run(() => callbackGuard(route, state('/callback'))) as UrlTree)).toBe('/signin');

      auth.login('/viewer/1.2.3');
      auth.signedIn.set(true);
      expect(router.serializeUrl(run(() => callbackGuard(route, state('/callback'))) as UrlTree)).toBe('/viewer/1.2.3');
      expect(router.serializeUrl(run(() => callbackGuard(route, state('/callback'))) as UrlTree)).toBe('/search'); // read once
    });

    it('does not start a sign-in that cannot work', async () => {
      TestBed.inject(ConfigService).set({ auth: { ...OIDC, issuer: '' } });
      const oidc = TestBed.inject(OidcSecurityService);
      const authorize = vi.spyOn(oidc, 'authorize');
      await auth.init();
      expect(auth.problem()).toContain('issuer');
      auth.login('/search');
      expect(authorize).not.toHaveBeenCalled();
    });
  });
});
