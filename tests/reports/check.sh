#!/bin/bash
# tests/reports/check.sh [RELAYRIG] - the reports as integrators' tools read
# them (make reports-check, in CI):
#   - the certification on the simulator, and against a mutant simulator
#     (built from tests/mutants/$MUTANT), with every report;
#   - JUnit validated by xmllint against tests/schema/junit-xunit.xsd
#     (Jenkins' xunit plugin) and tests/schema/junit-ant.xsd (Ant), the
#     rehearsal's (--without) "not run on this rig" suite properties too;
#   - the HTML report rendered by headless Chromium (DOM and screenshot,
#     and printed to PDF on A4), checked by dom_check.py: verdict, counts,
#     failing cells marked;
#   - TAP read by prove; a full disk, /dev/full and an unwritable folder
#     exit 2 with the reason; a filtered run leaves the certification's
#     reports alone; SIGINT and a second signal leave valid reports;
#   - relayrig pic writes the card (and its PDF).
# Screenshots and PDFs are kept in $OUT (default reports/browser).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RR=${1:-$ROOT/bin/relayrig}
MUTANT=${MUTANT:-02-alarm-relay-opt3.patch}
OUT=${OUT:-$ROOT/reports/browser}
T=$(mktemp -d)
FULL=$T/full
cleanup() { mountpoint -q "$FULL" 2>/dev/null && umount "$FULL"; rm -rf "$T"; }
trap cleanup EXIT
mkdir -p "$OUT"
cd "$ROOT" || exit 2
pass=0 fail=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
bad() { echo "not ok - $*"; fail=$((fail + 1)); }
show() { sed 's/^/    | /' "$@"; }

CHROME=$(command -v chromium || command -v chromium-browser || true)
chrome() { # chrome ARGS... : headless, no network, a fresh profile each time
	local udd
	udd=$(mktemp -d "$T/chrome.XXXXXX")
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$udd" "$@" 2>"$T/chrome.err"
}

reports() { # reports DIR NAME : every report option for DIR/NAME.*
	echo --junit "$1/$2.xml" --junit-ant "$1/$2-ant.xml" --json "$1/$2.json" \
		--html "$1/$2.html" --matrix "$1/$2.txt"
}

# -- the certification: passing, and against a mutant ---------------------------
mkdir -p "$T/pass" "$T/mutant"
# shellcheck disable=SC2046
"$RR" --seed 1 --station ci-sim --operator "CI check" $(reports "$T/pass" cert) tests/certify \
	>"$T/pass.out" 2>&1
st=$?
[ $st -eq 0 ] && ok "certification passes (exit 0)" || { bad "certification exit $st"; tail "$T/pass.out"; }
grep -q "^certification matrix: 140 cells passed, 0 failed" "$T/pass.out" \
	&& ok "matrix printed on the console by relayrig" || bad "no matrix on the console"
cmp -s <(sed -n '/^Model with/,/^certification matrix/p' "$T/pass.out") "$T/pass/cert.txt" \
	&& ok "--matrix file is the console's matrix" || bad "--matrix file differs from the console"
# cells skipped for a missing capability are still in the matrix (it's cell option)
mkdir -p "$T/reh"
# shellcheck disable=SC2046
"$RR" --seed 1 --without temp,battery_level,clock_jump,models,control $(reports "$T/reh" cert) \
	tests/certify >"$T/reh.out" 2>&1
