import { readMsgHead } from '../messages/msghead.js';
import { readPloMessage } from '../messages/plo-message.js';
import { EXAMPLES } from '../testing/official-examples.js';
import { TestMessage } from '../testing/test-message.js';
import { readXml } from '../xml/read-xml.js';
import { parkedFacts } from './parked-facts.js';

const facts = (message: TestMessage) => {
  const read = readXml(message.bytes());
  if (!read.ok) throw new Error(read.detail);
  read.document.native.dispose();
  const head = readMsgHead(read.document.root)!;
  return parkedFacts(head, readPloMessage(head));
};

describe('parkedFacts', () => {
  it('shows the officer the message in bokmål, the patient with a masked number', () => {
    expect(facts(TestMessage.official(EXAMPLES.utskrivningsklar))).toEqual({
      msgType: 'LOG_UTSKRIVNINGSKLAR',
      kind: 'Melding om utskrivningsklar pasient',
      contentType: null,
      status: 'N',
      statusText: 'Ny',
      sentAt: '2018-01-31T09:20:11.000Z',
      patient: { name: 'Roland Gundersen', idType: 'FNR', maskedId: '150765*****', dateOfBirth: '1965-07-15' },
      hospital: { herId: '59', name: 'ST OLAVS HOSPITAL HF', department: 'Ortopedisk kirurgi' },
      events: [
        { code: '1', text: 'Pasient innlagt', time: '2018-01-29T10:00:00', estimate: false, description: 'Pasienten ble innlagt 29.01.2018 ved Ortopedisk avdeling', note: null },
        { code: '3', text: 'Pasient utskrivningsklar', time: '2018-01-31', estimate: true, description: null, note: null },
      ],
      cancelsMsgId: null,
    });
  });

  it('names the message a cancellation cancels, and the kind of health information', () => {
    expect(facts(TestMessage.official(EXAMPLES.innlagtKansellering))).toMatchObject({ status: 'C', statusText: 'Kansellering', cancelsMsgId: 'b088a160-0698-11e8-b566-0800200c9a66' });
    expect(facts(TestMessage.official(EXAMPLES.varsel))).toMatchObject({ contentType: 'Varsel om innlagt pasient', kind: 'Helseopplysninger' });
  });
});
