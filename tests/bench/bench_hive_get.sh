#!/usr/bin/env bash
# bench_hive_get.sh — `meson test --benchmark`: how long does one
# `reglint get` of a value in a large SYSTEM hive take, beside hivexget and
# reglookup reading the same value from the same file?
#
# Usage: bench_hive_get.sh CORPUS_DIR WORK_DIR   (REGLINT: the reglint binary;
# BENCH_RUNS: repetitions, default 50)
#
# The largest SYSTEM hive of the shared corpus (regipy/SYSTEM_WIN_10_1709,
# about 15 MB) is unpacked into WORK_DIR (the build directory) once; the
# benchmark is skipped (exit 77) when the corpus or the hive is absent.
# Then, in the same run, each command is run BENCH_RUNS times, in turn:
#   reglint get (private copy), as below with the file's access time set old
#     first, so that reading it could change it: reglint then reads a copy
#   (untimed: one read of the file, which brings its access time up to date)
#   hivexget, then reglint get HIVE 'HKLM\SYSTEM\ControlSet001\...\SCHANNEL'
#     EventLogging (the access time is recent: no copy needed)
#   reglint get HIVE 'HKLM\SYSTEM\CurrentControlSet\...\SCHANNEL' EventLogging
#   hivexget HIVE '\ControlSet001\...\SCHANNEL' EventLogging
#   reglookup -H -p '/ControlSet001/.../SCHANNEL/EventLogging' HIVE
# after checking that each prints the same value (1).  Printed: the mean
# and median wall time of one run in ms, the peak RSS of one run
# (/usr/bin/time -f %M), and the ratios reglint/hivexget and
# reglint/reglookup.  Exit 0, 1 if a command fails or prints another value.
set -u
export LC_ALL=C

corpus=${1:?usage: bench_hive_get.sh CORPUS_DIR WORK_DIR}
work=${2:?usage: bench_hive_get.sh CORPUS_DIR WORK_DIR}
runs=${BENCH_RUNS:-50}
src="$corpus/regipy/SYSTEM_WIN_10_1709.xz"

if [ -z "${REGLINT:-}" ] || [ ! -x "$REGLINT" ]; then
    echo "bench_hive_get: REGLINT is not set to the reglint binary" >&2
    exit 1
fi
if [ ! -f "$src" ]; then
    echo "skip: $src is absent (the shared corpus is not beside the project)"
    exit 77
fi
for tool in xz hivexget reglookup; do
    if ! command -v "$tool" >/dev/null; then
        echo "skip: $tool is not installed (apt-get install xz-utils" \
             "libhivex-bin reglookup)"
        exit 77
    fi
done
if [ ! -x /usr/bin/time ]; then
    echo "skip: /usr/bin/time is not installed (apt-get install time)"
    exit 77
fi

hive="$work/bench-hive/SYSTEM_WIN_10_1709"
if [ ! -s "$hive" ]; then
    mkdir -p "$work/bench-hive" || exit 1
    xz -dc -- "$src" >"$hive.tmp.$$" && mv -f "$hive.tmp.$$" "$hive" || {
        rm -f "$hive.tmp.$$"
        echo "bench_hive_get: cannot unpack $src" >&2
        exit 1
    }
fi
size=$(stat -c %s "$hive")

schannel_cs1='ControlSet001\Control\SecurityProviders\SCHANNEL'
schannel_ccs='CurrentControlSet\Control\SecurityProviders\SCHANNEL'
names=(reglint-copy hivexget reglint reglint-ccs reglookup)
cmd_reglint=("$REGLINT" get "$hive" "HKLM\\SYSTEM\\$schannel_cs1" EventLogging)
cmd_reglint_ccs=("$REGLINT" get "$hive" "HKLM\\SYSTEM\\$schannel_ccs" EventLogging)
cmd_hivexget=(hivexget "$hive" "\\$schannel_cs1" EventLogging)
cmd_reglookup=(reglookup -H -p "/${schannel_cs1//\\//}/EventLogging" "$hive")

