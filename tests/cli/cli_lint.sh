#!/bin/bash
# reglint lint: a .reg change file checked before it is pushed -- the
# reader's deviations with line and column, near-miss names, wrong types,
# switches outside 0/1, half-disabled pairs, a .NET value in one view, keys
# where no Windows reads them; against a profile, which rules the file
# satisfies and which it leaves failing, in check's JSON shape; the seed
# documents' own mistakes; exit codes as check's.
. "$(dirname "$0")/lib.sh"

LINT="$TESTDATA/lint"
SCHEMA="$SRCDIR/man/reglint-check.schema.json"
SEEDS="$SRCDIR/../shared/seeds"
track "$LINT/mistakes.reg" "$LINT/kb4043907-steps.reg" "$LINT/azure-backup-tls12.reg"

# results FILE: "RULE RESULT SEVERITY TARGET" per result of a JSON report.
results() {
    python3 - "$1" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["rule"], r["result"], r["severity"], r.get("target") or "-")
EOF
}
# expect_result DESC FILE RULE RESULT [TARGET-SUBSTRING]
expect_result() {
    local line
    line=$(results "$2" | awk -v r="$3" -v t="${5:-}" '$1 == r && index($0, t) { print; exit }')
    if [ "$(echo "$line" | cut -d' ' -f2)" = "$4" ]; then
        ok "$1: $3 $4"
    else
        not_ok "$1: $3 $4${5:+ on $5} (got: ${line:-no result})"
    fi
}
validate() { # DESC FILE
    if python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' \
            "$SCHEMA" "$2" 2>"$WORK/schema.err"; then
        ok "$1: the JSON validates against reglint-check.schema.json"
    else
        not_ok "$1: schema"; head -5 "$WORK/schema.err" | sed 's/^/#   /'
    fi
}

# ---- one of each mistake ----

rrun lint --format json "$LINT/mistakes.reg"
expect_rc 1 "lint: findings are exit 1"
cp "$OUT" "$WORK/mistakes.json"
validate "lint mistakes.reg" "$WORK/mistakes.json"
M="$WORK/mistakes.json"
expect_result "lint: a key path no Windows reads" "$M" REG-KEYPATH fail 'SecurityProvider\SCHANNEL'
expect_result "lint: Enabled as a string" "$M" REG-TYPE fail 'TLS 1.2\Server\Enabled'
expect_result "lint: a near-miss value name" "$M" REG-KEYNAME fail 'DisableByDefault'
expect_result "lint: a half-disabled pair" "$M" REG-CONTRADICT fail 'TLS 1.1\Client'
expect_result "lint: a switch set to 2" "$M" REG-RANGE fail 'TLS 1.0\Server\Enabled'
expect_result "lint: .NET set in one view only" "$M" REG-WOW-TWIN fail 'SchUseStrongCrypto'
# Without --profile only the common checks run.
n=$(results "$M" | awk '$1 !~ /^REG-/' | wc -l)
check "lint: no profile rule runs without --profile ($n)" test "$n" -eq 0

# The text report names file and line for each finding.
rrun lint --color never "$LINT/mistakes.reg"
expect_match "lint text: the finding's line in the file" "$OUT" 'from: +.*mistakes\.reg:13$'
expect_match "lint text: the summary" "$OUT" '^summary: .* fail'
expect_match "lint text: titled as lint" "$OUT" '^reglint lint: '
expect_match "lint text: the diagnostics group" "$WORK/mistakes.json" '"diagnostics": \['


# ---- the reader's deviations, from the seed document 000 ----
# "Transport Layer Security in Azure Backup" as copied in seed 000 writes
# "SchUseStrongCrypto" = dword:00000001, with blanks around '='.

if [ -d "$SEEDS" ]; then
    {
        printf 'Windows Registry Editor Version 5.00\r\n\r\n'
        grep -E '^\s*(\[HKEY_|"[^"]+"\s*=)' "$SEEDS"/000_*.txt | sed 's/^[ \t]*//; s/$/\r/'
    } >"$WORK/seed000.reg"
    rrun lint --format json "$WORK/seed000.reg"
    expect_rc 1 "lint seed 000: exit 1 (warnings are findings by default)"
    python3 - "$OUT" >"$WORK/diags" <<'EOF'
import json, sys
for d in json.load(open(sys.argv[1]))["diagnostics"]:
    print(d["code"], d["line"], d["column"], d["severity"])
EOF
    if grep -q '^space-around-equals [0-9]* [0-9]* warning$' "$WORK/diags"; then
        ok "lint seed 000: the blanks around '=' reported, with line and column"
    else
        not_ok "lint seed 000: no space-around-equals diagnostic"
        sed 's/^/#   /' "$WORK/diags"
    fi
    rrun lint --color never "$WORK/seed000.reg"
    expect_match "lint seed 000 text: FILE:LINE:COL" "$OUT" 'seed000\.reg:[0-9]+:[0-9]+: warning: .*\[space-around-equals\]'
    run lint --fail-on error "$WORK/seed000.reg"
    expect_rc 1 "lint seed 000 --fail-on error: the value under the Schannel key is an error"
