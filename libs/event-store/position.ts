import type { Position } from './event-store.port.js';

export const comparePositions = (a: Position, b: Position): number =>
  a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0;

/** The text form used in APIs and checkpoints: `<commit>-<prepare>`. */
export const formatPosition = (p: Position): string => `${p.commit}-${p.prepare}`;

const POSITION_TEXT = /^(\d{1,20})-(\d{1,20})$/;

export const parsePosition = (text: string): Position | null => {
  const match = POSITION_TEXT.exec(text);
  return match ? { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) } : null;
};
