import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isHerId } from '#libs/intake/config/intake-config.js';
import type { HospitalEntry, ReceiverEntry } from '#libs/intake/receiving/directory.js';
import type { DirectoryStore } from '#libs/intake/store/directory-store.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiCommandProblems, ApiReadProblems } from '../http/api-problems.js';
import { TextField } from '../http/fields.js';
import { MunicipalityCodeField, OrganisationNumberField } from '../http/identifier-fields.js';
import { ProblemException } from '../http/problem.exception.js';
import { HospitalEntryAnswer, HospitalListAnswer, ReceiverEntryAnswer, ReceiverListAnswer } from './intake-answers.js';
import { GetDirectory } from './intake-reads.js';
import { INTAKE_DIRECTORY } from './intake-tokens.js';

export class ReceiverEntryDto {
  @MunicipalityCodeField()
  municipalityCode!: string;

  @TextField(200, { description: 'e.g. "Trondheim kommune, tildelingskontoret"' })
  name!: string;
}

export class HospitalEntryDto {
  @OrganisationNumberField()
  orgNumber!: string;

  @TextField(200)
  name!: string;
}

const herIdOf = (value: string): string => {
  if (!isHerId(value)) throw ProblemException.of(404, `No entry ${JSON.stringify(value.slice(0, 20))}: a HER-id is digits`);
  return value;
};

/**
 * The intake's configuration (intake.md): our receiving organisations and services by HER-id, with the municipality
 * each receives for, and the hospitals that send to us. Seeded at start from `INTAKE_CONFIG_FILE`.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/intake')
@Roles('admin')
export class IntakeAdminController {
  constructor(
    @Inject(INTAKE_DIRECTORY) private readonly directory: DirectoryStore,
    private readonly queryBus: QueryBus,
  ) {}

  @Get('receivers')
  @ApiOperation({ summary: 'Every receiving organisation and service' })
  @ApiOkResponse({ type: ReceiverListAnswer })
  @ApiReadProblems()
  async receivers(): Promise<{ items: ReceiverEntryAnswer[] }> {
    const entries = await this.queryBus.execute(new GetDirectory('receivers'));
    return { items: Object.entries(entries).map(([herId, entry]) => ({ herId, ...entry })) };
  }

  @Get('receivers/:herId')
  @ApiOperation({ summary: 'One receiving organisation or service' })
  @ApiOkResponse({ type: ReceiverEntryAnswer })
  @ApiReadProblems()
  async receiver(@Param('herId') herId: string): Promise<ReceiverEntryAnswer> {
    const entry = (await this.queryBus.execute(new GetDirectory('receivers')))[herIdOf(herId)];
    if (!entry) throw ProblemException.of(404, `No receiver ${herId}`);
    return { herId, ...entry };
  }

  @Put('receivers/:herId')
  @ApiOperation({ summary: 'Add or change a receiving organisation or service' })
  @ApiOkResponse({ type: ReceiverEntryAnswer })
  @ApiCommandProblems()
  async putReceiver(@Param('herId') herId: string, @Body() body: ReceiverEntryDto): Promise<ReceiverEntryAnswer> {
    const entry: ReceiverEntry = { municipalityCode: body.municipalityCode, name: body.name.trim() };
    await this.directory.put('receivers', herIdOf(herId), entry);
    return { herId, ...entry };
  }

  @Delete('receivers/:herId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a receiving organisation or service: its messages are no longer ours' })
  @ApiNoContentResponse()
  @ApiReadProblems()
  async deleteReceiver(@Param('herId') herId: string): Promise<void> {
    if (!(await this.directory.delete('receivers', herIdOf(herId)))) throw ProblemException.of(404, `No receiver ${herId}`);
  }

  @Get('hospitals')
  @ApiOperation({ summary: 'Every sending hospital' })
  @ApiOkResponse({ type: HospitalListAnswer })
  @ApiReadProblems()
  async hospitals(): Promise<{ items: HospitalEntryAnswer[] }> {
    const entries = await this.queryBus.execute(new GetDirectory('hospitals'));
    return { items: Object.entries(entries).map(([herId, entry]) => ({ herId, ...entry })) };
  }

  @Get('hospitals/:herId')
  @ApiOperation({ summary: 'One sending hospital' })
  @ApiOkResponse({ type: HospitalEntryAnswer })
  @ApiReadProblems()
  async hospital(@Param('herId') herId: string): Promise<HospitalEntryAnswer> {
    const entry = (await this.queryBus.execute(new GetDirectory('hospitals')))[herIdOf(herId)];
    if (!entry) throw ProblemException.of(404, `No hospital ${herId}`);
    return { herId, ...entry };
  }

  @Put('hospitals/:herId')
  @ApiOperation({ summary: 'Add or change a sending hospital' })
  @ApiOkResponse({ type: HospitalEntryAnswer })
  @ApiCommandProblems()
  async putHospital(@Param('herId') herId: string, @Body() body: HospitalEntryDto): Promise<HospitalEntryAnswer> {
    const entry: HospitalEntry = { orgNumber: body.orgNumber, name: body.name.trim() };
    await this.directory.put('hospitals', herIdOf(herId), entry);
    return { herId, ...entry };
  }

  @Delete('hospitals/:herId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a sending hospital: its messages are parked until it is known again' })
  @ApiNoContentResponse()
  @ApiReadProblems()
  async deleteHospital(@Param('herId') herId: string): Promise<void> {
    if (!(await this.directory.delete('hospitals', herIdOf(herId)))) throw ProblemException.of(404, `No hospital ${herId}`);
  }
}
