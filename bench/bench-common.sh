# Shell pieces shared by the read-model benchmarks (bench/run-board-bench, bench/run-sla-bench).
# Sourced, never run. The same safety rules for every script: one temp dir of its own, every
# process it starts recorded in `pids` and stopped by pid (never by name), every load bounded in
# time and aimed only at 127.0.0.1, and a copy of the output kept in bench/results/.
#
# The sourcing script sets `opsdesk` (the binary) and `query_duration` (wrk's -d) and calls
# bench_begin PARENT-DIR once, before anything else. It may set `start_timeout` (s, default 120):
# how long a started process may take to print its address, and `replay_timeout` (s, default
# 1800): how long `opsdesk replay` may run.

bench_name=$(basename "$0")
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Creates the temp dir ($work), arms the cleanup, and tees everything printed from here on into
# bench/results/<script>-<UTC time>.txt ($results_file).
bench_begin() {  # parent-dir
  work=$(mktemp -d "$1/opsdesk-$bench_name.XXXXXX")
  declare -gA pids=()  # name -> pid of every process this script started and has not stopped yet
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  local results_dir=$bench_dir/results
  mkdir -p "$results_dir"
  results_file=$results_dir/$bench_name-$(date -u +%Y%m%dT%H%M%SZ).txt
  exec > >(tee "$results_file") 2>&1
}

# Stops one process started here: SIGTERM, up to 15 s (opsdesk drains for up to 10), then SIGKILL.
stop() {
  local name=$1 pid=${pids[$1]:-} status=0
  [[ -n $pid ]] || return 0
  unset "pids[$name]"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$bench_name: $name ($pid) still running 15 s after SIGTERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || status=$?
  ((status == 0)) || echo "$bench_name: $name exited with status $status after SIGTERM" >&2
}

bench_cleanup() {
  local name
  for name in "${!pids[@]}"; do stop "$name"; done
  rm -rf "$work"
}

# A flat JSON line's field; every field is a number, a string or null.
field() { local v; v=$(grep -o "\"$2\":[^,}]*" <<<"$1" | head -n1 | cut -d: -f2 | tr -d '"'); echo "${v:-null}"; }
# awk for the floating point bash lacks; "null" and empty stay "n/a".
calc() { awk -v a="$1" -v b="$2" "BEGIN { if (a == \"null\" || b == \"null\" || a == \"\" || b == \"\" || b + 0 == 0) print \"n/a\"; else printf \"$3\", $4 }"; }
verdict() {  # value target operator -> met / NOT met / n/a
  if [[ $1 == n/a ]]; then echo "n/a"; else awk -v v="$1" -v t="$2" "BEGIN { print (v $3 t) ? \"met\" : \"NOT met\" }"; fi
}

# The machine, the temp dir's filesystem, the source, and how busy the machine was in the second
# before the first run (a warning when it was not idle).
machine_header() {  # title extra-line...
  echo "== $1, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  shift
  echo "machine:    $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(uname -sr)," \
       "$(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
  local fs_type line busy0 idle0 busy1 idle1 quiet
  fs_type=$(findmnt -n -o FSTYPE --target "$work" 2>/dev/null || stat -f -c %T "$work")
  echo "temp dir:   $work on $(df -P "$work" | awk 'NR == 2 { print $1 }') ($fs_type)"
  echo "opsdesk:    $opsdesk (source $(git -C "$bench_dir/.." describe --always --dirty 2>/dev/null || echo '?'))"
  for line in "$@"; do echo "$line"; done
  read -r busy0 idle0 < <(cpu_busy_idle); sleep 1; read -r busy1 idle1 < <(cpu_busy_idle)
  quiet=$(awk -v b=$((busy1 - busy0)) -v i=$((idle1 - idle0)) 'BEGIN { printf "%.2f", (b + i > 0 ? b / (b + i) : 0) * '"$(nproc)"' }')
  echo "before:     $quiet cores busy during 1 s before the first run; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  if awk -v q="$quiet" 'BEGIN { exit !(q > 0.2) }'; then
    echo "WARNING:    the machine is not idle; other work will take CPU from opsdesk and lower every figure"
  fi
  echo
}
cpu_busy_idle() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }
# CPU seconds (user + system) a process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo null; }

# A fresh JWT secret for this run, exported to every opsdesk started here, and $token: a
# maintainer who sees every tenant.
bench_token() {
  OPSDESK_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
  export OPSDESK_JWT_SECRET OPSDESK_HTTP_ACCESS_LOG=false
  token=$("$opsdesk" token --sub bench --roles maintainer --tenants '*')
}

