// What the host answers when the worker asks: a file, the project's file list, or an external include. Failures
// travel as data (an error message, a reader's refusal, a fetch outcome), so the worker never waits forever.
import { isReadRefused, type FileReader } from '../ci/fileReader';
import type { FetchOutcome, IncludeFetcher } from '../ci/include/fetcher';
import type { FromWorker, ToWorker } from './messages';
import { sentKey, type SentTexts } from './sentTexts';

type ReadRequest = Extract<FromWorker, { type: 'read' | 'list' }>;
type FetchRequest = Extract<FromWorker, { type: 'fetch' }>;

/** The reply to a read or list request (a refusal keeps its reason: the engine reports it where included). */
export async function answerRead(reader: FileReader, m: ReadRequest): Promise<ToWorker> {
  try {
    if (m.type === 'read') {
      const text = await reader.read(m.path);
      return text === undefined
        ? { type: 'readReply', requestId: m.requestId }
        : { type: 'readReply', requestId: m.requestId, text };
    }
    return { type: 'listReply', requestId: m.requestId, files: await reader.list() };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    if (m.type === 'read' && isReadRefused(e)) {
      return { type: 'readReply', requestId: m.requestId, refused: { reason: e.reason, message: e.message } };
    }
    return m.type === 'read'
      ? { type: 'readReply', requestId: m.requestId, error }
      : { type: 'listReply', requestId: m.requestId, error };
  }
}

/** The reply to an external include request; without a fetcher (or on a failure) the include stays unresolved. */
export async function answerFetch(fetcher: IncludeFetcher | undefined, m: FetchRequest): Promise<ToWorker> {
  const reply = (outcome: FetchOutcome): ToWorker => ({ type: 'fetchReply', requestId: m.requestId, outcome });
  if (!fetcher) return reply({ unavailable: 'external includes are not fetched here' });
  try {
    const [a, b, c] = m.args;
    switch (m.kind) {
      case 'project':
        return reply(await fetcher.project(a ?? '', b, c ?? ''));
      case 'remote':
        return reply(await fetcher.remote(a ?? '', b));
      case 'template':
        return reply(await fetcher.template(a ?? ''));
      case 'component':
        return reply(await fetcher.component(a ?? ''));
      case 'artifact':
        // A dynamic child's configuration; a fetcher without the method cannot read artifacts.
        return reply(
          fetcher.artifact
            ? await fetcher.artifact(a ?? '', b ?? '', c ?? '')
            : { unavailable: 'job artifacts are not fetched here' },
        );
      default: {
        const never: never = m.kind;
        return reply({ unavailable: `unknown include kind ${String(never)}` });
      }
    }
  } catch (e) {
    return reply({ unavailable: e instanceof Error ? e.message : String(e) });
  }
}

/** The reply that ends a request of an analysis that is no longer running. */
export function answerStale(m: FromWorker & { requestId: number }): ToWorker {
  if (m.type === 'read') return { type: 'readReply', requestId: m.requestId, error: 'cancelled' };
  if (m.type === 'list') return { type: 'listReply', requestId: m.requestId, error: 'cancelled' };
  return { type: 'fetchReply', requestId: m.requestId, outcome: { unavailable: 'cancelled' } };
}

/**
 * The reply as it travels: a file text (or the file list) the worker already holds for this session is answered
 * `same` instead of being copied again (sentTexts.ts); refusals and errors travel as they are.
 */
export function compactReply(sent: SentTexts, session: string, m: ReadRequest, reply: ToWorker): ToWorker {
  const whole = m.whole === true;
  if (reply.type === 'readReply' && reply.text !== undefined && m.type === 'read') {
    return sent.alreadySent(sentKey(session, m.path), reply.text, whole)
      ? { type: 'readReply', requestId: reply.requestId, same: true }
      : reply;
  }
  if (reply.type === 'listReply' && reply.files !== undefined) {
    return sent.alreadySent(sentKey(session, undefined), reply.files, whole)
      ? { type: 'listReply', requestId: reply.requestId, same: true }
      : reply;
  }
  return reply;
}
