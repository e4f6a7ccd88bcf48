// Typed failures of the GitLab core. Each carries a short user message, a detail string for the log
// and an optional action; neither message nor detail ever contains the token (see `redact`).

export type GitLabErrorKind =
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'notFound' // 404
  | 'badRequest' // 400 / 422
  | 'rateLimited' // 429
  | 'server' // 5xx
  | 'network' // connection refused / reset / DNS
  | 'cancelled' // AbortSignal fired
  | 'redirect' // too many, looping or unsafe redirects
  | 'timeout' // connect or idle timeout
  | 'storage' // the object storage GitLab redirected to refused the link (401/403): not the token's fault
  | 'pagination' // a pagination link loops back, or too many pages
  | 'other';

/** What the UI may offer next to the message. */
export type GitLabErrorAction = 'setToken' | 'showLogs';

export class GitLabApiError extends Error {
  override readonly name = 'GitLabApiError';
  constructor(
    readonly kind: GitLabErrorKind,
    /** Short, user-facing. */
    message: string,
    /** For the log: method, endpoint, status, a snippet of the body. Never the token. */
    readonly detail: string,
    readonly status?: number,
    readonly action?: GitLabErrorAction,
    /** Seconds GitLab asked us to wait (429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The user message for an HTTP status, before any job-specific refinement. */
export function messageForStatus(
  status: number,
  what: string,
): { kind: GitLabErrorKind; message: string; action?: GitLabErrorAction } {
  if (status === 401) {
    return {
      kind: 'unauthorized',
      message: 'GitLab rejected the token (missing, expired or revoked). Set a new GitLab token.',
      action: 'setToken',
    };
  }
  if (status === 403) {
    return {
      kind: 'forbidden',
      message: `Your token may not access ${what} (403 Forbidden). Check its scopes (read_api/api) and your project role.`,
    };
  }
  if (status === 404) {
    return {
      kind: 'notFound',
      message: `Not found: ${what} (404). The project, job or artifacts do not exist, or the token cannot see them.`,
    };
  }
  if (status === 400 || status === 422) {
    return { kind: 'badRequest', message: `GitLab refused the request for ${what} (${status}).` };
  }
  if (status === 429) {
    return { kind: 'rateLimited', message: `GitLab is rate-limiting requests (429) for ${what}. Try again later.` };
  }
  if (status >= 500) {
    return { kind: 'server', message: `GitLab had a server error (${status}) for ${what}. Try again later.` };
  }
  return { kind: 'other', message: `GitLab answered ${status} for ${what}.` };
}

/** Errors raised while writing or extracting files (not HTTP). */
/** `target`: the download folder may not be used (not ours, a file, the workspace…); nothing was changed. */
export type ArtifactErrorKind = 'refused' | 'limits' | 'corrupt' | 'diskFull' | 'io' | 'cancelled' | 'target';

export interface RefusedEntry {
  /** The entry name as stored in the archive (control characters escaped). */
  readonly name: string;
  readonly reason: string;
}

export class ArtifactError extends Error {
  override readonly name = 'ArtifactError';
  constructor(
    readonly kind: ArtifactErrorKind,
    message: string,
    readonly detail: string,
    /** Entries that made the archive unsafe (for `refused` and `limits`). */
    readonly refused: readonly RefusedEntry[] = [],
  ) {
    super(message);
  }
}

/** True for anything that means "the user cancelled". */
export function isCancellation(e: unknown): boolean {
  if (e instanceof GitLabApiError) return e.kind === 'cancelled';
  if (e instanceof ArtifactError) return e.kind === 'cancelled';
  return e instanceof Error && (e.name === 'AbortError' || (e as NodeJS.ErrnoException).code === 'ABORT_ERR');
}

const TOKEN_PARAMS = /([?&](?:private_token|access_token|job_token|token)=)[^&#\s]*/gi;

/** Removes token query parameters, and every literal occurrence of the given secrets, from a string. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(TOKEN_PARAMS, '$1[REDACTED]');
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[REDACTED]');
  }
  return out;
}

/** A uniform view of any error for the UI and the CLI. */
export interface ErrorReport {
  readonly message: string;
  readonly detail: string;
  readonly action?: GitLabErrorAction;
  readonly cancelled: boolean;
}

export function describeError(e: unknown, secrets: readonly (string | undefined)[] = []): ErrorReport {
  if (e instanceof GitLabApiError) {
    return {
      message: redact(e.message, secrets),
      detail: redact(e.detail, secrets),
      ...(e.action ? { action: e.action } : {}),
      cancelled: e.kind === 'cancelled',
    };
  }
  if (e instanceof ArtifactError) {
    const refused = e.refused.map((r) => `  refused ${JSON.stringify(r.name)}: ${r.reason}`).join('\n');
    return {
      message: redact(e.message, secrets),
      detail: redact([e.detail, refused].filter(Boolean).join('\n'), secrets),
      cancelled: e.kind === 'cancelled',
    };
  }
  if (isCancellation(e)) return { message: 'Cancelled.', detail: 'Cancelled by the user.', cancelled: true };
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: redact(err.message, secrets), detail: redact(err.stack ?? err.message, secrets), cancelled: false };
}
