/** Small readers that accept the shapes a service in progress may send, so the UI stays tolerant. */
export type Json = Record<string, unknown>;

export function asObject(v: unknown): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

export function pickString(o: Json, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v !== '') {
      return v;
    }
    if (typeof v === 'number') {
      return String(v);
    }
  }
  return undefined;
}

export function pickNumber(o: Json, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) {
      return v;
    }
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) {
      return Number(v);
    }
  }
  return undefined;
}

/** The list inside a response: the response itself when it is an array, else the first array under one of the keys. */
export function pickList(body: unknown, ...keys: string[]): unknown[] {
  if (Array.isArray(body)) {
    return body;
  }
  const o = asObject(body);
  for (const k of keys) {
    if (Array.isArray(o[k])) {
      return o[k] as unknown[];
    }
  }
  return [];
}
