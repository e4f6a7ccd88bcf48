// A GitLab REST API test server on 127.0.0.1, written from GitLab's documented API (api/v4: jobs,
// job_artifacts, pipelines; REST pagination; rate-limit headers; authentication). It serves real zip
// archives built by the tests, can redirect downloads to a second origin ("object storage") that
// records a violation whenever it receives a token, and has switchable faults.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadStream, statSync } from 'node:fs';
import * as yauzl from 'yauzl';

export interface TestJob {
  id: number;
  name: string;
  stage: string;
  status: string;
  pipelineId: number;
  /** Zip bytes, or a path to a zip file on disk (large archives). Absent: no archive. */
  archive?: Buffer | { file: string } | undefined;
  /** ISO time; with `expired: true` the archive is gone and `artifacts_file` is null. */
  expireAt?: string | undefined;
  expired?: boolean;
  retried?: boolean;
  kept?: boolean;
}

export interface TestPipeline {
  id: number;
  iid: number;
  ref: string;
  sha: string;
  status: string;
  source: string;
  createdAt: string;
  mergeRequestIid?: number;
  bridges?: { id: number; name: string; stage: string; status: string; downstream?: number }[];
}

export interface TestProject {
  id: number;
  path: string;
}

export type TokenKind = 'private' | 'job' | 'oauth';

export interface Fault {
  /**
   * `429` (with Retry-After), `500`/`502`/`503`, `reset` (headers + part of the body, then the socket is destroyed),
   * `resetBeforeHeaders`, `slow` (body in small chunks with a delay), `stall` (the request is read, no answer
   * ever comes), `stallBody` (headers and half the body, then silence on an open connection), `endless` (an
   * archive answer without Content-Length whose body never ends), `redirectLoop` (302 to the other origin, which
   * redirects back), `storageDenied` (object storage answers 403 AccessDenied: an expired or bad signed link).
   */
  kind:
    | '429'
    | '500'
    | '502'
    | '503'
    | 'reset'
    | 'resetBeforeHeaders'
    | 'slow'
    | 'stall'
    | 'stallBody'
    | 'endless'
    | 'redirectLoop'
    | 'storageDenied';
  /** Which server sees it (default api). */
  on?: 'api' | 'storage';
  /** Only requests whose path matches. */
  match?: RegExp;
  /** How many requests it affects (default 1; Infinity for all). */
  times?: number;
  retryAfter?: string;
  /** For `slow`: bytes per chunk and delay between chunks. */
  chunkBytes?: number;
  delayMs?: number;
  /** For `storageDenied`: 403 (S3's AccessDenied, the default) or 401 (storage that asks for credentials). */
  status?: 401 | 403;
}

export interface RequestLogEntry {
  readonly server: 'api' | 'storage';
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

const TOKEN_HEADERS = ['private-token', 'job-token', 'authorization'];
const TOKEN_PARAMS = ['private_token', 'job_token', 'access_token'];

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

export class GitLabTestServer {
  url = '';
  storageUrl = '';
  readonly projects: TestProject[] = [{ id: 7, path: 'group/sub/project' }];
  readonly pipelines: TestPipeline[] = [];
  readonly jobs: TestJob[] = [];
  /** token → kind; projects listed in `forbidden` answer 403 for that token. */
  readonly tokens = new Map<string, TokenKind>([['glpat-good-token', 'private']]);
  readonly forbiddenTokens = new Set<string>();
  /** Newer GitLab lets job tokens read the jobs API; older ones answer 401. */
  jobTokenCanListJobs = false;
  /** Send artifact downloads to the storage origin with a 302, as GitLab does with object storage. */
  redirectDownloads = false;
  /** Send `RateLimit-*` headers on every response, as GitLab.com does. */
  rateLimitHeaders = false;
  /** A broken paginator: the `Link: rel="next"` of page 2 points back to page 1 (and keyset cursors repeat). */
  paginationLoop = false;
  /** Bytes written by `endless` bodies so far (how far a client read before it stopped). */
  endlessBytes = 0;
  readonly faults: Fault[] = [];
  readonly requests: RequestLogEntry[] = [];
  /** Every time the storage origin saw a token: must stay empty. */
  readonly violations: string[] = [];

