# Shared helpers for the reglint command-line tests (sourced, not run).
#
# Each test script is run alone with
#   REGLINT  the built reglint binary
#   TESTDATA the testdata/ directory of the source tree
#   SRCDIR   the root of the source tree
# (tests/meson.build sets them).  Scripts print "ok N - ..." or
# "not ok N - ..." per check and end with "N passed, M failed".  They never
# write into the source tree: scratch files go to a mktemp -d directory that
# is removed on exit.

set -u
export LC_ALL=C

for _v in REGLINT TESTDATA SRCDIR; do
    if [ -z "${!_v:-}" ]; then
        echo "$0: environment variable $_v is not set" >&2
        exit 99
    fi
done
if [ ! -x "$REGLINT" ]; then
    echo "$0: REGLINT=$REGLINT is not an executable" >&2
    exit 99
fi

SAMPLE="$TESTDATA/sample/server2012r2-tls.reg"
GUIDE="$TESTDATA/sample/copied-from-guide.reg"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reglint-cli.XXXXXX") || exit 99
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

OUT="$WORK/stdout"
ERR="$WORK/stderr"
RC=0

_n=0
_pass=0
_fail=0

# ok DESC / not_ok DESC: record one result.
ok() {
    _n=$((_n + 1)); _pass=$((_pass + 1))
    echo "ok $_n - $*"
}
not_ok() {
    _n=$((_n + 1)); _fail=$((_fail + 1))
    echo "not ok $_n - $*"
}

# diag TEXT...: a comment line in the output.
diag() {
    printf '%s\n' "$@" | sed 's/^/# /'
}

# show_run: print the last command, its exit status, stdout and stderr as
# comments (used after a failure).
show_run() {
    diag "command: ${LAST_CMD:-}" "exit status: $RC"
    if [ -s "$OUT" ]; then
        diag "stdout (first 40 lines):"
        head -n 40 "$OUT" | cat -A | sed 's/^/#   /'
    fi
    if [ -s "$ERR" ]; then
        diag "stderr (first 40 lines):"
        head -n 40 "$ERR" | sed 's/^/#   /'
    fi
}

# run ARGS...: run reglint with ARGS; stdout in $OUT, stderr in $ERR, exit
# status in $RC.  Never fails itself.
run() {
    LAST_CMD="reglint $*"
    "$REGLINT" "$@" >"$OUT" 2>"$ERR"
    RC=$?
}

# run_in DIR ARGS...: the same with DIR as the working directory.
run_in() {
    local dir=$1; shift
    LAST_CMD="(cd $dir && reglint $*)"
    (cd "$dir" && "$REGLINT" "$@") >"$OUT" 2>"$ERR"
    RC=$?
}

# check DESC COMMAND...: ok if COMMAND succeeds.
check() {
    local desc=$1; shift
    if "$@"; then ok "$desc"; else not_ok "$desc"; show_run; fi
}

# expect_rc N DESC: the last run exited with N.
expect_rc() {
    if [ "$RC" -eq "$1" ]; then
        ok "$2"
    else
        not_ok "$2 (exit status $RC, expected $1)"
        show_run
    fi
}

# _compare DESC FILE EXPECTEDFILE: exact byte comparison with a diff.
_compare() {
    if cmp -s "$2" "$3"; then
        ok "$1"
    else
        not_ok "$1"
        diag "command: ${LAST_CMD:-}" "exit status: $RC" "diff expected actual (cat -A):"
        diff <(cat -A "$3") <(cat -A "$2") | head -n 60 | sed 's/^/#   /'
        if [ -s "$ERR" ] && [ "$2" != "$ERR" ]; then
            diag "stderr:"; head -n 20 "$ERR" | sed 's/^/#   /'
        fi
    fi
}

# expect_stdout DESC <<EOF: stdout is exactly the here-document.
expect_stdout() {
    cat >"$WORK/expected"
    _compare "$1" "$OUT" "$WORK/expected"
}

# expect_stderr DESC <<EOF: stderr is exactly the here-document.
expect_stderr() {
    cat >"$WORK/expected"
    _compare "$1" "$ERR" "$WORK/expected"
}

# expect_file DESC FILE <<EOF: FILE is exactly the here-document.
expect_file() {
    cat >"$WORK/expected"
    _compare "$1" "$2" "$WORK/expected"
}

