-- Core schema: users, the per-user tree of files and folders, dead properties, WebDAV locks and instance identity.
-- Paths use the "C" collation so that prefix matches (path LIKE 'a/b/%') use the unique index.

CREATE TABLE instance_settings (
    name  text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    username      text        NOT NULL,
    display_name  text        NOT NULL,
    email         text,
    password_hash text        NOT NULL,
    quota_bytes   bigint      NOT NULL DEFAULT -1,   -- negative: unlimited
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_username_valid CHECK (username ~ '^[A-Za-z0-9_.@-]{1,64}$')
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE nodes (
    id            bigserial PRIMARY KEY,
    owner_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id     bigint      REFERENCES nodes (id) ON DELETE CASCADE,
    path          text COLLATE "C" NOT NULL,          -- '' for the user's root, 'a/b.txt' below it
    name          text        NOT NULL,
    is_dir        boolean     NOT NULL,
    size          bigint      NOT NULL DEFAULT 0,     -- folders: total size of everything below
    mtime         bigint      NOT NULL,               -- seconds since the epoch, as clients set it
    etag          text        NOT NULL,
    content_type  text,
    blob_key      text,
    checksum_sha1 text,
    checksum_md5  text,
    checksum_adler32 text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT nodes_root_has_no_parent CHECK ((path = '') = (parent_id IS NULL)),
    CONSTRAINT nodes_files_have_blobs CHECK (is_dir OR blob_key IS NOT NULL)
);
CREATE UNIQUE INDEX nodes_owner_path_key ON nodes (owner_id, path);
CREATE INDEX nodes_parent_idx ON nodes (parent_id);
CREATE INDEX nodes_blob_key_idx ON nodes (blob_key) WHERE blob_key IS NOT NULL;

CREATE TABLE dead_properties (
    node_id   bigint NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    namespace text   NOT NULL,
    name      text   NOT NULL,
    value     text   NOT NULL,   -- the property's content as an XML fragment
    PRIMARY KEY (node_id, namespace, name)
);

CREATE TABLE dav_locks (
    token          text PRIMARY KEY,
    owner_id       bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    path           text COLLATE "C" NOT NULL,
    depth_infinity boolean     NOT NULL,
    exclusive      boolean     NOT NULL,
    owner_xml      text,
    timeout_seconds bigint     NOT NULL,
    expires_at     timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dav_locks_owner_path_idx ON dav_locks (owner_id, path);
