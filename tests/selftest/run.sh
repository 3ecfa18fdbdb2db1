#!/bin/sh
# run.sh RELAYRIG - self-tests of the runner: relayrig run on the fixture
# scripts in fixtures/, checking exit status, console text and reports.
# Ends with the line "N passed, N failed".
set -u
RR=${1:?usage: run.sh RELAYRIG}
HERE=$(cd "$(dirname "$0")" && pwd)
FX=$HERE/fixtures
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0
export NO_COLOR=1

ok() { passed=$((passed + 1)); echo "ok - $1"; }
bad() {
	failed=$((failed + 1)); echo "not ok - $1"
	[ -f "$T/out" ] && sed -n '1,40s/^/    | /p' "$T/out"
}
# run NAME EXPECTED_STATUS ARGS...: output in $T/out
run() {
	name=$1 want=$2; shift 2
	"$RR" "$@" >"$T/out" 2>&1; got=$?
	if [ "$got" -ne "$want" ]; then bad "$name (exit $got, expected $want)"; return 1; fi
	return 0
}
has() { grep -q -e "$2" "$T/out" && ok "$1" || bad "$1 (no '$2')"; }
hasnt() { grep -q -e "$2" "$T/out" && bad "$1 (unexpected '$2')" || ok "$1"; }
lastline() {
	l=$(tail -n 1 "$T/out")
	[ "$l" = "$2" ] && ok "$1" || bad "$1 (last line '$l', expected '$2')"
}
py() { python3 - "$@" >>"$T/out" 2>&1; }
# wait_ready FILE PID: until the fixture has written READY to FILE, while
# the runner PID lives, for up to 120 s (a loaded machine, a sanitizer
# build: the time it takes is no part of what is checked). 0 when ready.
wait_ready() {
	i=0
	while ! grep -q READY "$1" 2>/dev/null; do
		kill -0 "$2" 2>/dev/null && [ $i -lt 2400 ] || return 1
		sleep 0.05; i=$((i + 1))
	done
}

# -- failures and errors --------------------------------------------------
if run "failing assertion" 1 "$FX/fail_line.lua"; then
	has "failure names file:line of the assertion" "at $FX/fail_line.lua:5$"
	has "failure shows expected" 'expected: "ON1 - OK"'
	has "failure shows actual" 'actual: "ON1 - Error!"'
	lastline "summary line" "1 passed, 1 failed, 0 skipped"
fi
if run "lua error" 1 "$FX/lua_error.lua" --junit "$T/err.xml"; then
	has "error reported as ERROR" "ERROR $FX/lua_error.lua:5"
	has "error message with position" "lua_error.lua:3: attempt to index a nil value"
	has "error has a traceback" "stack traceback:"
	grep -q '<error message=' "$T/err.xml" && ok "junit <error> for a Lua error" || bad "junit <error>"
fi

# -- time limits ------------------------------------------------------------
start=$(date +%s)
if run "runaway scripts" 1 --timeout 0.3 "$FX/runaway.lua"; then
	has "runaway stopped by the time limit" "test exceeded its time limit of 0.3 s"
	n=$(grep -c "exceeded its time limit" "$T/out")
	[ "$n" -ge 2 ] && ok "pcall cannot swallow the time limit" || bad "pcall swallowed the limit ($n)"
	lastline "tests after a runaway still run" "1 passed, 2 failed, 0 skipped"
fi
[ $(( $(date +%s) - start )) -lt 10 ] && ok "runaway stopped quickly" || bad "runaway took too long"

# -- the firmware misbehaving -------------------------------------------------
if run "hung firmware" 1 --hang-timeout 0.5 --json "$T/hang.json" "$FX/hang.lua"; then
	has "hang detected" "isocket-sim hung (no reply to 'debug hang' within 500 ms)"
	lastline "a fresh unit after the hang" "1 passed, 1 failed, 0 skipped"
