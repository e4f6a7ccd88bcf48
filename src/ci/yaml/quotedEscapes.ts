// A `\u`/`\U` escape in a double-quoted scalar that names no Unicode character: a UTF-16 surrogate (`\uD83D`, even as
// half of a pair: libyaml does not combine them) or a code point past U+10FFFF. libyaml, which Psych (GitLab's
// loader) runs, refuses the file (scanner.c, yaml_parser_scan_flow_scalar: "found invalid Unicode character escape
// code" while parsing a quoted scalar, at the scalar's opening quote: Psych names the context mark); the `yaml`
// library decodes it into a lone surrogate and goes on. Checked against Ruby 3.1's Psych in test/unit/ci/yaml/.
import { isMap, isPair, isScalar, isSeq } from 'yaml';

/** Psych's text for the refusal, its line and column 1-based (the opening quote). */
export function invalidEscapeMessage(file: string, line: number, column: number): string {
  return `(${file}): found invalid Unicode character escape code while parsing a quoted scalar at line ${line} column ${column}`;
}

/** The offset of the opening quote of the first double-quoted scalar (in text order) with such an escape. */
export function invalidEscapeAt(text: string, roots: readonly unknown[]): number | undefined {
  // Cheap test first: most files have no `\u`/`\U` at all.
  if (!/\\[uU]/.test(text)) return undefined;
  let first: number | undefined;
  const visit = (node: unknown): void => {
    if (isPair(node)) {
      visit(node.key);
      visit(node.value);
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) visit(item);
    } else if (isScalar(node) && node.type === 'QUOTE_DOUBLE' && node.range) {
      const at = node.range[0];
      if ((first === undefined || at < first) && hasInvalidEscape(text.slice(at, node.range[1]))) first = at;
    }
  };
  for (const root of roots) visit(root);
  return first;
}

/** Whether the quoted source holds a `\u` or `\U` escape of a surrogate or of a code point past U+10FFFF. */
function hasInvalidEscape(source: string): boolean {
  for (let i = source.indexOf('\\'); i >= 0; i = source.indexOf('\\', i + 2)) {
    const kind = source[i + 1];
    const digits = kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
    if (digits === 0) continue;
    const hex = source.slice(i + 2, i + 2 + digits);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) continue; // the `yaml` library reports those
    const code = parseInt(hex, 16);
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return true;
  }
  return false;
}
