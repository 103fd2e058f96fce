#!/bin/bash
# reglint check: verdicts on the testdata images (hives and .reg exports),
# hive and .reg giving the same results, exit codes, the three formats
# (JSON against its schema, JUnit through xmllint), --output, colour,
# partial coverage, a bad source among good ones, and evidence left as it
# was.
. "$(dirname "$0")/lib.sh"

if [ -z "${TESTHIVES:-}" ] || [ ! -f "$TESTHIVES/2016-SYSTEM" ]; then
    echo "$0: TESTHIVES does not hold the built testdata hives" >&2
    exit 99
fi
IMAGES="$TESTDATA/images"
SCHEMA="$SRCDIR/man/reglint-check.schema.json"

# results FILE: the results of a JSON report as "RULE RESULT SEVERITY
# TARGET" lines (target "-" when there is none), in report order.  The
# report is pretty-printed with one field per line, so awk reads it.
results() {
    awk '
        function str(s) { sub(/^[^:]*: /, "", s); sub(/,$/, "", s);
                          gsub(/^"|"$/, "", s); return s }
        /^      "rule": /     { rule = str($0) }
        /^      "severity": / { sev = str($0) }
        /^      "result": /   { res = str($0) }
        /^      "target": /   { t = str($0); if (t == "null") t = "-";
                                print rule, res, sev, t }
    ' "$1"
}

# expect_result DESC FILE RULE RESULT [SEVERITY]: the rule's (first)
# result in the JSON report FILE.
expect_result() {
    local desc=$1 file=$2 rule=$3 want=$4 sev=${5:-}
    local line
    line=$(results "$file" | awk -v r="$rule" '$1 == r { print; exit }')
    local got_res got_sev
    got_res=$(echo "$line" | cut -d' ' -f2)
    got_sev=$(echo "$line" | cut -d' ' -f3)
    if [ "$got_res" = "$want" ] && { [ -z "$sev" ] || [ "$got_sev" = "$sev" ]; }; then
        ok "$desc: $rule $want${sev:+ $sev}"
    else
        not_ok "$desc: $rule $want${sev:+ $sev} (got: ${line:-no result})"
    fi
}

# check_image NAME ARGS...: run check --format json on the image's two
# hives; the report is in $WORK/NAME.json.
check_image() {
    local name=$1; shift
    run check --format json --fail-on never "$@" \
        "$TESTHIVES/$name-SYSTEM" "$TESTHIVES/$name-SOFTWARE"
    cp "$OUT" "$WORK/$name.json"
}

for name in $(cut -f1 "$IMAGES/IMAGES.tsv" | tail -n +2); do
    track "$TESTHIVES/$name-SYSTEM" "$TESTHIVES/$name-SOFTWARE" \
          "$IMAGES/$name/SYSTEM.reg" "$IMAGES/$name/SOFTWARE.reg"
done

# ---- help and usage ----

run check --help
expect_rc 0 "check --help exits 0"
expect_match "check --help names every option" "$OUT" '--fail-on LEVEL'
expect_match "check --help names the profiles" "$OUT" 'azure-backup \(default\)'
run help check
expect_rc 0 "reglint help check"
run check
expect_rc 2 "check without a SOURCE is a usage error"
expect_match "and says so" "$ERR" 'no SOURCE given'
run check --format xml "$TESTHIVES/2012-SYSTEM"
expect_rc 2 "an unknown --format is a usage error"
run check --fail-on fatal "$TESTHIVES/2012-SYSTEM"
expect_rc 2 "an unknown --fail-on level is a usage error"
run check --profile azure-stack "$TESTHIVES/2012-SYSTEM"
expect_rc 2 "an unknown profile is a usage error"
expect_match "which names the known profiles" "$ERR" 'azure-backup.*azure-pack.*hardening'
expect_empty "and writes no report" "$OUT"
run check --os windows-99 "$TESTHIVES/2012-SYSTEM"
expect_rc 2 "a bad --os is a usage error"

# ---- verdicts on the images (hives), profile azure-backup ----

