#!/usr/bin/env bash
# bench_check.sh — `meson test --benchmark`: how long does `reglint check`
# take on a SYSTEM + SOFTWARE pair, beside hivexget reading one value from
# each hive of the same pair, in the same run?
#
# Usage: bench_check.sh CORPUS_DIR WORK_DIR   (REGLINT: the reglint binary;
# BENCH_RUNS: repetitions, default 30)
#
# The pair is bench_pair.sh's (the corpus's 15 MB SYSTEM, a generated
# 62 MB SOFTWARE; skipped, exit 77, without the corpus).  Each command runs
# BENCH_RUNS times, in turn; printed are the median wall time in ms, the
# peak RSS of one run, and the ratio check / (hivexget SYSTEM + hivexget
# SOFTWARE).  Issue 4 aims at 1.5 or less; this prints, it does not assert.
set -u
export LC_ALL=C

corpus=${1:?usage: bench_check.sh CORPUS_DIR WORK_DIR}
work=${2:?usage: bench_check.sh CORPUS_DIR WORK_DIR}
runs=${BENCH_RUNS:-30}

bench=bench_check
. "$(dirname "$0")/bench_pair.sh"

value='\Microsoft\.NETFramework\v4.0.30319'
run_cmd() {
    case $1 in
    check) "$REGLINT" check --format json --profile all "$system" "$software" >/dev/null 2>&1
           [ $? -le 1 ] ;;
    hivexget-SYSTEM) hivexget "$system" '\ControlSet001\Control\SecurityProviders\SCHANNEL' EventLogging >/dev/null ;;
    hivexget-SOFTWARE) hivexget "$software" "$value" SchUseStrongCrypto >/dev/null ;;
    esac
}
names=(check hivexget-SYSTEM hivexget-SOFTWARE)
for n in "${names[@]}"; do
    run_cmd "$n" || { echo "bench_check: $n fails" >&2; exit 1; }
done

echo "SYSTEM: $system ($(stat -c %s "$system") bytes)"
echo "SOFTWARE: $software ($(stat -c %s "$software") bytes)"
echo "$runs runs of each, in turn"
time_runs
rss() {
    case $1 in
    check) /usr/bin/time -f %M "$REGLINT" check --format json --profile all "$system" "$software" 2>&1 >/dev/null | tail -n 1 ;;
    hivexget-SYSTEM) /usr/bin/time -f %M hivexget "$system" '\ControlSet001\Control\SecurityProviders\SCHANNEL' EventLogging 2>&1 >/dev/null | tail -n 1 ;;
    hivexget-SOFTWARE) /usr/bin/time -f %M hivexget "$software" "$value" SchUseStrongCrypto 2>&1 >/dev/null | tail -n 1 ;;
    esac
}
declare -A med
for n in "${names[@]}"; do
    med[$n]=$(echo "${times[$n]}" | median)
    printf '%-18s median %7.2f ms   peak RSS %6d KiB\n' "$n" \
        "$(echo "${med[$n]} / 1000" | bc -l)" "$(rss "$n")"
done
pair=$((med[hivexget-SYSTEM] + med[hivexget-SOFTWARE]))
printf 'check / (hivexget SYSTEM + hivexget SOFTWARE) = %.2f (aim: <= 1.5)\n' \
    "$(echo "${med[check]} / $pair" | bc -l)"
