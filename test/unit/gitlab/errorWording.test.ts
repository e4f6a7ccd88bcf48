// How failures are sorted and worded: the kind decides what the user is offered (retry, pick another folder, raise a
// cap), so a disk error must never read as a damaged archive, nor a cancel as a failure. Also the client's small
// HTTP helpers whose edge cases no server test reaches: array query parameters and a sleep that is cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArtifactError } from '../../../src/gitlab/errors';
import { entryError, ioError, overLimitError, throwIfAborted } from '../../../src/gitlab/extractErrors';
import { buildQuery, defaultSleep } from '../../../src/gitlab/http';

function errno(code: string, message = `${code}: injected`): NodeJS.ErrnoException {
  const e = new Error(message) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

void test('ioError: disk full, no permission, cancelled, anything else; our own errors pass unchanged', () => {
  for (const code of ['ENOSPC', 'EDQUOT']) {
    const e = ioError(errno(code), 'mkdir /x');
    assert.equal(e.kind, 'diskFull', code);
    assert.equal(e.message, 'Not enough disk space to extract the artifacts. Nothing was kept.');
    assert.equal(e.detail, `mkdir /x: ${code}: injected`);
  }
  for (const code of ['EACCES', 'EPERM', 'EROFS']) {
    const e = ioError(errno(code), 'rename');
    assert.equal(e.kind, 'io', code);
    assert.equal(e.message, `Cannot write the artifacts there (${code}). Pick another folder.`);
  }
  const abort = new Error('The operation was aborted');
  abort.name = 'AbortError';
  assert.equal(ioError(abort, 'extract').kind, 'cancelled');
  assert.equal(ioError(errno('ABORT_ERR'), 'extract').detail, 'extract: cancelled');
  const other = ioError(errno('EIO', 'EIO: i/o error'), 'write a');
  assert.equal(other.kind, 'io');
  assert.equal(other.message, 'Could not write the artifacts: EIO: i/o error');
  assert.equal(ioError('a string', 'w').message, 'Could not write the artifacts: a string');
  const ours = new ArtifactError('limits', 'too big', 'd');
  assert.equal(ioError(ours, 'anywhere'), ours);
});

void test('entryError: errno codes are the disk, other codes (zlib, ERR_*) the archive, a set signal is a cancel', () => {
  assert.equal(entryError(errno('ENOSPC'), 'a', 'a', undefined).kind, 'diskFull');
  const wrote = entryError(errno('EACCES'), 'dir/a\u0007', 'dir/a', undefined);
  assert.equal(wrote.kind, 'io');
  assert.equal(wrote.detail, 'writing dir/a: EACCES: injected');
  // zlib's errors carry codes like Z_DATA_ERROR; Node's own carry ERR_…: neither is the disk.
  for (const code of ['Z_DATA_ERROR', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_OUT_OF_RANGE']) {
    const e = entryError(errno(code, 'invalid stored block lengths'), 'x.bin', 'x.bin', undefined);
    assert.equal(e.kind, 'corrupt', code);
    assert.equal(e.message, 'The zip archive is damaged or lies about its sizes.');
    assert.equal(e.detail, 'x.bin: invalid stored block lengths');
  }
  assert.equal(entryError(new Error('no code'), 'x', 'x', undefined).kind, 'corrupt');
  const ours = new ArtifactError('refused', 'no', 'd');
  assert.equal(entryError(ours, 'x', 'x', undefined), ours);
  const ac = new AbortController();
  ac.abort();
  assert.equal(entryError(errno('ENOSPC'), 'x', 'x', ac.signal).kind, 'cancelled', 'the cancel wins over the error');
});

void test('overLimitError names the limit and the entry; throwIfAborted throws only once aborted', () => {
  const e = overLimitError('huge\u0000.bin', 1024 * 1024);
  assert.equal(e.kind, 'limits');
  assert.equal(e.message, 'The archive unpacks to more than 1 MiB. Nothing was kept.');
  assert.match(e.detail, /^actual uncompressed bytes exceeded 1048576 at huge.*\.bin$/);
  assert.ok(!e.detail.includes('\u0000'), 'the NUL is not printed');
  throwIfAborted(undefined);
  const ac = new AbortController();
  throwIfAborted(ac.signal);
  ac.abort();
  assert.throws(
    () => throwIfAborted(ac.signal),
    (x: unknown) => x instanceof ArtifactError && x.kind === 'cancelled',
  );
});

void test('buildQuery: arrays as key[]=, undefined left out, everything encoded, nothing at all gives ""', () => {
  assert.equal(buildQuery(undefined), '');
  assert.equal(buildQuery({}), '');
  assert.equal(buildQuery({ a: undefined }), '');
  assert.equal(
    buildQuery({ scope: ['failed', 'success'], ref: 'feat/ü&x', per_page: 100, all: true, skip: undefined }),
    '?scope[]=failed&scope[]=success&ref=feat%2F%C3%BC%26x&per_page=100&all=true',
  );
  assert.equal(buildQuery({ scope: [] }), '');
});

void test('defaultSleep: an aborted signal rejects at once, an abort while sleeping rejects, zero resolves', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(defaultSleep(60_000, ac.signal), { name: 'AbortError' });
  const later = new AbortController();
  const sleeping = defaultSleep(60_000, later.signal);
  later.abort();
  await assert.rejects(sleeping, { name: 'AbortError', message: 'The operation was aborted' });
  const quiet = new AbortController();
  await defaultSleep(0, quiet.signal);
  await defaultSleep(0);
  // Once the sleep is over its abort listener is gone: aborting afterwards is harmless.
  quiet.abort();
});