check_image 2012
expect_rc 0 "check 2012 --fail-on never exits 0"
J="$WORK/2012.json"
expect_result "2012" "$J" AB-KB4019276 n/a
expect_result "2012" "$J" AB-KB3140245 fail warning
expect_result "2012" "$J" AB-WINHTTP-64 fail error
expect_result "2012" "$J" AB-WINHTTP-32 fail error
expect_result "2012, absent on 9200 is a warning" "$J" AB-TLS12-CLIENT-ENABLED fail warning
expect_result "2012, absent on 9200 is a warning" "$J" AB-TLS12-CLIENT-DBD fail warning
expect_result "2012" "$J" AB-NET4-SDTV-64 fail error
expect_result "2012" "$J" AB-NET4-SDTV-32 fail error
expect_result "2012" "$J" AB-NET4-SUSC-64 fail error
expect_result "2012" "$J" AB-NET4-SUSC-32 fail error
expect_result "2012, root present" "$J" AB-ROOT-DIGICERT-GLOBAL pass
expect_result "2012, root missing + auto-update off = error" "$J" AB-ROOT-DIGICERT-G2 fail error
expect_result "2012, root missing + auto-update off = error" "$J" AB-ROOT-MSECC-2017 fail error
expect_result "2012" "$J" AB-ROOT-BALTIMORE pass
expect_result "2012" "$J" AB-ROOT-DISALLOWED pass
expect_no_match "2012: no hardening rule runs under the default profile" "$J" '"rule": "(HD|AP)-'

check_image 2022
J="$WORK/2022.json"
expect_result "2022 (guide applied)" "$J" AB-TLS12-CLIENT-ENABLED pass
expect_result "2022 (guide applied)" "$J" AB-TLS12-CLIENT-DBD pass
expect_result "2022 (guide applied)" "$J" AB-NET4-SDTV-32 pass
expect_result "2022 (guide applied)" "$J" AB-NET4-SUSC-64 pass
expect_result "2022, not 7601/9200" "$J" AB-WINHTTP-64 n/a
expect_result "2022, not 2008 SP2" "$J" AB-KB4019276 n/a
expect_result "2022, all roots" "$J" AB-ROOT-MSRSA-2017 pass
run check "$TESTHIVES/2022-SYSTEM" "$TESTHIVES/2022-SOFTWARE"
expect_rc 0 "2022 with the guide applied exits 0 (nothing at error)"

check_image 2016
J="$WORK/2016.json"
expect_result "2016 reads ControlSet002, not the stale 001" "$J" AB-TLS12-CLIENT-ENABLED pass
expect_result "2016: the stale ControlSet001 differs" "$J" REG-CCS-DRIFT fail info

check_image win7
J="$WORK/win7.json"
expect_result "win7 (x86): WOW6432Node twin" "$J" AB-NET4-SDTV-32 n/a
expect_result "win7 (x86): WOW6432Node twin" "$J" AB-WINHTTP-32 n/a
expect_result "win7 has KB3140245" "$J" AB-KB3140245 pass
expect_result "win7 without DefaultSecureProtocols" "$J" AB-WINHTTP-64 fail error
expect_result "win7: absent below 9200 is an error" "$J" AB-TLS12-CLIENT-ENABLED fail error

check_image 2008sp2
J="$WORK/2008sp2.json"
expect_result "2008sp2 has KB4019276" "$J" AB-KB4019276 pass
expect_result "2008sp2" "$J" AB-KB3140245 n/a
expect_result "2008sp2: TLS 1.2 off" "$J" AB-TLS12-CLIENT-DBD fail error

check_image 2025
J="$WORK/2025.json"
expect_result "2025: Baltimore in Disallowed" "$J" AB-ROOT-DISALLOWED fail error
expect_result "2025: expired Baltimore is info only" "$J" AB-ROOT-BALTIMORE fail info

check_image win10
expect_result "win10: a root trusted through group policy" "$WORK/win10.json" AB-ROOT-DTRUST-2009 pass

# ---- other profiles ----

check_image 2019 --profile azure-pack
J="$WORK/2019.json"
expect_result "2019 (azure-pack applied)" "$J" AP-TLS12-CLIENT pass
expect_result "2019 (azure-pack applied)" "$J" AP-TLS12-SERVER pass
expect_result "2019 (azure-pack applied)" "$J" AP-TLS11-SERVER pass
expect_result "2019 (azure-pack applied)" "$J" AP-SSL3-SERVER pass
expect_no_match "2019: --profile azure-pack runs no AB- rule" "$J" '"rule": "AB-'
expect_match "2019: the common checks run in every profile" "$J" '"rule": "REG-TYPE"'

