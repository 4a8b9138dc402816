import {
  CHANNEL,
  DEADLINE,
  FOLLOW_UP,
  PARTICIPANT_ROLE,
  PRESENTATION_CHANNEL,
  REVOCATION,
  SERVICE_TYPE,
  STATED_BY,
  VISIT_MODE,
  WISH_SOURCE,
  WITHDRAWAL,
} from '../format/labels';

export const EVENT_LABELS = {
  service: SERVICE_TYPE,
  source: WISH_SOURCE,
  channel: CHANNEL,
  mode: VISIT_MODE,
  participant: PARTICIPANT_ROLE,
  presentation: PRESENTATION_CHANNEL,
  statedBy: STATED_BY,
  deadline: DEADLINE,
  withdrawal: WITHDRAWAL,
  revocation: REVOCATION,
  followUp: FOLLOW_UP,
};
