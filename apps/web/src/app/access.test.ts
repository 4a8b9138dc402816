import { describe, expect, it } from 'vitest';
import { homePath, MENU, mayOpen, SCREENS, type Screen } from './access';

describe('screens gated by role', () => {
  it('lets each role open what it may use and nothing else', () => {
    expect(mayOpen('hospital_staff', 'hospital')).toBe(true);
    expect(mayOpen('allocation_officer', 'hospital')).toBe(false);
    expect(mayOpen('quality_auditor', 'hospital')).toBe(false);
    expect(mayOpen('hospital_staff', 'quality')).toBe(false);
    expect(mayOpen('quality_auditor', 'quality')).toBe(true);
    expect(mayOpen('allocation_officer', 'quality')).toBe(true);
    expect(mayOpen('quality_auditor', 'case')).toBe(false);
    expect(mayOpen('admin', 'worklist')).toBe(false);
  });

  it('puts only screens a role may open in its menu, the first as its home', () => {
    for (const [role, screens] of Object.entries(MENU) as [keyof typeof MENU, readonly Screen[]][]) {
      for (const screen of screens) expect(mayOpen(role, screen), `${role} ${screen}`).toBe(true);
    }
    expect(homePath('allocation_officer')).toBe(SCREENS.worklist.path);
    expect(homePath('hospital_staff')).toBe('/sykehus');
  });
});
