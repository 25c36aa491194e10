#!/bin/sh
# One Sentinel for compose profile "ha" (run three in production, on three hosts, quorum 2): it
# watches the master "payments" and promotes the replica when the master is down for 5 seconds.
set -eu
cat > /tmp/sentinel.conf <<CONF
port 26379
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel monitor payments redis 6379 1
sentinel down-after-milliseconds payments 5000
sentinel failover-timeout payments 30000
CONF
exec redis-sentinel /tmp/sentinel.conf