  /** Back to the defaults between tests: no faults, an empty request log, no redirects or rate-limit headers. */
  resetBetweenTests(): void {
    this.faults.length = 0;
    this.requests.length = 0;
    this.redirectDownloads = false;
    this.rateLimitHeaders = false;
    this.paginationLoop = false;
    this.endlessBytes = 0;
  }
  private readonly api = http.createServer((req, res) => this.handleApi(req, res));
  private readonly storage = http.createServer((req, res) => this.handleStorage(req, res));
  private readonly sockets = new Set<import('node:net').Socket>();

  static async start(): Promise<GitLabTestServer> {
    const s = new GitLabTestServer();
    for (const srv of [s.api, s.storage]) {
      srv.on('connection', (sock) => {
        s.sockets.add(sock);
        sock.on('close', () => s.sockets.delete(sock));
      });
    }
    s.url = await listen(s.api);
    s.storageUrl = await listen(s.storage);
    return s;
  }

  async close(): Promise<void> {
    for (const sock of this.sockets) sock.destroy();
    await Promise.all([new Promise((r) => this.api.close(r)), new Promise((r) => this.storage.close(r))]);
    if (this.violations.length > 0) throw new Error(`object storage received a token:\n${this.violations.join('\n')}`);
  }

  addPipeline(p: Partial<TestPipeline> & { id: number }): TestPipeline {
    const full: TestPipeline = {
      iid: p.id,
      ref: 'main',
      sha: `${p.id.toString(16).padStart(8, '0')}${'0'.repeat(32)}`,
      status: 'success',
      source: 'push',
      createdAt: new Date(Date.UTC(2026, 10, 1) + p.id * 60_000).toISOString(),
      ...p,
    };
    this.pipelines.push(full);
    return full;
  }

  addJob(j: Partial<TestJob> & { id: number; name: string; pipelineId: number }): TestJob {
    const full: TestJob = { stage: 'build', status: 'success', ...j };
    this.jobs.push(full);
    return full;
  }

  /** Count of requests (to either server) matching a path pattern. */
  count(re: RegExp, server: 'api' | 'storage' = 'api'): number {
    return this.requests.filter((r) => r.server === server && re.test(r.url)).length;
  }

  private takeFault(server: 'api' | 'storage', path: string): Fault | undefined {
    const f = this.faults.find(
      (x) => (x.on ?? 'api') === server && (!x.match || x.match.test(path)) && (x.times ?? 1) > 0,
    );
    if (f) f.times = (f.times ?? 1) - 1;
    return f;
  }

  private rateHeaders(): Record<string, string> {
    if (!this.rateLimitHeaders) return {};
    const reset = Math.floor(Date.now() / 1000) + 60;
    return {
      'RateLimit-Name': 'throttle_authenticated_api',
      'RateLimit-Limit': '2000',
      'RateLimit-Observed': '1',
      'RateLimit-Remaining': '1999',
      'RateLimit-Reset': String(reset),
      'RateLimit-ResetTime': new Date(reset * 1000).toUTCString(),
    };
  }

