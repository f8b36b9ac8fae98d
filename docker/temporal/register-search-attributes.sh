#!/usr/bin/env bash
# One-shot: registers the custom search attributes the case workflows use. Run by the `temporal-admin-tools`
# service in docker/compose.yaml (temporalio/admin-tools image, which has bash and the `temporal` CLI).
#
# Idempotent: an attribute that already exists with the same type is accepted; one that exists with a different
# type is an error (fix it by hand, see docker/README.md). Exits non-zero on failure, so that `api` and `worker`,
# which depend on this service completing successfully, do not start against an unprepared namespace.
#
# Reads TEMPORAL_ADDRESS (also read by the CLI itself) and TEMPORAL_NAMESPACE.
set -euo pipefail

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is not set}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
WAIT_SECONDS="${WAIT_SECONDS:-300}"

# Keep in sync with CASE_SEARCH_ATTRIBUTES in libs/contracts/search-attributes.ts.
SEARCH_ATTRIBUTES=(
  CaseStatus:Keyword
  ProvinceCode:Keyword
  CommuneCode:Keyword
  CaseField:Keyword
  CasePriority:Keyword
  EscalationLevel:Keyword
  AnswerDeadline:Datetime
)

wait_for() {
  local what="$1"
  shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "Timed out after ${WAIT_SECONDS}s waiting for ${what}." >&2
      return 1
    fi
    echo "Waiting for ${what}..."
    sleep 2
  done
  echo "${what}: ready."
}

echo "Temporal ${TEMPORAL_ADDRESS}, namespace ${NAMESPACE}."
wait_for "Temporal frontend" temporal operator cluster health --address "${TEMPORAL_ADDRESS}"
# auto-setup creates the namespace in the background after the server starts.
wait_for "namespace ${NAMESPACE}" temporal operator namespace describe --address "${TEMPORAL_ADDRESS}" --namespace "${NAMESPACE}"

for entry in "${SEARCH_ATTRIBUTES[@]}"; do
  name="${entry%%:*}"
  type="${entry#*:}"
  if output="$(temporal operator search-attribute create --address "${TEMPORAL_ADDRESS}" --namespace "${NAMESPACE}" \
    --name "${name}" --type "${type}" 2>&1)"; then
    echo "Search attribute ${name} (${type}): registered."
  elif grep -qi "different type" <<<"${output}"; then
    echo "Search attribute ${name} exists with a type other than ${type}: ${output}" >&2
    exit 1
  elif grep -qi "already exists\|already registered" <<<"${output}"; then
    echo "Search attribute ${name} (${type}): already registered."
  else
    echo "Could not register search attribute ${name} (${type}): ${output}" >&2
    exit 1
  fi
done

# The frontend serves search attributes from a cache refreshed every few seconds; wait until all are listed.
all_listed() {
  local listed
  listed="$(temporal operator search-attribute list --address "${TEMPORAL_ADDRESS}" --namespace "${NAMESPACE}")" || return 1
  for entry in "${SEARCH_ATTRIBUTES[@]}"; do
    grep -qw -- "${entry%%:*}" <<<"${listed}" || return 1
  done
}
wait_for "search attributes to be listed" all_listed

echo "Search attributes registered in namespace ${NAMESPACE}."
