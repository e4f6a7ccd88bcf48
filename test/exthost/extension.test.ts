// Extension-host API tests: the real `vscode` API, the extension loaded from the repo (extensionDevelopmentPath).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ALL_COMMAND_IDS, Commands } from '../../src/commands';
import { test } from './runner';

const EXTENSION_ID = 'artifact-flow.gitlab-artifact-flow';

void test('the extension is present and activates', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  await ext.activate();
  assert.equal(ext.isActive, true);
});

void test('every command in commands.ts is registered', async () => {
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = ALL_COMMAND_IDS.filter((id) => !registered.has(id));
  assert.deepEqual(missing, []);
});

void test('openGraph opens the pipeline graph webview tab', async () => {
  await vscode.commands.executeCommand(Commands.openGraph);
  const deadline = Date.now() + 20_000;
  const isGraph = (t: vscode.Tab): boolean =>
    t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gitlabArtifactFlow.graph');
  while (!vscode.window.tabGroups.all.some((g) => g.tabs.some(isGraph))) {
    if (Date.now() > deadline) {
      throw new Error(
        `no graph tab; tabs: ${JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find(isGraph);
  assert.match(tab?.label ?? '', /^Pipeline/);
});
