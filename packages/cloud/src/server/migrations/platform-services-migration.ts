import type { Migration } from "../../storage/migrations/migration.js";

// Numbered far from the storage layer's own migrations (0001, 0002 …) so the
// two sequences never collide; migrate() applies them in version order.

/**
 * Tables of the platform services beside the storage layer's: manufacturer
 * credentials and the products each manufacturer makes, and the queue of
 * actions waiting for devices (owner control, shared-party basic control,
 * scenes). Keys are stored only as hashes. device_actions leads with the
 * subject like every personal row, so deleting an account deletes its
 * pending actions.
 */
export const platformServicesMigration: Migration = {
  version: 1001,
  name: "platform-services",
  statements: [
    `create table manufacturer_credentials (
      manufacturer_id text collate "C" not null primary key,
      api_key_hash bytea not null,
      created_at timestamptz not null default now(),
      constraint manufacturer_credentials_manufacturer_fk foreign key (manufacturer_id) references manufacturers (manufacturer_id) on delete cascade
    )`,
    `create unique index manufacturer_credentials_by_key on manufacturer_credentials (api_key_hash)`,

    `create table manufacturer_products (
      product_id text collate "C" not null primary key,
      manufacturer_id text collate "C" not null,
      constraint manufacturer_products_manufacturer_fk foreign key (manufacturer_id) references manufacturers (manufacturer_id) on delete cascade
    )`,
    `create index manufacturer_products_by_manufacturer on manufacturer_products (manufacturer_id)`,

    `create table device_actions (
      subject_id text collate "C" not null,
      action_id text collate "C" not null,
      device_id text collate "C" not null,
      method text not null,
      params text[] not null,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      primary key (subject_id, action_id),
      constraint device_actions_subject_fk foreign key (subject_id) references subjects (subject_id) on delete cascade
    )`,
    `create index device_actions_pending on device_actions (device_id, created_at) where delivered_at is null`,
  ],
};
