// The webview's translations. The host puts VS Code's current runtime bundle (`vscode.l10n.bundle`: none for English)
// into the page as JSON in #app's `data-l10n` attribute (an attribute, not a script, so the CSP stays nonce-only);
// this loads it into @vscode/l10n before anything is drawn. Every module then calls `l10n.t('… {0} …', value)` on its
// own `import * as l10n from '@vscode/l10n'`: that import is what `npm run l10n` (@vscode/l10n-dev export) looks for,
// so a wrapper here would hide the strings from the exporter.
import * as l10n from '@vscode/l10n';

/** A bundle's value: the translated text, or the exporter's `{ message, comment }` form. */
type Entry = string | { message: string; comment: string[] };

function isEntry(v: unknown): v is Entry {
  if (typeof v === 'string') return true;
  if (typeof v !== 'object' || v === null) return false;
  const o = v as { message?: unknown; comment?: unknown };
  return typeof o.message === 'string' && Array.isArray(o.comment);
}

/**
 * Loads the bundle found on `app` (#app, or anything with its dataset: the unit tests run without a DOM), if any. Returns undefined when the page is English (no bundle) or the bundle was
 * loaded, else why it was not: the page then stays English, and the caller reports the reason instead of hiding it.
 */
export function configureL10n(app: {
  readonly dataset: Readonly<Record<string, string | undefined>>;
}): string | undefined {
  const raw = app.dataset.l10n;
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return `l10n bundle is not JSON (${String(e)}); showing English`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'l10n bundle is not an object; showing English';
  }
  const contents: Record<string, Entry> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (isEntry(value)) contents[key] = value;
  }
  l10n.config({ contents });
  return undefined;
}