# Starts a background process whose first stdout line matching `pattern` carries an address;
# sets $address to the pattern's capture (sed -E group 1).
start_with_address() {
  local name=$1 out=$2 err=$3 pattern=$4
  shift 4
  : >"$out"
  "$@" >"$out" 2>"$err" &
  pids[$name]=$!
  address=""
  # Up to 120 s by default: opsdesk rebuilds its incident list from the whole log at start (a
  # server on a replayed store starts on a million events).
  local limit=${start_timeout:-120}
  for _ in $(seq $((limit * 10))); do
    address=$(sed -nE "s/$pattern/\1/p" "$out" | head -n1 || true)
    [[ -n $address ]] && return 0
    kill -0 "${pids[$name]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "$bench_name: $name did not print its address within $limit s; its stderr:" >&2
  tail -n 20 "$err" >&2
  exit 1
}

start_opsdesk() {  # name data-dir [extra flags...]; sets $url
  local name=$1 data=$2
  shift 2
  mkdir -p "$data"
  start_with_address "$name" "$data.out" "$data.err" '^listening on (http:\/\/127\.0\.0\.1:[0-9]+)$' \
    "$opsdesk" --target=all --listen 127.0.0.1:0 --data-dir "$data" "$@"
  url=$address
}

# readyz -> "head ops-board sla-metrics sla-watch alerts" positions (null when missing)
positions() {  # url
  curl -s --max-time 10 -H "Authorization: Bearer $token" "$1/readyz" | python3 -c '
import json, sys
try:
    s = json.load(sys.stdin)["services"]
except Exception:
    print("null null null null null null"); sys.exit()
get = lambda name, key: s.get(name, {}).get(key, "null")
print(get("incidents", "head_position"), get("ops-board", "applied_position"),
      get("sla-metrics", "applied_position"), get("sla-watch", "applied_position"),
      get("sla-watch", "alerts_head_position"), get("sla-watch", "passes_completed"))'
}

# Waits (bounded, 600 s unless told) until every read model of `opsdesk --target=all` has the
# whole log and sla-watch has completed a pass on it and recorded the alerts its passes find
# (the alert count unchanged for 5 s): a load must not share the CPU with a catching-up
# projection. Sets settled_seconds and settled_alerts ("null" when it did not settle).
wait_until_settled() {  # url [limit-s]
  local target_url=$1 limit=${2:-600} started=$SECONDS head board sla watch alerts passes last_alerts=-1 stable_since=$SECONDS
  settled_seconds=null settled_alerts=null
  while ((SECONDS - started < limit)); do
    read -r head board sla watch alerts passes < <(positions "$target_url")
    # sla-watch holds its passes while its view catches up; the first one after may take long.
    if [[ $head != null && $board == "$head" && $sla == "$head" && $watch == "$head" &&
          $passes =~ ^[0-9]+$ && $passes -ge 1 ]]; then
      if [[ $alerts != "$last_alerts" ]]; then
        last_alerts=$alerts stable_since=$SECONDS
      elif ((SECONDS - stable_since >= 5)); then
        settled_seconds=$((stable_since - started)) settled_alerts=$alerts
        echo "   settled after $((SECONDS - started)) s: every view at position $head; sla-watch has recorded $alerts alerts"
        return 0
      fi
    fi
    sleep 1
  done
  echo "   WARNING: not settled within $limit s (head $head, ops-board $board, sla-metrics $sla, sla-watch $watch, alerts $alerts); measuring anyway"
}

# One request's time (s), size and status: "time bytes status".
single() {  # url
  curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}\n' --max-time 600 \
    -H "Authorization: Bearer $token" "$1" || echo "null 0 000"
}

# A free TCP port on 127.0.0.1 for nginx (which cannot be given port 0).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# `opsdesk replay --projection P` under GNU time: prints its lines and sets replay_rate
# (events/s, as opsdesk reports it), replay_seconds (the replay's own time, as opsdesk reports
# it), replay_rss (MiB), replay_wall, replay_user, replay_sys ("null" when unknown).
replay_figures() {  # projection data-dir
  local projection=$1 data=$2 out
  echo "   \$ /usr/bin/time -v $opsdesk replay --projection $projection --data-dir $data"
  replay_rate=null replay_seconds=null replay_rss=null replay_wall=null replay_user=null replay_sys=null
  if [[ ! -x /usr/bin/time ]]; then
    echo "   /usr/bin/time is missing (Debian package time: scripts/install-deps --bench)"
    return 0
  fi
  out=$(timeout "${replay_timeout:-1800}" /usr/bin/time -v "$opsdesk" replay --projection "$projection" --data-dir "$data" 2>&1 || true)
  grep -E '^replayed|opsdesk replay:' <<<"$out" | sed 's/^/   /' || true
  replay_rate=$(sed -nE 's/^replayed .*\(([0-9]+) events\/s\).*/\1/p' <<<"$out" | head -n1)
  replay_seconds=$(sed -nE 's/^replayed .* in ([0-9.e+-]+) s \(.*/\1/p' <<<"$out" | head -n1)
  replay_rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' <<<"$out")
  replay_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' <<<"$out")
  replay_user=$(awk -F': ' '/User time/ { print $2 }' <<<"$out")
  replay_sys=$(awk -F': ' '/System time/ { print $2 }' <<<"$out")
  echo "   process: wall $replay_wall (opening the stores included), user $replay_user s," \
       "system $replay_sys s, peak RSS ${replay_rss:-?} MiB"
  replay_rate=${replay_rate:-null} replay_seconds=${replay_seconds:-null} replay_rss=${replay_rss:-null}
}

