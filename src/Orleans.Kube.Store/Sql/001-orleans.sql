-- Orleans.Kube's own PostgreSQL schema for the Orleans ADO.NET providers (clustering,
-- grain storage, reminders). Orleans only needs the table OrleansQuery, which maps each
-- query key to SQL text; the tables behind those queries are ours. Every statement is
-- idempotent, so every silo applies this file on start.
-- Boolean queries answer one row with one integer column: > 0 means success.

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text NOT NULL
);

CREATE TABLE IF NOT EXISTS okube_membership_version (
    deployment_id text PRIMARY KEY,
    version       integer NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS okube_membership (
    deployment_id   text NOT NULL REFERENCES okube_membership_version (deployment_id),
    address         text NOT NULL,
    port            integer NOT NULL,
    generation      integer NOT NULL,
    silo_name       text NOT NULL,
    host_name       text NOT NULL,
    status          integer NOT NULL,
    proxy_port      integer,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

CREATE TABLE IF NOT EXISTS okube_grain_state (
    service_id    text NOT NULL,
    grain_type    text NOT NULL,
    grain_key     text NOT NULL,
    grain_id_hash integer NOT NULL,
    grain_n0      bigint NOT NULL,
    grain_n1      bigint NOT NULL,
    payload       bytea,
    version       integer NOT NULL,
    modified_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_key, grain_n0, grain_n1)
);

CREATE TABLE IF NOT EXISTS okube_reminders (
    service_id    text NOT NULL,
    grain_id      text NOT NULL,
    reminder_name text NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint NOT NULL,
    grain_hash    integer NOT NULL,
    version       integer NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX IF NOT EXISTS okube_reminders_by_hash ON okube_reminders (service_id, grain_hash);

-- Membership ---------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO okube_membership_version (deployment_id) VALUES (@DeploymentId::text)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT count(*)::int FROM created;
$q$),
-- The version bump and the row change share one statement: if the version moved on,
-- neither happens. A bump without an insert (a duplicate row) only costs a retry.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE okube_membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId::text AND version = @Version::int
    RETURNING deployment_id),
inserted AS (
    INSERT INTO okube_membership (deployment_id, address, port, generation, silo_name, host_name,
                                  status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address::text, @Port::int, @Generation::int, @SiloName::text, @HostName::text,
           @Status::int, @ProxyPort::int, @StartTime::timestamptz, @IAmAliveTime::timestamptz
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*)::int FROM inserted;
$q$),
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE okube_membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId::text AND version = @Version::int
    RETURNING deployment_id),
updated AS (
    UPDATE okube_membership m
    SET status = @Status::int, suspect_times = @SuspectTimes::text, i_am_alive_time = @IAmAliveTime::timestamptz
    FROM bumped
    WHERE m.deployment_id = bumped.deployment_id AND m.address = @Address::text
      AND m.port = @Port::int AND m.generation = @Generation::int
    RETURNING 1)
SELECT count(*)::int FROM updated;
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE okube_membership SET i_am_alive_time = @IAmAliveTime::timestamptz
WHERE deployment_id = @DeploymentId::text AND address = @Address::text
  AND port = @Port::int AND generation = @Generation::int;
$q$),
-- The version row comes back even when the silo has no row yet (outer join).
('MembershipReadRowKey', $q$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM okube_membership_version v
LEFT JOIN okube_membership m
       ON m.deployment_id = v.deployment_id AND m.address = @Address::text
      AND m.port = @Port::int AND m.generation = @Generation::int
WHERE v.deployment_id = @DeploymentId::text;
$q$),
('MembershipReadAllKey', $q$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM okube_membership_version v
LEFT JOIN okube_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId::text;
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM okube_membership WHERE deployment_id = @DeploymentId::text;
DELETE FROM okube_membership_version WHERE deployment_id = @DeploymentId::text;
$q$),
('GatewaysQueryKey', $q$
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM okube_membership
WHERE deployment_id = @DeploymentId::text AND status = @Status::int AND proxy_port > 0;
$q$),
-- 3 = Active: a live silo's row is never removed.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM okube_membership
WHERE deployment_id = @DeploymentId::text AND i_am_alive_time < @IAmAliveTime::timestamptz AND status <> 3;
$q$),
-- 6 = Dead: newer Orleans releases remove defunct silos one at a time.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM okube_membership
WHERE deployment_id = @DeploymentId::text AND address = @Address::text
  AND port = @Port::int AND generation = @Generation::int AND status = 6;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Grain storage --------------------------------------------------------------------------
