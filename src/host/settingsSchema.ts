// Every setting of the extension in one table: its manifest default, bounds and scope. A unit test keeps this
// table and package.json `contributes.configuration` equal, so a default is written once. Pure (no vscode):
// `resolveSettings` turns raw values (whatever a settings file holds) into the typed, validated Settings.
import { normalizeInstanceUrl } from '../gitlab/remote';

interface NumberSpec {
  readonly type: 'number';
  readonly default: number;
  readonly minimum: number;
  readonly maximum?: number;
  readonly scope: 'machine';
}
interface StringSpec {
  readonly type: 'string';
  readonly default: string;
  readonly enum?: readonly string[];
  readonly scope: 'machine' | 'resource';
}
interface BooleanSpec {
  readonly type: 'boolean';
  readonly default: boolean;
  readonly scope?: 'machine';
}

export const SETTINGS_SECTION = 'gitlabArtifactFlow';

export const SETTINGS_SCHEMA = {
  analysisTimeLimitSeconds: { type: 'number', default: 10, minimum: 1, maximum: 300, scope: 'machine' },
  analysisMemoryLimitMiB: { type: 'number', default: 1024, minimum: 16, maximum: 16384, scope: 'machine' },
  instanceUrl: { type: 'string', default: '', scope: 'resource' },
  projectPath: { type: 'string', default: '', scope: 'resource' },
  tokenType: { type: 'string', default: 'personal', enum: ['personal', 'oauth'], scope: 'machine' },
  artifactsFolder: { type: 'string', default: '.gitlab-artifacts', scope: 'resource' },
  askWhereToDownload: { type: 'boolean', default: false },
  maxExtractSizeMiB: { type: 'number', default: 4096, minimum: 1, scope: 'machine' },
  maxExtractEntries: { type: 'number', default: 100_000, minimum: 1, scope: 'machine' },
  maxDownloadSizeMiB: { type: 'number', default: 16_384, minimum: 1, scope: 'machine' },
  connectTimeoutSeconds: { type: 'number', default: 30, minimum: 1, maximum: 3600, scope: 'machine' },
  idleTimeoutSeconds: { type: 'number', default: 60, minimum: 1, maximum: 3600, scope: 'machine' },
  includeRefreshMinutes: { type: 'number', default: 10, minimum: 0, maximum: 10080, scope: 'machine' },
} as const satisfies Record<string, NumberSpec | StringSpec | BooleanSpec>;

export type SettingKey = keyof typeof SETTINGS_SCHEMA;

/** The settings as the extension uses them: validated, in the units the code wants. */
export interface Settings {
  /** Normalised (`https://host[:port][/root]`), the same form the token is stored under; undefined when unset. */
  readonly instanceUrl: string | undefined;
  /** `group/sub/project` without surrounding slashes; undefined when unset. */
  readonly projectPath: string | undefined;
  readonly tokenKind: 'private' | 'oauth';
  readonly artifactsFolder: string;
  readonly askWhereToDownload: boolean;
  readonly maxExtractBytes: number;
  readonly maxExtractEntries: number;
  readonly maxDownloadBytes: number;
  readonly connectTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly analysisTimeMs: number;
  readonly analysisMemoryMiB: number;
  /** How long a resolved ref, tag, `~latest`, template or remote file is trusted before GitLab is asked again. */
  readonly includeRefreshMs: number;
}

const MIB = 1024 * 1024;

function num(raw: unknown, spec: NumberSpec): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return spec.default;
  return Math.min(spec.maximum ?? Number.MAX_SAFE_INTEGER, Math.max(spec.minimum, raw));
}

function str(raw: unknown, spec: StringSpec): string {
  return typeof raw === 'string' ? raw : spec.default;
}

/** `get` returns the raw value of a key (undefined when unset); anything malformed falls back to the default. */
export function resolveSettings(get: (key: SettingKey) => unknown): Settings {
  const s = SETTINGS_SCHEMA;
  const projectPath = str(get('projectPath'), s.projectPath)
    .trim()
    .replace(/^\/+|\/+$/g, '');
  const folder = str(get('artifactsFolder'), s.artifactsFolder);
  return {
    instanceUrl: normalizeInstanceUrl(str(get('instanceUrl'), s.instanceUrl)),
    projectPath: projectPath === '' ? undefined : projectPath,
    tokenKind: get('tokenType') === 'oauth' ? 'oauth' : 'private',
    artifactsFolder: folder.trim() === '' ? s.artifactsFolder.default : folder,
    askWhereToDownload: get('askWhereToDownload') === true,
    maxExtractBytes: num(get('maxExtractSizeMiB'), s.maxExtractSizeMiB) * MIB,
    maxExtractEntries: Math.floor(num(get('maxExtractEntries'), s.maxExtractEntries)),
    maxDownloadBytes: num(get('maxDownloadSizeMiB'), s.maxDownloadSizeMiB) * MIB,
    connectTimeoutMs: num(get('connectTimeoutSeconds'), s.connectTimeoutSeconds) * 1000,
    idleTimeoutMs: num(get('idleTimeoutSeconds'), s.idleTimeoutSeconds) * 1000,
    analysisTimeMs: num(get('analysisTimeLimitSeconds'), s.analysisTimeLimitSeconds) * 1000,
    analysisMemoryMiB: Math.round(num(get('analysisMemoryLimitMiB'), s.analysisMemoryLimitMiB)),
    includeRefreshMs: num(get('includeRefreshMinutes'), s.includeRefreshMinutes) * 60_000,
  };
}
