import type { Migration } from "./migration.js";

// Every row that belongs to a person leads with subject_id, the shard key: a
// person's rows sit together, export and deletion are range scans, and a
// future distributed deployment can co-locate them. Ids use the "C"
// collation so keyset pagination orders bytewise, the same on both engines.
// analytics_events alone has no subject column (pseudonymous UXIP data keyed
// by a random per-install token, SEED-MECHANISMS M084/M088), and
// device_commands is keyed by device so a factory reset still reaches a
// device after its owner's account is gone (M130).

/** The first schema: subjects and keys, records, consent, devices, sharing, pairwise ids, analytics. */
export const initialSchema: Migration = {
  version: 1,
  name: "initial-schema",
  statements: [
    `create table subjects (
      subject_id text collate "C" not null primary key,
      region text not null,
      created_at timestamptz not null default now()
    )`,
    `create index subjects_by_region on subjects (region)`,

    `create table subject_keys (
      subject_id text collate "C" not null primary key,
      kek_id text,
      wrapped_key bytea,
      created_at timestamptz not null default now(),
      destroyed_at timestamptz,
      constraint subject_keys_subject_fk foreign key (subject_id) references subjects (subject_id) on delete cascade,
      constraint subject_keys_live_or_destroyed check ((wrapped_key is null) = (destroyed_at is not null))
    )`,

    `create table records (
      subject_id text collate "C" not null,
      record_id text collate "C" not null,
      product_id text collate "C" not null,
      message_type text collate "C" not null,
      device_id text collate "C",
      payload_plain bytea not null,
      payload_sealed bytea,
      statement bytea not null,
      purposes int[] not null,
      qualifier int not null,
      collected_at timestamptz not null,
      stored_at timestamptz not null default now(),
      expires_at timestamptz,
      primary key (subject_id, record_id),
      constraint records_subject_fk foreign key (subject_id) references subjects (subject_id) on delete cascade
    )`,
    // Pull and list: one product's records, newest first, keyset by (collected_at, record_id).
    `create index records_by_product_time on records (subject_id, product_id, collected_at, record_id)`,
    // Retention sweeps across subjects (issue 4).
    `create index records_by_expiry on records (expires_at) where expires_at is not null`,
    // Deleting or exporting what one device sent (unbind, M130).
    `create index records_by_device on records (subject_id, device_id) where device_id is not null`,

    `create table consent_receipts (
      subject_id text collate "C" not null,
      receipt_id text collate "C" not null,
      product_id text collate "C" not null,
      policy_kind int not null,
      policy_version text not null,
      purposes int[] not null,
      given_at timestamptz not null,
      withdrawn_at timestamptz,
      primary key (subject_id, receipt_id),
      constraint consent_receipts_subject_fk foreign key (subject_id) references subjects (subject_id) on delete cascade
    )`,
    `create index consent_receipts_standing on consent_receipts (subject_id, product_id) where withdrawn_at is null`,

    `create table function_switches (
      subject_id text collate "C" not null,
      product_id text collate "C" not null,
      function_name text collate "C" not null,
      enabled boolean not null,
      updated_at timestamptz not null default now(),
      primary key (subject_id, product_id, function_name),
      constraint function_switches_subject_fk foreign key (subject_id) references subjects (subject_id) on delete cascade
    )`,

    `create table upload_switches (
      subject_id text collate "C" not null,
      product_id text collate "C" not null,
      upload_switch text collate "C" not null,
      enabled boolean not null,
      updated_at timestamptz not null default now(),
      primary key (subject_id, product_id, upload_switch),
      constraint upload_switches_subject_fk foreign key (subject_id) references subjects (subject_id) on delete cascade
    )`,

    `create table devices (
      subject_id text collate "C" not null,
      device_id text collate "C" not null,
      product_id text collate "C" not null,
      mac text not null default '',
      serial_number text not null default '',
      device_key_hash bytea not null,
      public_key bytea,
      bound_at timestamptz not null default now(),
      unbound_at timestamptz,
      primary key (subject_id, device_id),
      constraint devices_subject_fk foreign key (subject_id) references subjects (subject_id) on delete cascade
    )`,
    // A device is bound to one account at a time (BindDevice's ALREADY_EXISTS).
    `create unique index devices_bound_once on devices (device_id) where unbound_at is null`,
    `create unique index devices_hardware_bound_once on devices (product_id, mac, serial_number) where unbound_at is null`,
    // Device authentication looks the device up by the hash of its key.
    `create unique index devices_by_key_hash on devices (device_key_hash)`,

    `create table device_commands (
      device_id text collate "C" not null,
      command_id text collate "C" not null,
      kind int not null,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      primary key (device_id, command_id)
    )`,
    `create index device_commands_pending on device_commands (device_id, created_at) where delivered_at is null`,

    `create table shares (
      owner_subject_id text collate "C" not null,
      share_id text collate "C" not null,
      grantee_subject_id text collate "C" not null,
      device_id text collate "C" not null,
      permissions int[] not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      primary key (owner_subject_id, share_id),
      constraint shares_owner_fk foreign key (owner_subject_id) references subjects (subject_id) on delete cascade,
      constraint shares_grantee_fk foreign key (grantee_subject_id) references subjects (subject_id) on delete cascade
    )`,
    `create index shares_received on shares (grantee_subject_id) where revoked_at is null`,
    `create unique index shares_standing_once on shares (owner_subject_id, device_id, grantee_subject_id) where revoked_at is null`,

    `create table manufacturers (
      manufacturer_id text collate "C" not null primary key,
      name text not null,
      created_at timestamptz not null default now()
    )`,

    // generation counts re-authorisations: after a revocation the
    // manufacturer gets a new, unlinkable id rather than the old one back.
    `create table pairwise_ids (
      subject_id text collate "C" not null,
      manufacturer_id text collate "C" not null,
      generation int not null,
      pairwise_id text collate "C" not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      primary key (subject_id, manufacturer_id, generation),
      constraint pairwise_ids_subject_fk foreign key (subject_id) references subjects (subject_id) on delete cascade,
      constraint pairwise_ids_manufacturer_fk foreign key (manufacturer_id) references manufacturers (manufacturer_id)
    )`,
    `create unique index pairwise_ids_by_manufacturer on pairwise_ids (manufacturer_id, pairwise_id)`,
    `create unique index pairwise_ids_standing_once on pairwise_ids (subject_id, manufacturer_id) where revoked_at is null`,

    `create table analytics_events (
      install_token text collate "C" not null,
      event_id text collate "C" not null,
      product_id text collate "C" not null,
      message_type text collate "C" not null,
      payload bytea not null,
      purposes int[] not null,
      qualifier int not null,
      collected_at timestamptz not null,
      stored_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (install_token, event_id)
    )`,
    `create index analytics_events_by_expiry on analytics_events (expires_at)`,
  ],
};
