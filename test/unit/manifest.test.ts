import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALL_COMMAND_IDS } from '../../src/commands';

void test('package.json commands and the code command ids are the same set', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    contributes: { commands: { command: string }[] };
  };
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(declared, [...ALL_COMMAND_IDS].sort());
});

void test('settings that protect the user are machine-scoped: a repository .vscode/settings.json cannot loosen them', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope?: string; default?: unknown }> } };
  };
  const props = manifest.contributes.configuration.properties;
  const protective = [
    'tokenType',
    'maxExtractSizeMiB',
    'maxExtractEntries',
    'maxDownloadSizeMiB',
    'connectTimeoutSeconds',
    'idleTimeoutSeconds',
  ];
  for (const key of protective) {
    const p = props[`gitlabArtifactFlow.${key}`];
    assert.ok(p, `gitlabArtifactFlow.${key} is declared`);
    assert.ok(
      p.scope === 'machine' || p.scope === 'application',
      `gitlabArtifactFlow.${key} has scope ${String(p.scope)}`,
    );
  }
  assert.deepEqual(
    ['connectTimeoutSeconds', 'idleTimeoutSeconds', 'maxDownloadSizeMiB'].map(
      (k) => props[`gitlabArtifactFlow.${k}`]?.default,
    ),
    [30, 60, 16384],
  );
});

type Walkthrough = {
  id: string;
  steps: { id: string; description: string; media: { image?: string }; completionEvents?: string[] }[];
};
const manifestText = (): string => readFileSync('package.json', 'utf8');

void test('every %key% of package.json has a package.nls.json entry, and every entry is used', () => {
  const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
  const used = new Set([...manifestText().matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!));
  assert.ok(used.size > 40, `only ${used.size} localised strings`);
  assert.deepEqual(
    [...used].filter((k) => typeof nls[k] !== 'string' || nls[k] === ''),
    [],
    'keys without text',
  );
  assert.deepEqual(
    Object.keys(nls).filter((k) => !used.has(k)),
    [],
    'entries nothing refers to',
  );
});

void test('every user-visible manifest string goes through package.nls.json', () => {
  const m = JSON.parse(manifestText()) as {
    displayName: string;
    description: string;
    contributes: {
      commands: { title: string; category: string }[];
      configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> };
      walkthroughs: (Walkthrough & { title: string })[];
    };
  };
  const visible = [
    m.displayName,
    m.description,
    ...m.contributes.commands.flatMap((c) => [c.title, c.category]),
    ...Object.values(m.contributes.configuration.properties).map((p) => p.description ?? p.markdownDescription ?? ''),
    ...m.contributes.walkthroughs.flatMap((w) => [w.title, ...w.steps.flatMap((s) => [s.description])]),
  ];
  assert.deepEqual(
    visible.filter((v) => !/^%[^%]+%$/.test(v)),
    [],
  );
});

void test('the manifest has a real PNG icon, a gallery banner and no placeholder repository URL', () => {
  const m = JSON.parse(manifestText()) as { icon?: string; galleryBanner?: { color?: string }; repository?: unknown };
  assert.equal(m.icon, 'media/icon.png');
  const png = readFileSync(m.icon);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'IHDR width × height');
  assert.match(m.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
  assert.equal(m.repository, undefined);
  assert.doesNotMatch(manifestText(), /example\.invalid/);
});

void test('the walkthrough: an image per step that exists, completion events, and only commands that exist', async () => {
  const { WALKTHROUGH_ID, WalkthroughContext } = await import('../../src/host/onboarding/onboardingKeys');
  const m = JSON.parse(manifestText()) as { contributes: { walkthroughs: Walkthrough[] } };
  const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
  const w = m.contributes.walkthroughs.find((x) => x.id === WALKTHROUGH_ID);
  assert.ok(w, `walkthrough ${WALKTHROUGH_ID}`);
  assert.deepEqual(
    w.steps.map((s) => s.id),
    ['openCiFile', 'openGraph', 'hoverJob', 'pipelineType', 'connect', 'selectPipeline', 'download'],
  );
  const contextKeys = new Set<string>(Object.values(WalkthroughContext));
  for (const s of w.steps) {
    assert.ok(s.media.image && readFileSync(s.media.image).length > 1000, `${s.id}: image ${String(s.media.image)}`);
    assert.ok((s.completionEvents ?? []).length > 0, `${s.id}: completion event`);
    for (const e of s.completionEvents ?? []) {
      if (e.startsWith('onCommand:')) assert.ok(ALL_COMMAND_IDS.includes(e.slice('onCommand:'.length)), e);
      else if (e.startsWith('onContext:')) assert.ok(contextKeys.has(e.slice('onContext:'.length)), e);
      else assert.equal(e, 'onStepSelected');
    }
    const text = nls[s.description.replace(/%/g, '')] ?? '';
    for (const [, id] of text.matchAll(/\(command:(gitlabArtifactFlow\.[A-Za-z]+)/g)) {
      assert.ok(ALL_COMMAND_IDS.includes(id!), `${s.id}: ${id}`);
    }
  }
});