# RocksDB's own sequential write rate on the same filesystem, the replay's reference: sets
# reference_ops ("null" without db_bench).
fillseq_reference() {  # events
  local events=$1 out line
  reference_ops=null
  if ! command -v db_bench >/dev/null; then
    echo "   db_bench not found (Debian package rocksdb-tools): no reference"
    return 0
  fi
  echo "-- reference: db_bench fillseq (rocksdb-tools $(dpkg-query -W -f='${Version}' rocksdb-tools 2>/dev/null || echo '?'))"
  echo "   \$ db_bench --benchmarks=fillseq --num=$events --db=$work/fillseq"
  out=$(timeout 600 db_bench --benchmarks=fillseq --num="$events" --db="$work/fillseq" 2>&1 || true)
  line=$(grep '^fillseq' <<<"$out" || true)
  echo "   ${line:-no fillseq line; db_bench said: $(tail -n3 <<<"$out")}"
  reference_ops=$(sed -n 's/^fillseq[[:space:]]*:.* \([0-9.]*\) ops\/sec.*/\1/p' <<<"$line" | head -n1)
  reference_ops=${reference_ops:-null}
  rm -rf "$work/fillseq"
}

# wrk output -> "requests/s bytes/response p50 p99 non2xx socket-errors"
wrk_figures() {
  local out=$1 rps transfer p50 p99 non2xx errors bytes
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  transfer=$(awk '/^Transfer\/sec:/ { v = $2; u = substr(v, length(v) - 1); n = v + 0;
                    if (u == "KB") n *= 1024; else if (u == "MB") n *= 1048576; else if (u == "GB") n *= 1073741824;
                    print n }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
  errors=$(sed -n 's/.*Socket errors: \(.*\)/\1/p' <<<"$out")
  bytes=$(calc "$transfer" "$rps" '%.0f' 'a / b')
  echo "${rps:-null} $bytes ${p50:-?} ${p99:-?} ${non2xx:-0} ${errors:-none}"
}

run_wrk() {  # url connections -> wrk output; bounded by -d and timeout
  local url=$1 connections=$2 threads=$(($2 < 2 ? 1 : 2))
  echo "   \$ wrk -t$threads -c$connections -d${query_duration}s --timeout 30s --latency -H 'Authorization: Bearer <token>' '$url'" >&2
  timeout $((query_duration + 60)) wrk -t$threads -c"$connections" -d"${query_duration}s" --timeout 30s --latency \
    -H "Authorization: Bearer $token" "$url" 2>&1 || true
}

# The reference for a query: nginx serving opsdesk's own response bytes as a static file at the
# same path (the query string is ignored), under the same wrk load. Sets nginx_figures.
nginx_reference() {  # label static-file url-path-and-query connections
  local label=$1 file=$2 target=$3 connections=$4 port dir=$work/nginx-$1 path=${3%%\?*}
  mkdir -p "$dir/www$(dirname "$path")" "$dir/logs" "$dir/tmp"
  cp "$file" "$dir/www$path"
  # nginx started as root runs its workers as nobody: they must be able to reach the file.
  chmod 711 "$work"
  chmod 755 "$dir"
  chmod -R a+rX "$dir/www"
  port=$(free_port)
  cat >"$dir/nginx.conf" <<EOF
# The reference: nginx serving opsdesk's own response bytes as a static file, on loopback only.
worker_processes $(nproc);
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $dir/www;
    location / { try_files \$uri =404; }
  }
}
EOF
  nginx -e "$dir/logs/error.log" -p "$dir" -c "$dir/nginx.conf" >"$dir/logs/stdout" 2>&1 &
  pids[nginx-$label]=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port$path" && break
    kill -0 "${pids[nginx-$label]}" 2>/dev/null || { echo "$bench_name: nginx did not start:" >&2; cat "$dir/logs/error.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "-- reference: nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') ($(nproc) workers) serving the same bytes as a static file," \
       "http://127.0.0.1:$port (pid ${pids[nginx-$label]})"
  curl -s -o /dev/null --max-time 60 "http://127.0.0.1:$port$target"  # warm
  echo "   one request alone: $(curl -s -o /dev/null -w '%{time_total}' --max-time 60 "http://127.0.0.1:$port$target") s"
  local out
  out=$(run_wrk "http://127.0.0.1:$port$target" "$connections")
  grep -E 'Requests/sec|Transfer/sec|Non-2xx|Socket errors|requests in' <<<"$out" | sed 's/^/   /'
  nginx_figures=$(wrk_figures "$out")
  stop "nginx-$label"
}
