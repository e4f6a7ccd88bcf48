// Files the host has already sent the worker are not sent again while they are unchanged. At each keystroke the
// worker asks for every file of the configuration (and the project's file list) to check an earlier result, and
// every answer was a copy of the whole text between threads, made on the host's thread: forty-seven files for mesa,
// all but one unchanged. Each side now keeps the last text per session and path; the host compares the text it is
// about to send with the one it sent last, and when they are equal it answers `same` instead.
//
// Exact by construction: `same` is said only after comparing the very texts, and the worker holds what the host
// last sent for that key because messages between the two arrive in order. When the worker no longer holds it (its
// own bound, a session it dropped), it asks again for the whole text (`whole`), so nothing is ever guessed.

/** Paths kept per side (a bound: each holds one file's text; GitLab's include limit is 150 files per pipeline). */
export const MAX_KEPT = 4096;
/**
 * Characters kept per side, all texts together (a bound: the reader allows 1 MiB a file, so the path bound alone
 * would allow gigabytes). Past either bound the least recently sent go; the worker then asks for them whole.
 */
export const MAX_KEPT_CHARS = 32 * 1024 * 1024;

/** A file's text, or the project's file list. */
export type Sent = string | readonly string[];

/** The key of a file (or, with `path` undefined, of the file list) in one session. */
export function sentKey(session: string, path: string | undefined): string {
  return path === undefined ? `${session}\u0000list` : `${session}\u0000read\u0000${path}`;
}

function sameSent(a: Sent | undefined, b: Sent): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Values by key, least recently set first, within MAX_KEPT entries and MAX_KEPT_CHARS characters. */
class Kept<T> {
  private readonly map = new Map<string, { value: T; chars: number }>();
  private chars = 0;

  constructor(private readonly charsOf: (value: T) => number) {}

  get(key: string): T | undefined {
    return this.map.get(key)?.value;
  }

  set(key: string, value: T): void {
    this.delete(key);
    const chars = this.charsOf(value);
    this.map.set(key, { value, chars });
    this.chars += chars;
    while (this.map.size > MAX_KEPT || this.chars > MAX_KEPT_CHARS) this.delete(this.map.keys().next().value ?? '');
  }

  dropSession(session: string): void {
    for (const key of [...this.map.keys()]) if (key.startsWith(`${session}\u0000`)) this.delete(key);
  }

  private delete(key: string): void {
    const old = this.map.get(key);
    if (!old) return;
    this.chars -= old.chars;
    this.map.delete(key);
  }
}

function charsOfSent(value: Sent): number {
  return typeof value === 'string' ? value.length : value.reduce((n, p) => n + p.length, 0);
}

/** The host's side, one per worker (a new worker starts with nothing sent). */
export class SentTexts {
  private readonly sent = new Kept<Sent>(charsOfSent);

  /**
   * Whether `value` is what the worker already holds for `key`; when it is not, it is recorded as sent. `whole`:
   * the worker asked for the whole text, so it is sent (and recorded) whatever was sent before.
   */
  alreadySent(key: string, value: Sent, whole: boolean): boolean {
    if (!whole && sameSent(this.sent.get(key), value)) return true;
    this.sent.set(key, value);
    return false;
  }

  dropSession(session: string): void {
    this.sent.dropSession(session);
  }
}

/** The worker's side: what it received, with the answer's text as the result memo compares it (inputMemo.ts). */
export class ReceivedTexts<A extends { readonly answer: string }> {
  private readonly kept = new Kept<A>((a) => a.answer.length);

  keep(key: string, answer: A): void {
    this.kept.set(key, answer);
  }

  get(key: string): A | undefined {
    return this.kept.get(key);
  }

  dropSession(session: string): void {
    this.kept.dropSession(session);
  }
}
