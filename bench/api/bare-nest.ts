import 'reflect-metadata';
import { Body, Controller, Module, Param, ParseUUIDPipe, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { SERVICE_TYPES, WISH_CHANNELS, WISH_SOURCES } from '#libs/domain/transfer-case/events.js';

/**
 * bench:api's peer: NestJS on Fastify as its documentation sets it up, one controller taking a body the size of a case
 * command (the user's relayed wish) through Nest's own ValidationPipe and class-validator — none of the API's guards,
 * filters, hooks, logging, metrics, idempotency or domain work. Started in its own process on PORT; prints
 * `listening` once it is.
 */
class RelayWishBody {
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredAt?: string;

  @IsIn([...WISH_SOURCES])
  source!: string;

  @IsIn([...WISH_CHANNELS])
  channel!: string;

  @IsOptional()
  @IsIn([...SERVICE_TYPES])
  serviceType?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  statement!: string;
}

@Controller('cases')
class CasesController {
  @Post(':caseId/wishes')
  relayWish(@Param('caseId', ParseUUIDPipe) caseId: string, @Body() body: RelayWishBody): { caseId: string; source: string } {
    return { caseId, source: body.source };
  }
}

@Module({ controllers: [CasesController] })
class BareModule {}

const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('listening\n');