fi
if run "crashed firmware" 1 --junit "$T/crash.xml" "$FX/crash.lua"; then
	has "crash reported with the exit status" "isocket-sim died: killed by signal 6"
	has "crash report has the transcript" "> ON1 - OK"
	lastline "a fresh unit after the crash" "1 passed, 1 failed, 0 skipped"
	# the transcript is in the failure's text (Ant's schema allows no output in a testcase)
	grep -q "<failure.*modem transcript (last lines):" "$T/crash.xml" && ok "junit failure has the transcript" \
		|| bad "junit failure text"
fi
if run "crash caught by pcall" 1 "$FX/crash_swallowed.lua"; then
	has "swallowed crash still fails" "the unit stopped working"
fi
if run "missing simulator" 2 --sim /nonexistent/isocket-sim "$FX/order_b.lua" "$FX/order_c.lua"; then
	has "missing simulator named before any test" "the simulator /nonexistent/isocket-sim cannot be run"
	hasnt "no test runs without a simulator" "passed,"
fi
if run "a unit that cannot start" 2 --sim /bin/false "$FX/order_b.lua" "$FX/order_c.lua"; then
	n=$(grep -c "cannot start the unit" "$T/out")
	[ "$n" -eq 1 ] && ok "a unit that cannot start: reported once, the run stops" \
		|| bad "a unit that cannot start reported $n times"
fi

# the unit killed from outside (SIGKILL to the runner's own child, the
# simulator, once the test is waiting on it; not at a moment chosen by a
# fixed delay, which on a loaded machine fell before the test was there)
"$RR" --timeout 120 "$FX/killed.lua" >"$T/kill.out" 2>"$T/kill.err" &
pid=$!
child=
if wait_ready "$T/kill.err" $pid; then
	# the process table may be read while it changes: look again briefly
	for _ in $(seq 40); do
		child=$(pgrep -P $pid -x isocket-sim) && break
		sleep 0.05
	done
fi
if [ -n "$child" ] && [ "$(echo "$child" | wc -l)" -eq 1 ]; then
	kill -KILL "$child"
else
	echo "killed unit: no single simulator to kill (ready: $(grep -c READY "$T/kill.err"), children: $(pgrep -P $pid | tr '\n' ' '))" >>"$T/kill.err"
	kill -TERM $pid 2>/dev/null
fi
wait $pid; st=$?
cat "$T/kill.err" "$T/kill.out" >"$T/out"
[ $st -eq 1 ] && ok "killed unit: exit 1" || bad "killed unit: exit $st"
has "killed unit reported with its signal" "isocket-sim died.*: killed by signal 9"
has "killed unit reported with the transcript" "modem transcript (last lines):"
lastline "killed unit replaced" "1 passed, 1 failed, 0 skipped"

# CPU sharing (rig/core/cpupin.c): the runner and its simulator on one CPU
# by default (whatever RELAYRIG_PIN says here), free to move with --no-pin
# (on a machine with 2 CPUs or more)
# affinity PID: the CPUs PID may run on, as taskset prints them
affinity() { taskset -pc "$1" 2>/dev/null | sed 's/.*: //'; }
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
	all=$(affinity $$)
	for mode in pinned --no-pin; do
		flag=; [ $mode = --no-pin ] && flag=--no-pin
		env -u RELAYRIG_PIN "$RR" $flag --timeout 2 "$FX/stuck.lua" >"$T/pin.out" 2>"$T/pin.err" &
		pid=$!
		runner= sim=
		if wait_ready "$T/pin.err" $pid; then
			runner=$(affinity $pid)
			sim=$(affinity "$(pgrep -P $pid -x isocket-sim | head -n 1)")
		fi
		wait $pid
		if [ $mode = pinned ]; then
			case $runner in *[,-]*|"") bad "pinned: the runner may run on '$runner'" ;;
			*) [ "$sim" = "$runner" ] && ok "pinned: runner and simulator on CPU $runner" \
				|| bad "pinned: runner on '$runner', simulator on '$sim'" ;;
			esac
		else
			[ "$runner" = "$all" ] && [ "$sim" = "$all" ] && ok "--no-pin: runner and simulator free ($all)" \
				|| bad "--no-pin: runner on '$runner', simulator on '$sim' (allowed '$all')"
		fi
	done
