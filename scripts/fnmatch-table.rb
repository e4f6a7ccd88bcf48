# Regenerates test/unit/ci/fixtures/fnmatch-ruby.json: Ruby's own File.fnmatch answers for a deterministic table
# of glob/path pairs, the oracle of test/unit/ci/rules/fnmatchRuby.test.ts (src/ci/rules/fnmatch.ts ports dir.c).
# GitLab calls File.fnmatch?(glob, path, FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB) for rules:changes,
# rules:exists and only/except changes; rows also carry the other DOTMATCH/EXTGLOB combinations our options allow.
# The file: { ruby: version, rows }, each row [glob, path, flags, answer], flags being "de" (GitLab's), "d",
# "e" or "" (d: DOTMATCH, e: EXTGLOB).
# Not part of `npm test` (it needs Ruby): `ruby scripts/fnmatch-table.rb` (writes the fixture, prints a summary).
require 'json'

FLAGS = {
  'de' => File::FNM_PATHNAME | File::FNM_DOTMATCH | File::FNM_EXTGLOB,
  'd' => File::FNM_PATHNAME | File::FNM_DOTMATCH,
  'e' => File::FNM_PATHNAME | File::FNM_EXTGLOB,
  '' => File::FNM_PATHNAME
}.freeze

# Hand-picked traps: the eleven differences picomatch had (docs/mutation.md), the rows of the mutation tests,
# and the corners of dir.c (classes, escapes, `**/`, leading dots, braces, multi-byte characters).
TRAPS = [
  # (1) `[!…]` negates; (2) a leading `./` is literal; (3) an unclosed `{` matches nothing.
  ['docs/[!_]*.md', ['docs/a.md', 'docs/_a.md', 'docs/!.md']], ['[!a]', ['a', 'b', '!']],
  ['[^a]', ['a', 'b', '^', '/']],
  ['./src/*', ['src/x', './src/x']], ['./*', ['a', './a', '.']],
  ['{a,b', ['{a,b', 'a', 'b']], ['a{b', ['a{b', 'ab']], ['{a}{b', ['a{b', 'a']], ['{{a}', ['a', '{a']],
  ['{a,{b}', ['a', 'b']],
  # (4) an unclosed `[` matches nothing; (5) `]` right after `[`, `[!`, `[^`.
  ['a[', ['a[', 'a']], ['[', ['[']], ['a[b', ['a[b', 'ab']], ['[]a]', [']', 'a]']], ['[!]', ['x', '!', ']']],
  ['[^]', ['x', '^']], ['[]]', [']']], ['[!]]', ['a]', ']]']],
  # (6) a class never matches `/`; a `/` inside a class is read as a member.
  ['a[/]b', ['a/b', 'ab']], ['[a/]b', ['ab', '/b']], ['a[!b]c', ['a/c', 'axc']], ['a?c', ['a/c', 'abc']],
  # (7) a path spelling the pattern matches only by the rules.
  ['[ab]', ['[ab]', 'a']], ['*', ['*']], ['a*b', ['a*b']], ['?', ['?']], ['{a,b}', ['{a,b}', 'a']],
  # (8) POSIX classes are read as their characters; (9) a trailing lone `\`; (10) `^`.
  ['[[:alpha:]]', ['a', ':', 'a]', '[:alpha:]']], ['[[:digit:]]x', ['1x', ':]x']],
  ['a\\', ['a', 'a\\']], ['\\', ['', '\\']], ['*\\', ['a']], ['?^^', ['a^^', '^^']], ['^*', ['^a', 'a']],
  # (11) an empty last segment.
  ['src/*', ['src/', 'src/a', 'src']], ['*/', ['a/', 'a']], ['src/**', ['src/', 'src/a', 'src/a/b']],
  # `**/` recursive only as a whole segment; other `**` is `*`.
  ['**/*.js', ['a/b/c.js', 'c.js', '.x/c.js']], ['**/', ['a/', 'a/b/', 'a']], ['**/a', ['a', 'x/a', 'x/y/a']],
  ['a/**/', ['a/', 'a/b/']], ['a/**/b', ['a/b', 'a/x/b', 'a/x/y/b', 'a/xb', 'a//b']],
  ['x**/y', ['xa/y', 'x/y', 'xa/b/y']], ['a/**b', ['a/xb', 'a/b', 'a/x/yb']], ['**/.x/*', ['a/.x/y', '.x/y']],
  ['**', ['a', 'a/b', '.a']], ['docs/**', ['docs/a', 'docs/a/b']], ['**/**/a', ['a', 'b/a', 'b/c/a']],
  ['***/a', ['x/a', 'a']], ['**//a', ['/a', 'x//a']], ['\\**/a', ['*x/a', '*/a', 'x/a']],
  # Leading dots (FNM_DOTMATCH off in the other flag rows).
  ['*', ['.hidden', 'a/', '.']], ['.*', ['.a', '.']], ['**/*', ['.a/b', 'a/.b']], ['?a', ['.a']], ['[.]a', ['.a']],
  ['\\.a', ['.a']],
  # Escapes.
  ['\\{a,b}', ['{a,b}', 'a']], ['{a\\,b}', ['a,b', 'a']], ['{a\\},b}', ['a}', 'b', 'a']], ['\\(a)', ['(a)', '\\(a)']],
  ['a\\*', ['a*', 'ab']], ['\\?', ['?', 'a']], ['[\\]]', [']']], ['[a\\-c]', ['-', 'b', 'a']], ['a\\/b', ['a/b']],
  ['*\\/x', ['a/x']], ['[\\', ['[']], ['[a-\\', ['a']],
  # Braces.
  ['{{a,b},c}', ['a', 'b', 'c', 'a,c']], ['a}{b,c}', ['a}b', 'a}c']], ['a,{b,c}', ['a,b', 'a,c', 'a']],
  ['a{}b', ['ab', 'a{}b']], ['{,a}b', ['b', 'ab', 'a']], ['{a,b}/c', ['a/c', 'b/c', 'c']],
  ['a{b,c{d,e}}f', ['acef', 'abf', 'af']], ['x{1..2}', ['x1', 'x{1..2}']], ['}', ['}']], ['a}', ['a}']],
  ['{a}}', ['a}', 'a']], ['x{a,b}}', ['xa}']], ['{\\}a}', ['}a']], ['{a\\}', ['a\\', '{a\\}']],
  ['*.{js,ts}', ['a.ts', 'a.jsx']], ['{*,a}', ['x', '.x']], ['{[a,b]}', ['[a', 'b]', 'a']],
  # Classes.
  ['[a-c]', ['a', 'b', 'c', 'd', '-']], ['[c-a]', ['a', 'b', 'c']], ['[a-]', ['a', '-', 'b']],
  ['[-a]', ['a', '-', 'b']], ['[ab!]', ['!', 'a', 'c']], ['x[*]', ['x*', 'xa']], ['[a]|b', ['a|b', 'b']],
  ['*.[ch]+', ['x.c+', 'x.cc']], ['x[a|b', ['b', 'xb', 'xa']],
  # Literal extglob and regex characters.
  ['a|b', ['a|b', 'a']], ['(a|b)', ['(a|b)', 'a']], ['+(a)', ['+(a)', 'a']], ['@(a)', ['@(a)', 'a']],
  ['!(a)', ['!(a)', 'b']], ['!a', ['!a', 'b']], ['*.(js)', ['x.(js)', 'x.js']], ['a(b)', ['a(b)']],
  # Multi-byte characters: `?` takes one character; a range compares code points, and either end matches itself.
  ['?', ['é', '😀', 'ab']], ['a?b', ['aéb', 'a😀b']], ['[é]', ['é', 'e']], ['[😀-😂]', ['😁', '😃']],
  ['[a-é]', ['b', 'é', 'ï', 'z']], ['[é-z]]', ['z]', 'é]', 'f]']], ['[é-a]', ['é', 'a', 'b']], ['[!é]', ['é', 'e']],
  ['*é', ['xé', 'é']],
  ['\\é', ['é']]
].freeze

