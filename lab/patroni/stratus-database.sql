-- The Stratus database and its owner, on the Patroni leader (through HAProxy's primary port). Idempotent.
-- Single source for the lab (lab/db-lab.sh) and the failover test (PatroniFailoverTest):
--   psql -X -v ON_ERROR_STOP=1 -v password=SECRET -f stratus-database.sql \
--        "host=127.0.0.1 port=5000 user=postgres dbname=postgres"
-- Stratus needs no superuser rights: it owns its database and runs its Flyway migrations in it.
SELECT format('CREATE ROLE stratus LOGIN PASSWORD %L', :'password')
    WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stratus') \gexec
SELECT 'CREATE DATABASE stratus OWNER stratus ENCODING ''UTF8'' TEMPLATE template0'
    WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'stratus') \gexec
