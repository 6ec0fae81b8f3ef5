import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { App } from './app/app';

// A deep link to the viewer: its route chunk (and what it imports) loads while the app starts up,
// not after config.json and the router (the route's loadComponent then gets the same module).
const appPath = location.pathname.slice(new URL(document.baseURI).pathname.length);
if (/^viewer\//.test(appPath)) {
  import('./app/viewer/viewer-page').catch(() => undefined); // the router loads it (and reports) itself
}

bootstrapApplication(App, appConfig)
  .catch((err) => console.error(err));
