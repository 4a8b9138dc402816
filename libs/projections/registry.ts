import type { AppConfig } from '#libs/config/config.js';
import type { CaseProjection } from './runtime/case-projection.js';

/** Every projection the runtime keeps: each process that runs projections, and `projections:rebuild`, reads this list. */
export const projectionsFor = (_config: AppConfig): CaseProjection[] => [];
