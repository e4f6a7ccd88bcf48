// `id_tokens:` of a job and of `default:`, with GitLab's messages. Sources (gitlabhq):
//   lib/gitlab/ci/config/entry/job.rb, default.rb   `entry :id_tokens, ::Gitlab::Config::Entry::ComposableHash,
//                                                   metadata: { composable_class: Entry::IdToken }`: a Hash
//                                                   ("config should be a hash"), each token composed at
//                                                   `<location>:<name>` from its value (nil as `{}`)
//   lib/gitlab/ci/config/entry/id_token.rb           `validates :config, required_keys: %i[aud], allowed_keys:
//                                                   %i[aud]`, `validates :aud, array_of_strings_or_string: true`
//   lib/gitlab/config/entry/validators.rb            "missing required keys: …", "contains unknown keys: …",
//                                                   "should be an array of strings or a string"
import type { YMap, YNode } from '../yaml/node';
import { getEntry } from '../yaml/node';
import { isNullish, isString } from './entryMessage';
import { isUnknown, type Report } from './valueReport';

const CODE = 'id-tokens-shape';

/** `lenient`: includes not read offline may add keys (deep-merged), so an absent `aud` is not judged missing. */
export function checkIdTokens(location: string, node: YNode | undefined, lenient: boolean, report: Report): void {
  if (report.skip(location, node)) return;
  if (node!.kind !== 'map') {
    report(CODE, location, 'config should be a hash', node!);
    return;
  }
  for (const e of node!.entries) {
    const at = `${location}:${e.key}`;
    if (isUnknown(e.value)) report.notChecked(at, e.value);
    else checkIdToken(at, e.value, lenient, report);
  }
}

/** IdToken's validations in their order; a value that is no hash has no keys and no `aud` (Attributable). */
function checkIdToken(at: string, token: YNode, lenient: boolean, report: Report): void {
  const map: YMap | undefined = token.kind === 'map' ? token : undefined;
  // Offline with includes not read, an absent `aud` may be merged in from there: neither missing nor invalid.
  const absent = map !== undefined && getEntry(map, 'aud') === undefined;
  if (!map || (absent && !lenient)) report(CODE, at, 'config missing required keys: aud', token);
  const unknown = map?.entries.filter((e) => e.key !== 'aud') ?? [];
  if (unknown.length > 0) {
    report(CODE, at, `config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`, token);
  }
  if (absent && lenient) return;
  const aud = map ? getEntry(map, 'aud')?.value : undefined;
  if (isUnknown(aud)) {
    report.notChecked(`${at}:aud`, aud);
    return;
  }
  const valid = !isNullish(aud) && (isString(aud) || (aud!.kind === 'seq' && aud!.items.every(isString)));
  if (!valid) report(CODE, at, 'aud should be an array of strings or a string', aud ?? token);
}