fi

# a worker stopped from outside (SIGSTOP): it sends nothing, and the
# parent stops it once it has been silent past every bound a worker keeps
# (2 x (1 + 0.5) s + 10 s here), so the run still ends
start=$(date +%s)
"$RR" -j 2 --timeout 1 --hang-timeout 0.5 "$FX/stuck.lua" >"$T/stuck.out" 2>"$T/stuck.err" &
pid=$!
if wait_ready "$T/stuck.err" $pid; then
	pkill -STOP -P $pid -x relayrig
fi
wait $pid; st=$?
cat "$T/stuck.err" "$T/stuck.out" >"$T/out"
[ $st -eq 1 ] && ok "stuck worker: exit 1" || bad "stuck worker: exit $st"
has "stuck worker reported" "sent nothing for 13 s, longer than a test and its unit's start may take"
el=$(( $(date +%s) - start ))
[ $el -lt 40 ] && ok "stuck worker: the run ended ($el s)" || bad "stuck worker: the run took $el s"

# -- SIGINT: rig safe, reports valid -------------------------------------------
"$RR" --junit "$T/int.xml" --json "$T/int.json" "$FX/sigint.lua" >"$T/int.out" 2>"$T/int.err" &
pid=$!
wait_ready "$T/int.err" $pid
kill -INT $pid
wait $pid; st=$?
cp "$T/int.err" "$T/out"; cat "$T/int.out" >>"$T/out"
[ $st -eq 130 ] && ok "SIGINT exits 130" || bad "SIGINT exit status $st"
if py "$T/int.partial.xml" "$T/int.partial.json" <<'PYEOF'
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
assert root.get("tests") == "2" and root.get("errors") == "1", root.attrib
j = json.load(open(sys.argv[2]))
assert j["interrupted"] is True, j["interrupted"]
assert j["safe_state"] == "dc=0 ac=0 bat=0 usb=0 inputs=000000", j["safe_state"]
assert [t["outcome"] for t in j["tests"]] == ["pass", "error"], j["tests"]
assert "interrupted" in j["tests"][1]["message"]
PYEOF
then ok "reports valid after SIGINT, rig safe"; else bad "reports after SIGINT"; fi
has "summary printed after SIGINT" "^1 passed, 1 failed, 0 skipped$"

# -- a second signal: the reports rendered so far are written, then exit -----------
"$RR" --junit "$T/int2.xml" --json "$T/int2.json" "$FX/sigint.lua" >"$T/int2.out" 2>"$T/int2.err" &
pid=$!
wait_ready "$T/int2.err" $pid
sleep 0.5 # results are rendered within 250 ms while a test waits
kill -INT $pid
kill -TERM $pid
wait $pid; st=$?
cp "$T/int2.err" "$T/out"
[ $st -ge 128 ] && ok "two signals: exit $st" || bad "two signals: exit status $st"
if py "$T/int2.partial.xml" "$T/int2.partial.json" <<'PYEOF'
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
j = json.load(open(sys.argv[2]))
assert j["interrupted"] is True, j["interrupted"]
assert [t["outcome"] for t in j["tests"]][:1] == ["pass"], j["tests"]
PYEOF
then ok "reports written after a second signal, marked interrupted"; else bad "reports after a second signal"; fi

# -- malformed files and bad arguments ------------------------------------------
if run "syntax error" 2 "$FX/malformed.lua" "$FX/order_a.lua"; then
	has "syntax error located" "malformed.lua:5:"
	has "other files still run" "order_a.lua: 3 passed, 1 failed"
fi
if run "bad describe" 2 "$FX/bad_describe.lua"; then
	has "bad describe explained" "describe \"no function\": expected a function"
