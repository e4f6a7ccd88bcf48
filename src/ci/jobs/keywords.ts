// Keyword lists from GitLab's config entries (spec R1.1, R1.2, R2.5, R4.1).

/** Root keys that are never jobs, whatever they contain. */
export const RESERVED_ROOT_KEYS = new Set([
  'include',
  'before_script',
  'image',
  'services',
  'after_script',
  'variables',
  'stages',
  'cache',
]);

/** Root keys that are global keywords unless they look like a job. */
export const SOFT_ROOT_KEYS = new Set(['default', 'workflow']);

/** Top-level keys that still feed `default:` (deprecated form). */
export const DEPRECATED_GLOBAL_DEFAULTS = ['image', 'services', 'cache', 'before_script', 'after_script'] as const;

export const DEFAULT_KEYS = new Set([
  'before_script',
  'after_script',
  'hooks',
  'cache',
  'image',
  'services',
  'interruptible',
  'timeout',
  'retry',
  'tags',
  'artifacts',
  'id_tokens',
  'identity',
]);

const PROCESSABLE_KEYS = [
  'extends',
  'stage',
  'only',
  'except',
  'rules',
  'variables',
  'inherit',
  'allow_failure',
  'when',
  'needs',
  'resource_group',
  'environment',
  'start_in',
];

export const JOB_KEYS = new Set([
  ...PROCESSABLE_KEYS,
  'tags',
  'script',
  'run',
  'image',
  'services',
  'artifacts',
  'cache',
  'dependencies',
  'before_script',
  'after_script',
  'hooks',
  'coverage',
  'retry',
  'parallel',
  'interruptible',
  'timeout',
  'release',
  'id_tokens',
  'publish',
  'pages',
  'manual_confirmation',
  'secrets',
  'dast_configuration',
  'identity',
  'type',
]);

export const BRIDGE_KEYS = new Set([
  ...PROCESSABLE_KEYS,
  'trigger',
  'parallel',
  'interruptible',
  'retry',
  'timeout',
  'manual_confirmation',
]);

export const ARTIFACT_KEYS = new Set([
  'name',
  'untracked',
  'paths',
  'reports',
  'when',
  'expire_in',
  'expose_as',
  'exclude',
  'public',
  'access',
]);

export const DEFAULT_STAGES = ['.pre', 'build', 'test', 'deploy', '.post'];