check_image 2012r2 --profile azure-pack
J="$WORK/2012r2.json"
expect_result "2012r2: TLS 1.2 Client on by default, not explicit" "$J" AP-TLS12-CLIENT fail warning
expect_result "2012r2: TLS 1.2 Server set" "$J" AP-TLS12-SERVER pass
expect_result "2012r2: WOW6432Node twin empty" "$J" AP-NET4-SUSC-32 fail error
expect_result "2012r2: KB3154520 values" "$J" AP-NET35-2012R2 pass

check_image 2016 --profile azure-backup,hardening
expect_match "--profile a,b runs both" "$WORK/2016.json" '"rule": "HD-'
expect_match "--profile a,b runs both" "$WORK/2016.json" '"rule": "AB-'
check_image 2016 --profile all
expect_match "--profile all runs azure-pack too" "$WORK/2016.json" '"rule": "AP-'

# ---- a hive and a .reg export of the same content agree ----

# The fields that do not depend on how the source names its keys.
verdicts() {
    awk '
        function str(s) { sub(/^[^:]*: /, "", s); sub(/,$/, "", s); return s }
        /^      "(rule|severity|result|target|actual|expected)": / { printf "%s ", str($0) }
        /^      "refs": /  { print "" }
    ' "$1"
}
for name in $(cut -f1 "$IMAGES/IMAGES.tsv" | tail -n +2); do
    run check --format json --fail-on never --profile all \
        "$TESTHIVES/$name-SYSTEM" "$TESTHIVES/$name-SOFTWARE"
    verdicts "$OUT" >"$WORK/hive.v"
    rrun check --format json --fail-on never --profile all \
        "$IMAGES/$name/SYSTEM.reg" "$IMAGES/$name/SOFTWARE.reg"
    verdicts "$OUT" >"$WORK/reg.v"
    if [ -s "$WORK/hive.v" ] && cmp -s "$WORK/hive.v" "$WORK/reg.v"; then
        ok "$name: hives and .reg exports give the same $(wc -l <"$WORK/hive.v") results"
    else
        not_ok "$name: hives and .reg exports give the same results"
        diff "$WORK/hive.v" "$WORK/reg.v" | head -n 20 | sed 's/^/#   /'
    fi
done

# ---- JSON against its schema; JUnit through xmllint ----

if python3 -c 'import jsonschema' 2>/dev/null; then
    for name in 2012 2016 win7 2019; do
        run check --format json --profile all "$TESTHIVES/$name-SYSTEM" \
            "$TESTHIVES/$name-SOFTWARE"
        if python3 - "$SCHEMA" "$OUT" <<'EOF' >"$WORK/schema.err" 2>&1
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
EOF
        then
            ok "$name: the JSON report validates against reglint-check.schema.json"
        else
            not_ok "$name: the JSON report validates against reglint-check.schema.json"
            head -n 20 "$WORK/schema.err" | sed 's/^/#   /'
        fi
    done
    run check --format json "$IMAGES/2012/SYSTEM.reg"
    python3 - "$SCHEMA" "$OUT" <<'EOF' >"$WORK/schema.err" 2>&1
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
EOF
    check "a report with unknown OS facts validates too" test $? -eq 0
else
    not_ok "python3-jsonschema is installed (apt install python3-jsonschema)"
fi

run check --format junit --profile all "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
expect_rc 1 "junit: exit 1 with findings"
cp "$OUT" "$WORK/2012.xml"
if xmllint --noout "$WORK/2012.xml" 2>"$WORK/xml.err"; then
    ok "xmllint accepts the JUnit report"
else
    not_ok "xmllint accepts the JUnit report"; sed 's/^/#   /' "$WORK/xml.err" | head
fi
run check --format json --profile all "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
total=$(results "$OUT" | wc -l)
errors=$(results "$OUT" | awk '$2 == "fail" && $3 == "error"' | wc -l)
skips=$(results "$OUT" | awk '$2 == "unknown" || $2 == "n/a"' | wc -l)
check "junit: one testcase per result ($total)" \
    test "$(grep -c '<testcase ' "$WORK/2012.xml")" -eq "$total"
check "junit: a failure per error-level fail ($errors)" \
    test "$(grep -c '<failure ' "$WORK/2012.xml")" -eq "$errors"