fi
for args in "--bogus" "-j 0" "--jobs x" "--timeout -2" "--seed abc"; do
	# shellcheck disable=SC2086
	run "usage error $args" 2 $args "$FX/order_a.lua" && has "usage error '$args' explained" "relayrig: "
done
run "usage error --junit" 2 --junit && has "missing value explained" "needs a value"
run "missing path" 2 "$FX/nope.lua" && has "missing path named" "nope.lua: No such file"
run "rig file missing" 2 --rig /nonexistent.rig "$FX/order_a.lua" && has "rig file named" "/nonexistent.rig"
run "help" 0 --help && has "help lists --exclude-tags" "--exclude-tags"
run "version" 0 --version && has "version printed" "^relayrig [0-9]"

# -- selection ------------------------------------------------------------------
if run "list" 0 --list "$FX/select.lua"; then
	has "list shows file:line and tags" "select.lua:2: sms #sms status #fast  #fast #sms"
	[ "$(wc -l <"$T/out")" -eq 5 ] && ok "list shows every test" || bad "list count"
fi
run "tags" 0 --tags fast,wip "$FX/select.lua" && lastline "tags select" "2 passed, 0 failed, 0 skipped"
run "exclude tags" 0 --exclude-tags sms "$FX/select.lua" && lastline "exclude-tags" "1 passed, 0 failed, 1 skipped"
run "filter" 0 --filter "^usb" "$FX/select.lua" && lastline "filter by pattern" "1 passed, 0 failed, 1 skipped"

# -- measurements -----------------------------------------------------------------
if run "measurements" 1 --json "$T/m.json" "$FX/measure.lua"; then
	has "out of limits shown" "measurement pulse length out of limits"
	py "$T/m.json" <<'PYEOF' && ok "measurements in the JSON record" || bad "measurements in JSON"
import json, sys
t = json.load(open(sys.argv[1]))["tests"]
m = t[0]["measurements"]
assert m[0] == {"name": "supply", "value": 12.1, "low": 11.5, "high": 12.5, "units": "V", "outcome": "pass"}, m
assert m[1]["low"] is None and m[1]["units"] is None
assert t[1]["measurements"][0]["outcome"] == "fail" and t[1]["outcome"] == "fail"
PYEOF
fi

# -- parallel units: same results, same order ---------------------------------------
run "serial run" 1 --seed 7 --json "$T/j1.json" "$FX/order_a.lua" "$FX/order_b.lua" "$FX/order_c.lua"
run "parallel run" 1 --seed 7 -j 3 --json "$T/j3.json" --tap "$FX/order_a.lua" "$FX/order_b.lua" "$FX/order_c.lua"
py "$T/j1.json" "$T/j3.json" <<'PYEOF' && ok "-j 3 gives the results of -j 1 in order" || bad "-j 3 results"
import json, sys
a, b = (json.load(open(f))["tests"] for f in sys.argv[1:3])
key = lambda t: [(x["file"], x["name"], x["outcome"]) for x in t]
assert key(a) == key(b), (key(a), key(b))
assert len(a) == 8
PYEOF
has "TAP header (version 13 by default)" "^TAP version 13$"
has "TAP plan" "^1\.\.8$"
[ "$(grep -E '^(not )?ok|^1\.\.' "$T/out" | tail -n 1)" = "1..8" ] && ok "streamed TAP: the plan comes last" \
	|| bad "streamed TAP plan position"
