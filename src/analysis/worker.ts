// The analysis worker: runs the engine off the extension host's main thread (bundled as dist/analysisWorker.js).
// It reads nothing itself: every file and the file list come from the host over messages, so unsaved editor
// buffers count and the worker needs no file-system rights. One analysis runs at a time; the host queues.
import { parentPort } from 'node:worker_threads';
import { analyze } from '../ci/analyze';
import { ReadRefused, type FileReader } from '../ci/fileReader';
import type { ExternalKind, FetchOutcome, IncludeFetcher } from '../ci/include/fetcher';
import { createParseCache, type ParseCache } from '../ci/yaml/parseCache';
import { encodeModel } from '../protocol';
import { buildEditorIndex, FileIndexCache, recordingCache } from '../editor/buildIndex';
import { hostModelOf } from './hostModel';
import type { FromWorker, ToWorker } from './messages';

const port = parentPort;
if (!port) throw new Error('analysisWorker.js must run in a worker thread');

const caches = new Map<string, ParseCache>();
/** Editor indexes of files per session: an edit re-indexes only the file that changed. */
const indexCaches = new Map<string, FileIndexCache>();
const waiting = new Map<number, { resolve: (value: ToWorker) => void }>();
let nextRequest = 1;

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

function ask(message: (requestId: number) => FromWorker): Promise<ToWorker> {
  const requestId = nextRequest++;
  return new Promise((resolve) => {
    waiting.set(requestId, { resolve });
    send(message(requestId));
  });
}

/** External includes, fetched by the host (which holds the token and the cache). */
function fetcherFor(analysisId: number): IncludeFetcher {
  const call = async (kind: ExternalKind, args: (string | undefined)[]): Promise<FetchOutcome> => {
    const reply = await ask((requestId) => ({ type: 'fetch', requestId, analysisId, kind, args }));
    if (reply.type !== 'fetchReply') throw new Error(`unexpected reply ${reply.type}`);
    return reply.outcome;
  };
  return {
    project: (project, ref, file) => call('project', [project, ref, file]),
    remote: (url, integrity) => call('remote', [url, integrity]),
    template: (name) => call('template', [name]),
    component: (address) => call('component', [address]),
  };
}

function readerFor(analysisId: number): FileReader {
  return {
    async read(path) {
      const reply = await ask((requestId) => ({ type: 'read', requestId, analysisId, path }));
      if (reply.type !== 'readReply') throw new Error(`unexpected reply ${reply.type}`);
      if (reply.refused) throw new ReadRefused(path, reply.refused.reason, reply.refused.message);
      if (reply.error !== undefined) throw new Error(reply.error);
      return reply.text;
    },
    async list() {
      const reply = await ask((requestId) => ({ type: 'list', requestId, analysisId }));
      if (reply.type !== 'listReply') throw new Error(`unexpected reply ${reply.type}`);
      if (reply.error !== undefined) throw new Error(reply.error);
      return [...(reply.files ?? [])];
    },
  };
}

async function run(m: Extract<ToWorker, { type: 'analyze' }>): Promise<void> {
  const started = performance.now();
  let cache = caches.get(m.session);
  if (!cache) {
    cache = createParseCache();
    caches.set(m.session, cache);
  }
  // For the editor, the files this analysis loads are recorded as the engine reads them (nothing parsed twice).
  const recorded = m.editor ? recordingCache(cache) : undefined;
  try {
    const model = await analyze({
      root: m.root,
      reader: readerFor(m.id),
      context: m.context,
      cache: recorded?.cache ?? cache,
      ...(m.changedFiles ? { changedFiles: m.changedFiles } : {}),
      ...(m.fetchIncludes ? { fetcher: fetcherFor(m.id) } : {}),
    });
    // Encoded here, off the host's thread; the bytes move to the host without a copy.
    const json = encodeModel(model);
    const editorJson = recorded
      ? new TextEncoder().encode(JSON.stringify(buildEditorIndex(recorded.files, indexCacheOf(m.session))))
      : undefined;
    const transfer = [json.buffer, ...(editorJson ? [editorJson.buffer] : [])] as ArrayBuffer[];
    send(
      {
        type: 'done',
        id: m.id,
        model: hostModelOf(model),
        json,
        ms: performance.now() - started,
        ...(editorJson ? { editorJson } : {}),
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

function indexCacheOf(session: string): FileIndexCache {
  let c = indexCaches.get(session);
  if (!c) {
    c = new FileIndexCache();
    indexCaches.set(session, c);
  }
  return c;
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'analyze':
      void run(m);
      break;
    case 'readReply':
    case 'listReply':
    case 'fetchReply': {
      const w = waiting.get(m.requestId);
      waiting.delete(m.requestId);
      w?.resolve(m);
      break;
    }
    case 'dropSession':
      caches.delete(m.session);
      indexCaches.delete(m.session);
      break;
    default: {
      const never: never = m;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
});
