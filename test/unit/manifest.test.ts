import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALL_COMMAND_IDS } from '../../src/commands';

test('package.json commands and the code command ids are the same set', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { commands: { command: string }[] } };
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(declared, [...ALL_COMMAND_IDS].sort());
});

test('settings that protect the user are machine-scoped: a repository .vscode/settings.json cannot loosen them', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { configuration: { properties: Record<string, { scope?: string; default?: unknown }> } } };
  const props = manifest.contributes.configuration.properties;
  const protective = ['tokenType', 'maxExtractSizeMiB', 'maxExtractEntries', 'maxDownloadSizeMiB', 'connectTimeoutSeconds', 'idleTimeoutSeconds'];
  for (const key of protective) {
    const p = props[`gitlabArtifactFlow.${key}`];
    assert.ok(p, `gitlabArtifactFlow.${key} is declared`);
    assert.ok(p.scope === 'machine' || p.scope === 'application', `gitlabArtifactFlow.${key} has scope ${String(p.scope)}`);
  }
  assert.deepEqual(['connectTimeoutSeconds', 'idleTimeoutSeconds', 'maxDownloadSizeMiB'].map((k) => props[`gitlabArtifactFlow.${k}`]?.default), [30, 60, 16384]);
});
