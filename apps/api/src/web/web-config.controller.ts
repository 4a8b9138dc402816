import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '#libs/config/config.js';
import { Public } from '../auth/auth.decorators.js';
import { APP_CONFIG } from '../infrastructure/tokens.js';

export class WebAuthConfigDto {
  @ApiProperty({ enum: ['dev', 'oidc'], description: 'dev: sign in with the role picker (POST /dev/token); oidc: code + PKCE' })
  mode!: 'dev' | 'oidc';

  @ApiPropertyOptional({ description: 'The OpenID Connect issuer (oidc only)' })
  authority?: string;

  @ApiPropertyOptional({ description: "The web app's public client id (oidc only)" })
  clientId?: string;

  @ApiPropertyOptional({ description: 'Scopes to ask for (oidc only)' })
  scope?: string;
}

/** How the web app signs in; read before anyone is signed in, so public. */
@ApiTags('web')
@Controller('auth')
export class WebConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'How the web app signs in' })
  @ApiOkResponse({ type: WebAuthConfigDto })
  authConfig(): WebAuthConfigDto {
    const { auth, web } = this.config;
    if (auth.mode === 'dev') return { mode: 'dev' };
    return { mode: 'oidc', authority: auth.issuer, ...(web.oidcClientId ? { clientId: web.oidcClientId } : {}), scope: web.oidcScope };
  }
}
