// Unchanged files are answered `same` instead of being copied to the worker again (src/analysis/sentTexts.ts): the
// host says it only after comparing the very texts, and the worker falls back to asking for the whole text whenever
// it does not hold the one meant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_KEPT, MAX_KEPT_CHARS, SentTexts, sentKey } from '../../../src/analysis/sentTexts';
import { compactReply } from '../../../src/analysis/hostRequests';
import { HostQuestions, type Known } from '../../../src/analysis/hostQuestions';
import type { FromWorker, ToWorker } from '../../../src/analysis/messages';

void test('the host says `same` only for the text it sent last for that session and path', () => {
  const sent = new SentTexts();
  const a = sentKey('s1', 'ci.yml');
  assert.equal(sent.alreadySent(a, 'x: 1\n', false), false, 'never sent: the text goes');
  assert.equal(sent.alreadySent(a, 'x: 1\n', false), true, 'the same text again: same');
  assert.equal(sent.alreadySent(a, 'x: 2\n', false), false, 'an edit: the new text goes');
  assert.equal(sent.alreadySent(a, 'x: 1\n', false), false, 'the earlier text is not what the worker holds now');
  assert.equal(sent.alreadySent(a, 'x: 1\n', true), false, 'asked for whole: sent whatever was sent before');
  assert.equal(sent.alreadySent(sentKey('s2', 'ci.yml'), 'x: 1\n', false), false, 'another session: its own');
  const list = sentKey('s1', undefined);
  assert.notEqual(list, sentKey('s1', 'list'), 'the file list is not a file named "list"');
  assert.equal(sent.alreadySent(list, ['a.yml', 'b.yml'], false), false);
  assert.equal(sent.alreadySent(list, ['a.yml', 'b.yml'], false), true, 'an equal list, item by item');
  assert.equal(sent.alreadySent(list, ['a.yml'], false), false, 'a shorter list');
  sent.dropSession('s1');
  assert.equal(sent.alreadySent(a, 'x: 1\n', false), false, 'a dropped session starts again');
  assert.equal(sent.alreadySent(sentKey('s2', 'ci.yml'), 'x: 1\n', false), true, 'other sessions keep theirs');
});

void test('past its bound the host forgets the oldest path, and sends it whole again', () => {
  const sent = new SentTexts();
  for (let i = 0; i <= MAX_KEPT; i++) sent.alreadySent(sentKey('s', `f${i}.yml`), 'a: 1\n', false);
  assert.equal(sent.alreadySent(sentKey('s', `f${MAX_KEPT}.yml`), 'a: 1\n', false), true);
  assert.equal(sent.alreadySent(sentKey('s', 'f0.yml'), 'a: 1\n', false), false, 'the oldest was dropped');
});

void test('past its character bound the host forgets the oldest texts, however few paths it holds', () => {
  const sent = new SentTexts();
  const big = 'x'.repeat(MAX_KEPT_CHARS / 4);
  for (let i = 0; i < 4; i++) sent.alreadySent(sentKey('s', `f${i}.yml`), big, false);
  assert.equal(sent.alreadySent(sentKey('s', 'f0.yml'), big, false), true, 'four quarters fit');
  sent.alreadySent(sentKey('s', 'g.yml'), 'y', false);
  // One character over: the least recently sent (f0; comparing does not refresh it) went, f1 is kept.
  assert.equal(sent.alreadySent(sentKey('s', 'f1.yml'), big, false), true);
  assert.equal(sent.alreadySent(sentKey('s', 'f0.yml'), big, false), false);
});

