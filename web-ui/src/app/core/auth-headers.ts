/**
 * Which requests carry the user's access token, for code that does not go through Angular's
 * HttpClient (Cornerstone's DICOMweb image loader, fetch-based event streams, thumbnails).
 *
 * The token goes only to our own APIs: a URL whose origin and path prefix match one of the
 * configured API locations (searchApi, downloadsApi, viewerApi, dicomwebRoot, inferenceApi),
 * resolved against the page's base URI. Never to the identity provider, a CDN or anything else.
 *
 * The AuthService registers the source at start-up; until then (and with `auth.mode` none or
 * basic) every function here answers "no headers".
 *
 * For the viewer: `loaderInit({ ..., beforeSend: imageLoaderBeforeSend })` makes the DICOMweb
 * image loader send `Authorization: Bearer …` with each frame request.
 */

export interface AuthHeaderSource {
  /** The current access token, or null when there is none (signed out, or no bearer auth). */
  token(): string | null;
  /** The API locations the token may go to (as written in config.json: paths or absolute URLs). */
  apiBases(): readonly string[];
}

let source: AuthHeaderSource | null = null;

/** Called once by the AuthService; null unregisters (tests). */
export function registerAuthHeaderSource(next: AuthHeaderSource | null): void {
  source = next;
}

function baseUri(): string {
  return typeof document !== 'undefined' ? document.baseURI : 'http://localhost/';
}

/**
 * True when `url` is at or below one of `bases` (same origin, path prefix on a segment boundary).
 * Relative URLs and bases are resolved against `base` (the page's base URI by default).
 */
export function isApiUrl(url: string, bases: readonly string[], base: string = baseUri()): boolean {
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    return false;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return false;
  }
  return bases.some((b) => {
    if (!b) return false;
    let root: URL;
    try {
      root = new URL(b, base);
    } catch {
      return false;
    }
    if (root.origin !== target.origin) return false;
    const prefix = root.pathname.replace(/\/+$/, '');
    const path = target.pathname;
    return prefix === '' || path === prefix || path.startsWith(prefix + '/');
  });
}

/** `{Authorization: 'Bearer …'}` for a request to one of our APIs while signed in with OIDC; `{}` otherwise. */
export function authHeadersFor(url: string): Record<string, string> {
  const token = source?.token();
  if (!source || !token || !isApiUrl(url, source.apiBases())) {
    return {};
  }
  return { Authorization: `Bearer ${token}` };
}

/** The URL a Cornerstone imageId fetches: `wadors:` / `wadouri:` / `dicomweb:` prefixes removed. */
export function imageIdUrl(imageId: string): string {
  return imageId.replace(/^(wadors|wadouri|dicomweb):/i, '');
}

/**
 * For `@cornerstonejs/dicom-image-loader`'s `beforeSend` option: the headers to add to an image
 * request (merged over the loader's defaults, e.g. its Accept header).
 */
export function imageLoaderBeforeSend(_xhr: XMLHttpRequest, imageId: string): Record<string, string> {
  return authHeadersFor(imageIdUrl(imageId));
}
