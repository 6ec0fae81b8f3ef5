import { Component, signal } from '@angular/core';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AuthSrcDirective } from './auth-src.directive';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';
import { ConfigService } from './config.service';

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

@Component({
  imports: [AuthSrcDirective],
  template: `<img [appAuthSrc]="url()" (error)="failed = true" alt="" />`,
})
class Host {
  readonly url = signal('/api/viewer/series/1.2.3/thumbnail');
  failed = false;
}

describe('AuthSrcDirective', () => {
  let ctrl: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()] });
    ctrl = TestBed.inject(HttpTestingController);
  });
  afterEach(() => TestBed.resetTestingModule());

  it('is a plain src with sign-in off', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('img').getAttribute('src')).toBe('/api/viewer/series/1.2.3/thumbnail');
    ctrl.expectNone('/api/viewer/series/1.2.3/thumbnail');
  });

  it('fetches with the bearer token under OIDC and shows the image from an object URL; a failure is the img error', async () => {
    TestBed.inject(ConfigService).set({ auth: { mode: 'oidc', issuer: 'https://sso.example.org/realms/m', clientId: 'web', scope: 'openid' } });
    const auth = TestBed.inject(AuthService);
    auth.signedIn.set(true);
    vi.spyOn(auth, 'accessToken').mockReturnValue('tok');
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const req = ctrl.expectOne('/api/viewer/series/1.2.3/thumbnail');
    expect(req.request.headers.get('Authorization')).toBe('Bearer tok');
    expect(req.request.responseType).toBe('blob');
    const img: HTMLImageElement = fixture.nativeElement.querySelector('img');
    const loaded = new Promise<void>((resolve) => img.addEventListener('load', () => resolve(), { once: true }));
    req.flush(new Blob([Uint8Array.from(atob(PNG_1X1), (c) => c.charCodeAt(0))], { type: 'image/png' }));
    expect(img.src).toMatch(/^blob:/);
    await loaded;
    expect(img.naturalWidth).toBe(1);
    expect(fixture.componentInstance.failed).toBe(false);

    fixture.componentInstance.url.set('/api/viewer/series/9.9/thumbnail');
    await fixture.whenStable();
    ctrl.expectOne('/api/viewer/series/9.9/thumbnail').error(new ProgressEvent('error'), { status: 404, statusText: 'Not Found' });
    await new Promise<void>((resolve) => (img.complete ? resolve() : img.addEventListener('error', () => resolve(), { once: true })));
    expect(img.getAttribute('src')).toBe('data:,');
    expect(fixture.componentInstance.failed).toBe(true);
  });
});