  /** Returns true when a fault consumed the response. */
  private applyFault(f: Fault | undefined, req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (!f) return false;
    if (f.kind === '429') {
      send(res, 429, 'Retry later', {
        'Retry-After': f.retryAfter ?? '1',
        ...this.rateHeaders(),
        'RateLimit-Remaining': '0',
      });
      return true;
    }
    if (f.kind === '500' || f.kind === '502' || f.kind === '503') {
      send(res, Number(f.kind), { message: `${f.kind} Internal Server Error` });
      return true;
    }
    if (f.kind === 'resetBeforeHeaders') {
      req.socket.destroy();
      return true;
    }
    if (f.kind === 'stall') {
      // Read the request, never answer; the socket stays open until the client gives up (or close()).
      req.resume();
      return true;
    }
    if (f.kind === 'storageDenied' && (f.on ?? 'api') === 'storage') {
      // What S3 answers for an expired or tampered pre-signed URL.
      send(
        res,
        f.status ?? 403,
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired\u001b[2J</Message></Error>',
        { 'Content-Type': 'application/xml' },
      );
      return true;
    }
    return false; // reset / slow / stallBody / endless / redirectLoop apply to the archive
  }

  // ---- auth ---------------------------------------------------------------------------------------

  private auth(req: http.IncomingMessage, url: URL): { token?: string; kind?: TokenKind } {
    const h = req.headers;
    const bearer = /^Bearer\s+(.+)$/i.exec(String(h['authorization'] ?? ''))?.[1];
    const candidates: [string | undefined, TokenKind][] = [
      [h['private-token'] as string | undefined, 'private'],
      [url.searchParams.get('private_token') ?? undefined, 'private'],
      [h['job-token'] as string | undefined, 'job'],
      [url.searchParams.get('job_token') ?? undefined, 'job'],
      [bearer, 'oauth'],
      [url.searchParams.get('access_token') ?? undefined, 'oauth'],
    ];
    for (const [token, as] of candidates) {
      if (token === undefined) continue;
      const kind = this.tokens.get(token);
      // A token presented in the wrong header is as good as no token.
      if (kind !== undefined && (kind === as || (kind === 'private' && as === 'oauth'))) return { token, kind };
      return { token };
    }
    return {};
  }

  // ---- API ----------------------------------------------------------------------------------------

  private handleApi(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ server: 'api', method: req.method ?? 'GET', url: req.url ?? '', headers: req.headers });
    const fault = this.takeFault('api', url.pathname);
    if (this.applyFault(fault, req, res)) return;
    const rate = this.rateHeaders();
    const rawPath = (req.url ?? '').split('?')[0] ?? '';
    if (!rawPath.startsWith('/api/v4/')) return send(res, 404, { message: '404 Not Found' }, rate);
    const segs = rawPath
      .slice('/api/v4/'.length)
      .split('/')
      .map((s) => decodeURIComponent(s));
    const { token, kind } = this.auth(req, url);
    if (!kind) return send(res, 401, { message: '401 Unauthorized' }, rate);
    if (segs[0] !== 'projects' || segs[1] === undefined) return send(res, 404, { message: '404 Not Found' }, rate);
    const project = this.projects.find((p) => String(p.id) === segs[1] || p.path === segs[1]);
    if (!project) return send(res, 404, { message: '404 Project Not Found' }, rate);
    if (token && this.forbiddenTokens.has(token)) return send(res, 403, { message: '403 Forbidden' }, rate);
    const rest = segs.slice(2);
    const method = req.method ?? 'GET';
    const isArtifactRoute = rest[0] === 'jobs' && (rest[1] === 'artifacts' || rest[2] === 'artifacts');
    if (kind === 'job' && !isArtifactRoute && !this.jobTokenCanListJobs) {
      return send(res, 401, { message: '401 Unauthorized' }, rate);
    }
    try {
      this.route(method, rest, url, req, res, fault, rate);
    } catch (e) {
      if (!res.headersSent) send(res, 500, { message: `500 Internal Server Error: ${String(e)}` });
    }
  }

