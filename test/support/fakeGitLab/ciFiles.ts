// A GitLab API test server for CI configuration files, written from GitLab's documented API: projects
// (`GET /projects/:id` with `default_branch`), commits (`GET /projects/:id/repository/commits/:sha` for a branch,
// tag or SHA), repository files (`GET …/repository/files/:file_path/raw?ref=` and the JSON form with base64
// `content`), CI templates (`GET /templates/gitlab_ci_ymls/:key` → `{name, content}`), releases
// (`GET /projects/:id/releases`, newest first, paginated; `GET …/releases/:tag_name`), tags, branches, and CI lint
// (`POST /projects/:id/ci/lint` → `{valid, errors, warnings, merged_yaml, includes}`), which here expands a
// document that includes one template the instance knows. A second origin serves remote include files and
// records a violation whenever it sees a token. Projects are private unless `public` (then no token is needed).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { configLint, type ConfigLintRequest } from './configLint';

export interface RepoCommit {
  sha: string;
  files: Record<string, string>;
}
export interface RepoProject {
  id: number;
  path: string;
  defaultBranch: string;
  /** Branch and tag names → commit SHA. */
  refs: Record<string, string>;
  commits: RepoCommit[];
  releases?: { tag: string; releasedAt: string }[];
  public?: boolean;
}

const TOKEN_HEADERS = ['private-token', 'job-token', 'authorization', 'cookie'];

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

export class CiFilesServer {
  url = '';
  remoteUrl = '';
  readonly token = 'glpat-ci-files';
  readonly projects: RepoProject[] = [];
  /** Templates the templates API serves, by key (`Android`). */
  readonly apiTemplates = new Map<string, string>();
  /** Templates only CI lint can expand (`Jobs/Build.gitlab-ci.yml` → its merged YAML, without the including jobs). */
  readonly lintTemplates = new Map<string, string>();
  /** Every CI lint of a whole configuration (`include_jobs`/`dry_run`), in order. */
  readonly configLints: ConfigLintRequest[] = [];
  /** Remote files by path on the remote origin. */
  readonly remoteFiles = new Map<string, string>();
  readonly requests: string[] = [];
  readonly violations: string[] = [];
  /** When true the API origin answers every request with a dropped connection (an unreachable instance). */
  down = false;
  /** Milliseconds the API origin waits before answering each request (a slow instance: progress shows). */
  delayMs = 0;
  private readonly api = http.createServer((req, res) => this.handleApi(req, res));
  private readonly remote = http.createServer((req, res) => this.handleRemote(req, res));

  static async start(): Promise<CiFilesServer> {
    const s = new CiFilesServer();
    s.url = await listen(s.api);
    s.remoteUrl = await listen(s.remote);
    return s;
  }

  async close(): Promise<void> {
    this.api.closeAllConnections();
    this.remote.closeAllConnections();
    await Promise.all([new Promise((r) => this.api.close(r)), new Promise((r) => this.remote.close(r))]);
    if (this.violations.length > 0) {
      throw new Error(`the remote origin received a token:\n${this.violations.join('\n')}`);
    }
  }

  count(re: RegExp): number {
    return this.requests.filter((r) => re.test(r)).length;
  }

