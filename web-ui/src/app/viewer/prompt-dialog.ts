import { Component, inject } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

export interface PromptData {
  title: string;
  label: string;
  value?: string;
}

/** Asks for one line of text (the Label tool's text); closes with the text, or undefined when cancelled. */
@Component({
  selector: 'app-prompt-dialog',
  imports: [FormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form (ngSubmit)="text.trim() && close(text.trim())">
      <mat-dialog-content>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>{{ data.label }}</mat-label>
          <input matInput name="text" [(ngModel)]="text" maxlength="2000" cdkFocusInitial data-testid="prompt-input" />
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="!text.trim()" data-testid="prompt-ok">OK</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `.wide { width: 360px; max-width: 100%; }`,
})
export class PromptDialog {
  readonly data = inject<PromptData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<PromptDialog, string | undefined>);
  text = this.data.value ?? '';

  close(value: string): void {
    this.ref.close(value);
  }
}