  private route(
    method: string,
    rest: string[],
    url: URL,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    fault: Fault | undefined,
    rate: Record<string, string>,
  ): void {
    const [a, b, c, d] = rest;
    const q = url.searchParams;
    if (method === 'GET' && a === 'pipelines' && b === undefined) {
      let list = this.pipelines.filter(
        (p) =>
          (!q.get('ref') || p.ref === q.get('ref')) &&
          (!q.get('sha') || p.sha === q.get('sha')) &&
          (!q.get('status') || p.status === q.get('status')) &&
          (!q.get('source') || p.source === q.get('source')),
      );
      list = list.sort((x, y) => (q.get('sort') === 'asc' ? x.id - y.id : y.id - x.id));
      return this.paginate(
        res,
        url,
        list.map((p) => this.pipelineJson(p)),
        rate,
      );
    }
    if (method === 'GET' && a === 'pipelines' && b === 'latest') {
      const ref = q.get('ref') ?? 'main';
      const p = this.pipelines.filter((x) => x.ref === ref).sort((x, y) => y.id - x.id)[0];
      return p ? send(res, 200, this.pipelineJson(p), rate) : send(res, 404, { message: '404 Not found' }, rate);
    }
    if (method === 'GET' && a === 'pipelines' && b !== undefined) {
      const p = this.pipelines.find((x) => String(x.id) === b);
      if (!p) return send(res, 404, { message: '404 Not found' }, rate);
      if (c === undefined) return send(res, 200, this.pipelineJson(p), rate);
      if (c === 'jobs') {
        const scopes = q.getAll('scope[]');
        const list = this.jobs
          .filter(
            (j) =>
              j.pipelineId === p.id &&
              (q.get('include_retried') === 'true' || !j.retried) &&
              (scopes.length === 0 || scopes.includes(j.status)),
          )
          .sort((x, y) => y.id - x.id);
        return this.paginate(
          res,
          url,
          list.map((j) => this.jobJson(j)),
          rate,
        );
      }
      if (c === 'bridges') {
        return this.paginate(
          res,
          url,
          (p.bridges ?? []).map((br) => ({
            id: br.id,
            name: br.name,
            stage: br.stage,
            status: br.status,
            downstream_pipeline: br.downstream
              ? { id: br.downstream, project_id: this.projects[0]?.id, status: 'success' }
              : null,
          })),
          rate,
        );
      }
    }
    if (method === 'GET' && a === 'merge_requests' && c === 'pipelines') {
      const list = this.pipelines.filter((p) => String(p.mergeRequestIid) === b).sort((x, y) => y.id - x.id);
      return this.paginate(
        res,
        url,
        list.map((p) => this.pipelineJson(p)),
        rate,
      );
    }
    if (a === 'jobs' && b === 'artifacts' && c !== undefined) {
      // /jobs/artifacts/:ref_name/download?job=  and  /jobs/artifacts/:ref_name/raw/*path?job=
      const ref = c;
      const name = q.get('job') ?? '';
      const job = this.latestSuccessfulJob(ref, name);
      if (method === 'GET' && d === 'download') {
        return job ? this.serveArchive(job, req, res, fault, rate) : send(res, 404, { message: '404 Not found' }, rate);
      }
      if (method === 'GET' && d === 'raw') {
        return job
          ? this.serveFile(job, rest.slice(4).join('/'), res, rate)
          : send(res, 404, { message: '404 Not found' }, rate);
      }
    }
    if (method === 'GET' && a === 'jobs' && b === undefined) {
      const list = this.jobs.filter((j) => !j.retried).sort((x, y) => y.id - x.id);
      if (q.get('pagination') === 'keyset') return this.keyset(res, url, list, rate);
      return this.paginate(
        res,
        url,
        list.map((j) => this.jobJson(j)),
        rate,
      );
    }
    if (a === 'jobs' && b !== undefined && /^\d+$/.test(b)) {
      const job = this.jobs.find((j) => String(j.id) === b);
      if (!job) return send(res, 404, { message: '404 Not found' }, rate);
      if (method === 'GET' && c === undefined) return send(res, 200, this.jobJson(job), rate);
      if (method === 'GET' && c === 'artifacts' && d === undefined) {
        return this.serveArchive(job, req, res, fault, rate);
      }
      if (method === 'GET' && c === 'artifacts' && d !== undefined) {
        return this.serveFile(job, rest.slice(3).join('/'), res, rate);
      }
      if (method === 'POST' && c === 'artifacts' && d === 'keep') {
        if (!this.hasArchive(job)) return send(res, 404, { message: '404 Not found' }, rate);
        job.kept = true;
        job.expireAt = undefined;
        return send(res, 200, this.jobJson(job), rate);
      }
      if (method === 'DELETE' && c === 'artifacts' && d === undefined) {
        if (!this.hasArchive(job)) return send(res, 404, { message: '404 Not found' }, rate);
        job.archive = undefined;
        res.writeHead(204, rate);
        return void res.end();
      }
    }
    send(res, 404, { message: '404 Not Found' }, rate);
  }

