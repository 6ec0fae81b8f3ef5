import { Routes } from '@angular/router';
import { authGuard, callbackGuard } from './core/auth.guard';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'search' },
  { path: 'search', canActivate: [authGuard], title: 'Search · MedCloud', loadComponent: () => import('./search/search-page').then((m) => m.SearchPage) },
  { path: 'downloads', canActivate: [authGuard], title: 'Downloads · MedCloud', loadComponent: () => import('./downloads/downloads-page').then((m) => m.DownloadsPage) },
  { path: 'library', canActivate: [authGuard], title: 'Library · MedCloud', loadComponent: () => import('./library/library-page').then((m) => m.LibraryPage) },
  { path: 'viewer/:seriesUid', canActivate: [authGuard], title: 'Viewer · MedCloud', loadComponent: () => import('./viewer/viewer-page').then((m) => m.ViewerPage) },
  { path: 'signin', title: 'Sign in · MedCloud', loadComponent: () => import('./core/signin-page').then((m) => m.SigninPage) },
  { path: 'callback', canActivate: [callbackGuard], children: [] },
  { path: '**', title: 'Not found · MedCloud', loadComponent: () => import('./not-found').then((m) => m.NotFoundPage) },
];
