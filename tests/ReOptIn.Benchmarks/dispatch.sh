#!/usr/bin/env bash
# Dispatch benchmark (a benchmark, not a test): COUNT requests through the real sending worker on a fresh
# SQLite file to Debian's smtp-sink on loopback, and in the same run a bare MailKit loop sending the same
# messages over the same number of connections; prints both rates and the ratio, without and with DKIM.
# Usage: tests/ReOptIn.Benchmarks/dispatch.sh [COUNT [CONNECTIONS...]]    e.g. dispatch.sh 20000 2 4 8
# DKIM=none|only|both (default both); ROUNDS=N pairs of runs (default 3). REOPTIN_BENCH_DIR=/dev/shm puts the database in memory (diagnosis only).
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-20000}
shift || true
connections=("${@:-4}")
[ ${#connections[@]} -eq 0 ] && connections=(4)
dkim=${DKIM:-both}

if [ ! -x /usr/sbin/smtp-sink ]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix >/dev/null
fi
dotnet build tests/ReOptIn.Benchmarks -c Release -nologo -v:q >/dev/null
bench="dotnet tests/ReOptIn.Benchmarks/bin/Release/net10.0/ReOptIn.Benchmarks.dll"

work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
# smtp-sink answers every command with 250 and discards the mail; as root it must drop to a user.
if [ "$(id -u)" = 0 ]; then /usr/sbin/smtp-sink -u postfix "127.0.0.1:$port" 1000 & else /usr/sbin/smtp-sink "127.0.0.1:$port" 1000 & fi
sink=$!
trap 'kill "$sink" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
openssl genrsa -out "$work/dkim.pem" 2048 2>/dev/null

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $(date -u +%Y-%m-%d); load average $(cut -d' ' -f1-3 /proc/loadavg) before the run; database in ${REOPTIN_BENCH_DIR:-${TMPDIR:-/tmp}} ($(df --output=fstype "${REOPTIN_BENCH_DIR:-${TMPDIR:-/tmp}}" | tail -1))"
keys=()
[ "$dkim" != only ] && keys+=(-)
[ "$dkim" != none ] && keys+=("$work/dkim.pem")
# ROUNDS pairs (default 3), the bare loop first in odd rounds and the worker first in even ones: one pair's ratio
# moves by ±15% with the machine's moments; the median of the rounds' ratios is the figure.
rounds=${ROUNDS:-3}
for key in "${keys[@]}"; do
  $bench dispatch-parts 1000 "$port" 1 "$key"
  for c in "${connections[@]}"; do
    ratios=()
    for round in $(seq "$rounds"); do
      if [ $((round % 2)) -eq 1 ]; then
        $bench dispatch-bare "$count" "$port" "$c" "$key" > "$work/bare"
        $bench dispatch-sqlite "$count" "$port" "$c" "$key" 2>&1 | grep -v -e '^warn:' -e '^      ' > "$work/worker" || { cat "$work/worker"; exit 1; }
      else
        $bench dispatch-sqlite "$count" "$port" "$c" "$key" 2>&1 | grep -v -e '^warn:' -e '^      ' > "$work/worker" || { cat "$work/worker"; exit 1; }
        $bench dispatch-bare "$count" "$port" "$c" "$key" > "$work/bare"
      fi
      cat "$work/bare" "$work/worker"
      bare=$(awk '/^RESULT bare/ {print $3}' "$work/bare")
      worker=$(awk '/^RESULT worker/ {print $3}' "$work/worker")
      ratios+=("$(awk -v w="$worker" -v b="$bare" 'BEGIN { printf "%.1f", 100 * w / b }') $worker $bare")
      awk -v w="$worker" -v b="$bare" -v c="$c" -v r="$round/$rounds" -v k="$([ "$key" = - ] && echo "no DKIM" || echo DKIM)" \
        'BEGIN { printf "=> round %s, %s conn, %s: worker %d msg/s, bare loop %d msg/s, ratio %.0f%%\n", r, c, k, w, b, 100 * w / b }'
    done
    printf '%s\n' "${ratios[@]}" | sort -n | awk -v c="$c" -v k="$([ "$key" = - ] && echo "no DKIM" || echo DKIM)" '
      { ratio[NR] = $1; worker[NR] = $2; bare[NR] = $3 }
      END {
        m = int((NR + 1) / 2); lo = worker[1]; for (i = 2; i <= NR; i++) if (worker[i] < lo) lo = worker[i]
        printf "=> %s conn, %s, %d rounds: median ratio %.0f%% (lowest %.0f%%, highest %.0f%%); slowest worker %d msg/s (targets: >= 1,000 msg/s and >= 80%%)\n", c, k, NR, ratio[m], ratio[1], ratio[NR], lo
      }'
  done
done
