import { EventStream } from '../app/api/downloads-api.service';

/** An event stream the test drives by hand, standing in for the browser's EventSource. */
export class FakeStream implements EventStream {
  static last: FakeStream;
  readyState = 0;
  closed = false;
  private listeners = new Map<string, ((e: MessageEvent | Event) => void)[]>();
  constructor(readonly url: string) {
    FakeStream.last = this;
  }
  addEventListener(type: string, l: (e: MessageEvent | Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  emit(type: string, data: unknown) {
    const event = new MessageEvent(type, { data: typeof data === 'string' ? data : JSON.stringify(data) });
    this.listeners.get(type)?.forEach((l) => l(event));
  }
  fail(readyState: number) {
    this.readyState = readyState;
    this.listeners.get('error')?.forEach((l) => l(new Event('error')));
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
}

