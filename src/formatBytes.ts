// Byte counts for people: binary units, as GitLab shows artifact sizes. One definition for the host, the CLI,
// the GitLab core's messages and the webview's cards. Pure.

/** 1536 → "1.5 KiB", 12 MiB + 1 → "12 MiB"; "?" for anything that is not a size. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${v} B`;
  return `${v < 10 ? v.toFixed(1).replace(/\.0$/, '') : Math.round(v)} ${units[u]}`;
}