# expect_stdout_crlf DESC <<EOF: stdout is the here-document with CRLF line
# ends, UTF-8, no BOM.
expect_stdout_crlf() {
    sed 's/$/\r/' >"$WORK/expected"
    _compare "$1" "$OUT" "$WORK/expected"
}

# to_utf16 < UTF-8 text with LF > regedit bytes: BOM, UTF-16LE, CRLF.
to_utf16() {
    printf '\377\376'
    sed 's/$/\r/' | iconv -f UTF-8 -t UTF-16LE
}

# expect_stdout_utf16 DESC <<EOF: stdout is the here-document as regedit
# writes it (UTF-16LE, BOM, CRLF).
expect_stdout_utf16() {
    to_utf16 >"$WORK/expected"
    if cmp -s "$OUT" "$WORK/expected"; then
        ok "$1"
    else
        not_ok "$1"
        diag "command: ${LAST_CMD:-}" "diff expected actual (decoded, cat -A):"
        diff <(iconv -f UTF-16LE -t UTF-8 "$WORK/expected" | cat -A) \
             <(iconv -f UTF-16LE -t UTF-8 "$OUT" 2>&1 | cat -A) | head -n 60 | sed 's/^/#   /'
    fi
}

# expect_empty DESC FILE: FILE has no bytes.
expect_empty() {
    if [ ! -s "$2" ]; then
        ok "$1"
    else
        not_ok "$1"
        diag "command: ${LAST_CMD:-}" "unexpected content:"
        head -n 20 "$2" | cat -A | sed 's/^/#   /'
    fi
}

# expect_nonempty DESC FILE
expect_nonempty() {
    if [ -s "$2" ]; then ok "$1"; else not_ok "$1"; show_run; fi
}

# expect_match DESC FILE ERE: some line of FILE matches the extended regex.
expect_match() {
    if grep -Eq -- "$3" "$2"; then
        ok "$1"
    else
        not_ok "$1"
        diag "no line matches: $3"
        show_run
    fi
}

# expect_no_match DESC FILE ERE: no line of FILE matches.
expect_no_match() {
    if ! grep -Eq -- "$3" "$2"; then
        ok "$1"
    else
        not_ok "$1"
        diag "a line matches: $3"
        grep -E -- "$3" "$2" | head -n 5 | sed 's/^/#   /'
    fi
}

# expect_lines DESC FILE N: FILE has exactly N lines.
expect_lines() {
    local n
    n=$(wc -l <"$2")
    if [ "$n" -eq "$3" ]; then
        ok "$1"
    else
        not_ok "$1 ($n lines, expected $3)"
        show_run
    fi
}

# mkreg NAME <<EOF: write a UTF-8, LF .reg file into the scratch directory
# and print its path.
mkreg() {
    cat >"$WORK/$1"
    printf '%s\n' "$WORK/$1"
}

# fingerprint FILE: sha256 and modification time (ns) of FILE.
fingerprint() {
    printf '%s %s\n' "$(sha256sum <"$1" | cut -d' ' -f1)" "$(stat -c '%.9Y' "$1" 2>/dev/null || stat -c '%Y' "$1")"
}

# track FILE... / rrun ARGS...: the inputs a script reads; after every
# rrun their bytes and mtimes must be what they were.
INPUTS=()
declare -A FP

track() { # FILE...
    local f
    for f in "$@"; do
        INPUTS+=("$f")
        FP[$f]=$(fingerprint "$f")
    done
}

# rrun ARGS...: run reglint, then check that no input changed.
rrun() {
    run "$@"
    local f changed=""
    for f in "${INPUTS[@]}"; do
        [ "$(fingerprint "$f")" = "${FP[$f]}" ] || changed="$changed $f"
    done
    if [ -z "$changed" ]; then
        ok "inputs unchanged (sha256, mtime) after: reglint $*"
    else
        not_ok "inputs unchanged (sha256, mtime) after: reglint $*; changed:$changed"
    fi
}

# finish: the summary line; exit 1 if anything failed.
finish() {
    echo "$_pass passed, $_fail failed"
    [ "$_fail" -eq 0 ] || exit 1
    exit 0
}
