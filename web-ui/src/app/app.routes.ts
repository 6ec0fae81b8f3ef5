import { Routes } from '@angular/router';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'search' },
  { path: 'search', title: 'Search · MedCloud', loadComponent: () => import('./search/search-page').then((m) => m.SearchPage) },
  { path: 'downloads', title: 'Downloads · MedCloud', loadComponent: () => import('./downloads/downloads-page').then((m) => m.DownloadsPage) },
  { path: 'library', title: 'Library · MedCloud', loadComponent: () => import('./library/library-page').then((m) => m.LibraryPage) },
  { path: 'viewer/:seriesUid', title: 'Viewer · MedCloud', loadComponent: () => import('./viewer/viewer-page').then((m) => m.ViewerPage) },
  { path: '**', title: 'Not found · MedCloud', loadComponent: () => import('./not-found').then((m) => m.NotFoundPage) },
];
