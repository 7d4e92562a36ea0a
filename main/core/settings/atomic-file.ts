import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readlinkSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// Replacing a file by renaming a finished temp file over it means a crash or a power cut leaves
// the old file or the new one, never half of one; readers never see a partial write.

const MAX_LINKS = 40; // the kernel's own limit (ELOOP)

/**
 * The file a write to `path` should replace: a symlinked settings.json (dotfiles repos do this)
 * is followed to its target, so the rename lands there and the link stays a link. Relative
 * links resolve from their own folder; a dangling link names the file to create.
 */
export function writeTarget(path: string): string {
  let current = path;
  for (let i = 0; i < MAX_LINKS; i++) {
    let link: string;
    try {
      link = readlinkSync(current);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EINVAL' || code === 'ENOENT' || code === 'UNKNOWN') return current; // not a link, or not there yet
      throw err;
    }
    current = resolve(dirname(current), link);
  }
  throw Object.assign(new Error(`too many symbolic links from ${path}`), {
    code: 'ELOOP',
  });
}

/** Writes `text` to a temp file beside the target, flushes it to disk, and renames it into place. Returns the target. */
export function writeFileAtomic(path: string, text: string, mode = 0o600): string {
  const target = writeTarget(path);
  mkdirSync(dirname(target), { recursive: true });
  // Required here: loading node:crypto is a cost `who` and `ls`, which never write, should not pay.
  const tmp = `${target}.${process.pid}.${(require('node:crypto') as typeof import('node:crypto')).randomBytes(4).toString('hex')}.tmp`;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', mode);
    const bytes = Buffer.from(text, 'utf8');
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
    // Without the flush, a crash soon after the rename can leave an empty file under the new name.
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, target);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // not created
    }
    throw err;
  }
  syncFolder(dirname(target));
  return target;
}

/** Makes the rename itself durable; Windows cannot open a folder for this, and does not need to. */
function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort: the data itself is already on disk
  }
}

export type CappedRead = { ok: true; text: string } | { ok: false; size: number };

/**
 * Reads a file only if it is at most `maxBytes`: a huge file is refused without reading it. The
 * size is checked on the open file and the read stops one byte past the cap, so a file that
 * grows between the check and the read is refused too. Throws what the OS says (ENOENT, EACCES).
 */
export function readFileCapped(path: string, maxBytes: number): CappedRead {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { ok: false, size };
    const buf = Buffer.allocUnsafe(maxBytes + 1);
    let len = 0;
    for (;;) {
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
      if (len > maxBytes) return { ok: false, size: Math.max(size, len) };
    }
    return { ok: true, text: buf.subarray(0, len).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}
