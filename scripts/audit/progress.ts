// Progress on standard error: a bar redrawn in place on a terminal, otherwise (a log, CI) one
// line every few seconds. The report itself goes to standard output or --out.

export interface Progress {
  /** `done` things counted so far; `share` of the whole (0..1) when known. */
  update(done: number, share: number | null): void;
  end(): void;
}

export function progress(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr, everyMs = 5000): Progress {
  const tty = Boolean(stream.isTTY);
  const began = Date.now();
  let last = began; // nothing to say in the first moments
  let drawn = false;
  let pages = 0;
  const rate = () => {
    const min = (Date.now() - began) / 60_000;
    return min > 0 ? Math.round(pages / min) : 0;
  };
  return {
    update(done, shareOrNull) {
      pages = done;
      const now = Date.now();
      if (now - last < (tty ? 100 : everyMs)) return;
      last = now;
      const share = shareOrNull === null ? null : Math.max(0, Math.min(1, shareOrNull));
      if (tty) {
        const width = 24;
        const fill = share === null ? 0 : Math.round(share * width);
        const bar = share === null ? '' : `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${Math.floor(share * 100)}% `;
        stream.write(`\r${label} ${bar}${done} ${unit} (${rate()}/min)\u001b[K`);
        drawn = true;
      } else {
        stream.write(`${label}: ${done} ${unit}${share === null ? '' : ` (${Math.floor(share * 100)}%)`}, ${rate()}/min\n`);
      }
    },
    end() {
      if (drawn) stream.write(`\r\u001b[K`);
    },
  };
}
