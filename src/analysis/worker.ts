// The analysis worker: runs the engine off the extension host's main thread (bundled as dist/analysisWorker.js).
// It reads nothing itself: every file and the file list come from the host over messages, so unsaved editor
// buffers count and the worker needs no file-system rights. One analysis runs at a time; the host queues.
// Sessions are per project folder, shared by the graph panel and the editor: a result whose inputs still hold
// (inputMemo.ts) is reused instead of analysing again.
import { parentPort } from 'node:worker_threads';
import { analyze } from '../ci/analyze';
import { createParseCache, type ParseCache } from '../ci/yaml/parseCache';
import { buildEditorIndex, FileIndexCache, recordingCache, type RecordedFile } from '../editor/buildIndex';
import type { FlowModel } from '../ci/model';
import { JobInclusionCache } from '../ci/incremental/jobInclusionCache';
import { CheckMemo } from '../ci/incremental/checkMemo';
import { jobPieces, wholeModelJson } from '../editor/modelDelta';
import { encodeIndex, encodeModelDelta, Lanes } from './lanes';
import { hostModelOf } from './hostModel';
import { verifyInput } from '../ci/verify/verifyInput';
import { inputsHold, requestKey, ResultMemo, type RecordedInput } from './inputMemo';
import type { FromWorker, ToWorker } from './messages';
import { HostQuestions, type Answered } from './hostQuestions';
import type { ModelCarriage } from './analysisTypes';

const port = parentPort;
if (!port) throw new Error('analysisWorker.js must run in a worker thread');

interface Session {
  readonly parse: ParseCache;
  /** Child pipelines' files: parsed once across edits, but not recorded for the editor (it indexes the root's). */
  readonly children: ParseCache;
  /** Editor indexes of files: an edit re-indexes only the file that changed. */
  readonly index: FileIndexCache;
  readonly memo: ResultMemo;
  /** Jobs' inclusions in this folder's contexts: a keystroke decides again only the rules of jobs it changed. */
  readonly jobs: JobInclusionCache;
  /** Jobs whose static checks found nothing: a keystroke checks again only the jobs it changed. */
  readonly checks: CheckMemo;
  /** Per consumer, the editor index and the model it was sent last (the bases of the next deltas). */
  readonly lanes: Lanes;
}
const sessions = new Map<string, Session>();

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

const host = new HostQuestions(send);

async function run(m: Extract<ToWorker, { type: 'analyze' }>): Promise<void> {
  const started = performance.now();
  const session = sessionOf(m.session);
  try {
    const key = requestKey(m);
    const known = session.memo.candidate(key);
    // What the host answered while the earlier result was checked is not asked again by the new analysis.
    const answered: Answered = new Map();
    const reused = known && (await inputsHold(known.inputs, (q) => host.askAgain(m, q, answered))) ? known : undefined;
    if (known && !reused) session.memo.forget(known);
    const fresh = reused ? undefined : await analyseAfresh(m, session, key, answered);
    const result = reused ?? fresh;
    if (!result) throw new Error('internal: no analysis result');
    if (fresh) session.memo.remember(fresh);
    const lane = session.lanes.of(m.lane);
    const delta = m.editorDelta === true;
    const index = m.editor ? buildEditorIndex(result.files, session.index) : undefined;
    const editorJson = index ? encodeIndex(lane, index, delta) : undefined;
    // The editor's lane gets the model as a delta; anyone else the whole model. Both are made of the jobs' JSON,
    // written once per analysis (the memo keeps it), off the host's thread; the bytes move without a copy.
    const modelDelta = lane && m.editor ? encodeModelDelta(lane, result.model, result.pieces, delta) : undefined;
    // With a delta, the consumer decodes the whole model: the host's summary would be copied and never read.
    const carriage: ModelCarriage = modelDelta
      ? { modelDelta }
      : {
          model: hostModelOf(result.model),
          json: new TextEncoder().encode(wholeModelJson(result.model, result.pieces)),
        };
    // "Compare with GitLab": the merged configuration is built from the same files (parsed ones come from the cache).
    const verify = m.verify
      ? await verifyInput(
          {
            root: m.root,
            reader: host.readerFor(m, []),
            context: m.context,
            cache: session.parse,
            ...(m.fetchIncludes ? { fetcher: host.fetcherFor(m, []) } : {}),
          },
          result.model,
        )
      : undefined;
    const transfer = [carriage.json, editorJson, carriage.modelDelta].flatMap((b) =>
      b ? [b.buffer] : [],
    ) as ArrayBuffer[];
    send(
      {
        type: 'done',
        id: m.id,
        ...carriage,
        ms: performance.now() - started,
        ...(reused ? { reused: true } : {}),
        ...(editorJson ? { editorJson } : {}),
        ...(verify ? { verify } : {}),
      },
      transfer,
    );
  } catch (e) {
    send({
      type: 'failed',
      id: m.id,
      message: e instanceof Error ? e.message : String(e),
      ...(e instanceof Error && e.stack ? { stack: e.stack } : {}),
    });
  }
}

/** Runs the engine, recording every answer of the host and every file it parsed. */
async function analyseAfresh(
  m: Extract<ToWorker, { type: 'analyze' }>,
  session: Session,
  key: string,
  answered: Answered,
): Promise<{
  key: string;
  inputs: RecordedInput[];
  model: FlowModel;
  files: Map<string, RecordedFile>;
  pieces: string[];
}> {
  const inputs: RecordedInput[] = [];
  // The files this analysis loads are recorded as the engine reads them (nothing is parsed twice for the editor).
  const recorded = recordingCache(session.parse);
  const model = await analyze({
    root: m.root,
    reader: host.readerFor(m, inputs, answered),
    context: m.context,
    cache: recorded.cache,
    childCache: session.children,
    jobInclusions: session.jobs,
    checks: session.checks,
    ...(m.changedFiles ? { changedFiles: m.changedFiles } : {}),
    ...(m.fetchIncludes ? { fetcher: host.fetcherFor(m, inputs, answered) } : {}),
  });
  // Each job's JSON is written once: the whole model and the editor's delta are made of the same pieces.
  return { key, inputs, model, files: recorded.files, pieces: jobPieces(model) };
}

function sessionOf(id: string): Session {
  let s = sessions.get(id);
  if (!s) {
    s = {
      parse: createParseCache(),
      children: createParseCache(),
      index: new FileIndexCache(),
      memo: new ResultMemo(),
      jobs: new JobInclusionCache(),
      checks: new CheckMemo(),
      lanes: new Lanes(),
    };
    sessions.set(id, s);
  }
  return s;
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'analyze':
      void run(m);
      break;
    case 'readReply':
    case 'listReply':
    case 'fetchReply':
      host.settle(m);
      break;
    case 'dropSession':
      sessions.delete(m.session);
      host.dropSession(m.session);
      break;
    default: {
      const never: never = m;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
});
