import { applyDecorators, Body, Controller, HttpCode, Inject, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Clock } from '#libs/config/clock.js';
import type { Role } from '#libs/auth/principal.js';
import type { TransferCaseCommand } from '#libs/domain/transfer-case/commands.js';
import { givenFactTime } from '#libs/domain/transfer-case/event-times.js';
import { formatPosition } from '#libs/event-store/position.js';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators.js';
import { ApiCommandProblems } from '../http/api-problems.js';
import { ProblemException } from '../http/problem.exception.js';
import { IdempotencyInterceptor, type IdempotentRequest } from '../idempotency/idempotency.interceptor.js';
import { CLOCK } from '../infrastructure/tokens.js';
import { authorizeCase, ownerOf } from './case-access.js';
import { CaseIdPipe } from './case-id.pipe.js';
import { CommandAnswer } from './case-answer.js';
import { actorOf, entityTag, expectedRevisionOf, madeId } from './command-request.js';
import * as dto from './dto/command-dtos.js';
import { ExecuteCaseCommand } from './execute-case-command.js';

type CommandData<T extends TransferCaseCommand['type']> = Omit<Extract<TransferCaseCommand, { type: T }>, 'type' | 'caseId' | 'occurredAt'>;

/** One command route: its path, who may call it, its documentation and its error answers. */
const CommandRoute = (path: string, roles: Role[], summary: string, status: 200 | 201 = 200): MethodDecorator =>
  applyDecorators(
    Post(path),
    HttpCode(status),
    Roles(...roles),
    ApiOperation({ summary }),
    ApiResponse({ status, type: CommandAnswer, description: 'Recorded; ETag carries the new revision' }),
    ApiCommandProblems(),
    ApiHeader({ name: 'If-Match', required: false, description: 'The revision you last saw, e.g. "4": 412 if the case has moved on' }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body: the first answer again, nothing recorded twice' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Carried into the events as correlationId' }),
  );

