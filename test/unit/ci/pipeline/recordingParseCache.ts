// A parse cache for tests that records the paths it stores (`sets`) and the paths it answers (`hits`).
import { createParseCache, type ParseCache } from '../../../../src/ci/yaml/parseCache';

export function recordingCache(): ParseCache & { sets: string[]; hits: string[] } {
  const inner = createParseCache();
  const sets: string[] = [];
  const hits: string[] = [];
  return {
    sets,
    hits,
    get: (path, text) => {
      const got = inner.get(path, text);
      if (got) hits.push(path);
      return got;
    },
    set: (path, text, parsed) => (sets.push(path), inner.set(path, text, parsed)),
  };
}
