// A tiny, mocha-free test runner for the extension host. Test files call `test(name, fn)` at import time;
// `run()` (what code-server's `extensionTestsPath` and @vscode/test-electron call) runs them in order with the real
// `vscode` API, prints TAP-like lines, writes a JSON report when EXTHOST_RESULTS names a file, and rejects if any failed.
import { writeFileSync } from 'node:fs';

type TestFn = () => void | Promise<void>;
const tests: { name: string; fn: TestFn }[] = [];

/** Registers an extension-host test. Tests run in registration order (file order, then order in the file). */
export function test(name: string, fn: TestFn): void {
  tests.push({ name, fn });
}

export interface ExthostResult {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

/** Runs every registered test; resolves when all pass, rejects with a summary otherwise. */
export async function run(): Promise<void> {
  const results: ExthostResult[] = [];
  for (const [i, t] of tests.entries()) {
    const t0 = Date.now();
    try {
      await t.fn();
      results.push({ name: t.name, ok: true, ms: Date.now() - t0 });
      console.log(`ok ${i + 1} - ${t.name}`);
    } catch (e) {
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      results.push({ name: t.name, ok: false, error, ms: Date.now() - t0 });
      console.log(`not ok ${i + 1} - ${t.name}\n${error}`);
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`# exthost: ${results.length - failed} passed, ${failed} failed`);
  const out = process.env.EXTHOST_RESULTS;
  if (out) writeFileSync(out, JSON.stringify(results, null, 2));
  if (tests.length === 0) throw new Error('no extension-host tests registered');
  if (failed > 0) throw new Error(`${failed} of ${results.length} extension-host tests failed`);
}
