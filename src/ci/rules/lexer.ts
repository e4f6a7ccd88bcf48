// Lexer of the CI/CD variable expression language (spec R8.5), a port of
// Gitlab::Ci::Pipeline::Expression::Lexer: at each position the lexemes are tried in GitLab's order and
// the first that matches wins; whitespace is skipped; anything else is a syntax error.
//
// Exports:
//   Token, TokenKind         the token stream
//   MAX_TOKENS               GitLab's limit (100): the loop runs 100 times and fails if input remains,
//                            so a statement may hold at most 99 tokens (we reproduce that exactly)
//   tokenize(src)            → { ok: true, tokens } | { ok: false, error }
import { fabricateRubyRegex, type RubyRegex } from './regex';

export type TokenKind =
  | 'lparen'
  | 'rparen'
  | 'input'
  | 'variable'
  | 'string'
  | 'regex'
  | 'null'
  | 'boolean'
  | '=='
  | '=~'
  | '!='
  | '!~'
  | '&&'
  | '||'
  | '!';

export interface Token {
  kind: TokenKind;
  text: string;
  /** variable/input name, string contents, or 'true'/'false'. */
  value?: string;
  regex?: RubyRegex;
}

export const MAX_TOKENS = 100;

type Scan = (src: string, at: number) => Token | null | { error: string };

function sticky(re: RegExp, build: (m: RegExpExecArray) => Token | { error: string }): Scan {
  const y = new RegExp(re.source, 'y');
  return (src, at) => {
    y.lastIndex = at;
    const m = y.exec(src);
    return m ? build(m) : null;
  };
}

const op =
  (kind: TokenKind, text: string): Scan =>
  (src, at) =>
    src.startsWith(text, at) ? { kind, text } : null;

// Same order as Lexer::LEXEMES. Ruby's `.` does not match a newline and `\w` is ASCII-only, as here.
const LEXEMES: readonly Scan[] = [
  op('lparen', '('),
  op('rparen', ')'),
  // Lexeme::Input: the name is `\w+` (a hyphen makes the statement a syntax error there, so here too).
  sticky(/\$\[\[\s*inputs\.(\w+)\s*\]\]/, (m) => ({ kind: 'input', text: m[0], value: m[1] ?? '' })),
  sticky(/\$(\w+)/, (m) => ({ kind: 'variable', text: m[0], value: m[1] ?? '' })),
  sticky(/"([^\n]*?)"|'([^\n]*?)'/, (m) => ({ kind: 'string', text: m[0], value: m[1] ?? m[2] ?? '' })),
  // Lexeme::Pattern: needs two characters between the slashes (so `/a/` is not a regex: GitLab quirk),
  // `\/` is an escaped slash; RE2 must accept the result or it is a syntax error, not a runtime one.
  sticky(/\/(?:[^/]|\\\/)+[^\\]\/[ismU]*/, (m) => {
    const regex = fabricateRubyRegex(m[0].replace(/\\\//g, '/'));
    return regex ? { kind: 'regex', text: m[0], regex } : { error: 'Invalid regular expression!' };
  }),
  op('null', 'null'),
  sticky(/\b(?:true|false)\b/, (m) => ({ kind: 'boolean', text: m[0], value: m[0] })),
  op('==', '=='),
  op('=~', '=~'),
  op('!=', '!='),
  op('!~', '!~'),
  op('&&', '&&'),
  op('||', '||'),
  op('!', '!'),
];

const WHITESPACE = /[ \t\r\n\f\v]+/y;

export function tokenize(src: string): { ok: true; tokens: Token[] } | { ok: false; error: string } {
  const tokens: Token[] = [];
  let at = 0;
  for (let i = 0; i < MAX_TOKENS; i++) {
    WHITESPACE.lastIndex = at;
    if (WHITESPACE.exec(src)) at = WHITESPACE.lastIndex;
    if (at >= src.length) return { ok: true, tokens };
    let found: Token | null = null;
    for (const scan of LEXEMES) {
      const r = scan(src, at);
      if (r === null) continue;
      if ('error' in r) return { ok: false, error: r.error };
      found = r;
      break;
    }
    if (!found) return { ok: false, error: `Unknown lexeme found at column ${at + 1}` };
    tokens.push(found);
    at += found.text.length;
  }
  return { ok: false, error: 'Too many tokens!' };
}
