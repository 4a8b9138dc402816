import { parseArgs } from 'node:util';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import { isRole, ROLES } from '#libs/auth/principal.js';
import { TOKEN_MAX_AGE_SECONDS } from '#libs/auth/token-verifier.js';

/** Prints a development token (valid when the API runs with AUTH_MODE=dev) as its only output line. */
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    org: { type: 'string' },
    sub: { type: 'string' },
    name: { type: 'string' },
    'ttl-hours': { type: 'string', default: '12' },
  },
});

const ttlHours = Number(values['ttl-hours']);
// The API refuses a token 12 hours after it was issued, whatever its exp says.
if (!isRole(values.role) || !values.org || !(ttlHours > 0 && ttlHours <= TOKEN_MAX_AGE_SECONDS / 3600)) {
  process.stderr.write(`usage: npm run token -- --role <${ROLES.join('|')}> --org <org> [--sub <id>] [--name <name>] [--ttl-hours <1-12>]\n`);
  process.exit(2);
}

const keys = await loadOrCreateDevKeys(process.env.AUTH_DEV_KEY_DIR ?? '.local/dev-keys');
const token = await signDevToken(
  keys.privateKey,
  { role: values.role, org: values.org, sub: values.sub, name: values.name },
  Math.round(ttlHours * 3600),
);
process.stdout.write(`${token}\n`);