run_cmd() {
    case $1 in
    reglint | reglint-copy) "${cmd_reglint[@]}" ;;
    reglint-ccs) "${cmd_reglint_ccs[@]}" ;;
    hivexget) "${cmd_hivexget[@]}" ;;
    reglookup) "${cmd_reglookup[@]}" ;;
    esac
}

# The value each prints, as a number: reglint and hivexget print the DWORD
# in decimal, reglookup a CSV line PATH,DWORD,0x00000001,MTIME.
value_of() {
    local out
    out=$(run_cmd "$1" 2>/dev/null) || return 1
    if [ "$1" = reglookup ]; then
        out=$(printf '%s\n' "$out" | grep -m1 ',DWORD,' | cut -d, -f3)
        [ -n "$out" ] || return 1
    fi
    printf '%d\n' "$out" 2>/dev/null
}

echo "hive: $hive ($size bytes), $runs runs of each"
status=0
want=
for n in "${names[@]}"; do
    v=$(value_of "$n") || v="(failed)"
    echo "value from $n: $v"
    if [ -z "$want" ]; then
        want=$v
    elif [ "$v" != "$want" ]; then
        echo "bench_hive_get: $n prints $v, reglint prints $want" >&2
        status=1
    fi
done
[ "$want" = 1 ] || { echo "bench_hive_get: expected EventLogging = 1" >&2; status=1; }
[ "$status" -eq 0 ] || exit 1

# Microseconds from bash 5's EPOCHREALTIME: no fork around the command.
declare -A times
for ((i = 0; i < runs; i++)); do
    for n in "${names[@]}"; do
        # An old access time (and a ctime of now): reading may update it.
        [ "$n" = reglint-copy ] && touch -a -d @1000000000 "$hive"
        t0=${EPOCHREALTIME/./}
        run_cmd "$n" >/dev/null 2>&1
        t1=${EPOCHREALTIME/./}
        times[$n]+="$((10#$t1 - 10#$t0)) "
        # Untimed: a read that brings the access time up to date, so that
        # none of the others pays for an inode update.
        [ "$n" = reglint-copy ] && head -c 1 "$hive" >/dev/null
    done
done

# mean and median (ms) of a list of microsecond times
stats() {
    tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '
        { v[NR] = $1; s += $1 }
        END {
            m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.3f %.3f\n", s / NR / 1000, m / 1000
        }'
}

rss_of() {
    local f
    f=$(mktemp) || return 1
    [ "$1" = reglint-copy ] && touch -a -d @1000000000 "$hive"
    case $1 in
    reglint | reglint-copy) /usr/bin/time -f %M -o "$f" "${cmd_reglint[@]}" ;;
    reglint-ccs) /usr/bin/time -f %M -o "$f" "${cmd_reglint_ccs[@]}" ;;
    hivexget) /usr/bin/time -f %M -o "$f" "${cmd_hivexget[@]}" ;;
    reglookup) /usr/bin/time -f %M -o "$f" "${cmd_reglookup[@]}" ;;
    esac >/dev/null 2>&1
    tail -n 1 "$f"
    rm -f "$f"
}

declare -A mean median rss
printf '\n%-13s %10s %10s %12s\n' command mean_ms median_ms peak_rss_kb
for n in "${names[@]}"; do
    read -r mean[$n] median[$n] < <(stats "${times[$n]}")
    rss[$n]=$(rss_of "$n")
    printf '%-13s %10s %10s %12s\n' "$n" "${mean[$n]}" "${median[$n]}" \
        "${rss[$n]}"
done
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}
echo
echo "reglint/hivexget:  mean $(ratio "${mean[reglint]}" "${mean[hivexget]}")," \
     "median $(ratio "${median[reglint]}" "${median[hivexget]}")"
echo "reglint/reglookup: mean $(ratio "${mean[reglint]}" "${mean[reglookup]}")," \
     "median $(ratio "${median[reglint]}" "${median[reglookup]}")"
echo "reglint with a private copy/hivexget: mean" \
     "$(ratio "${mean[reglint-copy]}" "${mean[hivexget]}"), median" \
     "$(ratio "${median[reglint-copy]}" "${median[hivexget]}")"
echo "reglint CurrentControlSet/ControlSet001: median" \
     "$(ratio "${median[reglint-ccs]}" "${median[reglint]}")"
exit 0