  private handleRemote(req: http.IncomingMessage, res: http.ServerResponse): void {
    for (const h of TOKEN_HEADERS) if (req.headers[h] !== undefined) this.violations.push(`header ${h} on ${req.url}`);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/moved/')) {
      res.writeHead(302, { Location: path.slice('/moved'.length), 'Content-Length': '0' });
      return void res.end();
    }
    const text = this.remoteFiles.get(path);
    return text === undefined ? send(res, 404, 'Not Found', 'text/plain') : send(res, 200, text, 'text/plain');
  }

  private handleApi(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.delayMs > 0) setTimeout(() => this.answerApi(req, res), this.delayMs);
    else this.answerApi(req, res);
  }

  private answerApi(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests.push(`${req.method} ${req.url}`);
    if (this.down) return void req.socket.destroy();
    const url = new URL(req.url ?? '/', this.url);
    const raw = url.pathname;
    if (!raw.startsWith('/api/v4/')) return send(res, 404, { message: '404 Not Found' });
    const segs = raw
      .slice('/api/v4/'.length)
      .split('/')
      .map((s) => decodeURIComponent(s));
    const given = req.headers['private-token'] ?? req.headers['job-token'];
    if (given !== undefined && given !== this.token) return send(res, 401, { message: '401 Unauthorized' });
    const authed = given === this.token;
    if (segs[0] === 'templates' && segs[1] === 'gitlab_ci_ymls' && segs[2] !== undefined) {
      const content = this.apiTemplates.get(segs.slice(2).join('/'));
      return content === undefined
        ? send(res, 404, { message: '404 Template Not Found' })
        : send(res, 200, { name: segs[2], content });
    }
    if (segs[0] !== 'projects' || segs[1] === undefined) return send(res, 404, { message: '404 Not Found' });
    const project = this.projects.find(
      (p) => String(p.id) === segs[1] || p.path.toLowerCase() === segs[1]!.toLowerCase(),
    );
    if (!project || (!project.public && !authed)) return send(res, 404, { message: '404 Project Not Found' });
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => this.route(req.method ?? 'GET', project, segs.slice(2), url, body, res));
  }

  private commitOf(p: RepoProject, ref: string): RepoCommit | undefined {
    const sha = p.refs[ref] ?? ref;
    return p.commits.find((c) => c.sha === sha || (ref.length >= 7 && c.sha.startsWith(ref)));
  }

  private route(
    method: string,
    p: RepoProject,
    rest: string[],
    url: URL,
    body: string,
    res: http.ServerResponse,
  ): void {
    const [a, b, c] = rest;
    if (method === 'GET' && a === undefined) {
      return send(res, 200, { id: p.id, path_with_namespace: p.path, default_branch: p.defaultBranch });
    }
    if (method === 'GET' && a === 'repository' && b === 'commits' && c !== undefined) {
      const commit = this.commitOf(p, c);
      return commit
        ? send(res, 200, { id: commit.sha, short_id: commit.sha.slice(0, 8) })
        : send(res, 404, { message: '404 Commit Not Found' });
    }
    if (method === 'GET' && a === 'repository' && b === 'files' && c !== undefined) {
      const commit = this.commitOf(p, url.searchParams.get('ref') ?? p.defaultBranch);
      const text = commit?.files[c];
      if (text === undefined) return send(res, 404, { message: '404 File Not Found' });
      if (rest[3] === 'raw') return send(res, 200, text, 'text/plain');
      return send(res, 200, {
        file_name: c.split('/').pop(),
        file_path: c,
        size: Buffer.byteLength(text),
        encoding: 'base64',
        content: Buffer.from(text).toString('base64'),
        ref: url.searchParams.get('ref'),
        commit_id: commit!.sha,
      });
    }
    if (method === 'GET' && a === 'repository' && b === 'branches' && c !== undefined) {
      // Branches are the refs that are not release tags (enough for "is this branch on GitLab?").
      const isBranch = p.refs[c] !== undefined && !(p.releases ?? []).some((r) => r.tag === c);
      return isBranch
        ? send(res, 200, { name: c, commit: { id: p.refs[c] }, default: c === p.defaultBranch })
        : send(res, 404, { message: '404 Branch Not Found' });
    }
    if (method === 'GET' && a === 'repository' && b === 'tags' && c === undefined) {
      return send(
        res,
        200,
        Object.entries(p.refs)
          .filter(([name]) => (p.releases ?? []).some((r) => r.tag === name))
          .map(([name, sha]) => ({ name, commit: { id: sha } })),
      );
    }
    if (method === 'GET' && a === 'releases') return this.releases(p, b, url, res);
    if (method === 'POST' && a === 'ci' && b === 'lint') return this.lint(body, res);
    send(res, 404, { message: '404 Not Found' });
  }

  /** Newest first (released_at), 2 per page by default so the client's pagination is exercised. */
  private releases(p: RepoProject, tag: string | undefined, url: URL, res: http.ServerResponse): void {
    const all = [...(p.releases ?? [])]
      .sort((x, y) => Date.parse(y.releasedAt) - Date.parse(x.releasedAt))
      .map((r) => ({ tag_name: r.tag, released_at: r.releasedAt, commit: { id: p.refs[r.tag] } }));
    if (tag !== undefined) {
      const one = all.find((r) => r.tag_name === tag);
      return one ? send(res, 200, one) : send(res, 404, { message: '404 Not Found' });
    }
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 20), 2);
    const page = Number(url.searchParams.get('page') ?? 1);
    const items = all.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (page * perPage < all.length) headers['X-Next-Page'] = String(page + 1);
    const text = JSON.stringify(items);
    res.writeHead(200, { ...headers, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  /** Understands exactly the documents the include fetcher sends: one template include, maybe a probe job. */
  private lint(body: string, res: http.ServerResponse): void {
    const request = JSON.parse(body) as ConfigLintRequest;
    // A whole configuration with its job list ("Compare with GitLab"): the stand-in in configLint.ts.
    if (request.include_jobs !== undefined || request.dry_run !== undefined) {
      this.configLints.push(request);
      return send(res, 200, configLint(request));
    }
    const content = request.content ?? '';
    const name = /template: "([^"]+)"/.exec(content)?.[1] ?? '';
    const merged = this.lintTemplates.get(name);
    if (merged === undefined) {
      return send(res, 200, {
        valid: false,
        errors: [`Included file \`${name}\` is empty or does not exist!`],
        warnings: [],
        merged_yaml: null,
        includes: [],
      });
    }
    const probe = /^([\w-]+):\n {2}stage: \.pre/m.exec(content)?.[1];
    const hasJob = /^[^.\s][\w-]*:\s*$/m.test(merged.replace(/^(stages|variables|default|workflow|include):.*$/gm, ''));
    if (!hasJob && !probe) {
      return send(res, 200, {
        valid: false,
        errors: ['jobs config should contain at least one visible job'],
        warnings: [],
        merged_yaml: null,
        includes: [],
      });
    }
    const text = probe ? `${merged}${probe}:\n  stage: .pre\n  script:\n  - ":"\n` : merged;
    send(res, 200, {
      valid: true,
      errors: [],
      warnings: [],
      merged_yaml: text,
      includes: [{ type: 'template', location: name }],
    });
  }
}
