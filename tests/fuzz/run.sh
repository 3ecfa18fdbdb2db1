#!/bin/sh
# run.sh DIR NAME JOBS [libFuzzer options] - run DIR/fuzz-NAME in JOBS
# processes sharing one corpus (plus the seeds DIR/fuzz-NAME-seeds writes),
# then print one line: executions (all processes), crashes, exec/s, seconds.
# With RUNS=N in the environment the N executions are split among the jobs.
# Exit status 1 when a run found a crash (the input is in DIR/artifacts).
set -u
dir=$1 name=$2 jobs=$3
shift 3
bin=$dir/fuzz-$name
corpus=$dir/corpus-$name
seeds=$dir/seeds-$name
art=$dir/artifacts
mkdir -p "$corpus" "$seeds" "$art"
"$dir/fuzz-$name-seeds" "$seeds" || { echo "fuzz: cannot write seeds" >&2; exit 2; }
runs=""
[ -n "${RUNS:-}" ] && runs="-runs=$(( (RUNS + jobs - 1) / jobs ))"
before=$(ls "$art" | wc -l)
start=$(date +%s)
# The core allocates nothing: ASan's quarantine and allocation stacks only
# cost time here (on libFuzzer's copies of the inputs).
export ASAN_OPTIONS="quarantine_size_mb=1:malloc_context_size=0:${ASAN_OPTIONS:-}"
pids="" rc=0 j=1
while [ "$j" -le "$jobs" ]; do
	"$bin" -print_final_stats=1 -detect_leaks=0 -artifact_prefix="$art/$name-" \
		-max_len=2100 -timeout=20 $runs "$@" "$corpus" "$seeds" \
		>"$dir/fuzz-$name.$j.log" 2>&1 &
	pids="$pids $!"
	j=$((j + 1))
done
for p in $pids; do
	wait "$p" || rc=1
done
secs=$(( $(date +%s) - start ))
[ "$secs" -gt 0 ] || secs=1
crashes=$(( $(ls "$art" | wc -l) - before ))
execs=0
for log in "$dir/fuzz-$name".*.log; do
	n=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
	[ -n "$n" ] || n=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#') # stopped by a finding
	execs=$((execs + ${n:-0}))
done
note=""
if cat "$dir/fuzz-$name".*.log | grep -q 'libFuzzer: run interrupted'; then
	note=", interrupted"
elif [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
	crashes=1 # a failure that left no input behind
fi
echo "fuzz-$name: $execs executions, $crashes crashes, $((execs / secs)) exec/s, $secs s, $jobs job(s)$note (logs $dir/fuzz-$name.*.log)"
if [ "$crashes" -ne 0 ]; then
	cat "$dir/fuzz-$name".*.log | grep -m1 -A12 -E '^==[0-9]+==ERROR|runtime error|^fuzz: |deadly signal' >&2
	ls -t "$art" | head -3 | sed "s|^|fuzz: input $art/|" >&2
	exit 1
fi
[ -z "$note" ] || exit 1
exit 0
