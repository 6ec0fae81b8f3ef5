import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { isApiUrl } from './auth-headers';
import { AuthService } from './auth.service';
import { API_KEYS, ConfigService } from './config.service';

/**
 * Adds `Authorization: Bearer <access token>` to requests for our own APIs (the locations in
 * config.json) while signed in with OIDC, and nothing to any other URL (the identity provider,
 * other origins). A 401 from our APIs means the session is over: the user is asked to sign in again.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const config = inject(ConfigService);
  if (config.config.auth.mode === 'none') {
    return next(req);
  }
  const auth = inject(AuthService);
  const ours = isApiUrl(req.url, API_KEYS.map((k) => config.config[k]));
  let outgoing = req;
  if (ours && !req.headers.has('Authorization')) {
    const token = auth.accessToken();
    if (token) {
      outgoing = req.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
    }
  }
  return next(outgoing).pipe(
    catchError((error: unknown) => {
      if (ours && error instanceof HttpErrorResponse && error.status === 401) {
        auth.sessionExpired();
      }
      return throwError(() => error);
    }),
  );
};
