import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import type { IntakeAnswer } from '#libs/intake/intake-service.js';
import { validateAppRec } from '#libs/intake/validation/schema-validator.js';
import { readXml } from '#libs/intake/xml/read-xml.js';
import type { XmlElement } from '#libs/intake/xml/xml-element.js';
import { TestMessage } from '#libs/intake/testing/test-message.js';
import { ApiClient, type ApiAnswer } from './api-client.js';
import { startCaseSummaries } from './case-summaries.js';
import { startApp, type RunningApp } from './running-app.js';

/** Alvdal, the receiving municipality of the official examples (infra/demo-intake.json). */
export const ALVDAL = '3428';
export const ALVDAL_ORG = { herId: '99387', name: 'Alvdal Kommune' } as const;
export const ST_OLAVS = '974749025';

/** The built API with the demo's intake configuration, and the callers the intake tests need. */
export interface IntakeHarness {
  readonly running: RunningApp;
  readonly gateway: ApiClient;
  readonly officer: ApiClient;
  readonly admin: ApiClient;
  client(role: Parameters<RunningApp['token']>[0], org: string): Promise<ApiClient>;
  /** Posts a message as the Alvdal gateway (or `as`), as bytes. */
  post(message: TestMessage | Buffer, options?: { as?: ApiClient; contentType?: string }): Promise<ApiAnswer<IntakeAnswer>>;
  /** The AppRec document, parsed, after checking it is valid against AppRec-v1.1.xsd. */
  appRec(id: string): Promise<XmlElement>;
  close(): Promise<void>;
}

export const startIntakeHarness = async (env: Record<string, string> = {}): Promise<IntakeHarness> => {
  const running = await startApp({ INTAKE_CONFIG_FILE: 'infra/demo-intake.json', ...env });
  const caseSummaries = await startCaseSummaries(running.database.url);
  const client = async (role: Parameters<RunningApp['token']>[0], org: string) => new ApiClient(running.baseUrl, await running.token(role, org));
  const gateway = await client('message_gateway', ALVDAL);
  const post = (message: TestMessage | Buffer, options: { as?: ApiClient; contentType?: string } = {}) =>
    (options.as ?? gateway).postBytes<IntakeAnswer>(
      '/intake/messages',
      Buffer.isBuffer(message) ? message : message.bytes(),
      options.contentType ?? 'application/xml',
    );
  return {
    running,
    gateway,
    officer: await client('allocation_officer', ALVDAL),
    admin: await client('admin', '*'),
    client,
    post,
    appRec: async (id) => {
      const answer = await gateway.get<string>(`/intake/apprecs/${id}`);
      if (answer.status !== 200) throw new Error(`GET /intake/apprecs/${id} answered ${answer.status}`);
      if (!answer.headers.get('content-type')?.startsWith('application/xml')) throw new Error('not application/xml');
      const read = readXml(Buffer.from(answer.body, 'utf8'));
      if (!read.ok) throw new Error(read.detail);
      try {
        const verdict = validateAppRec(read.document.native);
        if (!verdict.valid) throw new Error(`AppRec ${id} is not valid: ${verdict.errors.join('; ')}`);
        return read.document.root;
      } finally {
        read.document.native.dispose();
      }
    },
    close: async () => {
      await caseSummaries.stop();
      await running.close();
    },
  };
};

let patients = 0;

/** An official example for a patient of its own (a synthetic fødselsnummer) and with a MsgId of its own. */
export const forNewPatient = (name: string, n = ++patients): { message: TestMessage; nationalId: string; patient: (message: TestMessage) => TestMessage } => {
  const nationalId = syntheticNationalId({ birthDate: '1944-03-12', individualNumber: 100 + n });
  const patient = (message: TestMessage) =>
    message.withPatient({ familyName: 'Testesen', givenName: `Pasient${n}`, idents: [{ id: nationalId, type: 'FNR' }] });
  return { message: patient(TestMessage.official(name)).fresh(), nationalId, patient };
};
