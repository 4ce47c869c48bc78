-- Addresses and ports handed out to API objects: service ClusterIPs, NodePorts, pod IPs. The
-- primary key is what makes a value never handed out twice while it is held; the owner columns
-- let a sweep return values whose owner is gone (a grain lost between allocating and writing).

CREATE TABLE IF NOT EXISTS okube_allocations (
    pool           text NOT NULL,      -- "service-ip", "node-port", "pod-ip"
    value          bigint NOT NULL,    -- an IPv4 address as an integer, or a port number
    owner_resource text NOT NULL,      -- group-qualified plural of the owner: "services", "pods"
    owner_uid      text NOT NULL,
    allocated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (pool, value)
);
CREATE INDEX IF NOT EXISTS okube_allocations_by_owner ON okube_allocations (owner_uid);
