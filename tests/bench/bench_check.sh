#!/usr/bin/env bash
# bench_check.sh — `meson test --benchmark`: how long does `reglint check`
# take on a SYSTEM + SOFTWARE pair, beside hivexget reading one value from
# each hive of the same pair, in the same run?
#
# Usage: bench_check.sh CORPUS_DIR WORK_DIR   (REGLINT: the reglint binary;
# BENCH_RUNS: repetitions, default 30)
#
# SYSTEM is the corpus's largest real SYSTEM hive (regipy SYSTEM_WIN_10_1709,
# 15 MB; skipped, exit 77, without the corpus).  The corpus holds no real
# SOFTWARE hive, so one is generated into WORK_DIR once with `reglint
# import`: the keys the rules read, plus the bulk a real one has where the
# rules look -- 3000 servicing packages with their values, 400 trusted
# roots -- and 20000 COM classes (in 200 groups: libhivex's writer copies a
# key's whole subkey list for every key it adds, so one flat list of 20000
# would make a hive of gigabytes) where they do not.  Each command runs
# BENCH_RUNS times, in turn; printed are the median wall time in ms, the
# peak RSS of one run, and the ratio check / (hivexget SYSTEM + hivexget
# SOFTWARE).  Issue 4 aims at 1.5 or less; this prints, it does not assert.
set -u
export LC_ALL=C

corpus=${1:?usage: bench_check.sh CORPUS_DIR WORK_DIR}
work=${2:?usage: bench_check.sh CORPUS_DIR WORK_DIR}
runs=${BENCH_RUNS:-30}
src="$corpus/regipy/SYSTEM_WIN_10_1709.xz"

if [ -z "${REGLINT:-}" ] || [ ! -x "$REGLINT" ]; then
    echo "bench_check: REGLINT is not set to the reglint binary" >&2
    exit 1
fi
if [ ! -f "$src" ]; then
    echo "skip: $src is absent (the shared corpus is not beside the project)"
    exit 77
fi
for tool in xz hivexget; do
    command -v "$tool" >/dev/null || {
        echo "skip: $tool is not installed"; exit 77; }
done
[ -x /usr/bin/time ] || { echo "skip: /usr/bin/time is not installed"; exit 77; }

dir="$work/bench-hive"
mkdir -p "$dir" || exit 1
system="$dir/SYSTEM_WIN_10_1709"
if [ ! -s "$system" ]; then
    xz -dc -- "$src" >"$system.tmp.$$" && mv -f "$system.tmp.$$" "$system" || {
        rm -f "$system.tmp.$$"; echo "bench_check: cannot unpack $src" >&2; exit 1; }
fi

software="$dir/SOFTWARE-generated"
if [ ! -s "$software" ]; then
    echo "generating $software (once) ..."
    awk 'BEGIN {
        S = "HKEY_LOCAL_MACHINE\\SOFTWARE"
        print "Windows Registry Editor Version 5.00\n"
        print "[" S "]\n"
        print "[" S "\\Microsoft\\Windows NT\\CurrentVersion]"
        print "\"CurrentVersion\"=\"6.3\""
        print "\"CurrentMajorVersionNumber\"=dword:0000000a"
        print "\"CurrentMinorVersionNumber\"=dword:00000000"
        print "\"CurrentBuild\"=\"16299\""
        print "\"CurrentBuildNumber\"=\"16299\""
        print "\"UBR\"=dword:000000c0"
        print "\"ProductName\"=\"Windows 10 Pro\""
        print "\"EditionID\"=\"Professional\""
        print "\"InstallationType\"=\"Client\"\n"
        print "[" S "\\Microsoft\\.NETFramework\\v4.0.30319]"
        print "\"SchUseStrongCrypto\"=dword:00000001\n"
        print "[" S "\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319]"
        print "\"SchUseStrongCrypto\"=dword:00000001\n"
        print "[" S "\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp]\n"
        for (i = 0; i < 3000; i++) {
            printf "[%s\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\Packages\\Package_for_KB%07d~31bf3856ad364e35~amd64~~10.0.1.%d]\n", S, 3000000 + i, i
            printf "\"CurrentState\"=dword:00000070\n\"InstallClient\"=\"WindowsUpdateAgent\"\n"
            printf "\"InstallLocation\"=\"\\\\\\\\?\\\\C:\\\\Windows\\\\SoftwareDistribution\\\\Download\\\\%08x\"\n", i * 7919
            printf "\"InstallTimeHigh\"=dword:01d3%04x\n\"InstallTimeLow\"=dword:%08x\n\"Visibility\"=dword:00000001\n\n", i, i * 104729
        }
        for (i = 0; i < 400; i++) {
            printf "[%s\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates\\%040X]\n", S, i * 2654435761
            printf "\"Blob\"=hex:20,00,00,00,01,00,00,00"
            for (j = 0; j < 120; j++) printf ",%02x", (i * 31 + j) % 256
            printf "\n\n"
        }
        for (i = 0; i < 20000; i++) {
            printf "[%s\\Classes\\Group%03d\\{%08X-1234-5678-9ABC-%012X}]\n@=\"Class %d\"\n\n", S, i % 200, i, i * 977, i
            printf "[%s\\Classes\\Group%03d\\{%08X-1234-5678-9ABC-%012X}\\InprocServer32]\n@=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,00,00,00\n\"ThreadingModel\"=\"Both\"\n\n", S, i % 200, i, i * 977
        }
    }' >"$dir/SOFTWARE-generated.reg" &&
    "$REGLINT" import --force --hive "$software" "$dir/SOFTWARE-generated.reg" || {
        echo "bench_check: cannot build $software" >&2; exit 1; }
fi

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
declare -A times
for ((i = 0; i < runs; i++)); do
    for n in "${names[@]}"; do
        t0=${EPOCHREALTIME/./}
        run_cmd "$n"
        t1=${EPOCHREALTIME/./}
        times[$n]+="$((10#$t1 - 10#$t0)) "
    done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
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
