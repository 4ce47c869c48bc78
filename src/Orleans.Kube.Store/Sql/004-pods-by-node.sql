-- The node a pod is bound to (its spec.nodeName), indexed, so a node agent and a node's liveness
-- check read the pods of one node instead of every pod in the cluster. Only pod bodies are
-- parsed: other resources may not even be JSON at rest.
ALTER TABLE okube_resources ADD COLUMN IF NOT EXISTS node_name text
    GENERATED ALWAYS AS (CASE WHEN resource = 'pods' THEN (body::jsonb) -> 'spec' ->> 'nodeName' END) STORED;
CREATE INDEX IF NOT EXISTS okube_resources_by_node ON okube_resources (node_name) WHERE node_name IS NOT NULL;