void test('replies travel compact: texts and lists as `same`, refusals and errors as they are', () => {
  const sent = new SentTexts();
  const read = { type: 'read', requestId: 1, analysisId: 1, path: 'a.yml' } as const;
  const text: ToWorker = { type: 'readReply', requestId: 1, text: 'a: 1\n' };
  assert.deepEqual(compactReply(sent, 's', read, text), text);
  assert.deepEqual(compactReply(sent, 's', { ...read, requestId: 2 }, { ...text, requestId: 2 }), {
    type: 'readReply',
    requestId: 2,
    same: true,
  });
  assert.deepEqual(
    compactReply(sent, 's', { ...read, requestId: 3, whole: true }, { ...text, requestId: 3 }),
    { ...text, requestId: 3 },
    'asked for the whole text',
  );
  const refused: ToWorker = { type: 'readReply', requestId: 4, refused: { reason: 'outside-project', message: 'no' } };
  assert.deepEqual(compactReply(sent, 's', { ...read, requestId: 4 }, refused), refused);
  const missing: ToWorker = { type: 'readReply', requestId: 5 };
  assert.deepEqual(compactReply(sent, 's', { ...read, requestId: 5 }, missing), missing, 'no file: nothing to keep');
  const list = { type: 'list', requestId: 6, analysisId: 1 } as const;
  const files: ToWorker = { type: 'listReply', requestId: 6, files: ['a.yml'] };
  assert.deepEqual(compactReply(sent, 's', list, files), files);
  assert.deepEqual(compactReply(sent, 's', { ...list, requestId: 7 }, { ...files, requestId: 7 }), {
    type: 'listReply',
    requestId: 7,
    same: true,
  });
  const failed: ToWorker = { type: 'listReply', requestId: 8, error: 'gone' };
  assert.deepEqual(compactReply(sent, 's', { ...list, requestId: 8 }, failed), failed);
});

/** A host that answers from `files` through compactReply, as client.ts does, and records what it was asked. */
function fakeHost(files: Map<string, string>, sent = new SentTexts()) {
  const asked: FromWorker[] = [];
  const questions: HostQuestions = new HostQuestions((m) => {
    asked.push(m);
    if (m.type !== 'read') return;
    const text = files.get(m.path);
    const reply: ToWorker = { type: 'readReply', requestId: m.requestId, ...(text !== undefined ? { text } : {}) };
    queueMicrotask(() =>
      questions.settle(compactReply(sent, 's', m, reply) as Extract<ToWorker, { requestId: number }>),
    );
  });
  return { questions, asked, sent };
}

void test('the worker reads a `same` as the text it kept, with the very answer it recorded', async () => {
  const files = new Map([['a.yml', 'a: 1\n']]);
  const { questions, asked } = fakeHost(files);
  const asker = { id: 1, session: 's' };
  const first: Known = await questions.post(asker, { type: 'read', path: 'a.yml' });
  const second: Known = await questions.post(asker, { type: 'read', path: 'a.yml' });
  assert.equal(second.reply.type === 'readReply' && second.reply.text, 'a: 1\n');
  assert.equal(second.answer, first.answer, 'the answer the result memo compares is the same');
  files.set('a.yml', 'a: 2\n');
  const third = await questions.post(asker, { type: 'read', path: 'a.yml' });
  assert.equal(third.reply.type === 'readReply' && third.reply.text, 'a: 2\n', 'an edit arrives whole');
  assert.notEqual(third.answer, first.answer);
  assert.equal(asked.filter((m) => m.type === 'read' && m.whole).length, 0, 'nothing had to be asked again');
});

void test('a `same` the worker cannot resolve (a dropped session) is asked again for the whole text', async () => {
  const files = new Map([['a.yml', 'a: 1\n']]);
  const { questions, asked } = fakeHost(files);
  const asker = { id: 1, session: 's' };
  await questions.post(asker, { type: 'read', path: 'a.yml' });
  questions.dropSession('s');
  const again = await questions.post(asker, { type: 'read', path: 'a.yml' });
  assert.equal(again.reply.type === 'readReply' && again.reply.text, 'a: 1\n');
  assert.deepEqual(
    asked.map((m) => (m.type === 'read' ? `${m.path}${m.whole ? ' whole' : ''}` : m.type)),
    ['a.yml', 'a.yml', 'a.yml whole'],
  );
});
