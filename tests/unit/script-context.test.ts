import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { QuietContentScriptContext } from '@/utils/content/script-context';

const made: ContentScriptContext[] = [];
const context = <T extends ContentScriptContext>(Kind: new (name: string) => T, name = 'content'): T => {
  const ctx = new Kind(name);
  made.push(ctx);
  return ctx;
};

afterEach(() => {
  for (const ctx of made.splice(0)) ctx.notifyInvalidated();
  vi.restoreAllMocks();
});

describe('the content script context', () => {
  it('posts nothing to the page when it starts', async () => {
    const posted = vi.spyOn(window, 'postMessage');
    const received: unknown[] = [];
    const onMessage = (event: MessageEvent) => received.push(event.data);
    window.addEventListener('message', onMessage);
    context(QuietContentScriptContext);
    await new Promise((r) => setTimeout(r, 20));
    window.removeEventListener('message', onMessage);
    expect(posted).not.toHaveBeenCalled();
    expect(received).toEqual([]);
  });

  it.each([
    ['a newer copy of this context', QuietContentScriptContext, QuietContentScriptContext],
    ["WXT's own context, older", ContentScriptContext, QuietContentScriptContext],
    ["WXT's own context, newer", QuietContentScriptContext, ContentScriptContext],
  ] as const)('the older of two contexts stops: %s', (_name, Older, Newer) => {
    const older = context(Older as new (name: string) => ContentScriptContext);
    expect(older.isInvalid).toBe(false);
    const newer = context(Newer as new (name: string) => ContentScriptContext);
    expect(older.isInvalid).toBe(true);
    expect(newer.isInvalid).toBe(false);
  });

  it("leaves another content script's context running", () => {
    const other = context(QuietContentScriptContext, 'other');
    context(QuietContentScriptContext);
    expect(other.isInvalid).toBe(false);
  });
});
