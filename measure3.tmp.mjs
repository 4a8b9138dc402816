const { TestMessage } = await import('./dist/libs/intake/testing/test-message.js');
const { syntheticNationalId } = await import('./dist/libs/domain/identifiers/synthetic-national-id.js');
import { execSync } from 'node:child_process';
const token = execSync('node dist/scripts/token.js --role message_gateway --org 3428').toString().trim();
const N = Number(process.env.N ?? 3000), C = Number(process.env.C ?? 16);
const kinds = ['Pasientlogistikk_Innlagt_pasient_v1-6_Ny.xml', 'Pasientlogistikk_Utskrivningsklar_pasient_v1-6_Ny.xml', 'Pasientlogistikk_Avmelding_av_utskrivningsklar_pasient_v1-6_Ny.xml'];
const bodies = [];
for (let p = 0; p < N / 3; p++) {
  const idd = syntheticNationalId({ birthDate: new Date(Date.UTC(1930, 0, 1 + Math.floor(p / 400))).toISOString().slice(0,10), individualNumber: p % 400 });
  for (const k of kinds) bodies.push(TestMessage.official(k).withPatient({ familyName: 'T', givenName: 'P', idents: [{ id: idd, type: 'FNR' }] }).fresh().bytes());
}
const outcomes = {};
const t = performance.now();
const lanes = Array.from({ length: C }, async (_, lane) => {
  for (let p = lane; p < bodies.length / 3; p += C) for (let k = 0; k < 3; k++) {
    const r = await fetch('http://127.0.0.1:57809/api/v1/intake/messages', { method: 'POST', body: bodies[p * 3 + k], headers: { authorization: 'Bearer ' + token, 'content-type': 'application/xml' } });
    const j = await r.json(); outcomes[j.outcome ?? r.status] = (outcomes[j.outcome ?? r.status] ?? 0) + 1;
  }
});
await Promise.all(lanes);
const s = (performance.now() - t) / 1000;
console.log({ messages: bodies.length, seconds: s.toFixed(1), perSecond: (bodies.length / s).toFixed(0), outcomes });
