import type { Migration } from "./migration.js";

// Tables of the data-rights engine and the retention sweeper (issue 4).
//
// deletion_jobs has no foreign key to subjects: an account deletion ends by
// deleting the subject row, and the job must outlive it to say it finished.
// Once an account job is done its subject_id is cleared, so the finished job
// names nobody.
//
// retired_devices keeps, for a device whose owner's data was deleted, only
// what the device needs to fetch its unbind and factory-reset commands when
// it next connects (M130): its id, product and the hash of its key. No
// subject, MAC or serial number. The sweeper drops a row once every command
// for the device was delivered.
//
// anonymized_records holds what an account deletion may keep anonymized
// (decision 0010): no subject, record, device, statement or consent column,
// a random id, and the collection day only.
//
// withdrawn_products marks a product whose consent the subject withdrew
// (000 §05 "Revoke authorization"), for products the general policy governs
// as well as those with a policy of their own: collection for it stops until
// the subject consents again. It goes with the subject.
//
// revoked_install_tokens holds the SHA-256 of install tokens whose
// improvement-plan analytics were withdrawn, so events still in flight under
// the token are refused; never the token itself.

/** Deletion jobs, retired device credentials, anonymized records, withdrawn products, revoked install tokens. */
export const dataRightsSchema: Migration = {
  version: 2,
  name: "data-rights",
  statements: [
    `create table deletion_jobs (
      job_id text collate "C" not null primary key,
      subject_id text collate "C",
      scope text not null,
      product_id text collate "C" not null default '',
      purposes int[] not null default '{}',
      state int not null,
      completed_steps text[] not null default '{}',
      requested_at timestamptz not null,
      finished_at timestamptz,
      lease_owner text,
      lease_until timestamptz,
      attempts int not null default 0,
      constraint deletion_jobs_scope check (scope in ('product', 'account', 'purposes', 'install'))
    )`,
    // One open job per subject and product ('' = account): asking again returns it.
    `create unique index deletion_jobs_open_once on deletion_jobs (subject_id, scope, product_id) where finished_at is null`,
    `create index deletion_jobs_unfinished on deletion_jobs (requested_at) where finished_at is null`,
    `create index deletion_jobs_by_subject on deletion_jobs (subject_id, requested_at) where subject_id is not null`,

    `create table retired_devices (
      device_id text collate "C" not null primary key,
      product_id text collate "C" not null,
      device_key_hash bytea not null,
      retired_at timestamptz not null
    )`,
    `create unique index retired_devices_by_key_hash on retired_devices (device_key_hash)`,

    `create table anonymized_records (
      anonymized_id text collate "C" not null primary key,
      product_id text collate "C" not null,
      message_type text collate "C" not null,
      payload bytea not null,
      collected_on date not null,
      expires_at timestamptz
    )`,
    `create index anonymized_records_by_expiry on anonymized_records (expires_at) where expires_at is not null`,

    `create table withdrawn_products (
      subject_id text collate "C" not null,
      product_id text collate "C" not null,
      withdrawn_at timestamptz not null,
      primary key (subject_id, product_id),
      constraint withdrawn_products_subject_fk foreign key (subject_id) references subjects (subject_id) on delete cascade
    )`,

    `create table revoked_install_tokens (
      token_hash bytea not null primary key,
      revoked_at timestamptz not null
    )`,
    // Withdrawal and erasure find an install's events by token.
    `create index analytics_events_by_token on analytics_events (install_token)`,
  ],
};
