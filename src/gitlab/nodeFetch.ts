// A `fetch` over node:http/https for the GitLab client. Why: in the VS Code extension host the `http`/`https`
// modules carry VS Code's proxy and system-certificate support, and node's streams hold less memory than
// undici's fetch body for large downloads. Redirects are never followed here (the client does it by hand).
import * as http from 'node:http';
import * as https from 'node:https';
import { Readable } from 'node:stream';
import type { FetchLike } from './types';

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v)) for (const x of v) h.append(k, x);
    else if (v !== undefined) h.set(k, v);
  }
  return h;
}

export const nodeFetch: FetchLike = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const url = new URL(input);
    const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!mod) return reject(new TypeError(`unsupported protocol ${url.protocol}`));
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const req = mod.request(url, { method, headers, ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      const empty = method === 'HEAD' || status === 204 || status === 304;
      if (empty) res.resume();
      const body = empty ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
      try {
        resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers: toHeaders(res.headers) }));
      } catch (e) {
        res.destroy();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    req.on('error', reject);
    // Only string bodies are sent (the CI lint request); nothing else of ours posts a body.
    req.end(typeof init.body === 'string' ? init.body : undefined);
  });
