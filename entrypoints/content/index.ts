export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_idle',
  main() {
    document.documentElement.dataset.partnerLensLoaded = '1';
  },
});
