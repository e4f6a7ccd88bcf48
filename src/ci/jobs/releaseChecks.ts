// `release:` of a job, with GitLab's messages (lib/gitlab/ci/config/entry/release.rb, validators.rb). Checked: the
// hash, its keys, `tag_name` and `description` (type String, presence), `tag_message` (a String when not blank),
// `milestones` (a string or an array of strings when not blank). Not checked here (docs/validation-reference.md):
// `released_at` (DateTime.iso8601), `ref` (a commit SHA or a valid Git ref) and `assets`.
import type { YMap, YNode } from '../yaml/node';
import { getEntry } from '../yaml/node';
import { isString } from './entryMessage';
import { isBlank } from './rubyText';
import { isUnknown, type Report } from './valueReport';

const CODE = 'release-shape';
const ALLOWED = ['tag_name', 'tag_message', 'name', 'description', 'ref', 'released_at', 'milestones', 'assets'];

/**
 * `lenient`: includes not read offline may add keys (a job or template of the same name is deep-merged), so a key
 * that is absent here is not judged missing.
 */
export function checkRelease(location: string, node: YNode | undefined, lenient: boolean, report: Report): void {
  if (report.skip(location, node)) return;
  if (node!.kind !== 'map') {
    // Configurable's `type: Hash`; release.rb's own validations then read the value as a Hash and raise.
    const text = `${location.toLowerCase()} config should be a hash`;
    report(CODE, '', `${text} (GitLab then reads it as one and raises: no pipeline, an undefined error)`, node!);
    return;
  }
  const release: YMap = node!;
  const unknown = release.entries.filter((e) => !ALLOWED.includes(e.key));
  if (unknown.length > 0) {
    report(CODE, location, `config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`, release);
  }
  const field = (key: string): YNode | undefined => getEntry(release, key)?.value;
  const judged = (key: string): YNode | undefined | null => {
    const v = field(key);
    if (!isUnknown(v)) return v;
    report.notChecked(`${location}:${key}`, v);
    return null;
  };
  // validates :tag_name, type: String, presence: true (each validator on its own: a missing one fails both).
  const required = (key: string, name: string): void => {
    const v = judged(key);
    if (v === null || (v === undefined && lenient)) return;
    if (!isString(v)) report(CODE, location, `${name} should be a string`, v ?? release);
    if (isBlank(v)) report(CODE, location, `${name} can't be blank`, v ?? release);
  };
  required('tag_name', 'tag name');
  const message = judged('tag_message');
  if (message !== null && !isBlank(message) && !isString(message)) {
    report(CODE, location, 'tag message should be a string', message!);
  }
  required('description', 'description');
  const milestones = judged('milestones');
  const listed = milestones?.kind === 'seq' && milestones.items.every(isString);
  if (milestones !== null && !isBlank(milestones) && !isString(milestones) && !listed) {
    report(CODE, location, 'milestones should be an array of strings or a string', milestones!);
  }
}
