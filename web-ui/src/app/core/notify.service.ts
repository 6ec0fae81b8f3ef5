import { Injectable, inject } from '@angular/core';
import { MatSnackBar, MatSnackBarRef, TextOnlySnackBar } from '@angular/material/snack-bar';
import { ApiProblem, problemMessage } from './problem';

/** Snackbar messages. Errors stay until dismissed long enough to be read; success goes by itself. */
@Injectable({ providedIn: 'root' })
export class NotifyService {
  private readonly snackBar = inject(MatSnackBar);

  error(problem: ApiProblem | string, action = 'Dismiss'): MatSnackBarRef<TextOnlySnackBar> {
    const text = typeof problem === 'string' ? problem : problemMessage(problem);
    return this.snackBar.open(text, action, {
      duration: 15000,
      panelClass: ['snack-error'],
      politeness: 'assertive',
    });
  }

  success(message: string, action = 'OK', duration = 8000): MatSnackBarRef<TextOnlySnackBar> {
    return this.snackBar.open(message, action, { duration, panelClass: ['snack-success'] });
  }

  /** A message that stays until its action is taken or it is dismissed (e.g. "sign in again"). */
  prompt(message: string, action: string): MatSnackBarRef<TextOnlySnackBar> {
    return this.snackBar.open(message, action, { panelClass: ['snack-error', 'snack-prompt'], politeness: 'assertive' });
  }

  info(message: string, duration = 5000): MatSnackBarRef<TextOnlySnackBar> {
    return this.snackBar.open(message, 'OK', { duration });
  }
}
