#!/bin/sh
# One-shot: waits for the Temporal frontend, creates Flightplan's namespace and registers its search attributes
# (the same five `flightplan setup` registers). Safe to run again: what exists is left alone.
# Runs in the temporalio/admin-tools image (temporal CLI). TEMPORAL_ADDRESS is read by the CLI itself.
set -eu

NAMESPACE="${FLIGHTPLAN_NAMESPACE:-default}"
RETENTION="${FLIGHTPLAN_NAMESPACE_RETENTION:-30d}"

tries=0
until temporal operator cluster health >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 90 ]; then
    echo "Temporal at ${TEMPORAL_ADDRESS:-127.0.0.1:7233} did not answer within 3 minutes" >&2
    exit 1
  fi
  sleep 2
done

if temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "namespace $NAMESPACE exists"
else
  temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
fi

# name:type pairs; keep in step with FlightplanSearchAttributes.
for attribute in FlightplanState:Keyword FlightplanPhase:Keyword FlightplanTarget:Keyword \
  FlightplanWeight:Int FlightplanFleet:Keyword; do
  name="${attribute%%:*}"
  type="${attribute#*:}"
  tries=0
  # A namespace created a moment ago may not be known to every service yet: retry for a while.
  until temporal operator search-attribute list --namespace "$NAMESPACE" 2>/dev/null | grep -qw "$name" \
    || temporal operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type" \
      >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 30 ]; then
      echo "could not register search attribute $name ($type) in namespace $NAMESPACE" >&2
      exit 1
    fi
    sleep 2
  done
  echo "search attribute $name ($type) registered"
done
