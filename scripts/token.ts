import { parseArgs } from 'node:util';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import { isRole, ROLES } from '#libs/auth/principal.js';

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

if (!isRole(values.role) || !values.org) {
  process.stderr.write(`usage: npm run token -- --role <${ROLES.join('|')}> --org <org> [--sub <id>] [--name <name>]\n`);
  process.exit(2);
}

const keys = await loadOrCreateDevKeys(process.env.AUTH_DEV_KEY_DIR ?? '.local/dev-keys');
const token = await signDevToken(
  keys.privateKey,
  { role: values.role, org: values.org, sub: values.sub, name: values.name },
  Number(values['ttl-hours']) * 3600,
);
process.stdout.write(`${token}\n`);
