import { useSyncExternalStore } from 'react';

/** Below this width lists are shown as cards, not tables (a phone held upright; 40rem at the default 16 px). */
const NARROW = '(max-width: 40rem)';

const subscribe = (listener: () => void): (() => void) => {
  const query = window.matchMedia(NARROW);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
};

export const useNarrow = (): boolean => useSyncExternalStore(subscribe, () => window.matchMedia(NARROW).matches);
