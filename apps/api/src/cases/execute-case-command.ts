import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CaseCommands, CommandContext, CommandOutcome } from '#libs/application/case-commands.js';
import type { TransferCaseCommand } from '#libs/domain/transfer-case/commands.js';
import { CASE_COMMANDS } from '../infrastructure/tokens.js';

export class ExecuteCaseCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: TransferCaseCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand, CommandOutcome> {
  constructor(@Inject(CASE_COMMANDS) private readonly commands: CaseCommands) {}

  execute({ command, context }: ExecuteCaseCommand): Promise<CommandOutcome> {
    return this.commands.execute(command, context);
  }
}
