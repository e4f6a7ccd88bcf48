// The settings table (src/host/settingsSchema.ts) is the manifest's `contributes.configuration`, key by key, and
// resolveSettings validates what a settings file may hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolveSettings, SETTINGS_SCHEMA, SETTINGS_SECTION, type SettingKey } from '../../../src/host/settingsSchema';
import { normalizeInstanceUrl } from '../../../src/gitlab/remote';

type Prop = { type: string; default: unknown; minimum?: number; maximum?: number; enum?: string[]; scope?: string };

void test('every setting has one definition: the table equals package.json (type, default, bounds, enum, scope)', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Prop> } };
  };
  const props = manifest.contributes.configuration.properties;
  assert.deepEqual(
    Object.keys(props).sort(),
    Object.keys(SETTINGS_SCHEMA)
      .map((k) => `${SETTINGS_SECTION}.${k}`)
      .sort(),
  );
  for (const [key, spec] of Object.entries(SETTINGS_SCHEMA)) {
    const p = props[`${SETTINGS_SECTION}.${key}`]!;
    const pick = (o: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(
        ['type', 'default', 'minimum', 'maximum', 'enum', 'scope']
          .filter((f) => o[f] !== undefined)
          .map((f) => [f, o[f]]),
      );
    assert.deepEqual(
      pick(p as unknown as Record<string, unknown>),
      pick(spec as unknown as Record<string, unknown>),
      key,
    );
  }
});

void test('unset settings resolve to the manifest defaults, in the units the code uses', () => {
  const s = resolveSettings(() => undefined);
  assert.deepEqual(s, {
    instanceUrl: undefined,
    projectPath: undefined,
    tokenKind: 'private',
    artifactsFolder: '.gitlab-artifacts',
    askWhereToDownload: false,
    maxExtractBytes: 4096 * 1024 * 1024,
    maxExtractEntries: 100_000,
    maxDownloadBytes: 16_384 * 1024 * 1024,
    connectTimeoutMs: 30_000,
    idleTimeoutMs: 60_000,
    analysisTimeMs: 10_000,
    analysisMemoryMiB: 1024,
    includeRefreshMs: 10 * 60_000,
  });
});

void test('malformed values fall back to the default and numbers are clamped to the manifest bounds', () => {
  const raw: Partial<Record<SettingKey, unknown>> = {
    connectTimeoutSeconds: 0,
    idleTimeoutSeconds: 1e9,
    analysisMemoryLimitMiB: 'lots',
    maxExtractEntries: 2.7,
    tokenType: 'oauth',
    artifactsFolder: '   ',
    askWhereToDownload: 'yes',
  };
  const s = resolveSettings((k) => raw[k]);
  assert.equal(s.connectTimeoutMs, 1000);
  assert.equal(s.idleTimeoutMs, 3600 * 1000);
  assert.equal(s.analysisMemoryMiB, 1024);
  assert.equal(s.maxExtractEntries, 2);
  assert.equal(s.tokenKind, 'oauth');
  assert.equal(s.artifactsFolder, '.gitlab-artifacts');
  assert.equal(s.askWhereToDownload, false, 'only a real boolean turns it on');
});

void test('the token is stored and found under one instance key: the setting normalised like the target (was: trimmed only)', () => {
  for (const written of ['gitlab.example.com', ' https://gitlab.example.com/ ', 'HTTPS://gitlab.example.com']) {
    const s = resolveSettings((k) => (k === 'instanceUrl' ? written : undefined));
    assert.equal(s.instanceUrl, 'https://gitlab.example.com', written);
    assert.equal(s.instanceUrl, normalizeInstanceUrl(written), 'what target() uses for the same setting');
  }
  assert.equal(
    resolveSettings((k) => (k === 'projectPath' ? ' /group/sub/project/ ' : undefined)).projectPath,
    'group/sub/project',
  );
});
