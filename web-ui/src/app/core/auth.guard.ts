import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';

/**
 * Pages need a signed-in user when `auth.mode` is oidc: otherwise the guard sends the browser to
 * /signin (which starts the identity provider's login and comes back to the page asked for).
 * With none (and basic, where the browser itself asks) every page is open, as before.
 */
export const authGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  if (auth.mode() !== 'oidc' || auth.signedIn()) {
    return true;
  }
  return inject(Router).createUrlTree(['/signin'], { queryParams: { returnUrl: state.url } });
};

/** `/callback`: start-up has already exchanged the code for tokens; go where the user was going. */
export const callbackGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (auth.mode() !== 'oidc') {
    return router.parseUrl('/search');
  }
  return auth.signedIn() ? router.parseUrl(auth.takeReturnUrl()) : router.parseUrl('/signin');
};
