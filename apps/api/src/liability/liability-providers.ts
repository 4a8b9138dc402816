import type { Provider } from '@nestjs/common';
import { clockFrom } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import { APP_CONFIG } from '../infrastructure/tokens.js';
import { LEGAL_CLOCK } from './liability.controller.js';

export { LiabilityController } from './liability.controller.js';

export const LIABILITY_PROVIDERS: Provider[] = [
  { provide: LEGAL_CLOCK, useFactory: (config: AppConfig) => clockFrom(config.clock), inject: [APP_CONFIG] },
];