has "TAP skip directive" "^ok 8 - order_c c2 # SKIP pending$"
has "TAP YAML block" "^  severity: \"fail\"$"
hasnt "no colour with NO_COLOR" "$(printf '\033')"
run "independent tests, serial" 1 --seed 7 --json "$T/i1.json" "$FX/independent.lua" "$FX/order_a.lua"
cp "$T/out" "$T/i1.out"
run "independent tests, -j 2" 1 --seed 7 -j 2 --json "$T/i2.json" "$FX/independent.lua" "$FX/order_a.lua"
py "$T/i1.json" "$T/i2.json" <<'PYEOF' && ok "-j 2 hands out independent tests with the results of -j 1" || bad "-j 2 independent results"
import json, sys
a, b = (json.load(open(f))["tests"] for f in sys.argv[1:3])
key = lambda t: [(x["file"], x["name"], x["outcome"], x["message"]) for x in t]
assert key(a) == key(b), (key(a), key(b))
assert len(a) == 13, len(a)
PYEOF
want="summary: cell 1=pass cell 2=pass cell 3=pass cell 4=fail cell 5=pass cell 6=pass cell 7=skip"
[ "$(grep -c "^$want\$" "$T/out")" = 1 ] && [ "$(grep -c "^$want\$" "$T/i1.out")" = 1 ] \
	&& ok "summarize runs once over every result, serial and -j 2" || bad "summarize output"
run "summarize without a unit" 1 "$FX/summarize_rig.lua"
has "summarize cannot use the rig" "summarize hook runs without a unit"

"$RR" --tap "$FX/fail_line.lua" >"$T/tap.out" 2>"$T/tap.err"
cp "$T/tap.out" "$T/out"
[ "$(head -n 1 "$T/tap.out")" = "TAP version 13" ] && ! grep -q "passed," "$T/tap.out" \
	&& ok "--tap: stdout is pure TAP" || bad "--tap stdout"
cp "$T/tap.err" "$T/out"
lastline "--tap: summary on stderr" "1 passed, 1 failed, 0 skipped"
"$RR" --tap=14 "$FX/fail_line.lua" >"$T/out" 2>/dev/null
[ "$(head -n 1 "$T/out")" = "TAP version 14" ] && ok "--tap=14 asks for TAP 14" || bad "--tap=14"
# prove (Test::Harness) is the judge of our TAP
if command -v prove >/dev/null; then
	prove --exec "$RR --tap" "$FX/fail_line.lua" "$FX/order_c.lua" >"$T/out" 2>&1
	st=$?
	[ $st -ne 0 ] && ok "prove: a failing run fails" || bad "prove passed a failing run"
	has "prove counts the failing file's tests" "fail_line.lua .*Tests: 2 Failed: 1"
	has "prove: the failed test number" "Failed test:  2"
	has "prove counts every test" "Files=2, Tests=4,"
	prove --exec "$RR --tap" "$ROOT/tests/suites/selftest/framework.lua" >"$T/out" 2>&1 \
		&& ok "prove: a passing run passes" || bad "prove: a passing run"
	has "prove reads the skip directive" "skipped"
else
	bad "prove is not installed (perl)"
fi
# a TAP stream that cannot be written is an error, not a silent loss
if [ -w /dev/full ]; then
	"$RR" --tap "$FX/order_c.lua" >/dev/full 2>"$T/out"; st=$?
	[ $st -eq 2 ] && ok "--tap onto a full disk: exit 2" || bad "--tap onto /dev/full: exit $st"
	has "--tap onto a full disk says so" "cannot write the TAP stream"
fi

# -- rig.fresh{} lasts for its file --------------------------------------------
if run "rig.fresh for one file" 0 "$FX/fresh_a.lua" "$FX/fresh_b.lua"; then
	lastline "the next file gets the default unit" "2 passed, 0 failed, 0 skipped"
fi

# -- the sandbox and the limits ------------------------------------------------
if run "sandbox" 0 "$FX/sandbox.lua"; then
	lastline "sandbox: every refusal holds" "8 passed, 0 failed, 0 skipped"
fi
if run "memory limit" 1 --memory-limit 32 "$FX/memory.lua"; then
	has "memory limit names itself" "reached the limit of 32 MiB (--memory-limit)"
	lastline "the next test runs after the memory limit" "1 passed, 1 failed, 0 skipped"
fi
start=$(date +%s)
if run "time limit while the unit is stopped" 1 --timeout 2 --hang-timeout 60 "$FX/stopped.lua"; then
	has "a stopped unit: the test's time limit holds" "test exceeded its time limit of 2 s"
	lastline "a fresh unit after the stopped one" "1 passed, 1 failed, 0 skipped"
