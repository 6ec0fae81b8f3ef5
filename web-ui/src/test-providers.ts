import { provideAppInitializer } from '@angular/core';
import { registerIcons } from './app/core/icons';

/** Providers every unit test gets: the app's inline SVG icons. */
export default [provideAppInitializer(registerIcons)];
