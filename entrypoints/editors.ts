// Editor support, loaded by the content script into its own world on the first sign of a place to
// write (utils/content/lazy-editors.ts): it only hands over the factory.
import { createEditorBridge } from '@/utils/editors/editor-bridge';
import { EDITORS_GLOBAL, type EditorBridgeFactory } from '@/utils/content/lazy-editors';

export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[EDITORS_GLOBAL] = createEditorBridge satisfies EditorBridgeFactory;
});
