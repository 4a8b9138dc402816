import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { loadOrCreateDevKeys, type DevKeyPair } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import { ROLES, type Role } from '#libs/auth/principal.js';
import type { AppConfig } from '#libs/config/config.js';
import { isValidMunicipalityCode } from '#libs/domain/identifiers/municipality-code.js';
import { isValidOrganisationNumber } from '#libs/domain/identifiers/organisation-number.js';
import { Public } from '../auth/auth.decorators.js';
import { EnumField, TextField } from '../http/fields.js';
import { invalidInput } from '../http/validation.pipe.js';
import { APP_CONFIG } from '../infrastructure/tokens.js';

const TOKEN_TTL_SECONDS = 12 * 3600;

export class DevTokenRequestDto {
  @EnumField(ROLES)
  role!: Role;

  @TextField(20, { description: "Hospital organisation number, municipality code, or '*' (auditor, admin)" })
  org!: string;

  @TextField(200, { optional: true, description: 'Shown as the signed-in name' })
  name?: string;
}

export class DevTokenDto {
  @ApiProperty()
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn!: number;
}

/** What `org` must hold for each role (api.md, Identity). */
const orgProblem = (role: Role, org: string): string | null => {
  switch (role) {
    case 'hospital_staff':
      return isValidOrganisationNumber(org) ? null : 'must be a valid organisation number (9 digits, mod-11)';
    case 'allocation_officer':
      return isValidMunicipalityCode(org) ? null : 'must be a municipality code of 4 digits';
    case 'quality_auditor':
    case 'message_gateway':
      return org === '*' || isValidMunicipalityCode(org) ? null : "must be a municipality code or '*'";
    case 'admin':
      return org === '*' ? null : "must be '*'";
  }
};

/** Development sign-in: mints a token for any role. Registered only when AUTH_MODE=dev. */
@ApiTags('development')
@Controller('dev')
export class DevTokenController {
  private keys: Promise<DevKeyPair> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Development only (AUTH_MODE=dev): a signed token for a role and organisation' })
  @ApiOkResponse({ type: DevTokenDto })
  async token(@Body() body: DevTokenRequestDto): Promise<DevTokenDto> {
    const problem = orgProblem(body.role, body.org);
    if (problem) throw invalidInput([{ field: 'org', message: `org ${problem}` }]);
    const auth = this.config.auth;
    if (auth.mode !== 'dev') throw new Error('DevTokenController is registered only when AUTH_MODE=dev');
    this.keys ??= loadOrCreateDevKeys(auth.devKeyDir);
    const { privateKey } = await this.keys;
    const accessToken = await signDevToken(privateKey, { role: body.role, org: body.org, name: body.name }, TOKEN_TTL_SECONDS);
    return { accessToken, tokenType: 'Bearer', expiresIn: TOKEN_TTL_SECONDS };
  }
}