/** The commands of api.md: each maps its body to a domain command and goes through the one command path. */
@ApiTags('commands')
@ApiBearerAuth()
@Controller('cases')
@UseInterceptors(IdempotencyInterceptor)
export class CasesController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @CommandRoute('', ['hospital_staff'], 'Notify an admission (AdmissionNotified): opens the case', 201)
  notifyAdmission(@Body() body: dto.NotifyAdmissionDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    const principal = request.principal!;
    if (body.hospital.orgNumber !== principal.org) {
      throw ProblemException.of(403, 'Hospital staff open cases for their own hospital only');
    }
    const { caseId = madeId(request, 'caseId'), occurredAt, ...data } = body;
    return this.run(request, reply, { type: 'NotifyAdmission', caseId, occurredAt: occurredAt ?? this.now(), ...data });
  }

  @CommandRoute(':caseId/recommendation', ['hospital_staff'], "Give the hospital's recommendation (HospitalRecommendationGiven)")
  recommend(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.GiveHospitalRecommendationDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('GiveHospitalRecommendation', caseId, body));
  }

  @CommandRoute(':caseId/wishes', ['hospital_staff', 'allocation_officer'], "Relay the user's wish (UserWishRelayed)")
  relayWish(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.RelayUserWishDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('RelayUserWish', caseId, body));
  }

  @CommandRoute(':caseId/discharge-readiness', ['hospital_staff'], 'Declare the patient discharge-ready (DischargeReadinessDeclared): all four § 9 criteria')
  declareReadiness(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.DeclareDischargeReadinessDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('DeclareDischargeReadiness', caseId, body));
  }

  @CommandRoute(':caseId/discharge-readiness/revocation', ['hospital_staff'], 'Revoke discharge readiness (DischargeReadinessRevoked)')
  revokeReadiness(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.RevokeDischargeReadinessDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('RevokeDischargeReadiness', caseId, body));
  }

  @CommandRoute(':caseId/municipal-response', ['allocation_officer'], "Give the municipality's answer: can or cannot receive (MunicipalResponseGiven)")
  respond(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.GiveMunicipalResponseDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('GiveMunicipalResponse', caseId, body));
  }

  @CommandRoute(':caseId/visits', ['allocation_officer'], 'Schedule a municipal visit in hospital (MunicipalVisitScheduled)')
  scheduleVisit(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.ScheduleMunicipalVisitDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    const { visitId = madeId(request, 'visitId'), ...rest } = body;
    return this.run(request, reply, this.command('ScheduleMunicipalVisit', caseId, { ...rest, visitId }), { visitId });
  }

  @CommandRoute(':caseId/visits/:visitId/conducted', ['allocation_officer'], 'Record a conducted visit (MunicipalVisitConducted); an unscheduled one takes a new visitId')
  recordVisit(@Param('caseId', CaseIdPipe) caseId: string, @Param('visitId', CaseIdPipe.clientId) visitId: string, @Body() body: dto.RecordMunicipalVisitDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('RecordMunicipalVisit', caseId, { ...body, visitId }));
  }

  @CommandRoute(':caseId/options', ['allocation_officer'], 'Present the real alternatives and their consequences (OptionsPresented)')
  presentOptions(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.PresentOptionsDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    const { presentationId = madeId(request, 'presentationId'), ...rest } = body;
    return this.run(request, reply, this.command('PresentOptions', caseId, { ...rest, presentationId }), { presentationId });
  }

  @CommandRoute(':caseId/choice', ['allocation_officer'], "Record the user's choice among presented options (UserChoiceRecorded)")
  recordChoice(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.RecordUserChoiceDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('RecordUserChoice', caseId, body));
  }

  @CommandRoute(':caseId/declined-dialogue', ['allocation_officer'], 'Record that the user chose not to meet (UserDeclinedDialogue)')
  recordDeclined(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.RecordDeclinedDialogueDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('RecordDeclinedDialogue', caseId, body));
  }

  @CommandRoute(':caseId/decisions', ['allocation_officer'], 'Decide the allocation (AllocationDecided); a deviation from the choice needs a reason')
  decide(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.DecideAllocationDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    const { decisionId = madeId(request, 'decisionId'), decidedBy = { role: 'municipal_caseworker' as const }, ...rest } = body;
    return this.run(request, reply, this.command('DecideAllocation', caseId, { ...rest, decisionId, decidedBy }), { decisionId });
  }

  @CommandRoute(':caseId/decisions/:decisionId/appeal', ['allocation_officer'], 'Record an appeal of a decision (DecisionAppealed)')
  appeal(@Param('caseId', CaseIdPipe) caseId: string, @Param('decisionId', CaseIdPipe.clientId) decisionId: string, @Body() body: dto.AppealDecisionDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('AppealDecision', caseId, { ...body, decisionId }));
  }

  @CommandRoute(':caseId/transfer', ['hospital_staff', 'allocation_officer'], 'Record the transfer to the municipal service (PatientTransferred)')
  transfer(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.TransferPatientDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('TransferPatient', caseId, body));
  }

  @CommandRoute(':caseId/withdrawal', ['hospital_staff'], 'Withdraw the case (CaseWithdrawn, avmelding)')
  withdraw(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.WithdrawCaseDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('WithdrawCase', caseId, body));
  }

  @CommandRoute(':caseId/follow-up', ['allocation_officer'], 'Record the follow-up after transfer: did the service fit? (FollowUpRecorded)')
  followUp(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: dto.RecordFollowUpDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandAnswer> {
    return this.run(request, reply, this.command('RecordFollowUp', caseId, body));
  }

  private async run(
    request: IdempotentRequest,
    reply: FastifyReply,
    caseCommand: TransferCaseCommand,
    made: Partial<Pick<CommandAnswer, 'visitId' | 'presentationId' | 'decisionId'>> = {},
  ): Promise<CommandAnswer> {
    const principal = request.principal!;
    const outcome = await this.commandBus.execute(
      new ExecuteCaseCommand(caseCommand, {
        actor: actorOf(principal),
        correlationId: request.id,
        causationId: null,
        expectedRevision: expectedRevisionOf(request),
        authorize: (state) => authorizeCase(principal, caseCommand.caseId, ownerOf(state)),
        ...(request.commandId !== undefined && { commandId: request.commandId }),
      }),
    );
    void reply.header('etag', entityTag(outcome.revision));
    return { caseId: outcome.caseId, revision: Number(outcome.revision), position: formatPosition(outcome.position), ...made };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** `occurredAt` defaults to the event's own time field when the body gives it (`transferredAt`, ...), else to now. */
  private command<T extends TransferCaseCommand['type']>(
    type: T,
    caseId: string,
    body: CommandData<T> & { occurredAt?: string },
  ): TransferCaseCommand {
    return { ...body, type, caseId, occurredAt: body.occurredAt ?? givenFactTime(body)?.value ?? this.now() } as TransferCaseCommand;
  }
}
