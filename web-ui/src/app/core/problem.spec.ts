import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { problemMessage, toProblem } from './problem';

describe('toProblem', () => {
  it('reads an RFC 9457 problem body', () => {
    const error = new HttpErrorResponse({
      status: 400,
      url: '/api/search/series',
      headers: new HttpHeaders({ 'Content-Type': 'application/problem+json' }),
      error: { type: 'urn:medcloud:problem:bad-request', title: 'Invalid filter', status: 400, detail: 'studyInstanceUid is not a DICOM UID', field: 'studyInstanceUid' },
    });
    expect(toProblem(error)).toEqual({
      title: 'Invalid filter',
      detail: 'studyInstanceUid is not a DICOM UID',
      status: 400,
      type: 'urn:medcloud:problem:bad-request',
      field: 'studyInstanceUid',
    });
  });

  it('parses a problem delivered as text (responseType text)', () => {
    const error = new HttpErrorResponse({ status: 502, error: '{"title":"NBIA unavailable","detail":"Try again later"}' });
    expect(toProblem(error)).toMatchObject({ title: 'NBIA unavailable', detail: 'Try again later', status: 502 });
  });

  it('explains a network failure and a bare gateway error', () => {
    const offline = toProblem(new HttpErrorResponse({ status: 0, url: 'http://localhost:8080/api/downloads' }));
    expect(offline.title).toBe('Cannot reach the server');
    expect(offline.detail).toContain('/api/downloads');
    const html = toProblem(new HttpErrorResponse({ status: 503, error: '<html>busy</html>' }));
    expect(html.title).toBe('Service unavailable');
    expect(html.detail).toContain('not available');
  });

  it('accepts plain errors and objects carrying a problem', () => {
    expect(toProblem(new Error('boom'))).toEqual({ title: 'Something went wrong', detail: 'boom' });
    expect(toProblem({ problem: { title: 'X', detail: 'Y' } })).toEqual({ title: 'X', detail: 'Y' });
    expect(problemMessage({ title: 'A', detail: 'B' })).toBe('A: B');
    expect(problemMessage({ title: 'A' })).toBe('A');
  });
});
