// The content script (wxt.config.ts lists it in the manifest, at document_start in every frame):
// a loader with no runtime of its own, which asks for the preferences and imports the content app.
import { loaderApi, startLoader } from '@/utils/content/app-loader';

export default defineUnlistedScript(() => {
  const api = loaderApi();
  if (api) void startLoader(api, window, (m) => console.info(`Partner Lens: ${m}`));
});
