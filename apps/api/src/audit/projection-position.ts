import type { Position } from '#libs/event-store/event-store.port.js';

export const PARTICIPATION_POSITION = Symbol('ParticipationPosition');

/** Whether the participation projection has processed a position, waiting for it (bounded) if not yet. */
export interface ProjectionPosition {
  reached(position: Position): Promise<boolean>;
}
