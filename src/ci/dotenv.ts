// GitLab's dotenv report parser (spec R6.1, app/services/ci/parse_dotenv_artifact_service.rb): `KEY=VALUE` per line, both sides stripped, nothing else —
// no quote removal, no `export`, no comments, no empty lines. One bad line or key rejects the whole file.
export const DOTENV_LIMITS = { maxBytes: 5120, maxVariables: 20, maxKeyLength: 255 };

export type DotenvResult = { ok: true; variables: Record<string, string> } | { ok: false; error: string };

export function parseDotenv(text: string, limits = DOTENV_LIMITS): DotenvResult {
  const body = text.replace(/^\uFEFF/, '');
  // The stored file must be *smaller* than the limit.
  if (new TextEncoder().encode(body).length >= limits.maxBytes) {
    return { ok: false, error: `Dotenv Artifact Too Big. Maximum Allowable Size: ${limits.maxBytes}` };
  }
  const variables: Record<string, string> = {};
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); // a final newline ends the last line; it is not an empty line
  // The service's order: the format of every line while reading, then the variable count, then each key's
  // validations when the variables are inserted (parse_dotenv_artifact_service.rb, Ci::JobVariable).
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const eq = line.indexOf('=');
    if (eq < 0) return { ok: false, error: 'Invalid Format' };
    variables[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  if (Object.keys(variables).length > limits.maxVariables) {
    return { ok: false, error: `Dotenv files cannot have more than ${limits.maxVariables} variables` };
  }
  for (const key of Object.keys(variables)) {
    // Ci::JobVariable (HasVariable): key presence, length ≤ 255, format; ActiveRecord lists every failure.
    const problems: string[] = [];
    if (key === '') problems.push("Key can't be blank");
    if (key.length > limits.maxKeyLength) {
      problems.push(`Key is too long (maximum is ${limits.maxKeyLength} characters)`);
    }
    if (!/^[a-zA-Z0-9_]+$/.test(key)) problems.push("Key can contain only letters, digits and '_'.");
    if (problems.length > 0) return { ok: false, error: `Validation failed: ${problems.join(', ')}` };
  }
  return { ok: true, variables };
}
