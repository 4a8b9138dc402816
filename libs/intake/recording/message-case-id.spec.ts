import { caseIdForMessage } from './message-case-id.js';

describe('caseIdForMessage', () => {
  it('is a version 5 UUID, the same for the same MsgId and another for another', () => {
    const id = caseIdForMessage('b088a160-0698-11e8-b566-0800200c9a66');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(caseIdForMessage('b088a160-0698-11e8-b566-0800200c9a66')).toBe(id);
    expect(caseIdForMessage('fcb43980-069a-11e8-b566-0800200c9a66')).not.toBe(id);
  });
});