fi
[ $(( $(date +%s) - start )) -lt 8 ] && ok "a stopped unit does not hold the run past the limit" \
	|| bad "a stopped unit held the run $(( $(date +%s) - start )) s"
"$RR" --timeout 60 --hang-timeout 60 "$FX/stopped.lua" >"$T/out" 2>&1 &
pid=$!
sleep 1.5
t0=$(date +%s%N)
kill -INT $pid
wait $pid; st=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ $st -eq 130 ] && ok "SIGINT with a hung unit: exit 130" || bad "SIGINT with a hung unit: exit $st"
[ $ms -lt 1000 ] && ok "SIGINT with a hung unit ends the run within 1 s ($ms ms)" \
	|| bad "SIGINT with a hung unit took $ms ms"

# SIGTERM too; and a simulator stopped from outside (SIGSTOP) under --timeout 3
"$RR" --timeout 60 --hang-timeout 60 "$FX/stopped.lua" >"$T/out" 2>&1 &
pid=$!
sleep 1.5
t0=$(date +%s%N)
kill -TERM $pid
wait $pid; st=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ $st -eq 143 ] && ok "SIGTERM with a hung unit: exit 143" || bad "SIGTERM with a hung unit: exit $st"
[ $ms -lt 1000 ] && ok "SIGTERM with a hung unit ends the run within 1 s ($ms ms)" \
	|| bad "SIGTERM with a hung unit took $ms ms"
t0=$(date +%s%N)
"$RR" --timeout 3 --hang-timeout 60 "$FX/sigstop.lua" >"$T/out" 2>&1 &
pid=$!
sim=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	sleep 0.1
	sim=$(pgrep -P $pid) && break
done
[ -n "$sim" ] && kill -STOP $sim
wait $pid; st=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ -n "$sim" ] && [ $st -eq 1 ] && ok "a SIGSTOPped simulator fails the test (exit 1)" \
	|| bad "SIGSTOPped simulator: exit $st (simulator pid '$sim')"
has "a SIGSTOPped simulator: the time limit holds" "test exceeded its time limit of 3 s"
lastline "a fresh unit after the stopped simulator" "1 passed, 1 failed, 0 skipped"
[ $ms -lt 5000 ] && ok "a SIGSTOPped simulator under --timeout 3 ends the test in about 3 s ($ms ms)" \
	|| bad "a SIGSTOPped simulator under --timeout 3 took $ms ms"
# an overrun inside one C call is an error, never a pass
if run "overrun" 1 --timeout 0.2 "$FX/overrun.lua"; then
	has "an overrun is an error" "^ERROR .*overrun.lua:3"
	has "an overrun names the limit" "test exceeded its time limit of 0.2 s"
	lastline "the next test runs after an overrun" "1 passed, 1 failed, 0 skipped"
fi

# -- the rig model: rig files, several rigs, setup errors --------------------------
RG=$FX/rigs
if run "a rig file with a bad value" 2 --rig "$RG/bad.rig" "$FX/order_b.lua"; then
	has "bad rig file: file:line and the value" "bad.rig:6: hang_timeout_ms: 'soon' is not a number in 1..600000"
	hasnt "bad rig file: no test runs" "passed,"
fi
if run "-j 2 on a physical rig" 2 -j 2 --rig "$ROOT/fixtures/rigs/ft4232h-bench.rig" "$FX/order_b.lua" "$FX/order_c.lua"; then
	has "-j on a physical rig: the reason" "has one unit, so it runs one test file at a time"
	hasnt "-j on a physical rig: no test runs" "passed,"
fi
if run "a physical rig that is not there" 2 --rig "$RG/absent.rig" "$FX/order_b.lua" "$FX/order_c.lua"; then
	n=$(grep -c "cannot start the unit" "$T/out")
	[ "$n" -eq 1 ] && ok "absent FTDI rig: reported once" || bad "absent FTDI rig: reported $n times"
	hasnt "absent FTDI rig: no test runs" "passed,"
