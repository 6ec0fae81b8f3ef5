import { Component, OnInit, inject, input } from '@angular/core';
import { Router } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { AuthService, safeReturnUrl } from './auth.service';

/**
 * `/signin`: where the guard sends someone who is not signed in. Goes straight on to the identity
 * provider, except after signing out or when sign-in failed: then it says so and waits for the button.
 */
@Component({
  selector: 'app-signin-page',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <section class="page signin-page">
      <h1>Sign in to MedCloud</h1>
      @if (auth.problem(); as problem) {
        <div class="inline-error" role="alert" data-testid="auth-problem">
          <mat-icon svgIcon="error" />
          <div>{{ problem }}</div>
        </div>
      } @else if (signedOut()) {
        <p data-testid="signed-out">You have signed out.</p>
      } @else {
        <p>Taking you to the sign-in page…</p>
      }
      @if (auth.mode() === 'oidc') {
        <div>
          <button mat-flat-button type="button" (click)="signIn()" data-testid="sign-in"><mat-icon svgIcon="login" /> Sign in</button>
        </div>
      } @else {
        <p>Sign-in is not used here. <a href="/search">Go to search</a></p>
      }
    </section>
  `,
  styles: `.signin-page { max-width: 640px; } .signin-page .inline-error { margin-bottom: 16px; }`,
})
export class SigninPage implements OnInit {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  readonly returnUrl = input<string>();
  readonly signedOut = input<string>();

  ngOnInit(): void {
    if (this.auth.mode() !== 'oidc') return;
    if (this.auth.signedIn()) {
      void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
      return;
    }
    if (!this.signedOut() && !this.auth.problem()) {
      this.signIn();
    }
  }

  protected signIn(): void {
    this.auth.login(safeReturnUrl(this.returnUrl()));
  }
}
