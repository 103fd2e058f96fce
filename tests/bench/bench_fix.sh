#!/usr/bin/env bash
# bench_fix.sh — `meson test --benchmark`: how long do `reglint fix -o` and
# `reglint fix --apply-to` take on a SYSTEM + SOFTWARE pair, beside
# hivexregedit merging the same changes into copies of the same pair, in
# the same run?
#
# Usage: bench_fix.sh CORPUS_DIR WORK_DIR   (REGLINT: the reglint binary;
# BENCH_RUNS: repetitions, default 10)
#
# The pair is bench_pair.sh's (skipped, exit 77, without the corpus).  What
# is timed, each BENCH_RUNS times in turn:
#   fix-o         check, build the fix (--profile all, with its rounds
#                 against passing rules), write it, check again with it
#                 applied;
#   fix-apply-to  the same, then copy both hives with the fix imported and
#                 check the copies;
#   hivexregedit  the reference: copy both hives (cp) and merge the same
#                 changes into them with hivexregedit --merge, written for
#                 it once beforehand (fix -e utf8 --offline --only) -- the
#                 import alone, with no check before or after.
# Printed: median wall ms, peak RSS of one run, and the ratio
# fix-apply-to / hivexregedit.  This prints, it does not assert.
set -u
export LC_ALL=C

corpus=${1:?usage: bench_fix.sh CORPUS_DIR WORK_DIR}
work=${2:?usage: bench_fix.sh CORPUS_DIR WORK_DIR}
runs=${BENCH_RUNS:-10}

bench=bench_fix
. "$(dirname "$0")/bench_pair.sh"
command -v hivexregedit >/dev/null || { echo "skip: hivexregedit is not installed"; exit 77; }

scratch=$(mktemp -d "$work/bench-fix.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT

for part in SYSTEM SOFTWARE; do
    "$REGLINT" fix -q --profile all -e utf8 --offline --only "HKLM\\$part" \
        -o "$scratch/$part.reg" "$system" "$software" 2>/dev/null || {
        echo "bench_fix: cannot write the $part part of the fix" >&2; exit 1; }
done

run_cmd() {
    case $1 in
    fix-o) "$REGLINT" fix -q --profile all -o "$scratch/fix.reg" \
               "$system" "$software" 2>/dev/null ;;
    fix-apply-to) rm -rf "$scratch/out" &&
        "$REGLINT" fix -q --profile all --apply-to "$scratch/out" \
            "$system" "$software" 2>/dev/null ;;
    hivexregedit)
        cp "$system" "$scratch/ref-SYSTEM" && cp "$software" "$scratch/ref-SOFTWARE" &&
        hivexregedit --merge "$scratch/ref-SYSTEM" --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' \
            "$scratch/SYSTEM.reg" &&
        hivexregedit --merge "$scratch/ref-SOFTWARE" --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' \
            "$scratch/SOFTWARE.reg" ;;
    esac
}
names=(fix-o fix-apply-to hivexregedit)
for n in "${names[@]}"; do
    run_cmd "$n" || { echo "bench_fix: $n fails" >&2; exit 1; }
done

echo "SYSTEM: $system ($(stat -c %s "$system") bytes)"
echo "SOFTWARE: $software ($(stat -c %s "$software") bytes)"
echo "fix: $(grep -c '^\[' "$scratch/SYSTEM.reg") SYSTEM and $(grep -c '^\[' "$scratch/SOFTWARE.reg") SOFTWARE key blocks"
echo "$runs runs of each, in turn"
time_runs
peak() { # NAME: the largest peak RSS of the run's processes, KiB
    case $1 in
    fix-o|fix-apply-to)
        rm -rf "$scratch/out"
        local args=(-o "$scratch/fix.reg")
        [ "$1" = fix-apply-to ] && args=(--apply-to "$scratch/out")
        /usr/bin/time -f %M "$REGLINT" fix -q --profile all "${args[@]}" \
            "$system" "$software" 2>&1 >/dev/null | tail -n 1 ;;
    hivexregedit)
        cp "$software" "$scratch/ref-SOFTWARE"
        /usr/bin/time -f %M hivexregedit --merge "$scratch/ref-SOFTWARE" \
            --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' "$scratch/SOFTWARE.reg" 2>&1 | tail -n 1 ;;
    esac
}
declare -A med
for n in "${names[@]}"; do
    med[$n]=$(echo "${times[$n]}" | median)
    printf '%-14s median %8.2f ms   peak RSS %7d KiB\n' "$n" \
        "$(echo "${med[$n]} / 1000" | bc -l)" "$(peak "$n")"
done
printf 'fix --apply-to / (cp + hivexregedit --merge) = %.2f\n' \
    "$(echo "${med[fix-apply-to]} / ${med[hivexregedit]}" | bc -l)"
