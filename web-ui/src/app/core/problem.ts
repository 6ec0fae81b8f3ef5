import { HttpErrorResponse } from '@angular/common/http';

/** What the UI shows for a failed call: an RFC 9457 problem, or one made up from what we got. */
export interface ApiProblem {
  title: string;
  detail?: string;
  status?: number;
  type?: string;
  field?: string;
}

function fromObject(body: unknown): Partial<ApiProblem> | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return null;
  }
  const o = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const title = str(o['title']) ?? str(o['error']);
  const detail = str(o['detail']) ?? str(o['message']);
  if (!title && !detail) {
    return null;
  }
  return {
    title,
    detail,
    type: str(o['type']),
    field: str(o['field']),
    status: typeof o['status'] === 'number' ? (o['status'] as number) : undefined,
  };
}

function parseBody(body: unknown): Partial<ApiProblem> | null {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text.startsWith('{')) {
      try {
        return fromObject(JSON.parse(text));
      } catch {
        return null;
      }
    }
    return null;
  }
  return fromObject(body);
}

function defaultTitle(status: number): string {
  switch (status) {
    case 0:
      return 'Cannot reach the server';
    case 400:
      return 'Invalid request';
    case 401:
      return 'Sign-in required';
    case 403:
      return 'Not allowed';
    case 404:
      return 'Not found';
    case 409:
      return 'Conflict';
    case 422:
      return 'Cannot be processed';
    case 502:
    case 503:
      return 'Service unavailable';
    case 504:
      return 'Service timed out';
    default:
      return status >= 500 ? 'Server error' : `Request failed (${status})`;
  }
}

function defaultDetail(status: number, url?: string | null): string {
  const where = url ? ` (${url.replace(/^https?:\/\/[^/]+/, '')})` : '';
  if (status === 0) {
    return `The request${where} did not get an answer. Check your network connection and that the service is running, then try again.`;
  }
  if (status === 502 || status === 503 || status === 504) {
    return `The service behind this request${where} is not available right now. Try again in a moment.`;
  }
  if (status >= 500) {
    return `The server could not complete the request${where}. Try again; if it keeps failing, report it with the time of the error.`;
  }
  if (status === 401) {
    return `The request${where} needs you to be signed in: sign in again.`;
  }
  if (status === 403) {
    return `Your account is not allowed to do this${where}.`;
  }
  return `The request${where} was refused with status ${status}.`;
}

/** Turns anything thrown by an HTTP call (or elsewhere) into a problem a person can read. */
export function toProblem(error: unknown): ApiProblem {
  if (error instanceof HttpErrorResponse) {
    const status = error.status;
    const parsed = parseBody(error.error);
    return {
      title: parsed?.title ?? defaultTitle(status),
      detail: parsed?.detail ?? defaultDetail(status, error.url),
      status: parsed?.status ?? status,
      type: parsed?.type,
      field: parsed?.field,
    };
  }
  if (error && typeof error === 'object' && 'problem' in error) {
    return (error as { problem: ApiProblem }).problem;
  }
  if (error instanceof Error) {
    return { title: 'Something went wrong', detail: error.message };
  }
  const parsed = parseBody(error);
  if (parsed) {
    return { ...parsed, title: parsed.title ?? 'Something went wrong' } as ApiProblem;
  }
  return { title: 'Something went wrong', detail: typeof error === 'string' ? error : undefined };
}

/** One line for a snackbar: "Title: detail"; for a refusal (403) the service's detail alone says it best. */
export function problemMessage(problem: ApiProblem): string {
  if (problem.status === 403 && problem.detail) {
    return problem.detail;
  }
  return problem.detail ? `${problem.title}: ${problem.detail}` : problem.title;
}
