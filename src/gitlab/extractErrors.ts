// The failures of extracting an archive, sorted for the user: cancelled, over a limit, a damaged archive, or
// the file system (disk full, no permission, anything else). Shared by both passes and the final swap.
import { formatBytes } from '../formatBytes';
import { ArtifactError } from './errors';
import { printable } from './zipSafety';

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ArtifactError('cancelled', 'Cancelled.', 'extraction cancelled');
}

/** The bytes actually written passed the limit (the declared sizes were checked before, but may lie). */
export function overLimitError(name: string, maxTotalBytes: number): ArtifactError {
  return new ArtifactError(
    'limits',
    `The archive unpacks to more than ${formatBytes(maxTotalBytes)}. Nothing was kept.`,
    `actual uncompressed bytes exceeded ${maxTotalBytes} at ${printable(name)}`,
    [{ name: printable(name), reason: 'uncompressed size over the limit' }],
  );
}

/** A file-system failure at `where`, worded by its errno code; our own errors pass through unchanged. */
export function ioError(e: unknown, where: string): ArtifactError {
  if (e instanceof ArtifactError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const msg = e instanceof Error ? e.message : String(e);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ArtifactError(
      'diskFull',
      'Not enough disk space to extract the artifacts. Nothing was kept.',
      `${where}: ${msg}`,
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ArtifactError(
      'io',
      `Cannot write the artifacts there (${code}). Pick another folder.`,
      `${where}: ${msg}`,
    );
  }
  if (code === 'ABORT_ERR' || (e instanceof Error && e.name === 'AbortError')) {
    return new ArtifactError('cancelled', 'Cancelled.', `${where}: cancelled`);
  }
  return new ArtifactError('io', `Could not write the artifacts: ${msg}`, `${where}: ${msg}`);
}

/** Sorts an entry failure: cancelled, our own error, a file-system error, or a damaged archive. */
export function entryError(
  err: unknown,
  name: string,
  relPath: string,
  signal: AbortSignal | undefined,
): ArtifactError {
  if (signal?.aborted) return new ArtifactError('cancelled', 'Cancelled.', 'extraction cancelled');
  if (err instanceof ArtifactError) return err;
  const m = err instanceof Error ? err.message : String(err);
  // Errno codes (ENOSPC, EACCES…) come from the disk; anything else (zlib, size checks) from the archive.
  if (!/^E(?!RR_)[A-Z]+$/.test((err as NodeJS.ErrnoException).code ?? '')) {
    return new ArtifactError(
      'corrupt',
      'The zip archive is damaged or lies about its sizes.',
      `${printable(name)}: ${m}`,
    );
  }
  return ioError(err, `writing ${printable(relPath)}`);
}