check "junit: a skip per unknown and n/a ($skips)" \
    test "$(grep -c '<skipped ' "$WORK/2012.xml")" -eq "$skips"
expect_match "junit: the fix is in the failure text" "$WORK/2012.xml" '"DefaultSecureProtocols"=dword:'
run check --format junit --fail-on warning "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
check "junit --fail-on warning: warnings are failures too" \
    test "$(grep -c '<failure type="warning"' "$OUT")" -gt 0

# ---- exit codes and --fail-on ----

run check "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
expect_rc 1 "errors found: exit 1"
run check --fail-on never "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
expect_rc 0 "--fail-on never: exit 0"
run check --profile azure-pack "$TESTHIVES/2019-SYSTEM" "$TESTHIVES/2019-SOFTWARE"
expect_rc 0 "2019 with azure-pack applied: exit 0"
run check --fail-on info "$TESTHIVES/2016-SYSTEM" "$TESTHIVES/2016-SOFTWARE"
expect_rc 1 "--fail-on info: the info-level drift on 2016 is a finding"

# ---- where keys stand, both .NET views, remedies ----

for name in $(cut -f1 "$IMAGES/IMAGES.tsv" | tail -n +2); do
    check_image $name --profile all
    expect_result "$name: every SCHANNEL and .NET key where Windows reads it" \
        "$WORK/$name.json" REG-KEYPATH pass
done
expect_result "2012r2: SchUseStrongCrypto in the 64-bit view only" \
    "$WORK/2012r2.json" REG-WOW-TWIN fail warning
expect_result "2012: both views alike (neither sets them)" "$WORK/2012.json" \
    REG-WOW-TWIN pass
expect_result "win7 (x86): one view" "$WORK/win7.json" REG-WOW-TWIN n/a
mkreg securityprovider.reg >/dev/null <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProvider\SCHANNEL\Protocols\TLS 1.2\Client]
"Enabled"=dword:00000001
"DisabledByDefault"=dword:00000000
EOF
rrun check --format json --fail-on never "$TESTHIVES/2022-SYSTEM" \
    "$TESTHIVES/2022-SOFTWARE" "$WORK/securityprovider.reg"
expect_result "SecurityProvider\\SCHANNEL over the 2022 hives" "$OUT" \
    REG-KEYPATH fail error
expect_match "the target is the key in the current control set" "$OUT" \
    '"target": "HKEY_LOCAL_MACHINE\\\\SYSTEM\\\\ControlSet001\\\\Control\\\\SecurityProvider\\\\SCHANNEL"'
run check "$TESTHIVES/2022-SYSTEM" "$TESTHIVES/2022-SOFTWARE" "$WORK/securityprovider.reg"
expect_rc 1 "a misplaced SCHANNEL is an error-level finding (exit 1)"
expect_match "text: the fix deletes it, CurrentControlSet spelled out" "$OUT" \
    '^      fix: +\[-HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProvider\\SCHANNEL\]$'
run check "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
expect_match "text: a fail no registry value fixes shows its remedy" "$OUT" \
    '^      remedy: +Install KB3140245 '

# ---- text ----

run check "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
cp "$OUT" "$WORK/2012.txt"
expect_match "text: a FAIL group with its count" "$OUT" '^FAIL \([0-9]+\)$'
expect_match "text: one line per finding" "$OUT" '^  error +AB-WINHTTP-64 '
expect_match "text: what was read and from where" "$OUT" '^      from: +.*2012-SOFTWARE'
expect_match "text: the default that applied" "$OUT" '^      default: '
expect_match "text: the fix as .reg lines" "$OUT" '^      fix: +\[HKEY_LOCAL_MACHINE\\'
expect_match "text: the reference" "$OUT" '^      ref: '
expect_match "text: a summary line with counts" "$OUT" '^summary: [0-9]+ rule results: [0-9]+ fail \([0-9]+ error, [0-9]+ warning, [0-9]+ info\), [0-9]+ pass, [0-9]+ unknown, [0-9]+ n/a$'
expect_no_match "text: no colour when not a terminal" "$OUT" $'\033'
run check --color always "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
expect_match "--color always colours" "$OUT" $'\033\\[31m'
NO_COLOR=1 "$REGLINT" check --color always "$TESTHIVES/2012-SYSTEM" \
    "$TESTHIVES/2012-SOFTWARE" >"$OUT" 2>"$ERR"
