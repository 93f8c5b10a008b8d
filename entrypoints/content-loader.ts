// The content script (wxt.config.ts lists it in the manifest, at document_start in every frame):
// a loader with no runtime of its own, which asks for the preferences and imports the content app.
import { loaderApi, startLoader } from '@/utils/content/app-loader';
import { SKIPPED_CONTENT_GLOBAL, watchSkippedContent } from '@/utils/page/skipped-content';

export default defineUnlistedScript(() => {
  const api = loaderApi();
  if (!api) return;
  // From the start: a long page's first skipped sections are announced while it is parsed.
  (globalThis as Record<string, unknown>)[SKIPPED_CONTENT_GLOBAL] = watchSkippedContent(document);
  void startLoader(api, window, (m) => console.info(`Partner Lens: ${m}`));
});
