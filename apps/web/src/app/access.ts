import type { Role } from '../auth/session';

/** Every screen and the roles that may use it (api.md, Identity: what each role may read and do). */
export const SCREENS = {
  worklist: { path: '/arbeidsliste', title: 'Arbeidsliste', roles: ['allocation_officer'] },
  case: { path: '/saker/:caseId', title: 'Sak', roles: ['hospital_staff', 'allocation_officer'] },
  hospital: { path: '/sykehus', title: 'Sykehus', roles: ['hospital_staff'] },
  quality: { path: '/kvalitet', title: 'Kvalitet', roles: ['quality_auditor', 'allocation_officer'] },
  assessment: { path: '/kvalitet/vedtak/:caseId/:decisionId', title: 'Vurdering av vedtak', roles: ['quality_auditor', 'allocation_officer'] },
  operations: { path: '/drift', title: 'Drift', roles: ['admin'] },
} as const satisfies Record<string, { path: string; title: string; roles: readonly Role[] }>;

export type Screen = keyof typeof SCREENS;

export const mayOpen = (role: Role, screen: Screen): boolean => (SCREENS[screen].roles as readonly Role[]).includes(role);

/** Where a role lands after signing in, and its menu, in this order. */
export const MENU: Record<Role, readonly Screen[]> = {
  allocation_officer: ['worklist', 'quality'],
  hospital_staff: ['hospital'],
  quality_auditor: ['quality'],
  admin: ['operations'],
};

export const homePath = (role: Role): string => SCREENS[MENU[role][0]!].path;
