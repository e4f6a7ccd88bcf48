// The worker's questions to the host (worker.ts): a file, the project's file list, an external include. Each answer
// is recorded with its question so a later reuse of the result can ask again and compare (inputMemo.ts); a file the
// host sent before and that is unchanged comes back as `same` and is taken from what the worker kept (sentTexts.ts).
import { ReadRefused, type FileReader } from '../ci/fileReader';
import type { FetchOutcome, IncludeFetcher } from '../ci/include/fetcher';
import { stableJson, type RecordedInput } from './inputMemo';
import type { FetchKind, FromWorker, ToWorker } from './messages';
import { ReceivedTexts, sentKey } from './sentTexts';

/** The analysis a question belongs to: its id (the host answers only the running one) and its session. */
export interface Asker {
  readonly id: number;
  readonly session: string;
}

/** A question to the host without its ids: what inputMemo.ts records and asks again. */
export type Question = FromWorker extends infer M
  ? M extends { requestId: number; analysisId: number }
    ? Omit<M, 'requestId' | 'analysisId' | 'whole'>
    : never
  : never;

type Reply = Extract<ToWorker, { requestId: number }>;

export interface Known {
  readonly reply: Reply;
  /** The reply without its id, as the memo records and compares it (answerKey). */
  readonly answer: string;
}

/**
 * Answers the host already gave during this request (checking an earlier result), by question (stableJson), with
 * the answer's own key (texts of whole files: written once per request, not once per use).
 */
export type Answered = Map<string, Known>;

export class HostQuestions {
  private readonly waiting = new Map<number, { resolve: (value: Reply) => void }>();
  private nextRequest = 1;
  /** What the host sent last per session and path, with the answer's key made once (see sentTexts.ts). */
  private readonly received = new ReceivedTexts<Known>();

  constructor(private readonly send: (message: FromWorker) => void) {}

  /** A reply of the host: settles the question that waits for it. */
  settle(reply: Reply): void {
    const w = this.waiting.get(reply.requestId);
    this.waiting.delete(reply.requestId);
    w?.resolve(reply);
  }

  dropSession(session: string): void {
    this.received.dropSession(session);
  }

  /** Sends a question to the host and waits for its reply; a `same` is the text kept from the host's last one. */
  async post(asker: Asker, question: Question, whole = false): Promise<Known> {
    const requestId = this.nextRequest++;
    const reply = await new Promise<Reply>((resolve) => {
      this.waiting.set(requestId, { resolve });
      this.send({ ...question, requestId, analysisId: asker.id, ...(whole ? { whole: true } : {}) });
    });
    const kept =
      question.type === 'fetch'
        ? undefined
        : sentKey(asker.session, question.type === 'read' ? question.path : undefined);
    if (kept !== undefined && (reply.type === 'readReply' || reply.type === 'listReply') && reply.same) {
      // Dropped here since (a bound, a session dropped): asked again for the whole text, never guessed.
      const known = this.received.get(kept);
      return known ? { reply: { ...known.reply, requestId }, answer: known.answer } : this.post(asker, question, true);
    }
    const { requestId: _id, ...answer } = reply;
    const known = { reply, answer: answerKey(answer) };
    const value = reply.type === 'readReply' ? reply.text : reply.type === 'listReply' ? reply.files : undefined;
    if (kept !== undefined && value !== undefined) this.received.keep(kept, known);
    return known;
  }

  /**
   * Asks the host, unless it already answered this question for this request; the question and its answer are
   * recorded (without ids) so a later reuse can check them.
   */
  async ask(asker: Asker, question: Question, record: RecordedInput[], answered?: Answered): Promise<ToWorker> {
    const key = stableJson(question);
    const { reply, answer } = answered?.get(key) ?? (await this.post(asker, question));
    record.push({ question: key, answer, ...(question.type === 'fetch' ? { network: true as const } : {}) });
    return reply;
  }

  /** Asks a recorded question again (see inputMemo.ts) and gives the answer's key. */
  async askAgain(asker: Asker, question: string, answered: Answered): Promise<string> {
    const known = await this.post(asker, JSON.parse(question) as Question);
    answered.set(question, known);
    return known.answer;
  }

  /** External includes, fetched by the host (which holds the token and the cache). */
  fetcherFor(asker: Asker, record: RecordedInput[], answered?: Answered): IncludeFetcher {
    const call = async (kind: FetchKind, args: (string | undefined)[]): Promise<FetchOutcome> => {
      const reply = await this.ask(asker, { type: 'fetch', kind, args }, record, answered);
      if (reply.type !== 'fetchReply') throw new Error(`unexpected reply ${reply.type}`);
      return reply.outcome;
    };
    return {
      project: (project, ref, file) => call('project', [project, ref, file]),
      remote: (url, integrity) => call('remote', [url, integrity]),
      template: (name) => call('template', [name]),
      component: (address) => call('component', [address]),
      artifact: (job, path, ref) => call('artifact', [job, path, ref]),
    };
  }

  readerFor(asker: Asker, record: RecordedInput[], answered?: Answered): FileReader {
    return {
      read: async (path) => {
        const reply = await this.ask(asker, { type: 'read', path }, record, answered);
        if (reply.type !== 'readReply') throw new Error(`unexpected reply ${reply.type}`);
        if (reply.refused) throw new ReadRefused(path, reply.refused.reason, reply.refused.message);
        if (reply.error !== undefined) throw new Error(reply.error);
        return reply.text;
      },
      list: async () => {
        const reply = await this.ask(asker, { type: 'list' }, record, answered);
        if (reply.type !== 'listReply') throw new Error(`unexpected reply ${reply.type}`);
        if (reply.error !== undefined) throw new Error(reply.error);
        return [...(reply.files ?? [])];
      },
    };
  }
}

/**
 * An answer as the text the memo records and compares (inputMemo.ts). A file's text is kept as it is: writing
 * every file as JSON again at each keystroke (escaping hundreds of kilobytes) only to compare it was the largest
 * part of checking an earlier result. The prefix keeps it apart from the JSON of every other answer.
 */
function answerKey(answer: object): string {
  const keys = Object.keys(answer);
  const read = answer as { type?: unknown; text?: unknown };
  if (keys.length === 2 && read.type === 'readReply' && typeof read.text === 'string') return `read\u0000${read.text}`;
  return stableJson(answer);
}
