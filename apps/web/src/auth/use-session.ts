import { useSyncExternalStore } from 'react';
import { currentSession, subscribe, type Session } from './session';

export const useSession = (): Session | null => useSyncExternalStore(subscribe, currentSession);
