/**
 * The requests src/early-fetch.js starts before Angular loads (config.json; on a deep link to the
 * viewer with auth.mode none also the series detail and the preview of its first image), handed
 * over once each. Anything that does not match exactly what the app would request, or did not
 * succeed, yields null: the app then asks itself, so errors are handled and reported as before.
 */
export interface EarlyRequests {
  config?: { url: string; response: Promise<Response> };
  /** The detail's body, or null when the request did not succeed. */
  series?: { uid: string; response: Promise<{ url: string; body: unknown } | null>; done?: { url: string; body: unknown } };
  /** Set (before `series` resolves) when the detail names a first image; `done` once it has arrived. */
  preview?: { url: string; blob: Promise<Blob | null>; done?: Blob };
}

type EarlyWindow = { __medcloudEarly?: EarlyRequests };

function early(): EarlyRequests | undefined {
  return typeof window !== 'undefined' ? (window as unknown as EarlyWindow).__medcloudEarly : undefined;
}

function absolute(url: string): string {
  return new URL(url, typeof document !== 'undefined' ? document.baseURI : 'http://localhost/').href;
}

/** The early config.json response for `url` (taken once), or null. */
export function takeEarlyConfig(url: string): Promise<Response> | null {
  const e = early();
  const c = e?.config;
  if (!e || !c || c.url !== absolute(url)) return null;
  delete e.config;
  return c.response;
}

/**
 * The body of the early series detail request for `uid` at `url` (taken once), or null when there
 * is none, it is for another series or location, or it did not succeed.
 */
export async function takeEarlySeries(uid: string, url: string): Promise<unknown | null> {
  const e = early();
  const pending = e?.series;
  if (!e || !pending || pending.uid !== uid) return null;
  delete e.series;
  try {
    const got = await pending.response;
    return got && absolute(got.url) === absolute(url) ? got.body : null;
  } catch {
    return null;
  }
}

/**
 * The early series detail body when it has already arrived (taken once; synchronous, so that the
 * viewer can show the preview in its first rendering), else undefined (see takeEarlySeries).
 */
export function takeEarlySeriesNow(uid: string, url: string): unknown | undefined {
  const e = early();
  const done = e?.series?.uid === uid ? e.series.done : undefined;
  if (!e || !done || absolute(done.url) !== absolute(url)) return undefined;
  delete e.series;
  return done.body;
}

/**
 * The early preview (a PNG) when it was requested at exactly `url` (taken once): the image when it
 * has already arrived (`now`), and a promise of it, or of null when it did not succeed; null when
 * there is none for `url`.
 */
export function takeEarlyPreview(url: string): { now?: Blob; later: Promise<Blob | null> } | null {
  const e = early();
  const p = e?.preview;
  if (!e || !p || absolute(p.url) !== absolute(url)) return null;
  delete e.preview;
  return { now: p.done, later: p.blob.catch(() => null) };
}
