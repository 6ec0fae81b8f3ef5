import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

export const DICOM_UID_PATTERN = /^[0-9]+(\.[0-9]+)*$/;
export const DICOM_UID_MAX_LENGTH = 64;

/** Why a DICOM UID is not valid, or null when it is (PS3.5 §9.1: digits and dots, at most 64 characters). */
export function dicomUidError(value: string | null | undefined): string | null {
  const uid = (value ?? '').trim();
  if (uid === '') {
    return null;
  }
  if (uid.length > DICOM_UID_MAX_LENGTH) {
    return `A UID has at most ${DICOM_UID_MAX_LENGTH} characters (this one has ${uid.length}).`;
  }
  if (!DICOM_UID_PATTERN.test(uid)) {
    if (/[^0-9.]/.test(uid)) {
      return 'A UID has only digits and dots, like 1.2.840.113619.2.55.';
    }
    return 'A UID cannot start or end with a dot or have two dots in a row.';
  }
  return null;
}

export function isDicomUid(value: string | null | undefined): boolean {
  return !!value && dicomUidError(value) === null;
}

/** Form validator: empty is allowed (the filter is optional), anything else must be a valid UID. */
export function dicomUidValidator(): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const message = dicomUidError(control.value as string | null);
    return message ? { dicomUid: message } : null;
  };
}
