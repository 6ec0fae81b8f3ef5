import { TestBed } from '@angular/core/testing';
import { ConfigService, DEFAULT_CONFIG, mergeConfig } from './config.service';

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
});
