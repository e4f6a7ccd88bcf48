// Shared helpers for the GitLab tests: temp folders, directory listings, a client wired to the test server.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { GitLabClient, type GitLabClientOptions } from '../../../src/gitlab/client';
import type { TokenKind } from '../../../src/gitlab/types';
import type { GitLabTestServer } from './server';

export const GOOD_TOKEN = 'glpat-good-token';

export interface TempDir {
  dir: string;
  /** A new empty folder inside `dir`, one per test, so tests never see each other's files. */
  fresh: () => string;
  cleanup: () => void;
}

export function tempDir(prefix = 'af-gitlab-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let seq = 0;
  return {
    dir,
    fresh: () => {
      const sub = join(dir, `p${seq++}`);
      mkdirSync(sub);
      return sub;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every path under `dir` (relative, POSIX), directories with a trailing slash, symlinks with `@`. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      const p = join(d, n);
      const st = lstatSync(p);
      const rel = relative(dir, p).split('\\').join('/');
      if (st.isSymbolicLink()) out.push(`${rel}@`);
      else if (st.isDirectory()) {
        out.push(`${rel}/`);
        walk(p);
      } else out.push(rel);
    }
  };
  walk(dir);
  return out;
}

export interface TestClient {
  client: GitLabClient;
  sleeps: number[];
  logs: string[];
}

/** A client for the test server; sleeps are recorded, not waited (no timing in tests). */
export function clientFor(
  server: GitLabTestServer,
  token: string | null = GOOD_TOKEN,
  kind: TokenKind = 'private',
  extra: Partial<GitLabClientOptions> = {},
): TestClient {
  const sleeps: number[] = [];
  const logs: string[] = [];
  const client = new GitLabClient({
    instanceUrl: server.url,
    token: { get: () => Promise.resolve(token ?? undefined) },
    tokenKind: kind,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return signal?.aborted ? Promise.reject(new Error('aborted')) : Promise.resolve();
    },
    onLog: (l) => logs.push(l),
    ...extra,
  });
  return { client, sleeps, logs };
}
