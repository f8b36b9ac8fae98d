#!/usr/bin/env bash
# Creates the application database and Temporal's two databases, each with its own login role.
#
# Mounted into /docker-entrypoint-initdb.d by docker/compose.yaml. The postgres image runs it ONCE, when the data
# volume is empty (first start). Changing the passwords in docker/.env later does not change them in the database:
# use ALTER ROLE ... PASSWORD (see docker/README.md).
set -euo pipefail

: "${APP_DB_NAME:?APP_DB_NAME is not set}"
: "${APP_DB_USER:?APP_DB_USER is not set}"
: "${APP_DB_PASSWORD:?APP_DB_PASSWORD is not set}"
: "${TEMPORAL_DB_USER:?TEMPORAL_DB_USER is not set}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is not set}"

# The `postgres` maintenance database keeps its default CONNECT for everyone: the migrate step connects there with
# the application role to check that the application database exists.
#
# psql variables (:"name" for identifiers, :'name' for literals) quote the values safely.
psql --no-psqlrc -v ON_ERROR_STOP=1 --username "${POSTGRES_USER}" --dbname postgres \
  -v app_db="${APP_DB_NAME}" \
  -v app_user="${APP_DB_USER}" \
  -v app_password="${APP_DB_PASSWORD}" \
  -v temporal_user="${TEMPORAL_DB_USER}" \
  -v temporal_password="${TEMPORAL_DB_PASSWORD}" <<'SQL'
-- Application (case engine): schema managed by the app's migrations.
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"app_db" OWNER :"app_user";
REVOKE ALL ON DATABASE :"app_db" FROM PUBLIC;

-- Temporal server: persistence and visibility stores; schema managed by temporalio/auto-setup.
CREATE ROLE :"temporal_user" LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER :"temporal_user";
CREATE DATABASE temporal_visibility OWNER :"temporal_user";
REVOKE ALL ON DATABASE temporal FROM PUBLIC;
REVOKE ALL ON DATABASE temporal_visibility FROM PUBLIC;
SQL

echo "Created database ${APP_DB_NAME} (owner ${APP_DB_USER}) and temporal, temporal_visibility (owner ${TEMPORAL_DB_USER})."
