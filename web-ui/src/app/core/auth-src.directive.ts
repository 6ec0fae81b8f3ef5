import { HttpClient, HttpContext } from '@angular/common/http';
import { DestroyRef, Directive, ElementRef, effect, inject, input } from '@angular/core';
import { Subscription } from 'rxjs';
import { ConfigService } from './config.service';
import { BACKGROUND, SILENT_ERRORS } from './http.interceptors';

/**
 * `<img [appAuthSrc]="url">`: with OIDC sign-in the image is fetched through HttpClient (so the
 * bearer token goes with it) and shown from an object URL; otherwise it is a plain `src`, loaded
 * lazily by the browser as before. A failed fetch ends in the img's own `error` event.
 */
@Directive({ selector: 'img[appAuthSrc]' })
export class AuthSrcDirective {
  readonly appAuthSrc = input.required<string>();
  private readonly img = inject<ElementRef<HTMLImageElement>>(ElementRef).nativeElement;
  private readonly http = inject(HttpClient);
  private readonly config = inject(ConfigService);
  private objectUrl: string | null = null;
  private sub?: Subscription;

  constructor() {
    effect(() => this.show(this.appAuthSrc()));
    inject(DestroyRef).onDestroy(() => this.release());
  }

  private show(url: string): void {
    this.release();
    if (this.config.config.auth.mode !== 'oidc') {
      this.img.src = url;
      return;
    }
    const context = new HttpContext().set(SILENT_ERRORS, true).set(BACKGROUND, true);
    this.sub = this.http.get(url, { responseType: 'blob', context }).subscribe({
      next: (blob) => {
        this.objectUrl = URL.createObjectURL(blob);
        this.img.src = this.objectUrl;
      },
      error: () => (this.img.src = 'data:,'), // not an image: the img fires `error`
    });
  }

  private release(): void {
    this.sub?.unsubscribe();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
  }
}
