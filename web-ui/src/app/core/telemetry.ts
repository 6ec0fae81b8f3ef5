import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { ErrorHandler, Injectable, inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { ConfigService } from './config.service';
import { authHeadersFor } from './auth-headers';

/**
 * Client error telemetry without personal data: uncaught script errors and failed HTTP calls are
 * reported to `POST {viewerApi}/client-errors` as {kind, message, route, status?, appVersion,
 * userAgent}. Messages are cut to 300 characters after DICOM-UID-like runs (digits and dots) and
 * anything after a '?' are removed; the route is the path only, UIDs replaced by ':uid'. Sending is
 * fire-and-forget (fetch with keepalive, outside HttpClient so a failing report never reports
 * itself) and rate-limited in the browser.
 */
export const APP_VERSION = '0.0.0';
export const MAX_MESSAGE = 300;
export const MAX_USER_AGENT = 300;

export interface ClientErrorReport {
  kind: 'js' | 'http';
  message: string;
  route: string;
  status?: number;
  appVersion: string;
  userAgent: string;
}

/** Digits-and-dots runs with at least two dots: DICOM UIDs and their like. */
const UID_LIKE = /\d+(?:\.\d+){2,}/g;

/** Removes anything after '?' and UID-like runs, collapses whitespace and cuts to 300 characters. */
export function scrubMessage(text: unknown): string {
  const s = String(text ?? '');
  const q = s.indexOf('?');
  return (q >= 0 ? s.slice(0, q) : s).replace(UID_LIKE, ':uid').replace(/\s+/g, ' ').trim().slice(0, MAX_MESSAGE);
}

/** The path of a URL or route only (no query or fragment), each UID-like segment replaced by ':uid'. */
export function scrubRoute(url: string): string {
  const path = url.split(/[?#]/, 1)[0].replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') || '/';
  const scrubbed = path
    .split('/')
    .map((seg) => (/^[\d.]+$/.test(seg) && seg.includes('.') ? ':uid' : seg.replace(UID_LIKE, ':uid')))
    .join('/');
  return (scrubbed.startsWith('/') ? scrubbed : '/' + scrubbed).slice(0, 200);
}

/** At most `max` reports per `windowMs`, and the same report at most once per window. */
export class RateLimiter {
  private sent: number[] = [];
  private readonly lastByKey = new Map<string, number>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  allow(key: string): boolean {
    const t = this.now();
    this.sent = this.sent.filter((s) => t - s < this.windowMs);
    const last = this.lastByKey.get(key);
    if (last !== undefined && t - last < this.windowMs) return false;
    if (this.sent.length >= this.max) return false;
    this.sent.push(t);
    this.lastByKey.set(key, t);
    if (this.lastByKey.size > 200) this.lastByKey.clear();
    return true;
  }
}

@Injectable({ providedIn: 'root' })
export class TelemetryService {
  private readonly config = inject(ConfigService);
  private readonly limiter = new RateLimiter();
  /** Replaceable in tests. */
  send: (url: string, body: string) => void = (url, body) => {
    try {
      void fetch(url, { method: 'POST', body, keepalive: true, headers: { 'Content-Type': 'application/json', ...authHeadersFor(url) } }).catch(() => undefined);
    } catch {
      /* telemetry never fails the app */
    }
  };

  get endpoint(): string {
    return `${this.config.config.viewerApi}/client-errors`;
  }

  reportJs(error: unknown): void {
    const e = (error as { rejection?: unknown })?.rejection ?? error;
    const message = e instanceof Error ? `${e.name}: ${e.message}` : typeof e === 'string' ? e : safeString(e);
    this.report({ kind: 'js', message: scrubMessage(message) });
  }

  reportHttp(method: string, url: string, status: number, statusText: string): void {
    if (scrubRoute(url) === scrubRoute(this.endpoint)) return;
    this.report({ kind: 'http', message: scrubMessage(`${method} ${scrubRoute(url)} failed: ${status} ${statusText ?? ''}`), status });
  }

  private report(r: { kind: 'js' | 'http'; message: string; status?: number }): void {
    try {
      const route = scrubRoute(typeof location !== 'undefined' ? location.pathname : '/');
      if (!this.limiter.allow(`${r.kind}|${r.status ?? ''}|${r.message}|${route}`)) return;
      const body: ClientErrorReport = {
        kind: r.kind,
        message: r.message || '(no message)',
        route,
        ...(r.status !== undefined ? { status: r.status } : {}),
        appVersion: APP_VERSION,
        userAgent: (typeof navigator !== 'undefined' ? navigator.userAgent : '').slice(0, MAX_USER_AGENT),
      };
      this.send(this.endpoint, JSON.stringify(body));
    } catch {
      /* telemetry never fails the app */
    }
  }
}

function safeString(v: unknown): string {
  try {
    return typeof v === 'object' ? JSON.stringify(v) ?? String(v) : String(v);
  } catch {
    return String(v);
  }
}

/** The default ErrorHandler (console) plus a telemetry report. */
@Injectable()
export class TelemetryErrorHandler extends ErrorHandler {
  private readonly telemetry = inject(TelemetryService);

  override handleError(error: unknown): void {
    super.handleError(error);
    this.telemetry.reportJs(error);
  }
}

/** Reports every failed HTTP call (status 0 included) and passes the error on unchanged. */
export const telemetryInterceptor: HttpInterceptorFn = (req, next) => {
  const telemetry = inject(TelemetryService);
  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse) telemetry.reportHttp(req.method, req.url, error.status, error.statusText);
      return throwError(() => error);
    }),
  );
};
