import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiReadProblems } from '../http/api-problems.js';
import { TextField } from '../http/fields.js';

export class EchoDto {
  @TextField(200)
  message!: string;
}

/** Lets an integrating system check its token and connection end to end, touching no data; bench:api's baseline. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('diagnostics')
export class DiagnosticsController {
  @Post('echo')
  @HttpCode(200)
  @ApiOperation({ summary: 'Echo a validated body: checks token, validation and connectivity, records nothing' })
  @ApiOkResponse({ type: EchoDto })
  @ApiReadProblems()
  echo(@Body() body: EchoDto): EchoDto {
    return { message: body.message };
  }
}
