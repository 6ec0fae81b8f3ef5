import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { ConfigService } from './core/config.service';
import { loadingInterceptor, problemInterceptor } from './core/http.interceptors';
import { registerIcons } from './core/icons';
import { routes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withInterceptors([loadingInterceptor, problemInterceptor])),
    provideAppInitializer(() => inject(ConfigService).load()),
    provideAppInitializer(registerIcons),
  ],
};
