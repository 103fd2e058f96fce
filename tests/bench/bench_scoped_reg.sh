#!/usr/bin/env bash
# bench_scoped_reg.sh — `meson test --benchmark`: `reglint check` of a big
# .reg export against merely decoding it.  Issue 4's aim: checking a
# >= 400 MB UTF-16LE export -- check reads only the sections its rules
# read, skipping the rest undecoded -- takes less time than `iconv -f
# UTF-16LE -t UTF-8` over the same file, in under 64 MiB.
#
# Usage: bench_scoped_reg.sh FILE
#   REGLINT         the reglint binary
#   BENCH_REG_READ  bench_reg_read, which generates FILE if it is absent or
#                   stale (the 400 MB file the reg-read benchmark reads too;
#                   the audit keys sit halfway through it)
#   BENCH_READ      what reglint runs: "check" (default: `reglint check
#                   --profile all --format json FILE`) or "get" (one value;
#                   get reads the whole file, checking every line);
#                   BENCH_READ_ARGS replaces the arguments after FILE
#   BENCH_RUNS      runs of each command, alternating (default 3)
#
# Printed, from the same run on the same file: the file size, the median
# wall time and peak RSS (/usr/bin/time -f '%e %M') of iconv and of reglint,
# and the ratio reglint/iconv, with whether the aims were met.  Nothing is
# asserted about speed: exit 0, or 1 if a command fails or `get` prints
# another value than the file holds (1).
set -u
export LC_ALL=C

file=${1:?usage: bench_scoped_reg.sh FILE}
runs=${BENCH_RUNS:-3}
read_kind=${BENCH_READ:-check}

for v in REGLINT BENCH_REG_READ; do
    if [ -z "${!v:-}" ] || [ ! -x "${!v}" ]; then
        echo "bench_scoped_reg: $v is not set to an executable" >&2
        exit 1
    fi
done
if [ ! -x /usr/bin/time ]; then
    echo "skip: /usr/bin/time is not installed (apt-get install time)"
    exit 77
fi
if ! command -v iconv >/dev/null; then
    echo "skip: iconv is not installed"
    exit 77
fi

"$BENCH_REG_READ" --generate "$file" || exit 1
size=$(stat -L -c %s "$file")

tls12='HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client'
case $read_kind in
get)
    if [ -n "${BENCH_READ_ARGS:-}" ]; then
        read -r -a args <<<"$BENCH_READ_ARGS"
    else
        args=("$tls12" Enabled)
    fi
    cmd_reglint=("$REGLINT" get "$file" "${args[@]}")
    ;;
check)
    if [ -n "${BENCH_READ_ARGS:-}" ]; then
        read -r -a args <<<"$BENCH_READ_ARGS"
    else
        args=(--profile all --format json)
    fi
    cmd_reglint=("$REGLINT" check "$file" "${args[@]}")
    ;;
*)
    echo "bench_scoped_reg: BENCH_READ must be get or check" >&2
    exit 1
    ;;
esac
cmd_iconv=(iconv -f UTF-16LE -t UTF-8 "$file")

# Both start from a warm page cache.
cat -- "$file" >/dev/null

# Check what reglint reads before timing it.
out=$("${cmd_reglint[@]}" 2>/dev/null)
rc=$?
if [ "$read_kind" = get ] && [ -z "${BENCH_READ_ARGS:-}" ]; then
    if [ "$rc" -ne 0 ] || [ "$out" != 1 ]; then
        echo "bench_scoped_reg: reglint get printed '$out' (exit $rc)," \
             "expected 1" >&2
        exit 1
    fi
elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    # check: 1 means findings, which is fine; 2 and 3 are not.
    echo "bench_scoped_reg: ${cmd_reglint[*]} exited $rc" >&2
    exit 1
fi

tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT

# One timed run, its output discarded; sets t (seconds) and m (peak KiB).
# The exit status is the command's.
timed() {
    /usr/bin/time -f '%e %M' -o "$tmp" "$@" >/dev/null 2>&1
    local st=$?
    read -r t m < <(tail -n 1 "$tmp")
    return $st
}

declare -a t_iconv t_reglint m_iconv m_reglint
for ((i = 0; i < runs; i++)); do
    if ! timed "${cmd_iconv[@]}"; then
        echo "bench_scoped_reg: iconv failed" >&2
        exit 1
    fi
    t_iconv+=("$t")
    m_iconv+=("$m")
    timed "${cmd_reglint[@]}"
    rc=$?
    if [ "$rc" -ne 0 ] && { [ "$read_kind" = get ] || [ "$rc" -ne 1 ]; }; then
        echo "bench_scoped_reg: ${cmd_reglint[*]} exited $rc" >&2
        exit 1
    fi
    t_reglint+=("$t")
    m_reglint+=("$m")
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
maxof() { printf '%s\n' "$@" | sort -g | tail -n 1; }

ti=$(median "${t_iconv[@]}")
tr=$(median "${t_reglint[@]}")
mi=$(maxof "${m_iconv[@]}")
mr=$(maxof "${m_reglint[@]}")
ratio=$(awk -v a="$tr" -v b="$ti" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')

echo "file: $file ($size bytes, $(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB, UTF-16LE)"
echo "runs: $runs of each, alternating; median wall time, highest peak RSS"
printf '%-40s %10s %14s\n' command seconds peak_rss_MiB
printf '%-40s %10s %14s\n' "iconv -f UTF-16LE -t UTF-8" "$ti" \
    "$(awk -v k="$mi" 'BEGIN { printf "%.1f", k / 1024 }')"
printf '%-40s %10s %14s\n' "reglint $read_kind (scoped read)" "$tr" \
    "$(awk -v k="$mr" 'BEGIN { printf "%.1f", k / 1024 }')"
echo "ratio reglint/iconv: $ratio (all runs: iconv ${t_iconv[*]}; reglint ${t_reglint[*]})"
fast=$(awk -v r="$ratio" 'BEGIN { print (r < 1 ? "met" : "NOT met") }')
small=$(awk -v k="$mr" 'BEGIN { print (k < 64 * 1024 ? "met" : "NOT met") }')
echo "aim: faster than iconv: $fast; peak RSS under 64 MiB: $small"
exit 0
