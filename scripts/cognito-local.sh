#!/usr/bin/env bash
# cognito-local.sh starts and stops a private cognito-local (the Cognito
# emulator published on npm) for the integration tests in integration/.
#
# Usage:
#   scripts/cognito-local.sh start   install (once) and start on 127.0.0.1, fresh data
#   scripts/cognito-local.sh env     print export lines for the running instance
#   scripts/cognito-local.sh stop    stop it and remove its data (safe to repeat)
#
# Environment:
#   COGNITO_LOCAL_CACHE   where the npm package is installed
#                         (default: <repo>/.cache/cognito-local; reused when
#                         it already holds cognito-local@5.3.0)
#   COGNITO_LOCAL_STATE   state file with the pid, port and data directory
#                         (default: $COGNITO_LOCAL_CACHE/state)
#   COGNITO_LOCAL_KEEP_DATA=1  keep the data directory on stop (debugging)
#   COGNITO_LOCAL_WATCH_PID    when set, the server exits by itself once the
#                         process with this pid is gone (the test binary)
#
# The server listens on 127.0.0.1 only, on a free port, and runs in a new
# temporary directory holding .cognito/config.json; cognito-local keeps its
# database in .cognito/db/<poolId>.json under that directory. Nothing but the
# npm registry (installation) and 127.0.0.1 is contacted.
set -euo pipefail

readonly VERSION=5.3.0
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${COGNITO_LOCAL_CACHE:-$repo/.cache/cognito-local}
state=${COGNITO_LOCAL_STATE:-$cache/state}
pkg=$cache/node_modules/cognito-local

die() {
	echo "cognito-local.sh: $*" >&2
	exit 1
}

need_node() {
	command -v node >/dev/null 2>&1 || die "node is not installed; cognito-local needs Node.js (for example: apt-get install nodejs npm)"
	command -v npm >/dev/null 2>&1 || die "npm is not installed; it is needed once to install cognito-local@$VERSION (for example: apt-get install npm)"
}

installed_version() {
	[[ -f $pkg/package.json ]] || return 0
	node -e 'process.stdout.write(require(process.argv[1]).version)' "$pkg/package.json" 2>/dev/null || true
}

install() {
	if [[ $(installed_version) == "$VERSION" ]]; then
		return
	fi
	mkdir -p "$cache"
	echo "cognito-local.sh: installing cognito-local@$VERSION into $cache" >&2
	npm install --prefix "$cache" "cognito-local@$VERSION" \
		--no-audit --no-fund --no-update-notifier --loglevel=error >&2
	[[ $(installed_version) == "$VERSION" ]] || die "npm did not install cognito-local@$VERSION into $cache"
}

# free_port asks the kernel for a free port on 127.0.0.1. Another process
# could take it before cognito-local binds it; start retries a few times.
free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})'
}

# answers exits 0 when the server on port $1 answers GET /health with 200.
answers() {
	node -e '
const req = require("http").get({host: "127.0.0.1", port: +process.argv[1], path: "/health", timeout: 1000},
  (r) => process.exit(r.statusCode === 200 ? 0 : 1));
req.on("timeout", () => { req.destroy(); process.exit(1); });
req.on("error", () => process.exit(1));' "$1"
}

alive() {
	local pid=$1
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
	# Guard against a recycled pid: it must still be cognito-local.
	if [[ -r /proc/$pid/cmdline ]]; then
		tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'cognito-local' || return 1
	fi
}

read_state() {
	PID= PORT= DATA_DIR= LOG=
	[[ -f $state ]] || return 1
	# The state file is written by this script: KEY=value lines only.
	while IFS='=' read -r key value; do
		case $key in
		PID) PID=$value ;;
		PORT) PORT=$value ;;
		DATA_DIR) DATA_DIR=$value ;;
		LOG) LOG=$value ;;
		esac
	done <"$state"
}

