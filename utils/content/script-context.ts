// WXT's content script context (it stops the copy of an older version of the extension still
// running in a page, and says when this one is updated or removed), without its message to the
// page. WXT announces a starting script twice: an event on the document, which the context of this
// WXT version listens for, and a `window.postMessage` kept for contexts of older versions. The
// message reaches every listener the page has for `message`, on every page load: a handler that
// parses whatever arrives throws on it, and any page can tell the extension is there. This
// extension has only ever shipped contexts that listen for the event.
import { ContentScriptContext } from 'wxt/utils/content-script-context';

/** The members WXT's context keeps private, read by name (the lockfile pins WXT). */
interface ContextInternals {
  contentScriptName: string;
  id: string;
}

export class QuietContentScriptContext extends ContentScriptContext {
  override stopOldScripts(): void {
    const { contentScriptName, id } = this as unknown as ContextInternals;
    const type = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }).SCRIPT_STARTED_MESSAGE_TYPE;
    document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName, messageId: id } }));
  }
}
