import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALL_COMMAND_IDS } from '../../src/commands';

test('package.json commands and the code command ids are the same set', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { commands: { command: string }[] } };
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(declared, [...ALL_COMMAND_IDS].sort());
});