# Every one of the 140 cells is in the matrix, run or skipped with its reason.
reh=$(sed -n 's/^certification matrix: \([0-9]*\) cells passed, 0 failed, \([0-9]*\) skipped, 0 not run$/\1 \2/p' "$T/reh.out")
if [ -n "$reh" ] && [ $(( ${reh% *} + ${reh#* } )) -eq 140 ] && [ "${reh#* }" -gt 0 ]; then
	ok "on the FTDI rig's capabilities: ${reh% *} cells passed, ${reh#* } skipped, all 140 in the matrix"
else
	bad "skipped cells missing from the matrix"; grep "^certification matrix" "$T/reh.out" | show
fi

mkdir -p "$T/tree"
tar -cf - Makefile firmware $(find tests rig -name '*.mk') | tar -xf - -C "$T/tree"
if patch -p1 -s -f -d "$T/tree" <"tests/mutants/$MUTANT" >"$T/patch.log" 2>&1 &&
   make -s -C "$T/tree" bin/isocket-sim >"$T/make.log" 2>&1; then
	# shellcheck disable=SC2046
	"$RR" --seed 1 --station ci-sim --operator "CI check" --sim "$T/tree/bin/isocket-sim" \
		$(reports "$T/mutant" cert) tests/certify >"$T/mutant.out" 2>&1
	st=$?
	[ $st -eq 1 ] && ok "certification against mutant $MUTANT fails (exit 1)" \
		|| bad "mutant certification exit $st"
else
	bad "mutant $MUTANT does not apply or build"; show "$T/patch.log" "$T/make.log"
fi

# -- JUnit against both schemas ----------------------------------------------------
X=tests/schema/junit-xunit.xsd A=tests/schema/junit-ant.xsd
for run in pass mutant; do
	for f in cert.xml cert-ant.xml; do
		xmllint --noout --schema "$X" "$T/$run/$f" >"$T/x.log" 2>&1 \
			&& ok "$run/$f validates against $X" || { bad "$run/$f vs $X"; show "$T/x.log"; }
	done
	xmllint --noout --schema "$A" "$T/$run/cert-ant.xml" >"$T/x.log" 2>&1 \
		&& ok "$run/cert-ant.xml validates against $A" || { bad "$run/cert-ant.xml vs $A"; show "$T/x.log"; }
	# documented: the totals on <testsuites> are what the Ant schema refuses
	xmllint --noout --schema "$A" "$T/$run/cert.xml" >"$T/x.log" 2>&1
	grep -q "Element 'testsuites', attribute 'tests': The attribute 'tests' is not allowed" "$T/x.log" \
		&& ok "$run/cert.xml differs from Ant's schema only by the <testsuites> totals ($(grep -c 'validity error' "$T/x.log") attributes)" \
		|| { bad "$run/cert.xml vs $A: unexpected"; show "$T/x.log"; }
done
# -- JUnit: not run on this rig (the rehearsal: a partial run, NAME.partial.*) -----
for f in cert.partial.xml cert-ant.partial.xml; do
	xmllint --noout --schema "$X" "$T/reh/$f" >"$T/x.log" 2>&1 \
		&& ok "rehearsal $f validates against $X" || { bad "rehearsal $f vs $X"; show "$T/x.log"; }
done
xmllint --noout --schema "$A" "$T/reh/cert-ant.partial.xml" >"$T/x.log" 2>&1 \
	&& ok "rehearsal cert-ant.partial.xml validates against $A" || { bad "rehearsal cert-ant.partial.xml vs $A"; show "$T/x.log"; }
python3 - "$T/reh/cert.partial.xml" "$T/reh/cert-ant.partial.xml" "$T/reh/cert.partial.json" <<'PYEOF' \
	&& ok "JUnit: not run on this rig as suite properties, the console's and JSON's groups" \
	|| bad "JUnit not_run_on_this_rig properties"
import json, sys, xml.etree.ElementTree as ET
want = {g["reason"]: g["count"] for g in json.load(open(sys.argv[3]))["not_run_on_this_rig"]}
assert want and all(r.startswith("needs ") for r in want), want
for path in sys.argv[1:3]:
    got = {}
    for s in ET.parse(path).getroot().iter("testsuite"):
        p = {e.get("name"): e.get("value") for e in s.find("properties")}
        skipped = {}
        for c in s.iter("testcase"):
            k = c.find("skipped")
            if k is not None and k.get("message", "").startswith("needs "):
                skipped[k.get("message")] = skipped.get(k.get("message"), 0) + 1
        if not skipped:
            assert not any(n.startswith("not_run_on_this_rig") for n in p), (path, p)
            continue
        groups, k = {}, 1
        while "not_run_on_this_rig.%d.reason" % k in p:
            groups[p["not_run_on_this_rig.%d.reason" % k]] = int(p["not_run_on_this_rig.%d.count" % k])
            k += 1
        assert groups == skipped, (path, s.get("name"), groups, skipped)
        assert int(p["not_run_on_this_rig"]) == sum(skipped.values()), (path, p)
        for r, n in groups.items():
            got[r] = got.get(r, 0) + n
    assert got == want, (path, got, want)
PYEOF
grep -q 'name="not_run_on_this_rig' "$T/pass/cert.xml" \
	&& bad "JUnit: not_run_on_this_rig in a run that skipped nothing" \
	|| ok "JUnit: no not_run_on_this_rig properties when every test ran"

echo "    xmllint output (the passing run):"
xmllint --noout --schema "$X" "$T/pass/cert.xml" 2>&1 | sed 's/^/    | /'
xmllint --noout --schema "$A" "$T/pass/cert-ant.xml" 2>&1 | sed 's/^/    | /'
python3 - "$T/mutant/cert.xml" <<'PYEOF' && ok "JUnit: totals, skipped, timestamp, hostname, properties" || bad "JUnit content"
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
s = r.findall("testsuite")
assert int(r.get("tests")) == sum(int(x.get("tests")) for x in s)
assert int(r.get("failures")) == sum(int(x.get("failures")) for x in s) > 0
for x in s:
    assert x.get("timestamp") and x.get("hostname") and x.get("skipped") is not None
    props = {p.get("name"): p.get("value") for p in x.find("properties")}
    assert props["serial"] and props["firmware"] and props["station"] == "ci-sim", props
    assert props["verdict"] == "fail", props
PYEOF

# -- the HTML report in headless Chromium ------------------------------------------
if [ -z "$CHROME" ]; then
	bad "chromium is not installed (scripts/deps installs it)"
else
	for run in pass mutant; do
		h=$T/$run/cert.html
		grep -qiE '<script|<link|src="http|url\(' "$h" \
			&& bad "$run report loads something from outside" || ok "$run report is self-contained"
		chrome --dump-dom "file://$h" >"$T/$run/dom.html" && [ -s "$T/$run/dom.html" ] \
			&& ok "$run report rendered to DOM by $("$CHROME" --version 2>/dev/null | head -1)" \
			|| { bad "$run: --dump-dom"; show "$T/chrome.err"; }
		chrome --window-size=1280,1800 --screenshot="$OUT/report-$run.png" "file://$h" >/dev/null \
			&& [ -s "$OUT/report-$run.png" ] && ok "$run screenshot: $OUT/report-$run.png" \
			|| { bad "$run: --screenshot"; show "$T/chrome.err"; }
		expect=pass; [ $run = mutant ] && expect=fail
		python3 tests/reports/dom_check.py "$T/$run/dom.html" "$T/$run/cert.json" $expect >"$T/dom.log" 2>&1 \
			&& ok "$run report in the browser: $(grep -c '^ok' "$T/dom.log") checks (verdict ${expect^^}, counts, cells)" \
			|| { bad "$run report in the browser"; grep -v '^ok' "$T/dom.log" | show; }
		[ $run = mutant ] && sed 's/^/    | /' "$T/dom.log" | head -20
	done
	chrome --no-pdf-header-footer --print-to-pdf="$OUT/report-mutant.pdf" "file://$T/mutant/cert.html" >/dev/null
	# A4 is 595 x 842 points
	boxes=$(grep -aoE 'MediaBox *\[[^]]*\]' "$OUT/report-mutant.pdf" 2>/dev/null | sort -u)
	[ -n "$boxes" ] && ! echo "$boxes" | grep -vqE '\[0 0 59[45](\.[0-9]+)? 84[12](\.[0-9]+)?\]' \
		&& ok "report prints on A4: $OUT/report-mutant.pdf ($(grep -aoE '/Count [0-9]+' "$OUT/report-mutant.pdf" | head -n 1 | cut -d' ' -f2) pages, $boxes)" \
		|| bad "report does not print on A4: ${boxes:-no PDF}"
	cp "$T/pass/cert.html" "$OUT/report-pass.html"
	cp "$T/mutant/cert.html" "$OUT/report-mutant.html"
fi

# -- TAP read by prove ---------------------------------------------------------------
if command -v prove >/dev/null; then
	prove -v --exec "$RR --tap --seed 1" tests/certify/notes.lua >"$T/prove.log" 2>&1
	st=$?
	[ $st -eq 0 ] && grep -q "^Files=1, Tests=9," "$T/prove.log" && grep -q "^Result: PASS" "$T/prove.log" \
		&& ok "prove accepts relayrig --tap (Tests=9, PASS)" || { bad "prove"; show "$T/prove.log"; }
	echo "    prove output (last lines):"; tail -n 4 "$T/prove.log" | sed 's/^/    | /'
	"$RR" --tap --seed 1 tests/certify/notes.lua 2>/dev/null | head -n 1 | grep -qx "TAP version 13" \
		&& ok "TAP version 13 by default" || bad "TAP version line"
	# the certification prints its matrix: on stderr, never in the TAP stream
	"$RR" --tap --seed 1 tests/certify >"$T/cert.tap" 2>"$T/cert.tap.err"
	grep -vqE '^(TAP version|ok |not ok |1\.\.|  )' "$T/cert.tap" \
		&& bad "something else than TAP on stdout with --tap" \
		|| { grep -q "^certification matrix:" "$T/cert.tap.err" \
			&& ok "nothing but TAP on stdout (the matrix goes to stderr)" || bad "no matrix on stderr"; }
else
	bad "prove is not installed"
fi

# -- write failures: exit 2 with the reason ---------------------------------------------
start=$(date +%s%N)
"$RR" --html /nonexistent/folder/r.html tests/certify >"$T/nf.out" 2>&1
st=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ $st -eq 2 ] && grep -q "cannot write /nonexistent/folder/r.html: No such file or directory" "$T/nf.out" \
	&& ! grep -q "passed" "$T/nf.out" \
	&& ok "unwritable report folder found before the run (exit 2, ${ms} ms): $(head -n 1 "$T/nf.out")" \
	|| { bad "unwritable folder: exit $st"; show "$T/nf.out"; }
"$RR" --tap tests/certify/notes.lua >/dev/full 2>"$T/df.err"
st=$?
[ $st -eq 2 ] && grep -q "cannot write the TAP stream on standard output: No space left on device" "$T/df.err" \
	&& ok "--tap onto /dev/full: exit 2: $(head -n 1 "$T/df.err")" || { bad "--tap /dev/full: exit $st"; show "$T/df.err"; }
mkdir -p "$FULL"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$FULL" 2>/dev/null; then
	"$RR" --seed 1 --json "$FULL/cert.json" --html "$FULL/cert.html" tests/certify >"$T/full.out" 2>&1
	st=$?
	msg=$(grep "cannot write" "$T/full.out" | head -n 1)
	[ $st -eq 2 ] && echo "$msg" | grep -q "No space left on device" \
		&& ok "disk full: exit 2: $msg" || { bad "disk full: exit $st"; tail -n 5 "$T/full.out" | show; }
	ls "$FULL" | grep -q tmp && bad "disk full left a temporary file" || ok "disk full leaves no temporary file"
	[ -e "$FULL/cert.html" ] && bad "disk full: a truncated cert.html" || ok "disk full: no truncated report"
	umount "$FULL"
else
	echo "    (disk full not checked: needs root and a tmpfs mount)"
fi

# -- a filtered run leaves the certification's reports alone ----------------------------
sum=$(cat "$T/pass"/cert.* | md5sum)
# shellcheck disable=SC2046
"$RR" --seed 1 --filter "Option 1" $(reports "$T/pass" cert) tests/certify >"$T/filt.out" 2>&1
st=$?
[ $st -eq 0 ] && [ -s "$T/pass/cert.partial.html" ] && [ -s "$T/pass/cert.partial.json" ] \
	&& grep -q 'id="partial"' "$T/pass/cert.partial.html" \
	&& grep -q 'data-verdict="incomplete"' "$T/pass/cert.partial.html" \
	&& ok "filtered run writes cert.partial.* marked partial (INCOMPLETE)" || { bad "filtered run"; tail -n 5 "$T/filt.out" | show; }
rm -f "$T/pass"/cert.partial.* "$T/pass"/cert-ant.partial.*
[ "$(cat "$T/pass"/cert.* | md5sum)" = "$sum" ] && ok "the certification's reports are unchanged" \
	|| bad "a filtered run changed the certification's reports"

# -- signals -------------------------------------------------------------------------------
FX=tests/reports/fixtures/interrupt.lua
for sigs in "INT" "INT TERM"; do
	d=$T/sig-${sigs// /-}
	mkdir -p "$d"
	# shellcheck disable=SC2046
	"$RR" --seed 1 $(reports "$d" r) "$FX" >"$d/out" 2>"$d/err" &
	pid=$!
	i=0
	while ! grep -q READY "$d/err" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	sleep 0.5 # the results so far are rendered within 250 ms while the test waits
	for s in $sigs; do kill -$s $pid; done
	wait $pid
	st=$?
	second=$(grep -c "second signal" "$d/err")
	if [ $st -ge 128 ] && python3 - "$d" <<'PYEOF'
import json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
j = json.load(open(d + "/r.partial.json"))
assert j["interrupted"] is True and j["verdict"] == "interrupted" or j["verdict"] == "fail", j["verdict"]
o = [t["outcome"] for t in j["tests"]]
assert o[:3] == ["pass", "pass", "pass"], o
assert j["matrix"]["cells"] == 1, j["matrix"]
ET.parse(d + "/r.partial.xml"); ET.parse(d + "/r-ant.partial.xml")
h = open(d + "/r.partial.html").read()
assert 'id="interrupted"' in h and "</html>" in h
t = open(d + "/r.partial.txt").read()
assert "certification matrix: 1 cells passed" in t, t
PYEOF
	then
		xmllint --noout --schema "$A" "$d/r-ant.partial.xml" 2>/dev/null \
			&& ok "SIG$sigs (exit $st$([ "$second" -gt 0 ] && echo ', second signal: snapshot written')): every report written, marked interrupted, valid" \
			|| bad "SIG$sigs: Ant JUnit invalid"
	else
		bad "SIG$sigs: exit $st, reports"; show "$d/err"; ls "$d" | show
	fi
	[ $st -ge 128 ] && grep -q "safe_state\": \?\"dc=0 ac=0 bat=0 usb=0 inputs=000000" "$d/r.partial.json" 2>/dev/null \
		&& ok "SIG$sigs: rig left safe" || { [ "$second" -gt 0 ] && ok "SIG$sigs: second signal (safe state not waited for)" || bad "SIG$sigs: rig not safe"; }
done
d=$T/timeout; mkdir -p "$d"
# shellcheck disable=SC2046
timeout --preserve-status -s INT 3 "$RR" --seed 1 $(reports "$d" r) "$FX" >"$d/out" 2>&1
st=$?
[ $st -eq 130 ] && xmllint --noout --schema "$X" "$d/r.partial.xml" 2>/dev/null \
	&& xmllint --noout --schema "$A" "$d/r-ant.partial.xml" 2>/dev/null \
	&& python3 -c "import json,sys; j=json.load(open(sys.argv[1])); assert j['interrupted']" "$d/r.partial.json" \
	&& ok "timeout -s INT: exit 130, reports valid and marked interrupted" || { bad "timeout -s INT: exit $st"; show "$d/out"; }

# -- the Product Information Card ----------------------------------------------------------
"$RR" pic --serial CI-0001 -o "$OUT/card.html" >"$T/pic.out" 2>&1 \
	&& grep -q "4. Product Information Card" "$OUT/card.html" \
	&& grep -q "Backup mode limitation (DC/AC/OFF)?" "$OUT/card.html" \
	&& grep -q "Thermostats (User Manual Chapter 7)" "$OUT/card.html" \
	&& grep -q ">SR7-1.0<" "$OUT/card.html" \
	&& ok "relayrig pic: $OUT/card.html" || { bad "relayrig pic"; show "$T/pic.out"; }
grep -q 'id="pic-card"' "$T/pass/cert.html" && ok "the card is in the integrator report" || bad "no card in the report"
if [ -n "$CHROME" ]; then
	"$RR" pic -o "$OUT/card.pdf" >"$T/pic.out" 2>&1 && head -c 5 "$OUT/card.pdf" | grep -q "%PDF-" \
		&& ok "relayrig pic: $OUT/card.pdf" || { bad "relayrig pic PDF"; show "$T/pic.out"; }
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
