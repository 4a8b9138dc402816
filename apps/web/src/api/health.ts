/**
 * What `GET /health` says about the freshness of what the screens show (api.md, Operations): `status` `ok`,
 * `degraded` (a projection is failing on some case, lags more than 60 s, or deadline jobs have failed) or `down`;
 * each projection's lag and failing cases. Read leniently: a field the server does not send counts as nothing wrong.
 */
export type HealthLevel = 'ok' | 'degraded' | 'behind' | 'failing' | 'down' | 'unreachable';

export interface HealthView {
  readonly level: HealthLevel;
  /** The furthest any projection is behind, in seconds. */
  readonly secondsBehind: number;
  /** Cases some projection cannot process. */
  readonly failingCases: number;
}

/** api.md: a projection more than 60 s behind makes the status `degraded`. */
export const LAG_LIMIT_SECONDS = 60;

const count = (value: unknown): number => (typeof value === 'number' ? value : Array.isArray(value) ? value.length : 0);

export const readHealth = (httpStatus: number, body: unknown): HealthView => {
  const health = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const projections = Array.isArray(health.projections) ? (health.projections as Record<string, unknown>[]) : [];
  const secondsBehind = Math.max(0, ...projections.map((p) => (typeof p.secondsBehind === 'number' ? p.secondsBehind : 0)));
  const failingCases = projections.reduce((sum, p) => sum + count(p.failingCases ?? p.failing), 0);
  const level: HealthLevel =
    health.status === 'down' || health.status === 'unavailable' || httpStatus >= 500
      ? 'down'
      : failingCases > 0
        ? 'failing'
        : secondsBehind > LAG_LIMIT_SECONDS
          ? 'behind'
          : health.status === 'degraded'
            ? 'degraded'
            : 'ok';
  return { level, secondsBehind, failingCases };
};

const minutes = (seconds: number): string => {
  const whole = Math.max(1, Math.round(seconds / 60));
  return whole === 1 ? 'ett minutt' : `${whole} minutter`;
};

/** The banner's text for a health that is not ok; null when all is well. */
export const healthWarning = (health: HealthView): string | null => {
  switch (health.level) {
    case 'ok':
      return null;
    case 'behind':
      return `Tallene kan være forsinket. Lister og statistikk er omtrent ${minutes(health.secondsBehind)} på etterskudd. Det du registrerer, er lagret.`;
    case 'failing':
      return `Tallene kan være ufullstendige: ${health.failingCases === 1 ? 'én sak' : `${health.failingCases} saker`} kan ikke oppdateres i lister og statistikk på grunn av en feil. Driften ser feilen og kan rette den.`;
    case 'degraded':
      return 'Tallene kan være forsinket: systemet har driftsproblemer, og frister og lister oppdateres kanskje ikke i tide.';
    case 'down':
      return 'Tjenesten har problemer med databasen eller køene. Det du ser, kan være utdatert, og registreringer kan feile.';
    case 'unreachable':
      return 'Får ikke kontakt med serveren. Det du ser, kan være utdatert.';
  }
};