fi
if run "two rig files, one unit each" 0 --rig "$ROOT/fixtures/rigs/sim.rig" --rig "$RG/nosensor.rig" \
	"$FX/rig_a.lua" "$FX/rig_b.lua"; then
	lastline "each worker drives its own rig" "2 passed, 0 failed, 0 skipped"
fi
run "-j 3 with a physical rig among two" 2 -j 3 --rig "$ROOT/fixtures/rigs/sim.rig" \
	--rig "$RG/absent.rig" "$FX/rig_a.lua" && has "-j against several rigs: the reason" "has one unit"
run "[sim] keys of a rig file" 0 --rig "$RG/nosensor.rig" "$FX/rig_b.lua" \
	&& lastline "ac_sensor = no starts the model without the sensor" "1 passed, 0 failed, 0 skipped"
if run "--serial that the unit contradicts" 2 --rig "$RG/serial.rig" --serial SR7-000001 "$FX/order_b.lua"; then
	has "--serial mismatch: both serials named" "reports serial SR7-000099, not --serial SR7-000001"
	hasnt "--serial mismatch: no test runs" "passed,"
fi
if run "--force-serial" 0 --rig "$RG/serial.rig" --serial SR7-000001 --force-serial --json "$T/fs.json" "$FX/rig_a.lua"; then
	py "$T/fs.json" <<'PYEOF' && ok "--force-serial records the given serial" || bad "--force-serial record"
import json, sys
assert json.load(open(sys.argv[1]))["unit"]["serial"] == "SR7-000001"
PYEOF
fi
run "--serial on the simulated rig names its unit" 0 --serial SR7-000042 --json "$T/s.json" "$FX/rig_a.lua" &&
	grep -q '"serial":"SR7-000042"' "$T/s.json" && ok "--serial: the sim unit takes it" || bad "--serial on the sim"
if run "--progress" 0 --progress --without temp "$FX/caps.lua"; then
	has "--progress: a bar with test i of N, elapsed and ETA" "\[#*\] 8/8 tests  0:0[0-9] elapsed  ETA 0:00"
	has "not run on this rig: the console summary" "^not run on this rig: 3 tests$"
	has "not run on this rig: grouped by reason" "^     3  needs temp: left out with --without (the sim rig can set temperature readings)$"
fi
# on a terminal: one line per test as it ends (verdict, time, file:line: name)
if command -v script >/dev/null 2>&1; then
	script -qec "$RR $FX/order_b.lua" /dev/null >"$T/out" 2>&1
	has "terminal: a line per passed test" "^PASS  *[0-9.]* s  $FX/order_b.lua:[0-9]*: "
	has "terminal: a line per failed test" "^FAIL  *[0-9.]* s  $FX/order_b.lua:1: order_b b1"
fi
run "--help-api" 0 --help-api && has "--help-api prints the Lua API" "modem.no_call" \
	&& has "--help-api has the failure table" "rr_failure"
if run "the Lua API as documented" 0 "$ROOT/tests/suites/selftest/api.lua"; then
	lastline "every documented behaviour holds" "15 passed, 0 failed, 0 skipped"
fi

# -- capabilities -----------------------------------------------------------------
run "capabilities on the simulator" 0 "$FX/caps.lua" && lastline "the sim has every capability" "8 passed, 0 failed, 0 skipped"
run "rig.temp takes -55..125 degC" 0 "$FX/temp_range.lua" && lastline "rig.temp: both ends taken, just outside refused" "2 passed, 0 failed, 0 skipped"
if run "a rig without temp, control and battery_level" 0 --without temp,control,battery_level,models \
	--json "$T/caps.json" "$FX/caps.lua"; then
	# a run --without some capabilities is partial: caps.partial.json
	lastline "tests needing what the rig lacks are skipped" "3 passed, 0 failed, 5 skipped"
	py "$T/caps.partial.json" <<'PYEOF' && ok "JSON: not run on this rig, grouped by reason" || bad "JSON not_run_on_this_rig"
