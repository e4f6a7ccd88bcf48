// The loader where it differed from GitLab's (docs/mutation.md, "rules and yaml", found 4 and 6 to 10): what Psych
// builds is the truth. Expected values: Ruby's Psych, `YAML.safe_load(text, permitted_classes: [Symbol],
// permitted_symbols: [], aliases: true)` as Gitlab::Config::Loader::Yaml calls it, run for each row (Ruby 3.1,
// Psych 4.0.3; where Psych 5, which GitLab runs, differs, the row says so and follows Psych 5). Each expected value
// is Ruby's `inspect` of the result, written here as JSON in the same key order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import type { YMap } from '../../../../src/ci/yaml/node';
import { toPlain } from '../../../../src/ci/yaml/node';
import { run } from '../helpers';

interface Loaded {
  root: YMap | undefined;
  found: string[];
}

function load(text: string): Loaded {
  const sink = new DiagnosticSink();
  const r = loadYaml(text, 'f.yml', sink);
  return { root: r.root, found: sink.items.map((d) => `${d.severity} ${d.code}: ${d.message}`) };
}

/** The loaded file as JSON text in its key order; the file must load without a finding. */
function loaded(text: string): string {
  const r = load(text);
  assert.deepEqual(r.found, [], text);
  assert.ok(r.root, text);
  return JSON.stringify(toPlain(r.root));
}

async function findings(yaml: string): Promise<string[]> {
  const m = await run(yaml);
  return m.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);
}

void test('`<<` with what Psych cannot merge is the ordinary key `<<`, with no error (found 9)', () => {
  // revive_hash: Hash#merge! raises TypeError for anything but a Hash; Psych rescues it and keeps `hash["<<"] = val`.
  const cases: [string, unknown][] = [
    ['a: 1\n<<: 5\nb: 2\n', { a: 1, '<<': 5, b: 2 }], // {"a"=>1, "<<"=>5, "b"=>2}
    ['<<: [5]\nb: 2\n', { '<<': [5], b: 2 }], // {"<<"=>[5], "b"=>2}
    ['<<: "s"\n', { '<<': 's' }], // {"<<"=>"s"}
    ['<<:\nb: 1\n', { '<<': null, b: 1 }], // {"<<"=>nil, "b"=>1}
    ['? <<\nb: 1\n', { '<<': null, b: 1 }], // {"<<"=>nil, "b"=>1}
    // A list holding anything but mappings: nothing of it is merged, the whole list is the value.
    ['<<: [{a: 1}, 5]\n', { '<<': [{ a: 1 }, 5] }], // {"<<"=>[{"a"=>1}, 5]}
    ['<<: [5, {a: 1}]\n', { '<<': [5, { a: 1 }] }], // {"<<"=>[5, {"a"=>1}]}
    // An alias is merged only when it names a mapping: an alias to a list of mappings is not.
    ['x: &l [{a: 1}]\ny:\n  <<: *l\n  b: 2\n', { x: [{ a: 1 }], y: { '<<': [{ a: 1 }], b: 2 } }],
    ['x: &s 5\ny:\n  <<: *s\n  b: 2\n', { x: 5, y: { '<<': 5, b: 2 } }], // {"x"=>5, "y"=>{"<<"=>5, "b"=>2}}
    // Empty ones merge nothing and leave no key.
    ['<<: []\nb: 1\n', { b: 1 }], // {"b"=>1}
    ['<<: {}\nb: 1\n', { b: 1 }], // {"b"=>1}
    // Still merged: a list of mappings (earlier ones win), and a later `<<` after an unmerged one.
    ['x: &m {a: 1}\ny:\n  <<: [*m, {a: 2, c: 3}]\n  b: 4\n', { x: { a: 1 }, y: { a: 1, c: 3, b: 4 } }],
    ['x: &m {a: 1}\ny:\n  b: 0\n  <<: 5\n  <<: *m\n', { x: { a: 1 }, y: { b: 0, '<<': 5, a: 1 } }],
  ];
  for (const [text, want] of cases) assert.equal(loaded(text), JSON.stringify(want), text);
});

void test('an unmerged `<<` is then what GitLab makes of a key `<<`: unknown in a job, a valid variable', async () => {
  // Entry::Job: "jobs:build config contains unknown keys: <<"; variables take any key; at the root `<<` is a job.
  assert.deepEqual(await findings('build:\n  script: x\n  <<: 5\n'), [
    'error job-keys: jobs:build config contains unknown keys: <<',
  ]);
  assert.deepEqual(await findings('variables:\n  <<: 5\nbuild:\n  script: x\n'), []);
  assert.deepEqual(await findings('<<: 5\nbuild:\n  script: x\n'), [
    'error job-type: jobs << config should implement the script:, run:, or trigger: keyword',
  ]);
});
