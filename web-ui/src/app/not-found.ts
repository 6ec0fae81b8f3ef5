import { Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';

@Component({
  selector: 'app-not-found',
  imports: [RouterLink, MatButtonModule],
  template: `
    <section class="page">
      <h1>Page not found</h1>
      <p>There is nothing at this address. Start from the search page.</p>
      <a mat-flat-button routerLink="/search">Go to search</a>
    </section>
  `,
})
export class NotFoundPage {}
