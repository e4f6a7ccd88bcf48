// A scratch folder for the zip extraction tests: archives written to disk, fresh extraction targets inside it, and
// the check that an extraction fails with an ArtifactError. Registers its own before/after hooks.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError } from '../../src/gitlab/errors';
import { buildZip, type ZipEntrySpec } from './fakeGitLab/zips';
import { tempDir } from './fakeGitLab/helpers';

export interface ZipScratch {
  /** The scratch folder (valid once the tests run). */
  dir: () => string;
  /** A fresh name inside the scratch folder. */
  name: (prefix: string) => string;
  /** The archive built from `entries` (its bytes optionally patched), written to a new file. */
  zipFile: (entries: readonly ZipEntrySpec[], patch?: (b: Buffer) => Buffer) => Promise<string>;
  /** A new empty parent folder and the not-yet-existing target inside it. */
  freshTarget: () => { parent: string; target: string };
}

export function zipScratch(prefix: string): ZipScratch {
  let root: { dir: string; cleanup: () => void } | undefined;
  let seq = 0;
  before(() => {
    root = tempDir(prefix);
  });
  after(() => root?.cleanup());
  const dir = (): string => {
    assert.ok(root, 'the scratch folder exists once the tests run');
    return root.dir;
  };
  const name = (p: string): string => join(dir(), `${p}${seq++}`);
  return {
    dir,
    name,
    zipFile: async (entries, patch) => {
      let buf = await buildZip(entries);
      if (patch) buf = patch(buf);
      const f = `${name('a')}.zip`;
      writeFileSync(f, buf);
      return f;
    },
    freshTarget: () => {
      const parent = name('t');
      mkdirSync(parent);
      return { parent, target: join(parent, 'out') };
    },
  };
}

/** The ArtifactError `p` fails with; the test fails when `p` succeeds or fails otherwise. */
export async function artifactFailure(p: Promise<unknown>, expected: string): Promise<ArtifactError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ArtifactError, `expected ArtifactError, got ${String(e)}`);
    return e;
  }
  assert.fail(expected);
}
