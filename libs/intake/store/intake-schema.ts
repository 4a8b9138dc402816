import type { Migration } from '#libs/postgres/migrate.js';

export const INTAKE_SCHEMA = 'intake';

/**
 * The intake's own tables: the configuration (receivers, hospitals), every message received with its raw bytes and
 * what was done, the AppRecs, the officers' parked messages, and the cases the intake opened (by patient key).
 */
export const INTAKE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'messages, receipts, parked messages, configuration',
    sql: `
      CREATE TABLE intake.receivers (
        her_id            text PRIMARY KEY,
        municipality_code text NOT NULL,
        name              text NOT NULL,
        updated_at        timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE intake.hospitals (
        her_id     text PRIMARY KEY,
        org_number text NOT NULL,
        name       text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE intake.messages (
        id                uuid PRIMARY KEY,
        msg_id            text,
        msg_type          text,
        status            text,
        sender_her_id     text,
        receivers         jsonb NOT NULL DEFAULT '[]',
        municipality_code text,
        outcome           text NOT NULL,
        reason            text,
        case_id           uuid,
        events            jsonb NOT NULL DEFAULT '[]',
        parked_id         uuid,
        cancels_msg_id    text,
        raw               bytea,
        received_at       timestamptz NOT NULL DEFAULT now()
      );
      -- One message per MsgId: a resend or a copy to another of our receivers is a duplicate. Ignored messages are
      -- not ours and reserve nothing.
      CREATE UNIQUE INDEX messages_msg_id ON intake.messages (msg_id) WHERE outcome <> 'ignored';
      CREATE INDEX messages_cancels ON intake.messages (cancels_msg_id) WHERE cancels_msg_id IS NOT NULL;
      CREATE INDEX messages_received ON intake.messages (received_at);
      CREATE TABLE intake.apprecs (
        id              uuid PRIMARY KEY,
        message_id      uuid NOT NULL REFERENCES intake.messages (id),
        receiver_her_id text NOT NULL,
        role            text NOT NULL,
        status          smallint NOT NULL,
        errors          jsonb NOT NULL,
        document        text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX apprecs_message ON intake.apprecs (message_id);
      CREATE TABLE intake.parked (
        id                  uuid PRIMARY KEY,
        message_id          uuid NOT NULL REFERENCES intake.messages (id),
        msg_id              text NOT NULL,
        municipality_code   text NOT NULL,
        reason_code         text NOT NULL,
        reason              text NOT NULL,
        facts               jsonb NOT NULL,
        patient_key         text,
        hospital_org_number text,
        state               text NOT NULL DEFAULT 'open',
        resolution          jsonb,
        parked_at           timestamptz NOT NULL DEFAULT now(),
        resolved_at         timestamptz
      );
      CREATE INDEX parked_open ON intake.parked (municipality_code, parked_at, id) WHERE state = 'open';
      CREATE TABLE intake.case_links (
        case_id             uuid PRIMARY KEY,
        patient_key         text NOT NULL,
        hospital_org_number text NOT NULL,
        municipality_code   text NOT NULL,
        linked_at           timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX case_links_patient ON intake.case_links (patient_key);`,
  },
];