expect_no_match "NO_COLOR wins over --color always" "$OUT" $'\033'
if command -v script >/dev/null; then
    script -qec "\"$REGLINT\" check \"$TESTHIVES/2012-SYSTEM\" \"$TESTHIVES/2012-SOFTWARE\"" \
        /dev/null >"$OUT" 2>&1
    expect_match "colour on a terminal" "$OUT" $'\033\\[31m'
    NO_COLOR=1 script -qec "\"$REGLINT\" check \"$TESTHIVES/2012-SYSTEM\" \"$TESTHIVES/2012-SOFTWARE\"" \
        /dev/null >"$OUT" 2>&1
    expect_no_match "no colour on a terminal under NO_COLOR" "$OUT" $'\033\\['
fi

# ---- --output ----

rrun check --output "$WORK/report.txt" "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
expect_rc 1 "--output: same exit status"
expect_empty "--output: nothing on stdout" "$OUT"
_compare "--output holds the same report as stdout" "$WORK/report.txt" "$WORK/2012.txt"
cp "$IMAGES/2012/SYSTEM.reg" "$WORK/in.reg"
track "$WORK/in.reg"
rrun check --output "$WORK/in.reg" "$WORK/in.reg"
expect_rc 2 "--output naming an input is refused"
expect_match "and says why" "$ERR" 'never writes over an input'
ln "$WORK/in.reg" "$WORK/link.reg"
rrun check --output "$WORK/link.reg" "$WORK/in.reg"
expect_rc 2 "--output naming an input through a hard link is refused"
run check --output "$WORK/no/such/dir/r.txt" "$TESTHIVES/2012-SYSTEM"
expect_rc 3 "--output into a missing directory: exit 3"

# ---- coverage, OS unknown ----

rrun check --format json --fail-on never "$IMAGES/2012/SYSTEM.reg"
J="$WORK/sys-only.json"; cp "$OUT" "$J"
expect_result "SYSTEM only: .NET is not covered" "$J" AB-NET4-SUSC-64 unknown
expect_match "and the report says what to export" "$J" 'reg export .*NETFramework'
expect_result "SYSTEM only: no build, so absent TLS 1.2 values cannot be judged" "$J" AB-TLS12-CLIENT-ENABLED unknown
rrun check --format json --fail-on never --os 2012 "$IMAGES/2012/SYSTEM.reg"
expect_result "SYSTEM only with --os 2012" "$OUT" AB-TLS12-CLIENT-ENABLED fail warning
mkreg client-only.reg >/dev/null <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client]
"Enabled"=dword:00000001
"DisabledByDefault"=dword:00000000
EOF
run check --format json --fail-on never --profile azure-pack --os 2012r2 "$WORK/client-only.reg"
expect_result "an export of TLS 1.2\\Client only: Client judged" "$OUT" AP-TLS12-CLIENT pass
expect_result "an export of TLS 1.2\\Client only: Server unknown" "$OUT" AP-TLS12-SERVER unknown

# ---- a bad source does not lose the others ----

printf 'regf but not really' >"$WORK/garbage"
run check --format json --fail-on never "$WORK/garbage" "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
expect_rc 2 "an unreadable source among good ones: exit 2"
expect_match "the bad source is named on stderr" "$ERR" 'garbage'
expect_result "the good sources are still checked" "$OUT" AB-WINHTTP-64 fail error

# ---- rule files ----

cat >"$WORK/bad-rules.yaml" <<'EOF'
reglint-rules: 1
rules:
  - id: LOCAL-ONE
    title: a rule with a typo
    severity: eror
    profiles: [local]
    test: {key: 'HKLM\SOFTWARE\Contoso', value: Enabled, expect: {equals: 1}}
    refs: [local]
EOF
run check --rules "$WORK/bad-rules.yaml" "$TESTHIVES/2012-SOFTWARE"
expect_rc 2 "a broken rule file: exit 2"
expect_match "file:line:col and the rule id" "$ERR" 'bad-rules.yaml:5:[0-9]+: error: .*LOCAL-ONE'
expect_empty "and no report" "$OUT"
cat >"$WORK/rules.yaml" <<'EOF'
reglint-rules: 1
rules:
  - id: LOCAL-CONTOSO
    title: Contoso agent uses TLS 1.2
    severity: warning
    profiles: [contoso]
    test:
      key: HKLM\SOFTWARE\Contoso\Agent
      value: UseTls12
      expect: {equals: 1}
      key-absent: n/a
    fix: |
      [HKEY_LOCAL_MACHINE\SOFTWARE\Contoso\Agent]
      "UseTls12"=dword:00000001
    refs: ["Contoso agent guide"]
