import { FormControl } from '@angular/forms';
import { dicomUidError, dicomUidValidator, isDicomUid } from './dicom-uid';

describe('DICOM UID validation', () => {
  it('accepts digits separated by single dots, up to 64 characters', () => {
    expect(dicomUidError('1.2.840.10008.5.1.4.1.1.2')).toBeNull();
    expect(dicomUidError('1')).toBeNull();
    expect(dicomUidError('1.' + '2'.repeat(62))).toBeNull();
    expect(isDicomUid('1.3.6.1.4.1.14519.5.2.1.6279.6001.100000')).toBe(true);
  });

  it('rejects letters, stray dots and over-long UIDs with a message saying why', () => {
    expect(dicomUidError('1.2.a')).toContain('only digits and dots');
    expect(dicomUidError('1..2')).toContain('two dots');
    expect(dicomUidError('.1.2')).toContain('start or end');
    expect(dicomUidError('1.2.')).toContain('start or end');
    expect(dicomUidError('1.' + '2'.repeat(63))).toContain('at most 64');
    expect(isDicomUid('')).toBe(false);
  });

  it('is a form validator that allows an empty field', () => {
    const control = new FormControl('', { validators: [dicomUidValidator()] });
    expect(control.valid).toBe(true);
    control.setValue('1.2.3');
    expect(control.valid).toBe(true);
    control.setValue('1.2.x');
    expect(control.errors?.['dicomUid']).toContain('only digits and dots');
  });
});
