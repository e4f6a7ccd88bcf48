// The shape of the product code (src/ and webview/), checked rather than hoped for: small files, short
// functions, no import cycles, and layers that only point one way (the core and the webview never reach the
// host). Read with the TypeScript compiler's parser, so comments and strings never fool it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../support/paths';

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'webview'))].sort();
const rel = (p: string): string => relative(ROOT, p).split('\\').join('/');
const parsed = new Map(
  files.map((f) => [f, ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true)]),
);

/** Relative imports of a file, resolved to the .ts files they name. */
function importsOf(file: string): string[] {
  const sf = parsed.get(file)!;
  const out: string[] = [];
  const add = (spec: string): void => {
    if (!spec.startsWith('.')) return;
    const base = resolve(dirname(file), spec);
    for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
      if (parsed.has(candidate)) {
        out.push(candidate);
        return;
      }
    }
    if (!existsSync(base)) assert.fail(`${rel(file)} imports ${spec}, which does not resolve`);
  };
  for (const st of sf.statements) {
    if (
      (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) &&
      st.moduleSpecifier &&
      ts.isStringLiteral(st.moduleSpecifier)
    ) {
      add(st.moduleSpecifier.text);
    }
  }
  return out;
}

void test(`no product file is longer than ${MAX_FILE_LINES} lines`, () => {
  const long = files
    .map((f) => ({ f: rel(f), n: readFileSync(f, 'utf8').split('\n').length }))
    .filter((x) => x.n > MAX_FILE_LINES);
  assert.deepEqual(long, []);
});

void test(`no function is longer than ${MAX_FUNCTION_LINES} lines`, () => {
  const long: string[] = [];
  for (const [file, sf] of parsed) {
    const visit = (node: ts.Node): void => {
      if (
        (ts.isFunctionDeclaration(node) ||
          ts.isMethodDeclaration(node) ||
          ts.isArrowFunction(node) ||
          ts.isFunctionExpression(node) ||
          ts.isConstructorDeclaration(node) ||
          ts.isGetAccessor(node)) &&
        node.body
      ) {
        const start = sf.getLineAndCharacterOfPosition(node.body.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.body.getEnd()).line;
        if (end - start + 1 > MAX_FUNCTION_LINES) {
          const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
          long.push(`${rel(file)}:${start + 1} ${name}: ${end - start + 1} lines`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  assert.deepEqual(long, []);
});

void test('the import graph has no cycle', () => {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const walk = (f: string, path: string[]): void => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      cycles.push([...path.slice(path.indexOf(f)), f].map(rel).join(' → '));
      return;
    }
    state.set(f, 'open');
    for (const g of graph.get(f) ?? []) walk(g, [...path, f]);
    state.set(f, 'done');
  };
  for (const f of files) walk(f, []);
  assert.deepEqual(cycles, []);
});

void test('layers point one way: the core, the worker and the webview never import the host or the extension', () => {
  const pure = (f: string): boolean => !/^src\/(host\/|extension\.ts|cli\/)/.test(rel(f));
  const wrong: string[] = [];
  for (const f of files.filter(pure)) {
    for (const g of importsOf(f)) if (/^src\/(host\/|extension\.ts)/.test(rel(g))) wrong.push(`${rel(f)} → ${rel(g)}`);
  }
  assert.deepEqual(wrong, []);
});
