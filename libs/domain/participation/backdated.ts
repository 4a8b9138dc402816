import type { Instant } from '#libs/domain/transfer-case/events.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** regulation.md: recorded more than 24 hours after it occurred, so marked `backdated` in histories and reports. */
export const isBackdated = (occurredAt: Instant, recordedAt: Instant): boolean =>
  Date.parse(recordedAt) - Date.parse(occurredAt) > DAY_MS;
