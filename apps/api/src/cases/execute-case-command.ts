import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CaseCommands, CommandContext, CommandOutcome } from '#libs/application/case-commands.js';
import type { TransferCaseCommand } from '#libs/domain/transfer-case/commands.js';
import { CASE_COMMANDS } from '../infrastructure/tokens.js';

/**
 * The one command message of the API: any case command (the domain's `TransferCaseCommand` union) with who sends it,
 * carried by the CommandBus to `CaseCommands` (load, decide, append). The decider already dispatches per command, and
 * the intake and the deadline timer run the same `CaseCommands` outside Nest, so a class per use case would repeat
 * that dispatch without adding a rule: this is the seam, and the only one.
 */
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
