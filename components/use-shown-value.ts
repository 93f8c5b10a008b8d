import { useEffect, useState } from 'preact/hooks';

/**
 * A controlled input's value shown at once, before the save that changes `saved` answers;
 * otherwise Preact puts the old value back on the next render and the control springs back.
 */
export function useShownValue<T>(saved: T): [T, (value: T) => void] {
  const [shown, setShown] = useState(saved);
  useEffect(() => setShown(saved), [saved]);
  return [shown, setShown];
}
