// A job's name as GitLab's Processable entry judges it (processable.rb: `validates :name, presence: true`,
// `type: Symbol`, `length: { maximum: 255 }`).
import type { DiagnosticSink } from '../diagnostics';
import type { YEntry } from '../yaml/node';
import { entryMessage } from './entryMessage';

const MAX_JOB_NAME = 255;

export function checkJobName(entry: YEntry, sink: DiagnosticSink): void {
  const name = entry.key;
  // Psych typed the key (`on:` is true, `010:` is 8, `~:` is nil) and GitLab wants a Symbol (Validator#messages
  // downcases the whole message).
  if (entry.keyKind === 'null') sink.error('job-name-type', `jobs:job name can't be blank`, entry.keyRange, name);
  else if (entry.keyKind) {
    sink.error('job-name-type', entryMessage(`jobs:${name}`, 'name should be a symbol'), entry.keyRange, name);
  }
  if (name.length > MAX_JOB_NAME) {
    sink.error(
      'job-name-length',
      entryMessage(`jobs:${name}`, `name is too long (maximum is ${MAX_JOB_NAME} characters)`),
      entry.keyRange,
      name,
    );
  }
}
