import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '#libs/auth/principal.js';
import type { IntakeService } from '#libs/intake/intake-service.js';
import type { ParkedInbox, ParkedItem } from '#libs/intake/parked-inbox.js';
import type { HospitalEntry, ReceiverEntry } from '#libs/intake/receiving/directory.js';
import type { DirectoryStore } from '#libs/intake/store/directory-store.js';
import type { IntakeMessageAnswer } from './intake-answers.js';
import { INTAKE_DIRECTORY, INTAKE_SERVICE, PARKED_INBOX } from './intake-tokens.js';

/** Sees everything, or only what was addressed to its municipality. */
const sees = (principal: Principal, municipalityCode: string | null): boolean =>
  principal.role === 'admin' || principal.org === '*' || principal.org === municipalityCode;

/** `GET /intake/messages/{msgId}`: what was received under a MsgId and done with it; null when unknown or not the caller's. */
export class GetIntakeMessage extends Query<IntakeMessageAnswer | null> {
  constructor(
    readonly msgId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** `GET /intake/apprecs/{id}`: the AppRec document; null when unknown or not the caller's. */
export class GetAppRec extends Query<string | null> {
  constructor(
    readonly id: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** `GET /intake/parked`: a page of the municipality's parked messages. */
export class ListParked extends Query<{ items: ParkedItem[]; nextCursor: string | null }> {
  constructor(
    readonly municipalityCode: string,
    readonly options: { readonly state: 'open' | 'resolved'; readonly limit: number; readonly after?: string },
  ) {
    super();
  }
}

/** `GET /intake/parked/{id}`: one parked message of the municipality; undefined when there is none. */
export class GetParked extends Query<ParkedItem | undefined> {
  constructor(
    readonly id: string,
    readonly municipalityCode: string,
  ) {
    super();
  }
}

interface DirectoryEntries {
  readonly receivers: ReceiverEntry;
  readonly hospitals: HospitalEntry;
}

/** `GET /admin/intake/receivers|hospitals`: the intake's directory of one kind, by HER-id. */
export class GetDirectory<K extends keyof DirectoryEntries> extends Query<Record<string, DirectoryEntries[K]>> {
  constructor(readonly kind: K) {
    super();
  }
}

@QueryHandler(GetIntakeMessage)
export class GetIntakeMessageHandler implements IQueryHandler<GetIntakeMessage, IntakeMessageAnswer | null> {
  constructor(@Inject(INTAKE_SERVICE) private readonly intake: IntakeService) {}

  async execute({ msgId, principal }: GetIntakeMessage): Promise<IntakeMessageAnswer | null> {
    const found = await this.intake.message(msgId);
    if (!found || found.outcome === 'processing' || !sees(principal, found.municipalityCode)) return null;
    return {
      msgId: found.msgId,
      msgType: found.msgType,
      senderHerId: found.senderHerId,
      receivers: found.receivers.map(({ herId, role, municipalityCode }) => ({ herId, role, municipalityCode })),
      outcome: found.outcome,
      ...(found.caseId ? { caseId: found.caseId } : {}),
      events: [...found.events],
      ...(found.parkedId ? { parkedId: found.parkedId } : {}),
      ...(found.cancelsMsgId ? { cancelsMsgId: found.cancelsMsgId } : {}),
      appRecIds: [...found.appRecIds],
      receivedAt: found.receivedAt,
    };
  }
}

@QueryHandler(GetAppRec)
export class GetAppRecHandler implements IQueryHandler<GetAppRec, string | null> {
  constructor(@Inject(INTAKE_SERVICE) private readonly intake: IntakeService) {}

  async execute({ id, principal }: GetAppRec): Promise<string | null> {
    const found = await this.intake.appRec(id);
    return found && sees(principal, found.municipalityCode) ? found.document : null;
  }
}

@QueryHandler(ListParked)
export class ListParkedHandler implements IQueryHandler<ListParked> {
  constructor(@Inject(PARKED_INBOX) private readonly inbox: ParkedInbox) {}

  execute({ municipalityCode, options }: ListParked): Promise<{ items: ParkedItem[]; nextCursor: string | null }> {
    return this.inbox.list(municipalityCode, options);
  }
}

@QueryHandler(GetParked)
export class GetParkedHandler implements IQueryHandler<GetParked, ParkedItem | undefined> {
  constructor(@Inject(PARKED_INBOX) private readonly inbox: ParkedInbox) {}

  execute({ id, municipalityCode }: GetParked): Promise<ParkedItem | undefined> {
    return this.inbox.get(id, municipalityCode);
  }
}

@QueryHandler(GetDirectory)
export class GetDirectoryHandler implements IQueryHandler<GetDirectory<keyof DirectoryEntries>> {
  constructor(@Inject(INTAKE_DIRECTORY) private readonly directory: DirectoryStore) {}

  execute({ kind }: GetDirectory<keyof DirectoryEntries>): Promise<Record<string, DirectoryEntries[keyof DirectoryEntries]>> {
    return this.directory.list(kind);
  }
}

export const INTAKE_READS = [GetIntakeMessageHandler, GetAppRecHandler, ListParkedHandler, GetParkedHandler, GetDirectoryHandler];
