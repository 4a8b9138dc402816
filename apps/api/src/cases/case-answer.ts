import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What every command answers: the case, its revision after the append, and the position to read it back at. */
export class CommandAnswer {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ description: "The case stream's revision after the append (send it back in If-Match)" })
  revision!: number;

  @ApiProperty({
    description: 'Global position of the last event, `<commit>-<prepare>`: pass it as ?minPosition= to read your write',
    example: '1234-5678',
  })
  position!: string;

  @ApiPropertyOptional({ description: 'The visit id, when the command made one' })
  visitId?: string;

  @ApiPropertyOptional({ description: 'The presentation id, when the command made one' })
  presentationId?: string;

  @ApiPropertyOptional({ description: 'The decision id, when the command made one' })
  decisionId?: string;
}
