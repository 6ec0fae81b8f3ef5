import { HttpClient, HttpContext, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { provideRouter } from '@angular/router';
import { OidcSecurityService } from 'angular-auth-oidc-client';
import { BehaviorSubject, Subject, of } from 'rxjs';
import { authInterceptor } from './auth.interceptor';
import { AuthService, SESSION_EXPIRED_MESSAGE } from './auth.service';
import { AuthConfig, ConfigService } from './config.service';
import { SILENT_ERRORS, problemInterceptor } from './http.interceptors';

const OIDC: AuthConfig = { mode: 'oidc', issuer: 'https://sso.example.org/realms/medcloud', clientId: 'medcloud-web', scope: 'openid' };

describe('auth interceptor and 401/403 messages', () => {
  let http: HttpClient;
  let ctrl: HttpTestingController;
  let opened: { text: string; action?: string }[];
  let actions: Subject<void>;
  type AuthState = { isAuthenticated: boolean; allConfigsAuthenticated: [] };
  let authenticated: BehaviorSubject<AuthState>;
  let authorized: number;

  const setup = async (auth: AuthConfig, extra: { inferenceApi?: string } = {}) => {
    TestBed.inject(ConfigService).set({ auth, ...extra });
    await TestBed.inject(AuthService).init();
  };

  beforeEach(() => {
    opened = [];
    actions = new Subject<void>();
    authorized = 0;
    authenticated = new BehaviorSubject<AuthState>({ isAuthenticated: true, allConfigsAuthenticated: [] });
    const oidc: Partial<OidcSecurityService> = {
      checkAuth: () => of({ isAuthenticated: true, userData: null, accessToken: 'tok-123', idToken: 'id', configId: 'c' }),
      getAccessToken: () => of('tok-123'),
      get isAuthenticated$() {
        return authenticated.asObservable();
      },
      authorize: () => void authorized++,
    } as Partial<OidcSecurityService>;
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor, authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: OidcSecurityService, useValue: oidc },
        {
          provide: MatSnackBar,
          useValue: {
            open: (text: string, action?: string) => (
              opened.push({ text, action }), { onAction: () => actions, afterDismissed: () => new Subject<void>() }
            ),
          },
        },
      ],
    });
    http = TestBed.inject(HttpClient);
    ctrl = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    try {
      ctrl.verify();
    } finally {
      TestBed.resetTestingModule();
    }
  });

  const meRequest = () => ctrl.expectOne('/api/viewer/me');

  it('sends the bearer token to every API location in the config, and to nothing else', async () => {
    await setup(OIDC, { inferenceApi: 'https://infer.example.org/api/inference' });
    expect(meRequest().request.headers.get('Authorization')).toBe('Bearer tok-123');

    const ours = [
      '/api/search/series',
      '/api/downloads',
      '/api/viewer/series/1.2.3',
      '/dicomweb/studies/1/series/2/metadata',
      'https://infer.example.org/api/inference/jobs',
      new URL('/api/search/values/collection', document.baseURI).href,
    ];
    const others = [
      'https://sso.example.org/realms/medcloud/protocol/openid-connect/token',
      'https://evil.example.com/api/search/series',
      '/api/inference/jobs', // the inference API lives on its own origin in this config
      '/config.json',
      '/api/searchish',
    ];
    for (const url of [...ours, ...others]) http.get(url).subscribe();
    for (const url of ours) {
      expect(ctrl.expectOne(url).request.headers.get('Authorization'), url).toBe('Bearer tok-123');
    }
    for (const url of others) {
      expect(ctrl.expectOne(url).request.headers.has('Authorization'), url).toBe(false);
    }
  });

  it('sends no token and asks nothing of the OIDC library when sign-in is off (the default)', async () => {
    const oidc = TestBed.inject(OidcSecurityService);
    const getAccessToken = vi.spyOn(oidc, 'getAccessToken');
    await TestBed.inject(AuthService).init();
    http.get('/api/search/series').subscribe();
    expect(ctrl.expectOne('/api/search/series').request.headers.has('Authorization')).toBe(false);
    expect(getAccessToken).not.toHaveBeenCalled();
    expect(TestBed.inject(AuthService).isAdmin()).toBe(true);
  });

  it('does not overwrite an Authorization header a caller set itself', async () => {
    await setup(OIDC);
    meRequest().flush({ user: 'vera', roles: ['viewer'] });
    http.get('/api/search/series', { headers: { Authorization: 'Basic abc' } }).subscribe();
    expect(ctrl.expectOne('/api/search/series').request.headers.get('Authorization')).toBe('Basic abc');
  });

  it('turns a 401 into "session expired" with a Sign in button, once, even for inline-error requests', async () => {
    await setup(OIDC);
    meRequest().flush({ user: 'vera', roles: ['viewer'] });
    http.get('/api/search/series').subscribe({ error: () => undefined });
    http.get('/api/viewer/series', { context: new HttpContext().set(SILENT_ERRORS, true) }).subscribe({ error: () => undefined });
    ctrl.expectOne('/api/search/series').flush({ title: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    ctrl.expectOne('/api/viewer/series').flush('', { status: 401, statusText: 'Unauthorized' });
    expect(opened).toEqual([{ text: SESSION_EXPIRED_MESSAGE, action: 'Sign in' }]);
    expect(SESSION_EXPIRED_MESSAGE).toBe('Your session has expired — sign in again');
    actions.next();
    expect(authorized).toBe(1);
  });

  it('also says so when the library gives up renewing the session', async () => {
    await setup(OIDC);
    meRequest().flush({ user: 'vera', roles: ['viewer'] });
    authenticated.next({ isAuthenticated: false, allConfigsAuthenticated: [] });
    expect(opened).toEqual([{ text: SESSION_EXPIRED_MESSAGE, action: 'Sign in' }]);
    expect(TestBed.inject(AuthService).me()).toBeNull();
  });

  it("shows a 403's problem detail", async () => {
    await setup(OIDC);
    meRequest().flush({ user: 'vera', roles: ['viewer'] });
    http.post('/api/downloads', { seriesInstanceUids: ['1.2'] }).subscribe({ error: () => undefined });
    ctrl.expectOne('/api/downloads').flush(
      { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Starting downloads needs the admin role; you are vera (viewer).' },
      { status: 403, statusText: 'Forbidden', headers: { 'Content-Type': 'application/problem+json' } },
    );
    expect(opened).toEqual([{ text: 'Starting downloads needs the admin role; you are vera (viewer).', action: 'Dismiss' }]);
  });

  it('keeps showing a 401 as an error when sign-in is off', async () => {
    await TestBed.inject(AuthService).init();
    http.get('/api/search/series').subscribe({ error: () => undefined });
    ctrl.expectOne('/api/search/series').flush('', { status: 401, statusText: 'Unauthorized' });
    expect(opened.length).toBe(1);
    expect(opened[0].text).toMatch(/^Sign-in required: /);
  });
});
