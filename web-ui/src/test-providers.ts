import { provideAppInitializer } from '@angular/core';
import { registerIcons } from './app/core/icons';
import { VIEWER_PRELOAD } from './app/viewer/prefetch';

/**
 * Providers every unit test gets: the app's inline SVG icons; pages that prefetch the viewer do
 * not load Cornerstone3D behind the tests' backs.
 */
export default [provideAppInitializer(registerIcons), { provide: VIEWER_PRELOAD, useValue: { route: () => Promise.resolve(), cornerstone: () => Promise.resolve() } }];
