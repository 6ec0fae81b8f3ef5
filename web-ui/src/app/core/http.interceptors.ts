import { HttpContextToken, HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, finalize, throwError } from 'rxjs';
import { ConfigService } from './config.service';
import { LoadingService } from './loading.service';
import { NotifyService } from './notify.service';
import { toProblem } from './problem';

/** Set on a request whose caller shows its own error inline: the interceptor then stays quiet. */
export const SILENT_ERRORS = new HttpContextToken<boolean>(() => false);
/** Set on a request that must not drive the global progress bar (background polling). */
export const BACKGROUND = new HttpContextToken<boolean>(() => false);

export const loadingInterceptor: HttpInterceptorFn = (req, next) => {
  if (req.context.get(BACKGROUND)) {
    return next(req);
  }
  const loading = inject(LoadingService);
  loading.begin();
  return next(req).pipe(finalize(() => loading.end()));
};

/**
 * Every failed call that nobody handles inline ends in a snackbar with the problem's title and detail
 * (a 403 with just the service's detail). With sign-in on, a 401 is left to the auth interceptor,
 * which asks the user to sign in again.
 */
export const problemInterceptor: HttpInterceptorFn = (req, next) => {
  const notify = inject(NotifyService);
  const config = inject(ConfigService);
  return next(req).pipe(
    catchError((error: unknown) => {
      const signInOn = config.config.auth.mode !== 'none';
      if (error instanceof HttpErrorResponse && !req.context.get(SILENT_ERRORS) && !(signInOn && error.status === 401)) {
        notify.error(toProblem(error));
      }
      return throwError(() => error);
    }),
  );
};
