// Child process for bench/download.bench.ts: downloads + extracts one archive with the product code and
// prints JSON {ms, maxRssKiB, files, bytes}. Run: node downloadWorker.js <instanceUrl> <jobId> <outDir> [baseline]
import { GitLabClient } from '../src/gitlab/client';
import { fetchArtifacts } from '../src/gitlab/fetchArtifacts';
import { nodeFetch } from '../src/gitlab/nodeFetch';

async function main(): Promise<void> {
  const [url, jobId, out, mode] = process.argv.slice(2);
  if (!url || !jobId || !out) throw new Error('usage: downloadWorker <url> <jobId> <outDir> [baseline]');
  if (mode === 'baseline') {
    process.stdout.write(JSON.stringify({ ms: 0, maxRssKiB: process.resourceUsage().maxRSS, files: 0, bytes: 0 }));
    return;
  }
  const client = new GitLabClient({
    instanceUrl: url,
    token: { get: () => Promise.resolve('glpat-good-token') },
    ...(mode === 'fetch' ? {} : { fetch: nodeFetch }),
  });
  const t0 = performance.now();
  const r = await fetchArtifacts(client, { kind: 'job', project: 7, jobId: Number(jobId) }, out);
  const ms = performance.now() - t0;
  process.stdout.write(
    JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, files: r.files, bytes: r.bytes }),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