EOF
run check --format json --rules "$WORK/rules.yaml" --profile contoso "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
expect_rc 0 "a user's rule file and profile"
expect_result "a user's rule: key absent is n/a" "$OUT" LOCAL-CONTOSO n/a
expect_no_match "only the user's profile (and common) ran" "$OUT" '"rule": "AB-'

# ---- the seed documents' own .reg blocks, overlaid on images ----

# The ```reg blocks of "Transport Layer Security in Azure Backup" (seeds 002
# and 003 hold them complete), read from ../shared/seeds as they are, with
# the header regedit needs, layered on a pre-2012 R2 image as shipped:
# its azure-backup TLS and .NET failures become passes.
SEEDS="$SRCDIR/../shared/seeds"
seed_reg() { # SEED OUT
    { printf 'Windows Registry Editor Version 5.00\r\n\r\n'
      awk '/^```reg/ { on = 1; next } /^```/ { on = 0 } on { print $0 "\r" }' "$1"
    } >"$2"
}
for seed in "$SEEDS"/002_*.txt "$SEEDS"/003_*.txt; do
    if [ ! -f "$seed" ]; then
        ok "# skip seed documents absent ($SEEDS)"
        continue
    fi
    name=$(basename "$seed" .txt)
    seed_reg "$seed" "$WORK/$name.reg"
    check "$name: its .reg blocks hold TLS 1.2 and both .NET views" \
        test "$(grep -c '^\[' "$WORK/$name.reg")" -ge 4
    for img in 2012 2008sp2 win7; do
        run check --format json --fail-on never \
            "$TESTHIVES/$img-SYSTEM" "$TESTHIVES/$img-SOFTWARE"
        cp "$OUT" "$WORK/before.json"
        rrun check --format json --fail-on never \
            "$TESTHIVES/$img-SYSTEM" "$TESTHIVES/$img-SOFTWARE" "$WORK/$name.reg"
        for rule in AB-TLS12-CLIENT-ENABLED AB-TLS12-CLIENT-DBD AB-NET4-SDTV-64 \
                    AB-NET4-SUSC-64 AB-NET4-SDTV-32 AB-NET4-SUSC-32; do
            before=$(results "$WORK/before.json" | awk -v r=$rule '$1 == r { print $2 }')
            after=$(results "$OUT" | awk -v r=$rule '$1 == r { print $2 }')
            if [ "$img" = win7 ] && [ "${rule%-32}" != "$rule" ]; then
                want_before=n/a want_after=n/a   # a 32-bit Windows
            else
                want_before=fail want_after=pass
            fi
            if [ "$before" = "$want_before" ] && [ "$after" = "$want_after" ]; then
                ok "$name on $img: $rule $before -> $after"
            else
                not_ok "$name on $img: $rule $want_before -> $want_after (got $before -> $after)"
            fi
        done
        expect_result "$name on $img: WinHTTP is not in the blocks" "$OUT" \
            AB-WINHTTP-64 "$([ $img = 2008sp2 ] && echo n/a || echo fail)"
    done
done

# ---- info: the effective matrix ----

rrun info "$TESTHIVES/2008r2sp1-SYSTEM" "$TESTHIVES/2008r2sp1-SOFTWARE"
expect_match "info: the effective protocol matrix" "$OUT" '^Effective protocol state'
expect_match "info: TLS 1.2 on, set by the guide" "$OUT" '^  TLS 1\.2 +on +on'
expect_match "info: TLS 1.1 off by default on 7601" "$OUT" '^  TLS 1\.1 +off +off'
rrun info --format json "$TESTHIVES/2016-SYSTEM" "$TESTHIVES/2016-SOFTWARE"
expect_match "info --format json: the matrix" "$OUT" '"effective": \['
expect_match "info --format json: SSL 2.0 unsupported on 14393" "$OUT" '"state": "unsupported"'

finish
