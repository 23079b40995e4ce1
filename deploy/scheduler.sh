#!/bin/sh
# The scheduler service of docker-compose.yml: runs `manage.py daily` once at start (a catch-up
# after a restart or a missed day: the command is idempotent), then every day at DAILY_AT
# (default 05:30) in the time zone DAILY_TZ (default Europe/Paris), with GNU date.
# `scheduler.sh next` prints the seconds until the next run and exits (used by the tests).
set -u
DAILY_AT="${DAILY_AT:-05:30}"
DAILY_TZ="${DAILY_TZ:-Europe/Paris}"

seconds_until_next_run() {
  now=$(date +%s)
  next=$(TZ="$DAILY_TZ" date -d "today $DAILY_AT" +%s) || exit 2
  if [ "$next" -le "$now" ]; then
    next=$(TZ="$DAILY_TZ" date -d "tomorrow $DAILY_AT" +%s) || exit 2
  fi
  echo $((next - now))
}

run_daily() {
  echo "$(date -Iseconds) scheduler: manage.py daily"
  python manage.py daily
  echo "$(date -Iseconds) scheduler: manage.py daily exited with $?"
}

if [ "${1:-}" = "next" ]; then
  seconds_until_next_run
  exit 0
fi

# sleep in the background and wait: a stop signal then ends the loop at once.
trap 'echo "scheduler: stopping"; exit 0' TERM INT
run_daily
while true; do
  delay=$(seconds_until_next_run) || exit 2
  echo "scheduler: next run in ${delay}s ($DAILY_AT $DAILY_TZ)"
  sleep "$delay" &
  wait $!
  run_daily
done
