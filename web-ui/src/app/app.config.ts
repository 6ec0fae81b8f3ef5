import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, ErrorHandler, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { ConfigService } from './core/config.service';
import { loadingInterceptor, problemInterceptor } from './core/http.interceptors';
import { registerIcons } from './core/icons';
import { TelemetryErrorHandler, telemetryInterceptor } from './core/telemetry';
import { routes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    { provide: ErrorHandler, useClass: TelemetryErrorHandler },
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withInterceptors([telemetryInterceptor, loadingInterceptor, problemInterceptor])),
    provideAppInitializer(() => inject(ConfigService).load()),
    provideAppInitializer(registerIcons),
  ],
};
