/**
 * What "now" is: the default time of a fact, today for days waiting and running liability, the bounds of dates, when a
 * deadline is due. Each process makes one clock from `CLOCK` at start and hands it to everything that needs "now" (API
 * controllers, queries and validators; the command path; the intake; the deadline timer). Production always runs on
 * the system clock; tests may shift it (`offset`: the system clock plus a fixed amount, so time still passes and every
 * process given the same offset agrees) or freeze it (`fixed`). Elapsed time (timeouts, a heartbeat's age, lag, when a
 * request or an event was recorded) is measured on the system clock.
 */
export type ClockSetting =
  | { readonly mode: 'system' }
  | { readonly mode: 'offset'; readonly offsetMs: number }
  | { readonly mode: 'fixed'; readonly at: string };

export interface Clock {
  now(): Date;
}

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };

export const clockFrom = (setting: ClockSetting): Clock => {
  switch (setting.mode) {
    case 'system':
      return SYSTEM_CLOCK;
    case 'offset':
      return { now: () => new Date(Date.now() + setting.offsetMs) };
    case 'fixed': {
      const at = Date.parse(setting.at);
      return { now: () => new Date(at) };
    }
  }
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads `CLOCK`: unset or `system`, `offset:<milliseconds, may be negative>`, or `fixed:<ISO 8601 instant>`.
 * Returns the reason when the value is not acceptable; anything but the system clock is refused in production.
 */
export const parseClockSetting = (value: string | undefined, production: boolean): ClockSetting | string => {
  if (value === undefined || value === '' || value === 'system') return { mode: 'system' };
  if (production) return 'CLOCK may only be "system" when NODE_ENV=production';
  const [mode, argument = ''] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
  if (mode === 'offset' && /^[+-]?\d{1,15}$/.test(argument)) return { mode, offsetMs: Number(argument) };
  if (mode === 'fixed' && INSTANT.test(argument) && !Number.isNaN(Date.parse(argument))) return { mode, at: argument };
  return `CLOCK must be "system", "offset:<ms>" or "fixed:<ISO 8601 instant>" (got "${value}")`;
};
