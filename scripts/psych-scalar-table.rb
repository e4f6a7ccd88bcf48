# Regenerates test/unit/ci/fixtures/psych-scalars.json: how Psych types each plain scalar of a table built
# from the branches of Psych::ScalarScanner#tokenize, as a value and as a mapping key, loaded the way GitLab
# loads CI YAML (safe_load, Symbol permitted, aliases on) and with keys symbolized the way GitLab does.
# Not part of `npm test` (it needs Ruby): `ruby scripts/psych-scalar-table.rb > test/unit/ci/fixtures/psych-scalars.json`
require 'yaml'
require 'json'

def cases(words)
  words.flat_map { |w| [w, w.upcase, w.capitalize, w.chars.each_with_index.map { |c, i| i.odd? ? c.upcase : c }.join] }.uniq
end

inputs = []
# Booleans and null: any letter case of these words, and the YAML 1.1 words Psych does not take.
inputs += cases(%w[yes no true false on off null])
inputs += %w[y Y n N ~ nil none yess ye onn offf nul truex tru]
# Texts that Psych returns early as strings (first character or length), and near misses.
inputs += %w[on_success never always manual delayed yesterday _1 -y y1 1y t f o ~x ~~ x~ yes-no]
# Integers: legacy Psych (commas allowed), binary, octal, hex, underscores, signs, leading zeros.
inputs += %w[0 -0 +0 00 010 -010 +010 08 019 0o10 0b101 -0b101 0b_ 0b1_0 0x1F 0x1f -0x1F 0x_ 0xG 1_000 1__0 _1000 1000_ 1,000 1,0,0 1,,0 +12 -12 12345678901234567 0_7]
# Base 60 (at most two `:` groups) and base-60 floats.
inputs += %w[1:30 -1:30 +1:30 1:30:00 1:2:3 1:2:3:4 1:60 1:5 01:30 1:30.5 1:30:00.25 1_0:30]
# Floats: Psych's FLOAT needs a `.`, and an exponent needs a sign.
inputs += %w[1.5 -1.5 +1.5 1. .5 +.5 -.5 . -. +. 1.0 3.10 1.0e5 1.0e+5 1.0E-5 1e5 1e+5 1.2.3 1_0.5 1,000.5 1.5_0 1.0e+20 0.00001 100000.0]
# Infinity and NaN, in Psych's any-case forms.
inputs += %w[.inf .Inf .INF .iNf +.inf -.inf -.Inf -.INF .nan .NaN .NAN .nAn -.nan +.nan inf nan]
# Symbols.
inputs += [':sym', ':"quoted"', ":'single'", '::x', ':1', 'a:b']
# Dates and times (refused by the safe loader), and texts that only look like them.
inputs += ['2024-01-01', '2024-1-5', '2024-13-01', '2024-02-30', '2024-01-01 10:00:00', '2024-01-01T10:00:00Z',
           '2024-01-01t10:00:00.5+02:00', '2024-01-01 10:00', '20240101', '2024/01/01', '1.2.3-beta']

def load(text)
  YAML.safe_load(text, permitted_classes: [Symbol], permitted_symbols: [], aliases: true)
rescue Psych::Exception => e
  { error: e.message }
rescue ArgumentError
  { error: 'Invalid YAML syntax' }
end

def describe(v)
  case v
  when Hash then v.key?(:error) ? { type: 'error', message: v[:error] } : { type: 'other' }
  when nil then { type: 'null' }
  when true, false then { type: 'bool', value: v }
  when Integer then { type: 'int', text: v.to_s }
  when Float then { type: 'float', text: v.to_s }
  when Symbol then { type: 'symbol', name: v.to_s }
  when String then { type: 'string', value: v }
  else { type: v.class.name }
  end
end

rows = inputs.uniq.map do |t|
  value = load("v: #{t}\n")
  value = value['v'] if value.is_a?(Hash) && !value.key?(:error)
  key = load("#{t}: 1\n")
  # GitLab symbolizes keys (deep_symbolize_keys: `key.to_sym rescue key`): strings become symbols, the rest stay.
  key = key.keys.first if key.is_a?(Hash) && !key.key?(:error)
  key = key.to_sym if key.is_a?(String)
  { text: t, value: describe(value), key: describe(key) }
end
# One row per line, so a regenerated table diffs line by line.
puts "{\"psych\": #{Psych::VERSION.to_json}, \"ruby\": #{RUBY_VERSION.to_json}, \"rows\": ["
puts rows.map { |r| "  #{r.to_json}" }.join(",\n")
puts ']}'
