import { TestBed } from '@angular/core/testing';
import { ConfigService, DEFAULT_AUTH, DEFAULT_CONFIG, mergeAuth, mergeConfig } from './config.service';

describe('ConfigService', () => {
  it('merges known keys over same-origin defaults and ignores the rest', () => {
    expect(mergeConfig(null)).toEqual(DEFAULT_CONFIG);
    expect(mergeConfig({ searchApi: 'https://api.example.org/search/', viewerApi: '', secret: 'x', downloadsApi: 42 })).toEqual({
      ...DEFAULT_CONFIG,
      searchApi: 'https://api.example.org/search',
    });
  });

  it('loads /config.json, and keeps the defaults when it is missing or broken', async () => {
    const service = TestBed.inject(ConfigService);
    const ok = (async () => new Response(JSON.stringify({ dicomwebRoot: '/pacs/dicomweb' }), { status: 200 })) as typeof fetch;
    await service.load('/config.json', ok);
    expect(service.config.dicomwebRoot).toBe('/pacs/dicomweb');
    expect(service.config.searchApi).toBe('/api/search');

    const fresh = new ConfigService();
    await fresh.load('/config.json', (async () => new Response('nope', { status: 404 })) as typeof fetch);
    expect(fresh.config).toEqual(DEFAULT_CONFIG);
    expect(fresh.loadProblem()).toContain('404');

    const broken = new ConfigService();
    await broken.load('/config.json', (async () => new Response('{not json', { status: 200 })) as typeof fetch);
    expect(broken.config).toEqual(DEFAULT_CONFIG);
  });

  it('has no sign-in unless config.json asks for it', () => {
    expect(DEFAULT_CONFIG.auth).toEqual({ mode: 'none', issuer: '', clientId: '', scope: 'openid profile email' });
    expect(mergeConfig({ searchApi: '/s' }).auth).toEqual(DEFAULT_AUTH);
    expect(mergeConfig({ auth: null }).auth).toEqual(DEFAULT_AUTH);
    expect(mergeConfig({ auth: 'oidc' }).auth).toEqual(DEFAULT_AUTH);
    expect(mergeConfig({ auth: [] }).auth).toEqual(DEFAULT_AUTH);
    expect(mergeAuth({ issuer: 'https://sso.example.org/realms/x' }).mode).toBe('none');
    expect(mergeAuth({ mode: 'kerberos' }).mode).toBe('none');
  });

  it('merges the auth section: mode, issuer without a trailing slash, client id and scope', () => {
    const merged = mergeConfig({
      viewerApi: '/v',
      auth: { mode: ' OIDC ', issuer: 'https://sso.example.org/realms/medcloud/', clientId: ' medcloud-web ', scope: 'openid   profile', clientSecret: 'nope' },
    });
    expect(merged.viewerApi).toBe('/v');
    expect(merged.auth).toEqual({ mode: 'oidc', issuer: 'https://sso.example.org/realms/medcloud', clientId: 'medcloud-web', scope: 'openid profile' });
    expect(Object.keys(merged.auth)).not.toContain('clientSecret');
    expect(mergeAuth({ mode: 'basic' })).toEqual({ ...DEFAULT_AUTH, mode: 'basic' });
    expect(mergeAuth({ mode: 'oidc', issuer: 42, clientId: '', scope: ' ' })).toEqual({ ...DEFAULT_AUTH, mode: 'oidc' });
  });

  it('keeps the auth section through set() and load()', async () => {
    const service = new ConfigService();
    service.set({ searchApi: '/other' });
    expect(service.config.auth).toEqual(DEFAULT_AUTH);
    const json = { auth: { mode: 'oidc', issuer: 'https://sso.example.org/realms/m', clientId: 'web' } };
    await service.load('/config.json', (async () => new Response(JSON.stringify(json), { status: 200 })) as typeof fetch);
    expect(service.config.auth.mode).toBe('oidc');
    expect(service.config.auth.scope).toBe('openid profile email');
    service.set({ searchApi: '/again' });
    expect(service.config.auth.issuer).toBe('https://sso.example.org/realms/m');
    expect(DEFAULT_CONFIG.auth.mode).toBe('none'); // the defaults are never changed
  });
});
