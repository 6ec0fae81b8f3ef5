import { FetchEventStream, SseParser } from './fetch-event-stream';

describe('FetchEventStream', () => {
  it('parses event-stream text split anywhere, with LF or CRLF line ends', () => {
    const p = new SseParser();
    expect(p.push(': comment\nevent: progress\nda')).toEqual([]);
    expect(p.push('ta: {"a":1}\n\ndata: one\r')).toEqual([{ event: 'progress', data: '{"a":1}' }]);
    expect(p.push('\ndata: two\r\n\r\nevent: nodata\n\n')).toEqual([{ event: 'message', data: 'one\ntwo' }]);
    expect(p.push('data:x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('sends the headers, delivers named events, and closes with an error when the stream ends', async () => {
    let seen: RequestInit | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('event: progress\ndata: {"bytesDone":5}\n\n'));
        c.enqueue(new TextEncoder().encode('data: {"state":"completed"}\n\n'));
        c.close();
      },
    });
    const fetchFn = (async (_url: string, init?: RequestInit) => ((seen = init), new Response(body, { status: 200 }))) as typeof fetch;
    const stream = new FetchEventStream('/api/downloads/j1/events', () => ({ Authorization: 'Bearer t' }), fetchFn);
    const got: string[] = [];
    const closed = new Promise<void>((resolve) => stream.addEventListener('error', () => resolve()));
    stream.addEventListener('progress', (e) => got.push(`progress ${(e as MessageEvent).data}`));
    stream.addEventListener('message', (e) => got.push(`message ${(e as MessageEvent).data}`));
    await closed;
    expect((seen?.headers as Record<string, string>)['Authorization']).toBe('Bearer t');
    expect(got).toEqual(['progress {"bytesDone":5}', 'message {"state":"completed"}']);
    expect(stream.readyState).toBe(2);
  });

  it('fails (CLOSED + error) on a refused request, and stays quiet once closed by the caller', async () => {
    const refused = new FetchEventStream('/x', () => ({}), (async () => new Response('', { status: 401 })) as typeof fetch);
    await new Promise<void>((resolve) => refused.addEventListener('error', () => resolve()));
    expect(refused.readyState).toBe(2);

    let errors = 0;
    const never = (async (_u: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch;
    const closed = new FetchEventStream('/y', () => ({}), never);
    closed.addEventListener('error', () => errors++);
    closed.close();
    await new Promise((r) => setTimeout(r, 10));
    expect(errors).toBe(0);
  });
});
