// Infers the GitLab instance URL and project path from a git remote URL or from `.git/config` text.

export interface GitLabRemote {
  /** Origin of the web/API instance, e.g. `https://gitlab.example.com:8443` (no trailing slash, no credentials). */
  readonly instanceUrl: string;
  /** Full project path with subgroups, e.g. `group/sub/project`. */
  readonly projectPath: string;
}

function stripGit(path: string): string {
  return path
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .replace(/^\/+/, '');
}

function validPath(path: string): boolean {
  // At least namespace/project; no empty, `.` or `..` segments.
  const segs = path.split('/');
  return segs.length >= 2 && segs.every((s) => s.length > 0 && s !== '.' && s !== '..');
}

/**
 * Parses a remote URL in any of git's forms:
 * `https://[user[:pass]@]host[:port]/group/sub/project[.git]`, `ssh://[user@]host[:port]/group/project[.git]`,
 * `git+ssh://…`, and scp-like `[user@]host:group/sub/project[.git]`.
 * SSH ports are not the web port, so ssh forms map to `https://host`.
 */
export function parseRemoteUrl(remote: string): GitLabRemote | undefined {
  const url = remote.trim();
  if (url === '') return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (scheme) {
    let parsed: URL;
    try {
      parsed = new URL(url.replace(/^git\+ssh:/i, 'ssh:').replace(/^ssh\+git:/i, 'ssh:'));
    } catch {
      return undefined;
    }
    const protocol = parsed.protocol.toLowerCase();
    let instanceUrl: string;
    if (protocol === 'https:' || protocol === 'http:') {
      instanceUrl = `${protocol}//${parsed.host}`;
    } else if (protocol === 'ssh:' || protocol === 'git:') {
      instanceUrl = `https://${parsed.hostname}`;
    } else {
      return undefined;
    }
    let path: string;
    try {
      path = stripGit(decodeURIComponent(parsed.pathname));
    } catch {
      return undefined;
    }
    return validPath(path) ? { instanceUrl, projectPath: path } : undefined;
  }
  // scp-like: [user@]host:path — the host part has no slash; a Windows path like C:\x is not a remote.
  const scp = /^(?:[^@/\s]+@)?(\[[^\]]+\]|[^:/\s]+):(?!\/\/)(.+)$/.exec(url);
  if (scp && scp[1] && scp[2] && scp[1].length > 1) {
    const host = scp[1];
    const path = stripGit(scp[2]);
    return validPath(path) ? { instanceUrl: `https://${host}`, projectPath: path } : undefined;
  }
  return undefined;
}

export interface GitConfigRemote {
  readonly name: string;
  readonly url: string;
}

/** Lists `[remote "name"] url = …` entries of a `.git/config` file, in file order. */
export function parseGitConfigRemotes(configText: string): GitConfigRemote[] {
  const remotes: GitConfigRemote[] = [];
  let current: string | undefined;
  for (const raw of configText.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (section) {
      current =
        section[1]?.toLowerCase() === 'remote' && section[2] !== undefined
          ? section[2].replace(/\\(.)/g, '$1')
          : undefined;
      continue;
    }
    if (current === undefined) continue;
    const kv = /^url\s*=\s*(.*)$/i.exec(line);
    if (kv?.[1] !== undefined) {
      let value = kv[1].trim();
      if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
      remotes.push({ name: current, url: value });
    }
  }
  return remotes;
}

/**
 * Picks the GitLab remote of a repository from its `.git/config`: `origin` first, then `upstream`,
 * then the first remote that parses. `preferredHost` (from settings) wins when given.
 */
export function remoteFromGitConfig(configText: string, preferredHost?: string): GitLabRemote | undefined {
  const parsed = parseGitConfigRemotes(configText)
    .map((r) => ({ name: r.name, remote: parseRemoteUrl(r.url) }))
    .filter((r): r is { name: string; remote: GitLabRemote } => r.remote !== undefined);
  if (preferredHost) {
    const host = preferredHost.toLowerCase();
    const match = parsed.find((r) => new URL(r.remote.instanceUrl).hostname.toLowerCase() === host);
    if (match) return match.remote;
  }
  return (parsed.find((r) => r.name === 'origin') ?? parsed.find((r) => r.name === 'upstream') ?? parsed[0])?.remote;
}

/** Normalises a user-entered instance URL (`gitlab.example.com/` → `https://gitlab.example.com`). Keeps a relative URL root. */
export function normalizeInstanceUrl(input: string): string | undefined {
  let s = input.trim();
  if (s === '') return undefined;
  if (!/^https?:\/\//i.test(s)) s = `https://${s}`;
  try {
    const u = new URL(s);
    if (u.username || u.password || u.search || u.hash) return undefined;
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}
