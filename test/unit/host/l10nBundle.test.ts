// The runtime strings' bundle (l10n/bundle.l10n.json, made by `npm run l10n`) stays current with the code (the
// extension host's `vscode.l10n.t` and the graph webview's `@vscode/l10n` calls), every `l10n.t(...)` is a literal
// message with `{0}`-style placeholders (a translator gets whole sentences, never pieces glued together), and the
// bundle is declared in package.json and shipped in the .vsix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { getL10nJson } from '@vscode/l10n-dev';

const BUNDLE = 'l10n/bundle.l10n.json';
/** A bound on the walk: far above the project's size, so a runaway symlink or a copied tree cannot hang the test. */
const MAX_SOURCE_FILES = 5000;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    assert.ok(out.length <= MAX_SOURCE_FILES, `more than ${MAX_SOURCE_FILES} source files under ${dir}`);
  }
  return out;
}

interface Call {
  where: string;
  /** The message when the first argument is a literal; undefined otherwise. */
  message: string | undefined;
  /** How many values follow the message. */
  args: number;
  /** Run when the module loads (outside every function): in the webview, before the bundle is configured. */
  atLoad: boolean;
}

function insideFunction(node: ts.Node): boolean {
  for (let p = node.parent; p !== undefined; p = p.parent) if (ts.isFunctionLike(p)) return true;
  return false;
}

