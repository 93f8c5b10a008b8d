export default defineBackground(() => {
  // Wiring only; the logic lives in utils/.
});
