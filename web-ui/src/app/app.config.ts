import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, ErrorHandler, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { StsConfigLoader, provideAuth } from 'angular-auth-oidc-client';
import { EVENT_STREAM_FACTORY } from './api/downloads-api.service';
import { authHeadersFor } from './core/auth-headers';
import { authInterceptor } from './core/auth.interceptor';
import { AuthService, ConfigJsonStsLoader } from './core/auth.service';
import { ConfigService } from './core/config.service';
import { FetchEventStream } from './core/fetch-event-stream';
import { loadingInterceptor, problemInterceptor } from './core/http.interceptors';
import { registerIcons } from './core/icons';
import { TelemetryErrorHandler, telemetryInterceptor } from './core/telemetry';
import { routes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    { provide: ErrorHandler, useClass: TelemetryErrorHandler },
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withInterceptors([telemetryInterceptor, loadingInterceptor, problemInterceptor, authInterceptor])),
    // OIDC settings come from config.json at start-up; with auth.mode none the library is never asked to do anything.
    provideAuth({ loader: { provide: StsConfigLoader, useClass: ConfigJsonStsLoader } }),
    {
      // EventSource cannot send a bearer token: with OIDC the download progress stream uses fetch().
      provide: EVENT_STREAM_FACTORY,
      useFactory: () => {
        const config = inject(ConfigService);
        return (url: string) =>
          config.config.auth.mode === 'oidc' ? new FetchEventStream(url, () => authHeadersFor(url)) : new EventSource(url);
      },
    },
    provideAppInitializer(async () => {
      const config = inject(ConfigService);
      const auth = inject(AuthService);
      await config.load();
      await auth.init();
    }),
    provideAppInitializer(registerIcons),
  ],
};
