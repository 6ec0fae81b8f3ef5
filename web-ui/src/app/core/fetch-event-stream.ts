import type { EventStream } from '../api/downloads-api.service';

/** One parsed Server-Sent Event. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * An incremental text/event-stream parser (the WHATWG rules that matter here: `event:` and `data:`
 * fields, comments, CRLF or LF line ends, a blank line dispatches, events without data are dropped).
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  /** Feeds a chunk of text; returns the events it completed. */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    let nl: number;
    while ((nl = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, nl);
      const sep = this.buffer.startsWith('\r\n', nl) ? 2 : 1;
      if (sep === 1 && this.buffer[nl] === '\r' && nl === this.buffer.length - 1) break; // a CR that may be half of CRLF
      this.buffer = this.buffer.slice(nl + sep);
      if (line === '') {
        if (this.data.length) out.push({ event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
    }
    return out;
  }
}

/**
 * An EventSource look-alike on fetch(), for streams that need request headers (a bearer token):
 * the browser's EventSource cannot send any. It does not reconnect: when the stream ends or fails
 * it goes CLOSED and fires `error`, and the caller falls back to polling as it does for EventSource.
 */
export class FetchEventStream implements EventStream {
  readyState = 0;
  private readonly listeners = new Map<string, ((e: MessageEvent | Event) => void)[]>();
  private readonly abort = new AbortController();

  constructor(
    readonly url: string,
    headers: () => Record<string, string>,
    fetchFn: typeof fetch = (...a) => fetch(...a),
  ) {
    void this.run(headers, fetchFn);
  }

  addEventListener(type: string, listener: (e: MessageEvent | Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = 2;
    this.abort.abort();
  }

  private emit(type: string, event: MessageEvent | Event): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }

  private async run(headers: () => Record<string, string>, fetchFn: typeof fetch): Promise<void> {
    try {
      const response = await fetchFn(this.url, {
        headers: { Accept: 'text/event-stream', ...headers() },
        cache: 'no-store',
        signal: this.abort.signal,
      });
      if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
      if (this.readyState === 2) return;
      this.readyState = 1;
      this.emit('open', new Event('open'));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done || this.readyState === 2) break;
        for (const e of parser.push(value)) {
          if (this.readyState === 2) return;
          this.emit(e.event, new MessageEvent(e.event, { data: e.data }));
        }
      }
    } catch {
      // fall through: CLOSED + error, unless the caller closed it
    }
    if (this.readyState !== 2) {
      this.readyState = 2;
      this.emit('error', new Event('error'));
    }
  }
}
