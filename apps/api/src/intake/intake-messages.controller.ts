import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { GatewayScopeError, type IntakeAnswer, type IntakeService } from '#libs/intake/intake-service.js';
import { MAX_MSG_ID_LENGTH } from '#libs/intake/receiving/receive.js';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators.js';
import { CaseIdPipe } from '../cases/case-id.pipe.js';
import { ApiReadProblems } from '../http/api-problems.js';
import { ProblemException } from '../http/problem.exception.js';
import { IntakeAnswerDto, IntakeMessageAnswer } from './intake-answers.js';
import { GetAppRec, GetIntakeMessage } from './intake-reads.js';
import { INTAKE_SERVICE } from './intake-tokens.js';

/** The municipality's message gateway posts hospital e-messages here and takes back the AppRecs (intake.md). */
@ApiTags('intake')
@ApiBearerAuth()
@Controller('intake')
export class IntakeMessagesController {
  constructor(
    @Inject(INTAKE_SERVICE) private readonly intake: IntakeService,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('messages')
  @HttpCode(200)
  @Roles('message_gateway')
  @ApiOperation({
    summary: 'Receive a PLO e-message (MsgHead v1.2 as bytes, application/xml, at most 5 MiB): its outcome and AppRecs',
    description:
      'Always 200 for a message, readable or not: `outcome` says what was done. Send every AppRec back to the hospital over the same transport.',
  })
  @ApiConsumes('application/xml')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The MsgHead document, UTF-8 or ISO-8859-1 as its declaration says' })
  @ApiOkResponse({ type: IntakeAnswerDto })
  @ApiReadProblems()
  async receive(@Req() request: AuthenticatedRequest): Promise<IntakeAnswer> {
    const body = request.body;
    const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    try {
      return await this.intake.receiveMessage(bytes, request.principal!.org);
    } catch (error) {
      if (error instanceof GatewayScopeError) throw ProblemException.of(403, error.message);
      throw error;
    }
  }

  @Get('messages/:msgId')
  @Roles('message_gateway', 'admin')
  @ApiOperation({ summary: 'What was received under a MsgId and what was done with it (never the patient’s data)' })
  @ApiOkResponse({ type: IntakeMessageAnswer })
  @ApiReadProblems()
  async message(@Param('msgId') msgId: string, @Req() request: AuthenticatedRequest): Promise<IntakeMessageAnswer> {
    const found = msgId.length <= MAX_MSG_ID_LENGTH ? await this.queryBus.execute(new GetIntakeMessage(msgId, request.principal!)) : null;
    if (!found) throw ProblemException.of(404, `No message ${JSON.stringify(msgId.slice(0, MAX_MSG_ID_LENGTH))}`);
    return found;
  }

  @Get('apprecs/:id')
  @Roles('message_gateway', 'admin')
  @ApiOperation({ summary: 'The AppRec v1.1 document to send back to the hospital (application/xml)' })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'AppRec v1.1, valid against AppRec-v1.1.xsd', schema: { type: 'string' } })
  @ApiReadProblems()
  async appRec(
    @Param('id', CaseIdPipe) id: string,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const document = await this.queryBus.execute(new GetAppRec(id, request.principal!));
    if (document === null) throw ProblemException.of(404, `No AppRec ${id}`);
    void reply.header('content-type', 'application/xml; charset=utf-8');
    return document;
  }
}
