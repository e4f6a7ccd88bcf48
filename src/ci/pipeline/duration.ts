// `artifacts:expire_in` durations (spec R4.1) as ChronicDuration reads them: `42` (seconds), `3 mins 4 sec`,
// `2h20min`, `1 week`, `never`. Returns seconds, Infinity for `never`, or undefined when unreadable.
const UNITS: [RegExp, number][] = [
  [/^(s|secs?|seconds?)$/, 1],
  [/^(m|mins?|minutes?)$/, 60],
  [/^(h|hrs?|hours?)$/, 3600],
  [/^(d|days?)$/, 86400],
  [/^(w|wks?|weeks?)$/, 604800],
  [/^(mos?|months?)$/, 2592000],
  [/^(y|yrs?|years?)$/, 31557600],
];

/**
 * Durations already read, by text: every job's `expire_in` is read by the lint at every keystroke, and most
 * pipelines write a handful of texts (a bound of this tool: past it the memo starts again).
 */
const READ = new Map<string, number | undefined>();
const MAX_READ = 1000;

export function parseDuration(text: string): number | undefined {
  if (READ.has(text)) return READ.get(text);
  if (READ.size >= MAX_READ) READ.clear();
  const seconds = readDuration(text);
  READ.set(text, seconds);
  return seconds;
}

function readDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'never') return Infinity;
  if (/^\d+$/.test(t)) return Number(t);
  let total = 0;
  let matched = false;
  const re = /(\d+(?:\.\d+)?)\s*([a-z]+)/g;
  let rest = t;
  for (const m of t.matchAll(re)) {
    const unit = UNITS.find(([u]) => u.test(m[2] ?? ''));
    if (!unit) return undefined;
    total += Number(m[1]) * unit[1];
    matched = true;
    rest = rest.replace(m[0], '');
  }
  return matched && rest.replace(/\b(and)\b/g, '').replace(/[\s,]/g, '') === '' ? total : undefined;
}
