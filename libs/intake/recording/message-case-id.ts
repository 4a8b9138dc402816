import { createHash } from 'node:crypto';

/** A fixed namespace for the case ids of cases opened by hospital messages (RFC 9562 name-based, SHA-1: version 5). */
const NAMESPACE = Buffer.from('6b1f2c3e8d4a4f5b9c0e1a2b3c4d5e6f', 'hex');

/**
 * The case a message opens has an id derived from its MsgId, so a message processed again after a crash opens the
 * same case (an idempotent retry) instead of a second one.
 */
export const caseIdForMessage = (msgId: string): string => {
  const bytes = createHash('sha1').update(NAMESPACE).update(msgId, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
