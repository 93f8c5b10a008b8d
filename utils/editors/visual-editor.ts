// MediaWiki's VisualEditor. Its surface (`.ve-ce-documentNode`) turns DOM changes into model
// transactions when it has seen where the selection is, and its toolbar shows the model's state:
// the undo tool is enabled only while the model has a transaction to undo. That is the one view
// of VE's model a content script has (the `ve` global lives in the page's world).
import type { EditorAdapter } from './types';

const SURFACE = '.ve-ce-surface';

function undoTool(host: HTMLElement): Element | null {
  const target = host.closest('.ve-init-target') ?? host.ownerDocument;
  return target.querySelector('.oo-ui-tool-name-undo');
}

function enabled(tool: Element | null): boolean | undefined {
  if (!tool) return undefined;
  return !tool.classList.contains('oo-ui-widget-disabled');
}

export const visualEditor: EditorAdapter = {
  name: 'visualeditor',
  matches: (host) => host.classList.contains('ve-ce-documentNode') || !!host.closest(SURFACE),
  modelProbe(host) {
    const tool = undoTool(host);
    // Undo enabled already: a new transaction would not show. No verdict then.
    if (enabled(tool) !== false) return undefined;
    return () => enabled(undoTool(host));
  },
};
