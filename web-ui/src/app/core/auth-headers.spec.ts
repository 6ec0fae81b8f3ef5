import { authHeadersFor, imageIdUrl, imageLoaderBeforeSend, isApiUrl, registerAuthHeaderSource } from './auth-headers';

describe('auth headers', () => {
  const base = 'https://app.example.org/';
  const bases = ['/api/search', '/api/downloads', '/api/viewer', '/dicomweb', 'https://infer.example.org/api/inference/'];

  afterEach(() => registerAuthHeaderSource(null));

  it('recognises our API locations: same origin and a path prefix on a segment boundary', () => {
    expect(isApiUrl('/api/search/series?x=1', bases, base)).toBe(true);
    expect(isApiUrl('https://app.example.org/dicomweb/studies/1.2/series/3.4/instances/5.6/frames/1', bases, base)).toBe(true);
    expect(isApiUrl('/api/viewer', bases, base)).toBe(true);
    expect(isApiUrl('https://infer.example.org/api/inference/jobs', bases, base)).toBe(true);

    expect(isApiUrl('/api/searchable', bases, base)).toBe(false); // not a segment boundary
    expect(isApiUrl('/config.json', bases, base)).toBe(false);
    expect(isApiUrl('https://evil.example.com/api/search/series', bases, base)).toBe(false);
    expect(isApiUrl('https://sso.example.org/realms/medcloud/protocol/openid-connect/token', bases, base)).toBe(false);
    expect(isApiUrl('https://infer.example.org/other', bases, base)).toBe(false);
    expect(isApiUrl('http://app.example.org/api/search/series', bases, base)).toBe(false); // other scheme, other origin
    expect(isApiUrl('//evil.example.com/api/search', bases, base)).toBe(false);
    expect(isApiUrl('data:,x', bases, base)).toBe(false);
    expect(isApiUrl('/api/search/x', [], base)).toBe(false);
  });

  it('gives a bearer header only for our APIs, and only while a token exists', () => {
    expect(authHeadersFor('/api/search/series')).toEqual({});
    let token: string | null = 'tok-1';
    registerAuthHeaderSource({ token: () => token, apiBases: () => ['/api/search', '/dicomweb'] });
    expect(authHeadersFor('/api/search/series')).toEqual({ Authorization: 'Bearer tok-1' });
    expect(authHeadersFor('https://cdn.example.com/lib.js')).toEqual({});
    token = null;
    expect(authHeadersFor('/api/search/series')).toEqual({});
  });

  it('adds the header to Cornerstone image requests by their imageId', () => {
    registerAuthHeaderSource({ token: () => 'tok-2', apiBases: () => ['/dicomweb'] });
    const id = 'wadors:/dicomweb/studies/1/series/2/instances/3/frames/1';
    expect(imageIdUrl(id)).toBe('/dicomweb/studies/1/series/2/instances/3/frames/1');
    expect(imageLoaderBeforeSend(new XMLHttpRequest(), id)).toEqual({ Authorization: 'Bearer tok-2' });
    expect(imageLoaderBeforeSend(new XMLHttpRequest(), 'wadouri:https://elsewhere.example.com/x.dcm')).toEqual({});
  });
});
