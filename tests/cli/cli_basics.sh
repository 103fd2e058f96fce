#!/bin/bash
# reglint command line: --version, help, usage errors and their exit codes.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# --- --version ------------------------------------------------------------
# The version is the one in the top-level meson.build: project(..., version : 'X').
meson_version=$(sed -n "s/^[[:space:]]*version[[:space:]]*:[[:space:]]*'\([^']*\)'.*/\1/p" \
                "$SRCDIR/meson.build" | head -n 1)
if [ -n "$meson_version" ]; then
    ok "read the project version from meson.build ($meson_version)"
else
    not_ok "read the project version from meson.build"
fi

run --version
expect_rc 0 "--version exits 0"
expect_stdout "--version prints 'reglint VERSION' with the version in meson.build" <<EOF
reglint $meson_version
EOF
expect_empty "--version writes nothing to stderr" "$ERR"
if [ "$meson_version" = "0.1.0" ]; then ok "this release is 0.1.0"; else not_ok "this release is 0.1.0 (meson.build says $meson_version)"; fi

# --- help -------------------------------------------------------------------
subcommands="dump get help"

run --help
expect_rc 0 "--help exits 0"
cp "$OUT" "$WORK/help-main"
expect_empty "--help writes nothing to stderr" "$ERR"
for cmd in $subcommands; do
    expect_match "--help mentions the '$cmd' command" "$WORK/help-main" "(^|[^a-z-])$cmd([^a-z-]|$)"
done
for opt in --version --help; do
    expect_match "--help mentions $opt" "$WORK/help-main" "$opt"
done

run help
expect_rc 0 "'help' exits 0"
expect_nonempty "'help' prints usage on stdout" "$OUT"
expect_empty "'help' writes nothing to stderr" "$ERR"
for cmd in $subcommands; do
    expect_match "'help' mentions the '$cmd' command" "$OUT" "(^|[^a-z-])$cmd([^a-z-]|$)"
done

dump_opts="--format reg jsonl --key --encoding utf16 utf8 --strict --quiet"
get_opts="--format text jsonl --strict --quiet"

for form in "help dump" "dump --help"; do
    # shellcheck disable=SC2086
    run $form
    expect_rc 0 "'$form' exits 0"
    expect_empty "'$form' writes nothing to stderr" "$ERR"
    expect_match "'$form' shows the dump synopsis" "$OUT" "reglint dump "
    expect_match "'$form' names the SOURCE arguments" "$OUT" "SOURCE"
    for opt in $dump_opts; do
        expect_match "'$form' mentions $opt" "$OUT" "(^|[^a-z0-9-])$opt([^a-z0-9-]|$)"
    done
    expect_match "'$form' mentions -q" "$OUT" "(^|[^a-z-])-q([^a-z-]|$)"
done

for form in "help get" "get --help"; do
    # shellcheck disable=SC2086
    run $form
    expect_rc 0 "'$form' exits 0"
    expect_empty "'$form' writes nothing to stderr" "$ERR"
    expect_match "'$form' shows the get synopsis" "$OUT" "reglint get .*SOURCE.*KEY.*VALUE"
    for opt in $get_opts; do
        expect_match "'$form' mentions $opt" "$OUT" "(^|[^a-z0-9-])$opt([^a-z0-9-]|$)"
    done
    expect_match "'$form' mentions -q" "$OUT" "(^|[^a-z-])-q([^a-z-]|$)"
done

run help help
expect_rc 0 "'help help' exits 0"
expect_nonempty "'help help' prints something on stdout" "$OUT"

# --- usage errors -------------------------------------------------------------
run
expect_rc 2 "no arguments exits 2"
expect_empty "no arguments prints nothing on stdout" "$OUT"
expect_match "no arguments prints usage on stderr" "$ERR" "[Uu]sage"

run frobnicate
expect_rc 2 "an unknown command exits 2"
expect_empty "an unknown command prints nothing on stdout" "$OUT"
expect_match "an unknown command is named on stderr" "$ERR" "frobnicate"

run --frobnicate
expect_rc 2 "an unknown global option exits 2"
expect_empty "an unknown global option prints nothing on stdout" "$OUT"
expect_match "an unknown global option is named on stderr" "$ERR" "frobnicate"

run dump --frobnicate "$SAMPLE"
expect_rc 2 "an unknown dump option exits 2"
expect_empty "an unknown dump option prints nothing on stdout" "$OUT"
expect_match "an unknown dump option is named on stderr" "$ERR" "frobnicate"

run get --frobnicate "$SAMPLE" 'HKLM\SOFTWARE'
expect_rc 2 "an unknown get option exits 2"
expect_empty "an unknown get option prints nothing on stdout" "$OUT"
expect_match "an unknown get option is named on stderr" "$ERR" "frobnicate"

run dump --format xml "$SAMPLE"
expect_rc 2 "dump --format xml exits 2"
expect_empty "dump --format xml prints nothing on stdout" "$OUT"
expect_nonempty "dump --format xml explains on stderr" "$ERR"

run dump --encoding latin1 "$SAMPLE"
expect_rc 2 "dump --encoding latin1 exits 2"
expect_empty "dump --encoding latin1 prints nothing on stdout" "$OUT"
expect_nonempty "dump --encoding latin1 explains on stderr" "$ERR"

run get --format reg "$SAMPLE" 'HKLM\SOFTWARE'
expect_rc 2 "get --format reg exits 2 (get writes text or jsonl)"
expect_empty "get --format reg prints nothing on stdout" "$OUT"

run dump
expect_rc 2 "dump without a source exits 2"
expect_empty "dump without a source prints nothing on stdout" "$OUT"
expect_nonempty "dump without a source explains on stderr" "$ERR"

run dump --key
expect_rc 2 "dump --key without its argument exits 2"
expect_empty "dump --key without its argument prints nothing on stdout" "$OUT"

run get "$SAMPLE"
expect_rc 2 "get without a KEY exits 2"
expect_empty "get without a KEY prints nothing on stdout" "$OUT"
expect_nonempty "get without a KEY explains on stderr" "$ERR"

run get 'HKLM\SOFTWARE'
expect_rc 2 "get without a SOURCE exits 2"
expect_empty "get without a SOURCE prints nothing on stdout" "$OUT"

run get "$SAMPLE" 'HKLM\SOFTWARE' Value extra
expect_rc 2 "get with an argument after VALUE exits 2"
expect_empty "get with an argument after VALUE prints nothing on stdout" "$OUT"

# --- writing to a closed or full stdout is an internal error (3) --------------
if [ -w /dev/full ]; then
    LAST_CMD="reglint dump $SAMPLE >/dev/full"
    "$REGLINT" dump "$SAMPLE" >/dev/full 2>"$ERR"
    RC=$?
    : >"$OUT"
    expect_rc 3 "dump to a full device exits 3 (write failure)"
    expect_nonempty "dump to a full device explains on stderr" "$ERR"
else
    ok "# SKIP /dev/full is not writable"
fi

finish
