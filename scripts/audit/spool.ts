// The audit's record on disk: a header line, then page results and checkpoints as JSON lines.
// With --state it is the user's file and a killed run resumes from its last checkpoint (lines
// after it are dropped, so a page is never counted twice); without, it is a temporary file.
// The report is written from this file alone, so a resumed audit reports what an uninterrupted
// one would, and no page text is ever held beyond its batch.
import { closeSync, createReadStream, existsSync, ftruncateSync, openSync, statSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AuditHeader, PageResult } from './types';

export type Cursor = Record<string, unknown>;

export class StateMismatch extends Error {}

export class Spool {
  private constructor(
    readonly path: string,
    private fd: number,
    readonly header: AuditHeader,
    /** Where the previous run stopped; null for a fresh run. */
    readonly cursor: Cursor | null,
    readonly done: boolean,
  ) {}

  /** Opens a spool, resuming it when it holds the same audit. */
  static async open(path: string, header: AuditHeader): Promise<Spool> {
    if (existsSync(path) && statSync(path).size > 0) {
      const found = await lastCheckpoint(path);
      if (!found.header) throw new StateMismatch(`${path} is not an audit state file`);
      const same = found.header.kind === header.kind && found.header.source === header.source
        && JSON.stringify(found.header.namespaces) === JSON.stringify(header.namespaces)
        && JSON.stringify(found.header.months) === JSON.stringify(header.months);
      if (!same) throw new StateMismatch(`${path} holds a different audit (${found.header.kind} ${found.header.source}); remove it or choose another --state file`);
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, found.keep);
      closeSync(fd);
      return new Spool(path, openSync(path, 'a'), found.header, found.cursor, found.done);
    }
    const fd = openSync(path, 'w');
    writeSync(fd, JSON.stringify(header) + '\n');
    return new Spool(path, fd, header, null, false);
  }

  /** Pages of one batch and where to go on from, in one write. */
  commit(pages: PageResult[], cursor: Cursor): void {
    let s = '';
    for (const p of pages) s += JSON.stringify({ page: p }) + '\n';
    s += JSON.stringify({ checkpoint: cursor }) + '\n';
    writeSync(this.fd, s);
  }

  finish(): void {
    writeSync(this.fd, JSON.stringify({ done: true }) + '\n');
  }

  close(): void {
    closeSync(this.fd);
  }
}

async function lastCheckpoint(path: string): Promise<{ header?: AuditHeader; keep: number; cursor: Cursor | null; done: boolean }> {
  let header: AuditHeader | undefined;
  let keep = 0;
  let offset = 0;
  let cursor: Cursor | null = null;
  let done = false;
  const size = statSync(path).size;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    const next = offset + Buffer.byteLength(line) + 1;
    // The last line of a killed run may be cut short: it is only trusted with its newline.
    if (next > size) break;
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line) as Record<string, unknown>;
    } catch {
      break;
    }
    if (!header) {
      if (rec.partnerLensAudit !== 1) break;
      header = rec as unknown as AuditHeader;
      keep = next;
    } else if ('checkpoint' in rec) {
      cursor = rec.checkpoint as Cursor;
      keep = next;
    } else if ('done' in rec) {
      done = true;
      keep = next;
      break;
    }
    offset = next;
  }
  lines.close();
  return { header, keep, cursor, done };
}

/** The pages of a spool, in the order they were found. */
export async function* readPages(path: string): AsyncGenerator<PageResult> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (first) {
      first = false;
      continue;
    }
    if (line.startsWith('{"page":')) yield (JSON.parse(line) as { page: PageResult }).page;
  }
}