import json, sys
groups = json.load(open(sys.argv[1]))["not_run_on_this_rig"]
assert [g["count"] for g in groups] == [3, 1, 1], groups
assert groups[0]["reason"] == "needs temp: left out with --without (the sim rig can set temperature readings)", groups
assert groups[0]["tests"][0]["name"] == "has temp on the sim", groups
PYEOF
	py "$T/caps.partial.json" <<'PYEOF' && ok "skips carry the reason" || bad "skip reasons"
import json, sys
skips = {t["name"]: t["message"] for t in json.load(open(sys.argv[1]))["tests"] if t["outcome"] == "skip"}
assert skips["has temp on the sim"] == "needs temp: left out with --without (the sim rig can set temperature readings)", skips
assert skips["needs more"].startswith("needs temp"), skips
assert skips["need inside skips when missing"] == "needs battery_level: left out with --without (the sim rig can set the battery's charge)", skips
assert skips["a rig function the rig cannot do skips the test"].startswith("needs temp:"), skips
assert skips["rig.fresh with options needs models"].startswith("needs models:"), skips
PYEOF
fi
run "--without an unknown capability" 2 --without bogus "$FX/caps.lua" && has "unknown capability named" "unknown capability 'bogus'"
# a capability the rig has but --without took away: the reason says so, never
# that the rig cannot (tests/suites/selftest/without.lua; plain, all pass)
if run "--without: the reason names --without" 0 --without temp,models,control \
	--json "$T/wo.json" "$ROOT/tests/suites/selftest/without.lua"; then
	lastline "--without: the tests needing what was left out are skipped" "2 passed, 0 failed, 3 skipped"
	hasnt "--without: no reason says the sim rig cannot" "the sim rig cannot"
	py "$T/wo.partial.json" <<'PYEOF' && ok "--without: every path gives the --without reason" || bad "--without reasons"
import json, sys
skips = {t["name"]: t["message"] for t in json.load(open(sys.argv[1]))["tests"] if t["outcome"] == "skip"}
assert skips == {
	"a test declaring needs = temp #without": "needs temp: left out with --without (the sim rig can set temperature readings)",
	"rig.fresh with options #without": "needs models: left out with --without (the sim rig can start another model of the unit)",
	"rig.need #without": "needs control: left out with --without (the sim rig can send raw commands to the unit)",
}, skips
groups = json.load(open(sys.argv[1]))["not_run_on_this_rig"]
assert sorted(g["reason"] for g in groups) == sorted(skips.values()), groups
PYEOF
fi

# -- statement traceability (--trace) ------------------------------------------
TR=$FX/trace
if run "trace: untraced statement and unknown tag" 1 --trace --statements "$TR/statements.md" "$TR/partial.lua"; then
	has "trace lists the test naming a statement" "^    $TR/partial.lua:2: trace #S01 names a cell #T.relay.option1$"
	has "trace: a describe's tag traces its tests" "^    $TR/partial.lua:3: trace #S01 names nothing$"
	has "trace lists the untraced" "^untraced: S02$"
	has "trace reports a tag naming no statement" "#S99 names no statement"
	lastline "trace summary" "trace: 3 statements, 2 traced, 1 untraced; 3 tests name statements; 1 tag naming no statement"
fi
run "trace: all traced" 0 --trace --statements "$TR/statements.md" "$TR/full.lua" &&
	lastline "trace summary when complete" "trace: 3 statements, 3 traced, 0 untraced; 2 tests name statements; 0 tags naming no statement"
run "trace: missing statement list" 2 --trace --statements "$T/none.md" "$TR/full.lua" &&
	has "trace names the missing list" "cannot read the statement list"
run "trace: a malformed test file" 2 --trace --statements "$TR/statements.md" "$FX/malformed.lua"

# -- the default suites and the example ----------------------------------------------
if run "example failing test" 1 "$ROOT/tests/examples"; then
	has "example shows expected" "expected:"
	has "example shows the AT transcript" "AT+CMGS="
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
