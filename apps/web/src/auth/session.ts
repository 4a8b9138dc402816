/** Who is signed in: the bearer token and the claims the screens need (role, org, name). Kept for the tab only. */
export type Role = 'hospital_staff' | 'allocation_officer' | 'quality_auditor' | 'admin';

export interface Session {
  readonly token: string;
  readonly role: Role;
  readonly org: string;
  readonly name: string | null;
  readonly expiresAt: number;
}

const KEY = 'overgang.session';
const listeners = new Set<() => void>();
let cached: Session | null | undefined;

const decodeClaims = (token: string): Record<string, unknown> => {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
};

export const sessionFromToken = (token: string): Session => {
  const claims = decodeClaims(token);
  return {
    token,
    role: claims.role as Role,
    org: String(claims.org ?? ''),
    name: typeof claims.name === 'string' ? claims.name : null,
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + 3600_000,
  };
};

export const currentSession = (): Session | null => {
  if (cached === undefined) {
    const stored = sessionStorage.getItem(KEY);
    cached = stored ? (JSON.parse(stored) as Session) : null;
  }
  if (cached && cached.expiresAt <= Date.now()) signOut();
  return cached ?? null;
};

export const currentToken = (): string | null => currentSession()?.token ?? null;

const changed = (): void => listeners.forEach((listener) => listener());

export const signIn = (token: string): Session => {
  cached = sessionFromToken(token);
  sessionStorage.setItem(KEY, JSON.stringify(cached));
  changed();
  return cached;
};

export const signOut = (): void => {
  if (cached === null) return;
  cached = null;
  sessionStorage.removeItem(KEY);
  changed();
};

export const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