GLOB_TOKENS = ['a', 'b', '.', '/', '*', '*', '?', '[', ']', '!', '^', '-', '{', '}', ',', '\\', '(', ')', '|', '+', '@',
               'a', 'b', '/', '**/', '[a-b]', '[!a]', '{a,b}', 'é'].freeze
PATH_TOKENS = ['a', 'b', '.', '/', '-', '!', ',', '(', ')', '|', '+', '@', '^', '[', ']', '{', '}', '*', '?', '\\',
               'a', 'b', '/', 'c', 'é'].freeze

# A glob of at most 16 characters expands to at most 81 patterns (a group of k alternatives spends k + 1
# characters, so four groups of three is the most), well within our MAX_BRACE_PATTERNS (1024).
def random_glob(rng)
  glob = +''
  glob << GLOB_TOKENS[rng.rand(GLOB_TOKENS.size)] while glob.empty? || (glob.size < 16 && rng.rand(7).positive?)
  glob[0, 16]
end

def random_path(rng)
  Array.new(1 + rng.rand(7)) { PATH_TOKENS[rng.rand(PATH_TOKENS.size)] }.join
end

# Paths that the glob's own characters suggest: without meta characters, with `**/` dropped, the glob itself.
def derived_paths(glob)
  [glob.gsub('**/', '').delete('\\*?'), glob.delete('\\*?[]{},'), glob].reject(&:empty?)
end

pairs = TRAPS.flat_map { |glob, paths| paths.map { |path| [glob, path] } }
rng = Random.new(20_261_130)
seen = pairs.to_h { |pair| [pair, true] }
while pairs.size < 4000
  glob = random_glob(rng)
  [random_path(rng), *derived_paths(glob)].each do |path|
    next if seen[[glob, path]]

    seen[[glob, path]] = true
    pairs << [glob, path]
  end
end

# Every pair with GitLab's flags; the traps and one random pair in four also with the other three combinations.
traps = TRAPS.sum { |_, paths| paths.size }
rows = []
pairs.each_with_index do |(glob, path), i|
  flag_sets = i < traps || (i % 4).zero? ? FLAGS.keys : ['de']
  flag_sets.each { |f| rows << [glob, path, f, File.fnmatch?(glob, path, FLAGS.fetch(f))] }
end

out = File.expand_path('../test/unit/ci/fixtures/fnmatch-ruby.json', __dir__)
lines = rows.map { |r| JSON.generate(r) }.join(",\n")
File.write(out, "{\"ruby\": #{RUBY_VERSION.to_json}, \"rows\": [\n#{lines}\n]}\n")
warn "#{rows.size} rows (#{pairs.size} pairs, #{rows.count(&:last)} matches) from Ruby #{RUBY_VERSION} -> #{out}"