else
    echo "# skip: ../shared/seeds is absent (seed 000 checks)"
fi

# ---- the keys KB4043907's steps create: "SSL 3" and "TLS 0" ----

rrun lint --format json "$LINT/kb4043907-steps.reg"
expect_rc 1 "lint kb4043907-steps: exit 1"
expect_result "lint kb4043907: 'SSL 3' is not a key Windows reads" "$OUT" REG-KEYNAME fail 'Protocols\SSL 3'
expect_result "lint kb4043907: 'TLS 0' either" "$OUT" REG-KEYNAME fail 'Protocols\TLS 0'
if [ -d "$SEEDS" ]; then
    # The file follows the seed's own words.
    grep -q 'Type \*\*SSL 3\*\*' "$SEEDS"/004_*.txt &&
        grep -q 'create keys for TLS 0' "$SEEDS"/004_*.txt
    check "seed 004 says to type 'SSL 3' and 'TLS 0' (what the file reproduces)" test $? -eq 0
fi

# ---- a correct change file ----

rrun lint "$LINT/azure-backup-tls12.reg"
expect_rc 0 "lint: a correct change file is exit 0"
expect_no_match "lint: ... with no FAIL group" "$OUT" '^FAIL'

# Against a profile: what the file satisfies, what it leaves failing.
rrun lint --profile azure-backup --os 2008r2/x64 --format json "$LINT/azure-backup-tls12.reg"
P="$WORK/profile.json"; cp "$OUT" "$P"
validate "lint --profile" "$P"
expect_result "lint --profile: the file satisfies" "$P" AB-TLS12-CLIENT-ENABLED pass
expect_result "lint --profile: the file satisfies" "$P" AB-NET4-SUSC-32 pass
expect_result "lint --profile: it leaves WinHTTP failing" "$P" AB-WINHTTP-64 fail
expect_result "lint --profile: and the update (not a registry value)" "$P" AB-KB3140245 fail
rrun lint --profile azure-backup --os 2008r2/x64 --format json "$LINT/kb4043907-steps.reg"
expect_result "lint --profile: 'TLS 1.2' keys satisfy the TLS 1.2 rule" "$OUT" AB-TLS12-CLIENT-ENABLED pass
expect_result "lint --profile: .NET left failing" "$OUT" AB-NET4-SUSC-64 fail
# Without --os, what depends on the build is unknown.
rrun lint --profile azure-backup --format json "$LINT/kb4043907-steps.reg"
expect_result "lint --profile without --os: build-dependent rules" "$OUT" AB-KB3140245 unknown

# The same JSON shape as check: both validate, and the fields match.
run lint --format junit "$LINT/mistakes.reg"
if xmllint --noout - <"$OUT" 2>"$WORK/xml.err"; then
    ok "lint --format junit: xmllint accepts it"
else
    not_ok "lint --format junit"; head -5 "$WORK/xml.err" | sed 's/^/#   /'
fi
expect_match "lint junit: a diagnostics or results failure" "$OUT" '<failure'

# Fixes from `reglint fix` pass lint.
if [ -n "${TESTHIVES:-}" ] && [ -f "$TESTHIVES/2008sp2-SYSTEM" ]; then
    run fix -o "$WORK/fix.reg" "$TESTHIVES/2008sp2-SYSTEM" "$TESTHIVES/2008sp2-SOFTWARE"
    rrun lint "$WORK/fix.reg"
    expect_rc 0 "lint: the output of reglint fix is clean"
fi

# ---- exit codes and usage ----

run lint "$WORK/no-such.reg"
expect_rc 2 "lint: a missing file is exit 2"
run lint "$WORK/no-such.reg" "$LINT/mistakes.reg"
expect_rc 2 "lint: ... and the other file is still reported"
expect_match "lint: the other file's findings" "$OUT" 'REG-KEYNAME'
if [ -n "${TESTHIVES:-}" ] && [ -f "$TESTHIVES/2012-SYSTEM" ]; then
    run lint "$TESTHIVES/2012-SYSTEM"
    expect_rc 2 "lint: a hive is exit 2"
    expect_match "lint: says to use check" "$ERR" "use 'reglint check'"
fi
run lint --fail-on never "$LINT/mistakes.reg"
expect_rc 0 "lint --fail-on never: exit 0"
run lint --profile nosuch "$LINT/mistakes.reg"
expect_rc 2 "lint --profile nosuch: usage error"
run lint
expect_rc 2 "lint without a FILE: usage error"
run lint --help
expect_rc 0 "lint --help"
expect_match "lint --help: exit status" "$OUT" '^Exit status'
rrun lint --output "$LINT/mistakes.reg" "$LINT/mistakes.reg"
expect_rc 2 "lint --output an input: refused"

finish
