import type { ReactNode } from 'react';

/** A wide table's horizontal scroll area, reachable by keyboard (WCAG 2.1.1). */
export const TableScroll = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
    {children}
  </div>
);