# watchdog runs cognito-local's start script; when COGNITO_LOCAL_WATCH_PID
# names a process (the test binary), the server removes its data directory
# and state file and exits once that process is gone, so that a test binary
# that panics or times out leaves nothing behind.
readonly watchdog='
const watched = Number(process.env.COGNITO_LOCAL_WATCH_PID || 0);
if (watched > 0) {
  setInterval(() => {
    let gone = false;
    try { process.kill(watched, 0); } catch (e) { gone = e.code === "ESRCH"; }
    try { gone = gone || /^\d+ \(.*\) Z/.test(require("fs").readFileSync(`/proc/${watched}/stat`, "utf8")); } catch (e) {}
    if (!gone) return;
    // Clean up as stop would: the data directory (only one this script
    // made) and the state file.
    const fs = require("fs");
    if (/^cognito-local\.[A-Za-z0-9]{6}$/.test(require("path").basename(process.cwd()))) {
      fs.rmSync(process.cwd(), { recursive: true, force: true });
    }
    if (process.env.COGNITO_LOCAL_STATE_FILE) fs.rmSync(process.env.COGNITO_LOCAL_STATE_FILE, { force: true });
    process.exit(0);
  }, 500).unref();
}
require(process.argv[1]);'

start() {
	need_node
	if read_state && alive "$PID"; then
		die "already running (pid $PID, port $PORT); run '$0 stop' first"
	fi
	install

	local attempt pid port data log i
	for attempt in 1 2 3; do
		data=$(mktemp -d "${TMPDIR:-/tmp}/cognito-local.XXXXXX")
		mkdir -p "$data/.cognito/db"
		printf '%s\n' '{"UserPoolDefaults":{"UsernameAttributes":[]}}' >"$data/.cognito/config.json"
		log=$data/cognito-local.log
		port=$(free_port)
		# Same process group as the caller: a Ctrl-C that ends the tests
		# ends the server too. Its output goes to the log only, so a caller
		# that reads this script's output is not kept waiting by it.
		(cd "$data" && PORT=$port HOST=127.0.0.1 COGNITO_LOCAL_STATE_FILE=$state exec node -e "$watchdog" "$pkg/lib/bin/start.js" >"$log" 2>&1 </dev/null) &
		pid=$!
		printf 'PID=%s\nPORT=%s\nDATA_DIR=%s\nLOG=%s\n' "$pid" "$port" "$data" "$log" >"$state"
		for ((i = 0; i < 60; i++)); do
			if ! alive "$pid"; then
				break
			fi
			if answers "$port"; then
				echo "cognito-local.sh: cognito-local@$VERSION running on http://127.0.0.1:$port (pid $pid, data $data)" >&2
				return 0
			fi
			sleep 0.5
		done
		echo "cognito-local.sh: attempt $attempt: cognito-local did not answer on port $port; its log:" >&2
		tail -n 20 "$log" >&2 || true
		stop >/dev/null
	done
	die "cognito-local did not start"
}

stop() {
	if ! read_state; then
		echo "cognito-local.sh: not running (no state file $state)" >&2
		return 0
	fi
	if alive "$PID"; then
		kill -TERM "$PID" 2>/dev/null || true
		local i
		for ((i = 0; i < 20; i++)); do
			alive "$PID" || break
			sleep 0.25
		done
		if alive "$PID"; then
			kill -KILL "$PID" 2>/dev/null || true
		fi
		echo "cognito-local.sh: stopped pid $PID" >&2
	fi
	if [[ -n $DATA_DIR && -d $DATA_DIR && ${COGNITO_LOCAL_KEEP_DATA:-} != 1 ]]; then
		# Only ever a directory this script made with mktemp.
		case $DATA_DIR in
		*/cognito-local.??????) rm -rf -- "$DATA_DIR" ;;
		esac
	fi
	rm -f -- "$state"
}

env_lines() {
	read_state || die "not running (no state file $state); run '$0 start' first"
	alive "$PID" || die "pid $PID from $state is not running; run '$0 stop' then '$0 start'"
	printf 'export COGNITO_LOCAL_ENDPOINT=http://127.0.0.1:%s\n' "$PORT"
	printf 'export COGNITO_LOCAL_DATA_DIR=%s\n' "$DATA_DIR"
	printf 'export COGNITO_LOCAL_PID=%s\n' "$PID"
	printf 'export COGNITO_LOCAL_LOG=%s\n' "$LOG"
}

case ${1:-} in
start) start ;;
stop) stop ;;
env) env_lines ;;
*)
	echo "usage: $0 start|stop|env" >&2
	exit 2
	;;
esac