-- A null @GrainStateVersion means "never read a row": insert only if none exists. Otherwise
-- update only if the stored version still matches. The unchanged version signals a conflict.

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE okube_grain_state
    SET payload = @PayloadBinary::bytea, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion::int IS NOT NULL
      AND service_id = @ServiceId::text AND grain_type = @GrainTypeString::text
      AND grain_key = coalesce(@GrainIdExtensionString::text, '')
      AND grain_n0 = @GrainIdN0::bigint AND grain_n1 = @GrainIdN1::bigint
      AND version = @GrainStateVersion::int
    RETURNING version),
inserted AS (
    INSERT INTO okube_grain_state (service_id, grain_type, grain_key, grain_id_hash, grain_n0, grain_n1, payload, version)
    SELECT @ServiceId::text, @GrainTypeString::text, coalesce(@GrainIdExtensionString::text, ''),
           @GrainIdHash::int, @GrainIdN0::bigint, @GrainIdN1::bigint, @PayloadBinary::bytea, 1
    WHERE @GrainStateVersion::int IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT coalesce((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion::int)
       AS NewGrainStateVersion;
$q$),
('ReadFromStorageKey', $q$
SELECT payload AS PayloadBinary, version AS Version
FROM okube_grain_state
WHERE service_id = @ServiceId::text AND grain_type = @GrainTypeString::text
  AND grain_key = coalesce(@GrainIdExtensionString::text, '')
  AND grain_n0 = @GrainIdN0::bigint AND grain_n1 = @GrainIdN1::bigint;
$q$),
('ClearStorageKey', $q$
UPDATE okube_grain_state
SET payload = NULL, version = version + 1, modified_at = now()
WHERE service_id = @ServiceId::text AND grain_type = @GrainTypeString::text
  AND grain_key = coalesce(@GrainIdExtensionString::text, '')
  AND grain_n0 = @GrainIdN0::bigint AND grain_n1 = @GrainIdN1::bigint
  AND version = @GrainStateVersion::int
RETURNING version AS NewGrainStateVersion;
$q$),
('DeleteStorageKey', $q$
DELETE FROM okube_grain_state
WHERE service_id = @ServiceId::text AND grain_type = @GrainTypeString::text
  AND grain_key = coalesce(@GrainIdExtensionString::text, '')
  AND grain_n0 = @GrainIdN0::bigint AND grain_n1 = @GrainIdN1::bigint
  AND version = @GrainStateVersion::int
RETURNING version AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Reminders ------------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
INSERT INTO okube_reminders (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId::text, @GrainId::text, @ReminderName::text, @StartTime::timestamptz, @Period::bigint, @GrainHash::int, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash,
    version = okube_reminders.version + 1
RETURNING version AS Version;
$q$),
('ReadReminderRowsKey', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM okube_reminders
WHERE service_id = @ServiceId::text AND grain_id = @GrainId::text;
$q$),
('ReadReminderRowKey', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM okube_reminders
WHERE service_id = @ServiceId::text AND grain_id = @GrainId::text AND reminder_name = @ReminderName::text;
$q$),
-- Hash ranges are compared as signed integers, as Orleans hands them over.
('ReadRangeRows1Key', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM okube_reminders
WHERE service_id = @ServiceId::text AND grain_hash > @BeginHash::int AND grain_hash <= @EndHash::int;
$q$),
('ReadRangeRows2Key', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM okube_reminders
WHERE service_id = @ServiceId::text AND (grain_hash > @BeginHash::int OR grain_hash <= @EndHash::int);
$q$),
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM okube_reminders
    WHERE service_id = @ServiceId::text AND grain_id = @GrainId::text
      AND reminder_name = @ReminderName::text AND version = @Version::int
    RETURNING 1)
SELECT count(*)::int FROM deleted;
$q$),
('DeleteReminderRowsKey', $q$
DELETE FROM okube_reminders WHERE service_id = @ServiceId::text;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
