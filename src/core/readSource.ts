/**
 * Reading one file to check, as the CLI and the editor's workspace scan both do it: defensively, in
 * as few system calls as a read takes (one open, one fstat, the reads, one close; no stat by path
 * first). The one place in the core that touches the disk.
 */
import * as fs from 'fs';
import { decodeText } from './decode';

/**
 * What reading a file gave: its text (with the file's diskVersion as read), or why it is not
 * checked (`skip`), or what went wrong (`error`, with the system's code).
 */
export type ReadResult = { text: string; version: string } | { skip: string } | { error: string; code?: string };

/**
 * What tells one content of a file from another without reading it: its size, modification time and
 * change time. Tools that keep a file's modification time when they replace it (`cp -p`, `rsync -a`,
 * `tar`) cannot keep its change time.
 */
export function diskVersion(st: { size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/**
 * Read a listed file as text, at most `maxKB` KB of it: opened without blocking (a file replaced by
 * a pipe must not hang the run), checked to still be a regular file within the size limit, read
 * up to the size it has now, and decoded as the editor would (see decodeText: no byte order mark,
 * so columns on line 1 match the editor's).
 */
export function readSource(abs: string, maxKB: number): ReadResult {
  return readSourceUpTo(abs, maxKB, Infinity) as ReadResult;
}

/** readSource, except that a file within the limit but larger than `readAtMost` bytes is not read: `over` is its size. */
export function readSourceUpTo(abs: string, maxKB: number, readAtMost: number): ReadResult | { over: number } {
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return failed(e);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { error: `cannot read: ${st.isDirectory() ? 'it is a folder now' : 'not a regular file'}` };
    if (st.size > maxKB * 1024) return { skip: `larger than ${maxKB} KB` };
    if (st.size > readAtMost) return { over: st.size };
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break; // it shrank since fstat
      got += n;
    }
    return { text: decodeText(buf.subarray(0, got)), version: diskVersion(st) };
  } catch (e) {
    return failed(e);
  } finally {
    try { fs.closeSync(fd); } catch { /* already gone */ }
  }
}

function failed(e: unknown): { error: string; code?: string } {
  const code = (e as NodeJS.ErrnoException).code;
  return { error: `cannot read: ${code ?? (e as Error).message}`, code };
}
