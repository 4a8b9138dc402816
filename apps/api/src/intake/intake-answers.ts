import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PARK_REASON_CODES } from '#libs/intake/mapping/parking.js';

/** The OpenAPI shapes of the intake's answers (intake.md). */

export class AppRecErrorAnswer {
  @ApiProperty({ example: 'E36', description: 'Code of list 8221' })
  code!: string;

  @ApiProperty({ example: 'Pasientopplysninger er utilstrekkelige' })
  text!: string;
}

export class AppRecSummaryAnswer {
  @ApiProperty({ format: 'uuid', description: 'GET /intake/apprecs/{id} gives the document to send back to the hospital' })
  id!: string;

  @ApiProperty({ description: 'HER-id of our receiver (organisation or service) the AppRec speaks for' })
  receiverHerId!: string;

  @ApiProperty({ enum: ['PRIM', 'COP'] })
  role!: 'PRIM' | 'COP';

  @ApiProperty({ enum: [1, 2], description: '1 OK, 2 Avvist (list 8258)' })
  status!: 1 | 2;

  @ApiProperty({ type: [AppRecErrorAnswer] })
  errors!: AppRecErrorAnswer[];
}

export class IntakeAnswerDto {
  @ApiProperty({ nullable: true, type: String, description: 'MsgInfo/MsgId; null when unreadable' })
  msgId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'LOG_UTSKRIVNINGSKLAR' })
  msgType!: string | null;

  @ApiProperty({ enum: ['recorded', 'parked', 'duplicate', 'rejected', 'ignored'] })
  outcome!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  caseId?: string;

  @ApiProperty({ type: [String], description: 'The event types recorded' })
  events!: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The officers’ inbox item, when parked' })
  parkedId?: string;

  @ApiProperty({ type: [AppRecSummaryAnswer], description: 'One per receiver of ours; none when ignored' })
  appRecs!: AppRecSummaryAnswer[];
}

export class IntakeReceiverAnswer {
  @ApiProperty()
  herId!: string;

  @ApiProperty({ enum: ['PRIM', 'COP'] })
  role!: string;

  @ApiProperty({ example: '5001' })
  municipalityCode!: string;
}

export class IntakeMessageAnswer {
  @ApiProperty({ nullable: true, type: String })
  msgId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  msgType!: string | null;

  @ApiProperty({ nullable: true, type: String })
  senderHerId!: string | null;

  @ApiProperty({ type: [IntakeReceiverAnswer] })
  receivers!: IntakeReceiverAnswer[];

  @ApiProperty({ enum: ['recorded', 'parked', 'rejected', 'ignored'] })
  outcome!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  caseId?: string;

  @ApiProperty({ type: [String] })
  events!: string[];

  @ApiPropertyOptional({ format: 'uuid' })
  parkedId?: string;

  @ApiPropertyOptional({ description: 'For a cancellation (status C): the MsgId it cancels' })
  cancelsMsgId?: string;

  @ApiProperty({ type: [String] })
  appRecIds!: string[];

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;
}

export class SuggestedCaseAnswer {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ enum: ['same_patient', 'same_hospital'] })
  why!: string;

  @ApiProperty()
  status!: string;

  @ApiProperty({ format: 'date-time' })
  admittedAt!: string;

  @ApiProperty()
  patientName!: string;

  @ApiProperty({ example: '150765*****' })
  maskedNationalId!: string;

  @ApiProperty()
  hospitalName!: string;

  @ApiProperty()
  department!: string;
}

export class ParkedItemAnswer {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  msgId!: string;

  @ApiProperty({ format: 'date-time' })
  parkedAt!: string;

  @ApiProperty({ enum: [...PARK_REASON_CODES] })
  reasonCode!: string;

  @ApiProperty({ description: 'Why it waits, in bokmål' })
  reason!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What the message says (bokmål texts from the code lists): msgType, kind, contentType, status, statusText, sentAt, patient {name, idType, maskedId, dateOfBirth}, hospital {herId, name, department}, events [{code, text, time, estimate, description, note}], cancelsMsgId',
  })
  facts!: Record<string, unknown>;

  @ApiProperty({ enum: ['open', 'resolved'] })
  state!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: '{ action, caseId?, events?, reason?, by, at }' })
  resolution!: Record<string, unknown> | null;

  @ApiProperty({ type: [SuggestedCaseAnswer] })
  suggestions!: SuggestedCaseAnswer[];
}

export class ParkedPageAnswer {
  @ApiProperty({ type: [ParkedItemAnswer] })
  items!: ParkedItemAnswer[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as ?cursor= for the next page' })
  nextCursor!: string | null;
}

export class ResolutionAnswer {
  @ApiProperty({ format: 'uuid' })
  parkedId!: string;

  @ApiProperty({ enum: ['attach', 'open_case', 'dismiss'] })
  action!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  caseId?: string;

  @ApiProperty({ type: [String] })
  events!: string[];

  @ApiProperty({ format: 'date-time' })
  resolvedAt!: string;
}

export class ReceiverEntryAnswer {
  @ApiProperty()
  herId!: string;

  @ApiProperty({ example: '5001' })
  municipalityCode!: string;

  @ApiProperty()
  name!: string;
}

export class HospitalEntryAnswer {
  @ApiProperty()
  herId!: string;

  @ApiProperty({ example: '974749025' })
  orgNumber!: string;

  @ApiProperty()
  name!: string;
}

export class ReceiverListAnswer {
  @ApiProperty({ type: [ReceiverEntryAnswer] })
  items!: ReceiverEntryAnswer[];
}

export class HospitalListAnswer {
  @ApiProperty({ type: [HospitalEntryAnswer] })
  items!: HospitalEntryAnswer[];
}
