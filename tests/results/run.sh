#!/bin/bash
# run.sh RELAYRIG - tests of the results database, the end-of-line station
# and the release check: every check against SQLite and against a real
# PostgreSQL server this script starts (initdb + pg_ctl in a temporary
# folder, its unix socket there, run as the postgres user when root).
# Nothing is skipped: a missing server or library is a failure.
# Ends with the line "N passed, N failed".
set -u
RR=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SIM=$(dirname "$RR")/isocket-sim
FX=tests/results/fixtures
T=$(mktemp -d /tmp/relayrig-results.XXXXXX)
chmod 755 "$T"
PGDATA= PGBIN=
passed=0 failed=0
export NO_COLOR=1
cleanup() {
	[ -n "$PGDATA" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
ok() { passed=$((passed + 1)); echo "ok - $1"; }
bad() { failed=$((failed + 1)); echo "not ok - $1"; [ -f "$T/out" ] && sed -n '1,25s/^/    | /p' "$T/out"; }
check() { # check NAME COMMAND...: the command's status is the verdict
	name=$1; shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}
has() { grep -q -e "$2" "$T/out" && ok "$1" || bad "$1 (no '$2')"; }
hasnt() { grep -q -e "$2" "$T/out" && bad "$1 (unexpected '$2')" || ok "$1"; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# The mutant unit: relays held when 12 V fails (tests/mutants/04).
scripts/mutant-sim tests/mutants/04-relays-held.patch "$T/sim-mutant" || { bad "build the mutant simulator"; exit 1; }

# backend NAME URL SQL-COMMAND: the checks, on one database
backend() {
	B=$1 URL=$2 SQL=$3
	R="$RR results --db $URL"
	rep=$T/rep-$B
	mkdir -p "$rep"
	echo "# $B: $URL"

	# a run is stored, with its unit, measurements, cells and card
	RELAYRIG_REPORTS=$rep "$RR" --db "$URL" --serial SR7-000900 --station s1 --operator Ona \
		tests/eol >"$T/out" 2>&1
	check "$B: the end-of-line run passes and is stored" grep -q "run 1 stored" "$T/out"
	$R version >"$T/out" 2>&1
	has "$B: version" "schema version 3"
	cat "$T/out"
	check "$B: every migration recorded" test "$($SQL 'SELECT COUNT(*) FROM schema_version')" = 3
	check "$B: unit, operator, hardware and card stored" test \
		"$($SQL "SELECT serial || ' ' || operator || ' ' || hardware || ' ' || firmware FROM runs WHERE id = 1")" \
		= "SR7-000900 Ona SR7-1.0 1.0.0"
	check "$B: the card holds the unit's tabs" test \
		"$($SQL "SELECT COUNT(*) FROM runs WHERE card LIKE '%SERIAL=SR7-000900%'")" = 1
	check "$B: measurements with limits and units" test \
		"$($SQL "SELECT COUNT(*) FROM measurements WHERE run_id = 1 AND units = 's' AND high IS NOT NULL")" -ge 8
	# the serial read over USB must be the scanned one
	RELAYRIG_SERIAL=SR7-999999 RELAYRIG_REPORTS=$rep "$RR" --no-db tests/eol >"$T/out" 2>&1
	check "$B: a unit whose serial is not the scanned one fails" test $? = 1
	has "$B: the serial mismatch is named" "is not the scanned label"
	$R show 1 >"$T/out" 2>&1
	has "$B: show" "release after 12 V failure"
	$R list --serial SR7-000900 >"$T/out" 2>&1
	has "$B: list by serial" "^    1 .*SR7-000900 *s1 *1.0.0 *pass"

	# one transaction per run: a failure half-way leaves nothing, the record is kept
	$SQL "$TRIGGER_ON" >/dev/null
	RELAYRIG_REPORTS=$rep "$RR" --db "$URL" --serial SR7-000901 tests/eol >"$T/out" 2>&1
	st=$?
	check "$B: a record the database refuses: exit 3" test $st = 3
	has "$B: says the record was not stored" "was NOT stored"
	check "$B: nothing half-written" test "$($SQL 'SELECT COUNT(*) FROM runs'):$($SQL 'SELECT COUNT(*) FROM tests')" = "1:8"
	$SQL "$TRIGGER_OFF" >/dev/null
	$R import "$rep"/unstored/*.rec >"$T/out" 2>&1
	has "$B: the kept record is imported" "stored as run"
	check "$B: imported whole" test "$($SQL "SELECT COUNT(*) FROM tests t JOIN runs r ON r.id = t.run_id WHERE r.serial = 'SR7-000901'")" = 8

	# text that is not UTF-8 is stored (a UTF8 database gets U+FFFD for each bad byte)
	RELAYRIG_REPORTS=$rep "$RR" --db "$URL" --label bytes $FX/bytes.lua >"$T/out" 2>&1
	check "$B: a message with bytes that are not UTF-8: stored" grep -q "stored in" "$T/out"
	check "$B: ... and read back" test \
		"$($SQL "SELECT COUNT(*) FROM tests t JOIN runs r ON r.id = t.run_id WHERE r.label = 'bytes' AND t.outcome = 'fail' AND t.message LIKE '%caf%'")" = 1

	# compare: per test, cell and measurement; exit 1 on a regression
	for v in 5 5.2 7 11; do
		RR_VALUE=$v RELAYRIG_REPORTS=$rep "$RR" --db "$URL" --label "m$v" $FX/measure.lua >/dev/null 2>&1
	done
	$R compare label=m5 label=m5.2 >"$T/out" 2>&1
	check "$B: compare, a move within the tolerance: exit 0" test $? = 0
	$R compare label=m5 label=m7 >"$T/out" 2>&1
	check "$B: compare, a measurement moved 40 %: exit 1" test $? = 1
	has "$B: the move is named" "REGRESSION moved *value: 5 -> 7 V"
	$R compare label=m5 label=m7 --tolerance 0.5 >/dev/null 2>&1
	check "$B: compare --tolerance 0.5: exit 0" test $? = 0
	$R compare label=m5 label=m11 >"$T/out" 2>&1
	check "$B: compare, past the limit: exit 1" test $? = 1
	has "$B: pass to fail" "REGRESSION pass->fail"
	has "$B: past the limit" "REGRESSION limit *value: 5 -> 11 V, outside \[0..10\]"
	has "$B: the statement's cell" "REGRESSION statement *S01 pass->fail"
	$R compare label=m11 label=m5 >"$T/out" 2>&1
	check "$B: compare, fixed: exit 0" test $? = 0
	has "$B: fail to pass" "fixed      fail->pass"

	# the station: a scripted operator, three units, one failing
	printf 'SR7-000101\n\nSR7-000102\nSR7-000103\nquit\n' | "$RR" station --rig fixtures/rigs/sim.rig \
		--station line-1 --operator Ona --db "$URL" --reports "$rep" \
		--sim-unit SR7-000102="$T/sim-mutant" >"$T/station-$B.txt" 2>&1
	check "$B: station session ends: exit 0" test $? = 0
	cp "$T/station-$B.txt" "$T/out"
	has "$B: station: three units, one failing" "3 units tested, 2 passed, 1 failed"
	has "$B: station: the failing unit" "unit SR7-000102 attempt 1: FAIL"
	has "$B: station: the reason" "  - end of line #eol"
	has "$B: station: a large PASS" "####   #####   ###    ###"
	check "$B: station: three attempts done" test \
		"$($SQL "SELECT COUNT(*) FROM station_units WHERE station = 'line-1' AND state = 'done' AND run_id IS NOT NULL")" = 3
	# a retest keeps both attempts
	printf 'SR7-000102\n' | "$RR" station --rig sim --station line-1 --db "$URL" --reports "$rep" >"$T/out" 2>&1
	has "$B: retest: attempt 2" "unit SR7-000102 attempt 2: PASS"
	check "$B: retest: both attempts kept" test \
		"$($SQL "SELECT COUNT(*) FROM station_units u JOIN runs r ON r.id = u.run_id WHERE u.serial = 'SR7-000102'")" = 2
	# a crash (power loss) mid-unit: the next start marks it, nothing else lost
	before=$($SQL "SELECT COUNT(*) FROM runs")
	mkfifo "$T/fifo-$B"
	RR_GO=$T/never setsid "$RR" station --rig sim --station line-1 --db "$URL" --reports "$rep" \
		--profile $FX/slow-profile <"$T/fifo-$B" >"$T/crash-$B.txt" 2>&1 &
	spid=$!
	exec 9>"$T/fifo-$B"
	echo SR7-000104 >&9
	for _ in $(seq 50); do grep -q "testing" "$T/crash-$B.txt" && break; sleep 0.2; done
	kill -KILL -- -"$spid"
	wait "$spid" 2>/dev/null
	exec 9>&-
	printf 'quit\n' | "$RR" station --rig sim --station line-1 --db "$URL" --reports "$rep" >"$T/out" 2>&1
	has "$B: a crashed station resumes, the unit marked" "marked interrupted"
	has "$B: the interrupted unit is named" "SR7-000104 attempt 1"
	check "$B: the interrupted attempt is recorded" test \
		"$($SQL "SELECT state FROM station_units WHERE serial = 'SR7-000104'")" = interrupted
	check "$B: nothing recorded is lost" test "$($SQL "SELECT COUNT(*) FROM runs")" = "$before"

	# Ctrl-C during a unit: its run is stored as interrupted, the station ends
	if [ "$B" = sqlite ]; then
		(echo SR7-000105; sleep 8) | RR_GO=$T/never setsid "$RR" station --rig sim --station line-9 --db "$URL" \
			--reports "$rep" --profile $FX/slow-profile >"$T/int.txt" 2>&1 &
		spid=$!
		for _ in $(seq 50); do grep -q "testing" "$T/int.txt" && break; sleep 0.2; done
		sleep 0.5
		kill -INT -- -"$(ps -o pgid= "$spid" | tr -d ' ')" 2>/dev/null
		wait "$spid" 2>/dev/null
		cp "$T/int.txt" "$T/out"
		has "$B: Ctrl-C at the station: the unit's run is interrupted" "the unit's run was interrupted"
		check "$B: Ctrl-C at the station: the run stored as interrupted" test \
			"$($SQL "SELECT r.outcome FROM station_units u JOIN runs r ON r.id = u.run_id WHERE u.serial = 'SR7-000105'")" = interrupted
	fi

	# yield, export, report
	$R yield >"$T/out" 2>&1
	has "$B: yield per station" "^  line-1 *4 *3 *3 *75.0% *66.7%  end of line #eol"
	has "$B: yield per day and firmware" "yield per firmware"
	$R export --format csv --table tests --station line-1 -o "$T/tests-$B.csv" >/dev/null 2>&1
	check "$B: export CSV" test "$(head -n 1 "$T/tests-$B.csv")" = "run,day,serial,station,firmware,file,line,classname,name,outcome,duration,message"
	$R export --format json -o "$T/runs-$B.json" >/dev/null 2>&1
	check "$B: export JSON" python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d) >= 9 and d[0]['record']['unit']['serial'] == 'SR7-000900'" "$T/runs-$B.json"
	"$RR" report 1 --db "$URL" -o "$T/run1-$B.html" >/dev/null 2>&1
	check "$B: report RUN: the HTML page" grep -q "SR7-000900" "$T/run1-$B.html"
	# the certification's integrator report, regenerated from the database, is the one the run wrote
	if [ "$B" = sqlite ]; then
		RELAYRIG_REPORTS=$rep "$RR" --db "$URL" --label cert --html "$T/cert.html" -j 2 tests/certify >/dev/null 2>&1
		id=$($SQL "SELECT id FROM runs WHERE label = 'cert'")
		"$RR" report "$id" --db "$URL" -o "$T/cert-again.html" >/dev/null 2>&1
		check "$B: report RUN: the certification's report, the same as the run's" cmp -s "$T/cert.html" "$T/cert-again.html"
	fi
}

# ---- SQLite ----------------------------------------------------------------
sq() { sqlite3 "$T/results.db" "$1"; }
TRIGGER_ON="CREATE TRIGGER refuse BEFORE INSERT ON measurements BEGIN SELECT RAISE(ABORT, 'disk full'); END"
TRIGGER_OFF="DROP TRIGGER refuse"
backend sqlite "$T/results.db" sq
echo "# sqlite checks: ${SECONDS} s"

# ---- PostgreSQL --------------------------------------------------------------
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
	bad "PostgreSQL server programs (initdb, pg_ctl): not installed (scripts/deps)"
else
	P=$T/pg
	mkdir -p "$P"
	[ "$(id -u)" = 0 ] && chown postgres "$P"
	PGDATA=$P/data
	if as_pg "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres >"$T/initdb.log" 2>&1 &&
	   as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$P/log" -w \
		-o "-k $P -c listen_addresses='' -c fsync=off" start >/dev/null 2>&1; then
		ok "postgresql: a server started in $P"
		PURL="postgresql://postgres@/postgres?host=$P"
		pq() { psql "$PURL" -Atq -c "$1"; }
		TRIGGER_ON="CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN RAISE EXCEPTION 'disk full'; END\$\$;
			CREATE TRIGGER refuse BEFORE INSERT ON measurements FOR EACH ROW EXECUTE FUNCTION refuse()"
		TRIGGER_OFF="DROP TRIGGER refuse ON measurements; DROP FUNCTION refuse()"
		echo "# $(psql "$PURL" -Atc 'SELECT version()')"
		backend postgresql "$PURL" pq
		# two stations writing one database at once
		printf 'SR7-000401\nSR7-000402\n' | "$RR" station --rig sim --station par-a --db "$PURL" \
			--reports "$T/par" >"$T/par-a.txt" 2>&1 &
		pa=$!
		printf 'SR7-000402\nSR7-000401\n' | "$RR" station --rig sim --station par-b --db "$PURL" \
			--reports "$T/par" >"$T/par-b.txt" 2>&1 &
		wait $pa $!
		check "postgresql: two stations at once: four units stored" test \
			"$(pq "SELECT COUNT(*) FROM station_units u JOIN runs r ON r.id = u.run_id WHERE u.station IN ('par-a', 'par-b') AND u.state = 'done'")" = 4
		check "postgresql: two stations at once: each unit's attempts 1 and 2" test \
			"$(pq "SELECT string_agg(serial || ':' || attempt, ' ' ORDER BY serial, attempt) FROM station_units WHERE station IN ('par-a', 'par-b')")" \
			= "SR7-000401:1 SR7-000401:2 SR7-000402:1 SR7-000402:2"
		# the server goes away during a run: the files stay, the record is kept
		mkdir -p "$T/lost"
		RR_GO=$T/go-lost RELAYRIG_REPORTS=$T/lost "$RR" --db "$PURL" --json "$T/lost/run.json" \
			$FX/slow-profile/slow.lua >"$T/out" 2>&1 &
		rpid=$!
		sleep 0.5
		as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1
		touch "$T/go-lost"
		wait $rpid
		check "postgresql: connection lost: exit 3" test $? = 3
		has "postgresql: connection lost: not stored" "the record of this run was NOT stored"
		check "postgresql: connection lost: the run's files kept" test -s "$T/lost/run.json"
		as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$P/log" -w \
			-o "-k $P -c listen_addresses='' -c fsync=off" start >/dev/null 2>&1
		"$RR" results --db "$PURL" import "$T"/lost/unstored/*.rec >"$T/out" 2>&1
		has "postgresql: the kept record stored once the server is back" "stored as run"
		# the same at the station: the server goes away while a unit is tested
		mkfifo "$T/fifo-lost"
		RR_GO=$T/go-station "$RR" station --rig sim --station line-7 --db "$PURL" --reports "$T/lost" \
			--profile $FX/slow-profile <"$T/fifo-lost" >"$T/st-lost.txt" 2>&1 &
		spid=$!
		exec 9>"$T/fifo-lost"
		echo SR7-000301 >&9
		for _ in $(seq 50); do grep -q "testing" "$T/st-lost.txt" && break; sleep 0.2; done
		as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1
		touch "$T/go-station"
		echo quit >&9
		exec 9>&-
		wait $spid
		cp "$T/st-lost.txt" "$T/out"
		has "postgresql: station, server lost during a unit: says not stored" "the record was NOT stored"
		as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$P/log" -w \
			-o "-k $P -c listen_addresses='' -c fsync=off" start >/dev/null 2>&1
		echo quit | "$RR" station --rig sim --station line-7 --db "$PURL" --reports "$T/lost" >"$T/out" 2>&1
		has "postgresql: station restarted: the kept record stored" "stored the kept record"
		hasnt "postgresql: station restarted: the unit is not taken for interrupted" "marked interrupted"
		check "postgresql: station restarted: the attempt is complete" test \
			"$(pq "SELECT u.state || ' ' || r.serial FROM station_units u JOIN runs r ON r.id = u.run_id WHERE u.serial = 'SR7-000301'")" = "done SR7-000301"
	else
		bad "postgresql: the server did not start"
		cat "$T/initdb.log" "$P/log" 2>/dev/null | tail -n 5
	fi
fi

echo "# postgresql checks done: ${SECONDS} s"
# ---- the release check ---------------------------------------------------------
RELEASE_DB=$T/release.db scripts/release-check "$SIM" "$T/sim-mutant" >"$T/out" 2>&1
check "release-check: current firmware against a mutant: exit 1" test $? = 1
has "release-check: the regressions are listed" "REGRESSION pass->fail"
has "release-check: certification cells compared" "REGRESSION cell *T\."
has "release-check: the verdict" "release-check: FAIL"
grep -E "^release-check|^compare:" "$T/out"

echo "# all: ${SECONDS} s"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