  private latestSuccessfulJob(ref: string, name: string): TestJob | undefined {
    const pipes = this.pipelines
      .filter(
        (p) => (p.ref === ref || `refs/merge-requests/${p.mergeRequestIid}/head` === ref) && p.status === 'success',
      )
      .sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt));
    const p = pipes[0];
    if (!p) return undefined;
    return this.jobs
      .filter((j) => j.pipelineId === p.id && j.name === name && !j.retried)
      .sort((x, y) => y.id - x.id)[0];
  }

  private hasArchive(j: TestJob): boolean {
    return j.archive !== undefined && !j.expired;
  }

  private archiveSize(j: TestJob): number {
    if (!j.archive) return 0;
    return Buffer.isBuffer(j.archive) ? j.archive.length : statSync(j.archive.file).size;
  }

  pipelineJson(p: TestPipeline): Record<string, unknown> {
    return {
      id: p.id,
      iid: p.iid,
      project_id: this.projects[0]?.id,
      status: p.status,
      ref: p.ref,
      sha: p.sha,
      source: p.source,
      created_at: p.createdAt,
      updated_at: p.createdAt,
      web_url: `${this.url}/${this.projects[0]?.path}/-/pipelines/${p.id}`,
    };
  }

  jobJson(j: TestJob): Record<string, unknown> {
    const p = this.pipelines.find((x) => x.id === j.pipelineId);
    const has = this.hasArchive(j);
    const size = this.archiveSize(j);
    return {
      id: j.id,
      name: j.name,
      stage: j.stage,
      status: j.status,
      ref: p?.ref ?? 'main',
      created_at: p?.createdAt,
      finished_at: p?.createdAt,
      web_url: `${this.url}/${this.projects[0]?.path}/-/jobs/${j.id}`,
      artifacts_file: has ? { filename: 'artifacts.zip', size } : null,
      artifacts: has
        ? [
            { file_type: 'archive', size, filename: 'artifacts.zip', file_format: 'zip' },
            { file_type: 'metadata', size: 100, filename: 'metadata.gz', file_format: 'gzip' },
          ]
        : [],
      artifacts_expire_at: j.expireAt ?? null,
      pipeline: p ? { id: p.id, ref: p.ref, sha: p.sha, status: p.status } : undefined,
    };
  }

  /** Offset pagination with every documented header; totals are omitted above 10,000 records. */
  private paginate(res: http.ServerResponse, url: URL, items: unknown[], rate: Record<string, string>): void {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 20) || 20));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const totalPages = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const link = (p: number): string => {
      const u = new URL(url.href);
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      return u.href;
    };
    const links = [];
    if (page > 1) links.push(`<${link(page - 1)}>; rel="prev"`);
    if (this.paginationLoop && page === 2) links.push(`<${link(1)}>; rel="next"`);
    else if (page < totalPages) links.push(`<${link(page + 1)}>; rel="next"`);
    links.push(`<${link(1)}>; rel="first"`);
    const big = items.length > 10_000;
    if (!big) links.push(`<${link(totalPages)}>; rel="last"`);
    const headers: Record<string, string> = {
      ...rate,
      Link: links.join(', '),
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-next-page': page < totalPages ? String(page + 1) : '',
      'x-prev-page': page > 1 ? String(page - 1) : '',
    };
    if (!big) {
      headers['x-total'] = String(items.length);
      headers['x-total-pages'] = String(totalPages);
    }
    send(res, 200, slice, headers);
  }

  /** Keyset pagination (project jobs, order_by=id sort=desc): only a `Link rel="next"` header. */
  private keyset(res: http.ServerResponse, url: URL, jobs: TestJob[], rate: Record<string, string>): void {
    if ((url.searchParams.get('order_by') ?? 'id') !== 'id' || (url.searchParams.get('sort') ?? 'desc') !== 'desc') {
      return send(res, 405, { error: 'Keyset pagination is not yet available for this type of request' }, rate);
    }
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 20) || 20));
    const before = url.searchParams.get('id_before');
    const list = before ? jobs.filter((j) => j.id < Number(before)) : jobs;
    const slice = list.slice(0, perPage);
    const headers: Record<string, string> = { ...rate };
    const last = slice[slice.length - 1];
    if (list.length > perPage && last) {
      const u = new URL(url.href);
      // A looping server hands out the cursor it was just given (or the first page's) again.
      u.searchParams.set('id_before', this.paginationLoop && before ? before : String(last.id));
      headers['Link'] = `<${u.href}>; rel="next"`;
    }
    send(
      res,
      200,
      slice.map((j) => this.jobJson(j)),
      headers,
    );
  }

  private serveArchive(
    job: TestJob,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    fault: Fault | undefined,
    rate: Record<string, string>,
  ): void {
    if (!this.hasArchive(job)) return send(res, 404, { message: '404 Not found' }, rate);
    if (fault?.kind === 'redirectLoop') {
      res.writeHead(302, {
        ...rate,
        Location: `${this.storageUrl}/bounce?to=${encodeURIComponent(req.url ?? '/')}`,
        'Content-Length': '0',
      });
      return void res.end();
    }
    if (this.redirectDownloads) {
      const sig = `X-Amz-Expires=600&X-Amz-Signature=${job.id}abc`;
      res.writeHead(302, {
        ...rate,
        Location: `${this.storageUrl}/bucket/artifacts/${job.id}/artifacts.zip?${sig}`,
        'Content-Length': '0',
      });
      return void res.end();
    }
    this.streamArchive(job, req, res, fault, rate);
  }

  /** Serves archives with `Range` support (object storage and Workhorse both honour it) unless turned off. */
  rangeRequests = true;

  private streamArchive(
    job: TestJob,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    fault: Fault | undefined,
    extra: Record<string, string>,
  ): void {
    const size = this.archiveSize(job);
    const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers['range'] ?? ''));
    if (range && this.rangeRequests && job.archive && !fault) {
      let start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      let end = range[1] ? (range[2] ? Math.min(Number(range[2]), size - 1) : size - 1) : size - 1;
      if (start > end || start >= size) {
        res.writeHead(416, { ...extra, 'Content-Range': `bytes */${size}` });
        return void res.end();
      }
      start = Math.max(0, start);
      end = Math.min(end, size - 1);
      res.writeHead(206, {
        ...extra,
        'Content-Type': 'application/zip',
        'Content-Length': String(end - start + 1),
        'Content-Range': `bytes ${start}-${end}/${size}`,
        'Accept-Ranges': 'bytes',
      });
      if (Buffer.isBuffer(job.archive)) return void res.end(job.archive.subarray(start, end + 1));
      createReadStream(job.archive.file, { start, end }).pipe(res);
      return;
    }
    if (fault?.kind === 'endless') {
      // Chunked, no Content-Length, never ends: written as fast as the client reads, until it hangs up.
      res.writeHead(200, {
        ...extra,
        'Content-Type': 'application/zip',
        'Content-Disposition': 'attachment; filename="artifacts.zip"',
      });
      const chunk = Buffer.alloc(64 * 1024);
      const pump = (): void => {
        while (!res.destroyed) {
          this.endlessBytes += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.on('close', () => res.removeAllListeners('drain'));
      return pump();
    }
    res.writeHead(200, {
      ...extra,
      'Content-Type': 'application/zip',
      'Content-Length': String(size),
      'Content-Disposition': 'attachment; filename="artifacts.zip"',
    });
    const archive = job.archive;
    if (!archive) return void res.end();
    if (fault?.kind === 'reset') {
      const head = Buffer.isBuffer(archive)
        ? archive.subarray(0, Math.max(1, Math.floor(size / 2)))
        : Buffer.alloc(Math.floor(size / 2));
      res.write(head, () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    if (fault?.kind === 'stallBody') {
      const buf = Buffer.isBuffer(archive) ? archive : Buffer.alloc(0);
      res.write(buf.subarray(0, Math.max(1, Math.floor(buf.length / 2)))); // then nothing, on an open connection
      return;
    }
    if (fault?.kind === 'slow') {
      const buf = Buffer.isBuffer(archive) ? archive : Buffer.alloc(0);
      const step = fault.chunkBytes ?? 64;
      let at = 0;
      const tick = (): void => {
        if (res.destroyed) return;
        if (at >= buf.length) return void res.end();
        res.write(buf.subarray(at, at + step));
        at += step;
        setTimeout(tick, fault.delayMs ?? 50);
      };
      res.on('close', () => {
        at = buf.length;
      });
      return tick();
    }
    if (Buffer.isBuffer(archive)) return void res.end(archive);
    createReadStream(archive.file).pipe(res);
  }

  /** Single file from the archive (`…/artifacts/*artifact_path`), streamed from the zip like Workhorse. */
  private serveFile(job: TestJob, artifactPath: string, res: http.ServerResponse, rate: Record<string, string>): void {
    if (!this.hasArchive(job) || !Buffer.isBuffer(job.archive)) {
      return send(res, 404, { message: '404 Not found' }, rate);
    }
    if (artifactPath === '' || artifactPath.split('/').includes('..')) {
      return send(res, 400, { message: '400 Bad request - artifact_path is invalid' }, rate);
    }
    yauzl.fromBuffer(job.archive, { lazyEntries: true }, (err, zip) => {
      if (err) return send(res, 500, { message: String(err) });
      let found = false;
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== artifactPath) return zip.readEntry();
        found = true;
        zip.openReadStream(e, (err2, stream) => {
          if (err2) return send(res, 500, { message: String(err2) });
          res.writeHead(200, {
            ...rate,
            'Content-Type': 'application/octet-stream',
            'Content-Length': String(e.uncompressedSize),
          });
          stream.pipe(res);
          stream.on('end', () => zip.close());
        });
      });
      zip.on('end', () => {
        if (!found) send(res, 404, { message: '404 Not found' }, rate);
      });
      zip.readEntry();
    });
  }

  // ---- object storage (second origin) -------------------------------------------------------------

  private handleStorage(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.storageUrl);
    this.requests.push({ server: 'storage', method: req.method ?? 'GET', url: req.url ?? '', headers: req.headers });
    for (const h of TOKEN_HEADERS) {
      if (req.headers[h] !== undefined) this.violations.push(`header ${h} on ${req.method} ${url.pathname}`);
    }
    for (const p of TOKEN_PARAMS) {
      if (url.searchParams.has(p)) this.violations.push(`query ${p} on ${req.method} ${url.pathname}`);
    }
    if (this.violations.length > 0) {
      return send(
        res,
        400,
        '<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>',
      );
    }
    if (url.pathname === '/bounce') {
      // The other half of a redirect loop: straight back to the instance URL that sent us here.
      res.writeHead(302, { Location: `${this.url}${url.searchParams.get('to') ?? '/'}`, 'Content-Length': '0' });
      return void res.end();
    }
    const fault = this.takeFault('storage', url.pathname);
    if (this.applyFault(fault, req, res)) return;
    const m = /^\/bucket\/artifacts\/(\d+)\/artifacts\.zip$/.exec(url.pathname);
    const job = m ? this.jobs.find((j) => String(j.id) === m[1]) : undefined;
    if (!job || !this.hasArchive(job) || !url.searchParams.get('X-Amz-Signature')) {
      return send(res, 403, '<Error><Code>AccessDenied</Code></Error>');
    }
    this.streamArchive(job, req, res, fault, {});
  }
}
