# bench_pair.sh — sourced by the benchmarks that run on a SYSTEM + SOFTWARE
# pair (bench_check.sh, bench_fix.sh): sets $system and $software, making
# them in WORK_DIR/bench-hive once.
#
# SYSTEM is the corpus's largest real SYSTEM hive (regipy SYSTEM_WIN_10_1709,
# 15 MB; the caller skips, exit 77, without the corpus).  The corpus holds
# no real SOFTWARE hive, so one is generated with `reglint import`: the keys
# the rules read, plus the bulk a real one has where the rules look -- 3000
# servicing packages with their values, 400 trusted roots -- and 20000 COM
# classes (in 200 groups: libhivex's writer copies a key's whole subkey list
# for every key it adds, so one flat list of 20000 would make a hive of
# gigabytes) where they do not.
# Needs: corpus, work, REGLINT; "bench" (the caller's name, for messages).
# Gives: time_runs, median (below).

src="$corpus/regipy/SYSTEM_WIN_10_1709.xz"
if [ -z "${REGLINT:-}" ] || [ ! -x "$REGLINT" ]; then
    echo "$bench: REGLINT is not set to the reglint binary" >&2
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
        rm -f "$system.tmp.$$"; echo "$bench: cannot unpack $src" >&2; exit 1; }
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
        echo "$bench: cannot build $software" >&2; exit 1; }
fi


# time_runs: run_cmd NAME for each of names[], runs times in turn (so that
# a slow spell of the machine falls on all of them), the wall times in
# microseconds into times[NAME].
declare -A times
time_runs() {
    local i n t0 t1
    for ((i = 0; i < runs; i++)); do
        for n in "${names[@]}"; do
            t0=${EPOCHREALTIME/./}
            run_cmd "$n"
            t1=${EPOCHREALTIME/./}
            times[$n]+="$((10#$t1 - 10#$t0)) "
        done
    done
}

# median < NUMBERS: the median of blank-separated numbers.
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
