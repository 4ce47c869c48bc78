-- The resource store, kine-like: every API object as JSON, one log row per revision. The
-- global revision is the object's resourceVersion. okube_resources holds the latest revision of
-- every live object for list; okube_resource_log holds history for watch resumption.

CREATE TABLE IF NOT EXISTS okube_resource_log (
    revision   bigserial PRIMARY KEY,
    resource   text NOT NULL,         -- group-qualified plural: "pods", "deployments.apps"
    namespace  text NOT NULL,         -- '' for cluster-scoped objects
    name       text NOT NULL,
    event      char(1) NOT NULL,      -- A(dded), M(odified), D(eleted)
    body       text NOT NULL,         -- the object as written (a tombstone keeps its last state)
    written_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS okube_resources (
    resource   text NOT NULL,
    namespace  text NOT NULL,
    name       text NOT NULL,
    revision   bigint NOT NULL,
    owner_uids text[] NOT NULL DEFAULT '{}',
    body       text NOT NULL,
    PRIMARY KEY (resource, namespace, name)
);
CREATE INDEX IF NOT EXISTS okube_resources_by_owner ON okube_resources USING gin (owner_uids);

-- Revisions at or below this one may have been removed from the log; watching from them is 410 Gone.
CREATE TABLE IF NOT EXISTS okube_compaction (
    id                 integer PRIMARY KEY CHECK (id = 1),
    compacted_revision bigint NOT NULL
);
INSERT INTO okube_compaction (id, compacted_revision) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