/** Every `l10n.t(...)` / `vscode.l10n.t(...)` call of a file. */
function l10nCalls(file: string, text: string): Call[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const calls: Call[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 't' &&
      /(^|\.)l10n$/.test(node.expression.expression.getText(sf))
    ) {
      const first = node.arguments[0];
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      const where = `${file}:${line + 1}`;
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
        calls.push({ where, message: first.text, args: node.arguments.length - 1, atLoad: !insideFunction(node) });
      } else if (first && ts.isObjectLiteralExpression(first)) {
        // The options form: { message, args, comment }.
        let message: string | undefined;
        let args = 0;
        for (const p of first.properties) {
          if (!ts.isPropertyAssignment(p)) continue;
          const key = p.name.getText(sf);
          if (
            key === 'message' &&
            (ts.isStringLiteral(p.initializer) || ts.isNoSubstitutionTemplateLiteral(p.initializer))
          ) {
            message = p.initializer.text;
          }
          if (key === 'args' && ts.isArrayLiteralExpression(p.initializer)) args = p.initializer.elements.length;
        }
        calls.push({ where, message, args, atLoad: !insideFunction(node) });
      } else {
        calls.push({ where, message: undefined, args: node.arguments.length - 1, atLoad: !insideFunction(node) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return calls;
}

/** The folders `npm run l10n` exports: the extension host's and the webview's. */
const ROOTS = ['src', 'webview'] as const;
const files = ROOTS.flatMap((r) => sourceFiles(r)).sort();
const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
const calls = files.flatMap((f) => l10nCalls(f, texts.get(f)!));
const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8')) as Record<string, string | { message: string }>;

void test('the extension host and the webview have localised strings, and only they (the core stays free of l10n)', () => {
  const host = calls.filter((c) => /^src[\\/](host[\\/]|extension\.ts)/.test(c.where));
  const webview = calls.filter((c) => /^webview[\\/]/.test(c.where));
  assert.ok(host.length > 80, `only ${host.length} l10n.t calls in the host`);
  assert.ok(webview.length > 150, `only ${webview.length} l10n.t calls in the webview`);
  assert.deepEqual(
    calls.filter((c) => !host.includes(c) && !webview.includes(c)).map((c) => c.where),
    [],
  );
  // The layout is pure: it names its columns in data (kind, depth) and columnLabel.ts translates them when drawn.
  assert.deepEqual(
    webview.filter((c) => /[\\/]layout[^\\/]*\.ts:/.test(c.where)).map((c) => c.where),
    [],
  );
});

void test("the webview's strings come from @vscode/l10n (never vscode), imported in each file that uses them", () => {
  const wrong: string[] = [];
  for (const f of files.filter((f) => f.startsWith('webview'))) {
    const text = texts.get(f)!;
    if (/from 'vscode'/.test(text)) wrong.push(`${f}: imports vscode`);
    const uses = calls.some((c) => c.where.startsWith(`${f}:`));
    // The exporter finds l10n.t only where the file itself imports @vscode/l10n: a re-export would hide the strings.
    if (uses && !text.includes("import * as l10n from '@vscode/l10n';")) wrong.push(`${f}: no @vscode/l10n import`);
  }
  // A string looked up as the module loads would miss the bundle, which main.ts configures only after that.
  for (const c of calls) if (c.where.startsWith('webview') && c.atLoad) wrong.push(`${c.where}: l10n.t at load time`);
  assert.deepEqual(wrong, []);
});

void test('every l10n.t message is one literal: no concatenation, no template with ${...}, no variable', () => {
  assert.deepEqual(
    calls.filter((c) => c.message === undefined).map((c) => c.where),
    [],
    'use l10n.t("... {0} ...", value) instead',
  );
});

void test('placeholders {0}…{n-1} match the values passed, each used', () => {
  const wrong: string[] = [];
  for (const c of calls) {
    if (c.message === undefined) continue;
    const used = new Set([...c.message.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])));
    const expected = new Set(Array.from({ length: c.args }, (_, i) => i));
    if (used.size !== expected.size || [...used].some((i) => !expected.has(i))) {
      wrong.push(`${c.where}: ${JSON.stringify(c.message)} with ${c.args} value(s)`);
    }
  }
  assert.deepEqual(wrong, []);
});

void test(`${BUNDLE} holds every l10n.t string of src/ and webview/ and nothing else (run \`npm run l10n\`)`, () => {
  const inCode = new Set(calls.map((c) => c.message).filter((m): m is string => m !== undefined));
  const inBundle = new Set(Object.keys(bundle));
  assert.deepEqual(
    [...inCode].filter((m) => !inBundle.has(m)),
    [],
    `missing from ${BUNDLE}: run \`npm run l10n\`. Still missing after it? The exporter only sees vscode.l10n.t(...) ` +
      `(or l10n.t with l10n imported from 'vscode' or '@vscode/l10n') in a file that imports it: a translator ` +
      `passed into a pure module is never exported, so its strings can never be translated`,
  );
  assert.deepEqual(
    [...inBundle].filter((m) => !inCode.has(m)),
    [],
    `stale in ${BUNDLE}: run \`npm run l10n\``,
  );
  for (const [key, value] of Object.entries(bundle)) {
    assert.equal(typeof value === 'string' ? value : value.message, key, 'the English bundle maps a string to itself');
  }
});

void test(`${BUNDLE} is exactly what \`npm run l10n\` (@vscode/l10n-dev export) makes of src/ and webview/`, async () => {
  const exported = await getL10nJson(
    files.map((f) => ({ extension: f.endsWith('.tsx') ? '.tsx' : '.ts', contents: texts.get(f)! })),
  );
  assert.deepEqual(JSON.parse(JSON.stringify(exported)), bundle);
});

void test('package.json names the l10n folder and .vscodeignore ships the bundle', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    l10n?: string;
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  assert.equal(manifest.l10n, './l10n');
  assert.match(manifest.scripts.l10n ?? '', /vscode-l10n-dev export --outDir \.\/l10n \.\/src \.\/webview$/);
  assert.ok(manifest.devDependencies['@vscode/l10n-dev'], '@vscode/l10n-dev is a devDependency');
  // Bundled into dist/webview.js by esbuild, but a runtime dependency of the shipped code all the same.
  assert.ok(manifest.dependencies['@vscode/l10n'], '@vscode/l10n is a dependency');
  const ignore = readFileSync('.vscodeignore', 'utf8')
    .split('\n')
    .map((l) => l.trim());
  assert.ok(
    ignore.includes('!l10n/**') || ignore.includes(`!${BUNDLE}`),
    '.vscodeignore re-includes the l10n bundle (it starts by ignoring everything)',
  );
});
