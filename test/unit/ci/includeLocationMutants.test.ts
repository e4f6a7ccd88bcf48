// Survivors of src/ci/include/locationText.ts and rubyInspect.ts (docs/mutation.md, "rules: clause shapes, include
// locations"): ActiveSupport's `present?` (rubyText.ts, shared with the job checks), Ruby's File.basename and Hash#inspect (answers checked with Ruby 3.1),
// and the error of a blank or non-String include location (external/file/base.rb validate_location!,
// external/mapper/matcher.rb).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { locationProblem, noValidSubkey, rubyBasename, rubyLocationText } from '../../../src/ci/include/locationText';
import { isBlank, rubyString } from '../../../src/ci/jobs/rubyText';
import { inspectKey, rubyInspect } from '../../../src/ci/include/rubyInspect';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import type { YMap, YNode } from '../../../src/ci/yaml/node';
import { run } from './helpers';

function root(text: string): YMap {
  const r = loadYaml(text, 'n.yml', new DiagnosticSink()).root;
  assert.ok(r, text);
  return r;
}
/** A node from YAML text (`v: <text>`). */
function node(text: string): YNode {
  const n = root(`v: ${text}\n`).entries[0]?.value;
  assert.ok(n, text);
  return n;
}

void test('isBlank is ActiveSupport blank? (a location is present? when not blank): nil, false, a blank String, [] and {}', () => {
  for (const t of ['null', 'false', '""', "'  '", "' \t'", '[]', '{}']) assert.equal(isBlank(node(t)), true, t);
  for (const t of ['x', "' x '", '0', 'true', '1.5', '[a]', '{a: 1}', '[null]', ':sym']) {
    assert.equal(isBlank(node(t)), false, t);
  }
});

void test('rubyString: only a String (not a Symbol, number, boolean, nil or collection)', () => {
  assert.equal(rubyString(node('x')), 'x');
  for (const t of [':x', '1', 'true', 'null', '[x]', '{x: 1}']) assert.equal(rubyString(node(t)), undefined, t);
});

void test("rubyBasename is Ruby's File.basename", () => {
  // ruby -e 'p File.basename("a/b//"), File.basename("///"), File.basename(""), File.basename("a/")'
  assert.equal(rubyBasename('a/b//'), 'b');
  assert.equal(rubyBasename('a/b/'), 'b');
  assert.equal(rubyBasename('a/'), 'a');
  assert.equal(rubyBasename('a/b.yml'), 'b.yml');
  assert.equal(rubyBasename('///'), '/');
  assert.equal(rubyBasename('/'), '/');
  assert.equal(rubyBasename(''), '');
});

void test('rubyLocationText: to_s of a scalar, inspect of a collection, nil is ""', () => {
  assert.equal(rubyLocationText(node('null')), '');
  assert.equal(rubyLocationText(node('1.0')), '1.0');
  assert.equal(rubyLocationText(node('[a, 1]')), '["a", 1]');
});

void test('locationProblem: a blank location matches no file class, except project (its file key is checked)', () => {
  assert.equal(locationProblem('project', node('""'), '', { project: '' }), undefined);
  assert.equal(locationProblem('project', node('null'), '', { project: null }), undefined);
  assert.equal(locationProblem('remote', node('" "'), ' ', { remote: ' ' }), noValidSubkey({ remote: ' ' }));
  assert.equal(locationProblem('local', node('"/"'), '/', { local: '/' }), noValidSubkey({ local: '/' }));
});

void test('locationProblem: local and project take to_s of any value; the others need a String', () => {
  assert.equal(locationProblem('local', node('1'), '1', { local: 1 }), undefined);
  assert.equal(locationProblem('local', node(':a'), 'a', { local: 'a' }), undefined);
  assert.equal(locationProblem('project', node('1'), '1', { project: 1 }), undefined);
  assert.equal(locationProblem('remote', node('1'), '1', { remote: 1 }), 'Included file `1` needs to be a string');
  assert.equal(
    locationProblem('template', node('[a]'), '["a"]', { template: ['a'] }),
    'Included file `["a"]` needs to be a string',
  );
  assert.equal(locationProblem('remote', node('https://x/a.yml'), 'https://x/a.yml', {}), undefined);
});

void test('a `!reference` as an include location is a tag object: Object#to_s and #inspect, its address unknown', async () => {
  // The includes are read before the tags are resolved (External::Processor, then Yaml::Tags::Resolver), so the
  // location is a Tags::Reference, which defines neither to_s nor inspect (tags/base.rb): Ruby names the class and
  // the object's address (`#<…Reference:0x000055d5c0a8f2a0>`), which no configuration decides: `0x…` here.
  const ref = '#<Gitlab::Ci::Config::Yaml::Tags::Reference:0x…>';
  assert.equal(rubyLocationText(node('!reference [a, b]')), ref);
  assert.equal(rubyInspect(node('[!reference [a, b]]')), '[#<Gitlab::Ci::Config::Yaml::Tags::Reference:0x… …>]');
  const verdict = async (include: string): Promise<string | undefined> =>
    (await run({ '.gitlab-ci.yml': `include: [${include}]\nj: {script: x}\n` })).pipeline.message;
  // Local (and Project's file) take its to_s, which is present and has no YAML extension; Remote and Template
  // want a String (base.rb validate_location!).
  assert.equal(await verdict('{local: !reference [a, b]}'), `Included file \`${ref}\` does not have YAML extension!`);
  assert.equal(
    await verdict('{project: g/p, file: !reference [a, b]}'),
    `Included file \`${ref}\` does not have YAML extension!`,
  );
  assert.equal(await verdict('{remote: !reference [a, b]}'), `Included file \`${ref}\` needs to be a string`);
  assert.equal(await verdict('{template: !reference [a, b]}'), `Included file \`${ref}\` needs to be a string`);
});

void test('rubyInspect: a nil Hash key is written nil (ruby -e "p({nil=>1})")', () => {
  const m = node('{~: 1, true: 2, 3: x}');
  assert.ok(m.kind === 'map');
  assert.equal(rubyInspect(m), '{nil=>1, true=>2, 3=>"x"}');
  assert.equal(inspectKey(m.entries[0]!), 'nil');
});
