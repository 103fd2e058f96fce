#!/bin/bash
# reglint fix and check --apply: for every testdata image and profile the
# generated fix, applied as a what-if, leaves no fixable fail and adds no
# new one; the file's form (regedit's encoding, comments naming rules,
# parents, pairs, twins, CurrentControlSet, manual steps); --apply-to
# patches copies of the hives (SYSTEM into Select\Current's control set)
# that hivex, reglookup and reglint read back; a fix that cannot hold is
# exit 4; inputs are never written.
. "$(dirname "$0")/lib.sh"

if [ -z "${TESTHIVES:-}" ] || [ ! -f "$TESTHIVES/2016-SYSTEM" ]; then
    echo "$0: TESTHIVES does not hold the built testdata hives" >&2
    exit 99
fi
for tool in python3 hivexget reglookup hivexregedit; do
    if ! command -v $tool >/dev/null; then
        echo "$0: $tool is needed (README's Quick start installs it)" >&2
        exit 99
    fi
done
IMAGES="$TESTDATA/images"
NAMES=$(cut -f1 "$IMAGES/IMAGES.tsv" | tail -n +2)
for name in $NAMES; do
    track "$TESTHIVES/$name-SYSTEM" "$TESTHIVES/$name-SOFTWARE" \
          "$IMAGES/$name/SYSTEM.reg" "$IMAGES/$name/SOFTWARE.reg"
done

# fails FILE: "RULE TARGET FIXABLE" for each fail of a JSON report.
fails() {
    python3 - "$1" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
for r in doc["results"]:
    if r["result"] == "fail":
        print(r["rule"], r.get("target") or "-", "fixable" if r.get("fix") else "manual")
EOF
}

# block_rules FIX.reg: the rule IDs the comments over [KEY] blocks name.
block_rules() {
    iconv -f UTF-16LE -t UTF-8 "$1" | tr -d '\r' | awk '
        /^; / { c = substr($0, 3); next }
        /^\[/ { if (c !~ /^created for/) { sub(/ \(.*$/, "", c);
                n = split(c, ids, /, /); for (i = 1; i <= n; i++) print ids[i] }
                c = "" }' | sort -u
}

# ---- every image, every profile: fix, then check --apply ----

for name in $NAMES; do
    for prof in azure-backup azure-pack hardening all; do
        hives=("$TESTHIVES/$name-SYSTEM" "$TESTHIVES/$name-SOFTWARE")
        run check --format json --fail-on never --profile $prof "${hives[@]}"
        fails "$OUT" | sort >"$WORK/before"
        rrun fix --profile $prof -o "$WORK/fix.reg" "${hives[@]}"
        if [ "$RC" -ne 0 ]; then
            not_ok "$name/$prof: fix exits 0 (got $RC)"; show_run; continue
        fi
        run check --format json --fail-on never --profile $prof \
            --apply "$WORK/fix.reg" "${hives[@]}"
        fails "$OUT" | sort >"$WORK/after"
        # Rules the profiles disagree on (AP enables TLS 1.0/1.1 clients,
        # HD disables them) are left failing, each named in a clash comment.
        losers=$(iconv -f UTF-16LE -t UTF-8 "$WORK/fix.reg" |
                 sed -n 's/^; clash: .* \([A-Z0-9-]*\) is left failing.*/\1/p' | sort -u)
        left=$(grep ' fixable$' "$WORK/after" | cut -d' ' -f1 |
               grep -vxF -f <(echo "${losers:-NONE}") | wc -l)
        # The fix changes the current control set only, as the guides do:
        # REG-CCS-DRIFT then reports the other sets, which keep the old values.
        new=$(comm -13 <(cut -d' ' -f1,2 "$WORK/before") <(cut -d' ' -f1,2 "$WORK/after") |
              grep -v '^REG-CCS-DRIFT ')
        fixed=$(grep -c ' fixable$' "$WORK/before")
        if [ "$left" -eq 0 ] && [ -z "$new" ]; then
            ok "$name/$prof: check --apply of the fix: $fixed fixable fails -> 0${losers:+ (clashes left: $(echo $losers))}, no new fail"
        else
            not_ok "$name/$prof: check --apply leaves $left fixable fails; new: ${new:-none}"
            diag "after:" "$(cat "$WORK/after")"
        fi
        # Nothing for rules that pass: every rule a block names failed.
        extra=$(comm -23 <(block_rules "$WORK/fix.reg") \
                         <(cut -d' ' -f1 "$WORK/before" | sort -u))
        if [ -z "$extra" ]; then
            ok "$name/$prof: every block names failed rules only"
        else
            not_ok "$name/$prof: blocks name rules that did not fail: $extra"
        fi
    done
done

# The .reg exports of an image give the same fix as its hives.
rrun fix --profile all -o "$WORK/from-reg.reg" "$IMAGES/2008sp2/SYSTEM.reg" \
    "$IMAGES/2008sp2/SOFTWARE.reg"
run fix --profile all -o "$WORK/from-hive.reg" "$TESTHIVES/2008sp2-SYSTEM" \
    "$TESTHIVES/2008sp2-SOFTWARE"
# (All but the line naming the sources.)
if cmp -s <(iconv -f UTF-16LE -t UTF-8 "$WORK/from-reg.reg" | grep -v '^; From: ') \
          <(iconv -f UTF-16LE -t UTF-8 "$WORK/from-hive.reg" | grep -v '^; From: '); then
    ok "fix: the same file from the 2008 SP2 .reg exports and hives"
else
    not_ok "fix: .reg exports and hives give different fixes"
    diff <(iconv -f UTF-16LE -t UTF-8 "$WORK/from-reg.reg") \
         <(iconv -f UTF-16LE -t UTF-8 "$WORK/from-hive.reg") | head -20 | sed 's/^/#   /'
fi

# ---- the file's form, on the 2008 SP2 image (TLS 1.2 off, .NET unset) ----

H=("$TESTHIVES/2008sp2-SYSTEM" "$TESTHIVES/2008sp2-SOFTWARE")
rrun fix -o "$WORK/f16.reg" "${H[@]}"
expect_rc 0 "fix -o: exit 0 when the fix verifies"
expect_match "fix: stderr says it was verified" "$ERR" 'no fixable fail remains'
if [ "$(head -c 2 "$WORK/f16.reg" | od -An -tx1 | tr -d ' ')" = fffe ]; then
    ok "fix: UTF-16LE with a BOM by default"
else
    not_ok "fix: no UTF-16LE BOM"
fi
iconv -f UTF-16LE -t UTF-8 "$WORK/f16.reg" | sed '1s/^\xef\xbb\xbf//' >"$WORK/f16.txt"
if [ "$(grep -c $'\r$' "$WORK/f16.txt")" -eq "$(wc -l <"$WORK/f16.txt")" ]; then
    ok "fix: every line ends in CRLF"
else
    not_ok "fix: lines without CRLF"
fi
tr -d '\r' <"$WORK/f16.txt" >"$WORK/f.txt"
expect_match "fix: regedit's header" "$WORK/f.txt" '^Windows Registry Editor Version 5\.00$'
expect_match "fix: names the evidence it was made from" "$WORK/f.txt" '^; From: .*2008sp2-SYSTEM, .*2008sp2-SOFTWARE$'
S='HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols'
expect_match "fix: paths say CurrentControlSet" "$WORK/f.txt" "^\\[$S\\\\TLS 1\\.2\\\\Client\\]$"
expect_no_match "fix: never ControlSet001" "$WORK/f.txt" 'ControlSet00'
# Parents first: the TLS 1.2 key the image lacks gets its own block, before
# its role keys.
awk -v s="[${S//\\\\/\\}\\TLS 1.2]" '$0 == s { p = NR } $0 ~ /TLS 1\.2\\Client\]$/ { c = NR }
    END { exit !(p && c && p < c) }' "$WORK/f.txt"
check "fix: [..\\TLS 1.2] is written before [..\\TLS 1.2\\Client]" test $? -eq 0
# A comment naming the rules sits right over each block.
awk '/^\[/ { if (prev !~ /^; /) bad++ } { prev = $0 } END { exit bad > 0 }' "$WORK/f.txt"
check "fix: a comment line over every [KEY] block" test $? -eq 0
expect_match "fix: the comment names the rule IDs" "$WORK/f.txt" '^; AB-TLS12-CLIENT-ENABLED'
# The pair: Enabled and DisabledByDefault together under each role key.
awk '/^\[/ { k = $0 } /^"Enabled"=dword:00000001$/ { e[k] = 1 }
     /^"DisabledByDefault"=dword:00000000$/ { d[k] = 1 }
     END { for (k in e) if (!(k in d)) bad++; for (k in d) if (!(k in e)) bad++;
           exit bad > 0 || length(e) == 0 }' "$WORK/f.txt"
check "fix: Enabled=1 always with DisabledByDefault=0 (no half-disabled pair)" test $? -eq 0
# Both views on this 64-bit image.
expect_match "fix: .NET 64-bit view" "$WORK/f.txt" '^\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\\.NETFramework\\v4\.0\.30319\]$'
expect_match "fix: .NET WOW6432Node twin" "$WORK/f.txt" '^\[HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\\.NETFramework\\v4\.0\.30319\]$'
# Manual steps: the update the 2012 image lacks is a comment saying what to
# install, not a value; so is a missing root certificate.
rrun fix -e utf8 -o "$WORK/2012.reg" "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
tr -d '\r' <"$WORK/2012.reg" >"$WORK/2012.txt"
expect_match "fix: a missing update is a comment" "$WORK/2012.txt" '^; AB-KB3140245 \(warning\): '
expect_match "fix: ... saying what to install" "$WORK/2012.txt" '^;   to do: .*[Ii]nstall KB3140245'
expect_match "fix: a missing root: what to import" "$WORK/2012.txt" '^;   to do: .*certutil -addstore Root'
expect_no_match "fix: manual steps are never registry lines" "$WORK/2012.txt" 'Package_for_KB3140245.*\]$'

# Windows 7 is 32-bit: no WOW6432Node key at all.
rrun fix -e utf8 -o "$WORK/w7.reg" "$TESTHIVES/win7-SYSTEM" "$TESTHIVES/win7-SOFTWARE"
expect_no_match "fix: no WOW6432Node on 32-bit Windows 7" "$WORK/w7.reg" 'WOW6432Node'
expect_match "fix: .NET set in the one view Windows 7 has" "$WORK/w7.reg" \
    '^\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\\.NETFramework\\v4\.0\.30319\]'$'\r''$'
if [ "$(head -c 3 "$WORK/w7.reg")" = "Wind" ] || [ "$(head -c 4 "$WORK/w7.reg")" = "Wind" ]; then
    ok "fix -e utf8: no BOM"
else
    not_ok "fix -e utf8: starts with $(head -c 4 "$WORK/w7.reg" | od -An -tx1)"
fi

# A rule that passes gets nothing: the 2016 image passes every azure-backup
# Schannel rule, so no SCHANNEL key is written.
rrun fix -e utf8 -o "$WORK/2016.reg" "$TESTHIVES/2016-SYSTEM" "$TESTHIVES/2016-SOFTWARE"
expect_no_match "fix: nothing for passing Schannel rules (2016)" "$WORK/2016.reg" '^\[.*SCHANNEL'

# -o - : standard output, still verified.
rrun fix -e utf8 -o - "${H[@]}"
expect_rc 0 "fix -o -: exit 0"
expect_match "fix -o -: the file on stdout" "$OUT" '^Windows Registry Editor Version 5\.00'
expect_match "fix -o -: verified" "$ERR" 'no fixable fail remains'

# ---- hivexregedit: --only one hive's part, --offline control set ----

for h in SYSTEM SOFTWARE; do
    cp "$TESTHIVES/2008sp2-$h" "$WORK/hx-$h"
    rrun fix -e utf8 --offline --only "HKLM\\$h" -o "$WORK/hx-$h.reg" "${H[@]}"
    LAST_CMD="hivexregedit --merge hx-$h --prefix HKEY_LOCAL_MACHINE\\$h hx-$h.reg"
    if hivexregedit --merge "$WORK/hx-$h" --prefix "HKEY_LOCAL_MACHINE\\$h" \
            "$WORK/hx-$h.reg" >"$OUT" 2>"$ERR"; then
        ok "hivexregedit --merge accepts fix -e utf8 --offline --only HKLM\\$h"
    else
        RC=$?; not_ok "hivexregedit --merge refuses the $h part"; show_run
    fi
done
expect_match "fix --offline: the real control set" "$WORK/hx-SYSTEM.reg" 'SYSTEM\\ControlSet001\\Control'
expect_no_match "fix --only HKLM\\SYSTEM: no SOFTWARE key" "$WORK/hx-SYSTEM.reg" '^\[HKEY_LOCAL_MACHINE\\SOFTWARE'
run check --format json --fail-on never "$WORK/hx-SYSTEM" "$WORK/hx-SOFTWARE"
fails "$OUT" >"$WORK/hx-after"
check "hives merged by hivexregedit: no fixable fail" test "$(grep -c ' fixable$' "$WORK/hx-after")" -eq 0

# ---- --apply-to: patched copies, re-checked ----

for name in $NAMES; do
    rm -rf "$WORK/out"
    rrun fix --profile all -o "$WORK/all.reg" --apply-to "$WORK/out" \
        "$TESTHIVES/$name-SYSTEM" "$TESTHIVES/$name-SOFTWARE"
    if [ "$RC" -ne 0 ]; then
        not_ok "$name: fix --apply-to exits 0 (got $RC)"; show_run; continue
    fi
    losers=$(iconv -f UTF-16LE -t UTF-8 "$WORK/all.reg" |
             sed -n 's/^; clash: .* \([A-Z0-9-]*\) is left failing.*/\1/p' | sort -u)
    run check --profile all --format json --fail-on never "$WORK/out/$name-SYSTEM" "$WORK/out/$name-SOFTWARE"
    n=$(fails "$OUT" | grep ' fixable$' | cut -d' ' -f1 |
        grep -vxF -f <(echo "${losers:-NONE}") | wc -l)
    bad=""
    for h in SYSTEM SOFTWARE; do
        hivexget "$WORK/out/$name-$h" '\' >/dev/null 2>&1 || bad="$bad hivexget:$h"
        reglookup -H "$WORK/out/$name-$h" >/dev/null 2>"$WORK/rl.err" || bad="$bad reglookup:$h"
        grep -qi 'error' "$WORK/rl.err" && bad="$bad reglookup-errors:$h"
    done
    if [ "$n" -eq 0 ] && [ -z "$bad" ]; then
        ok "$name: --apply-to copies read by hivex, reglookup and reglint; no fixable fail"
    else
        not_ok "$name: --apply-to: $n fixable fails left;$bad"
    fi
done

# SYSTEM: the fix lands in the control set Select\Current names (2 here),
# not in ControlSet001 and not in a literal CurrentControlSet key.
mkreg cs2.reg >/dev/null <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\Select]
"Current"=dword:00000002
"Default"=dword:00000002
"LastKnownGood"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\ProductOptions]
"ProductType"="ServerNT"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\SecurityProviders\SCHANNEL\Protocols]

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet002\Control\ProductOptions]
"ProductType"="ServerNT"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet002\Control\SecurityProviders\SCHANNEL\Protocols]
EOF
run import --hive "$WORK/cs2-SYSTEM" "$WORK/cs2.reg"
expect_rc 0 "import: a SYSTEM hive whose current control set is 2"
track "$WORK/cs2-SYSTEM"
rm -rf "$WORK/out"
rrun fix --apply-to "$WORK/out" "$WORK/cs2-SYSTEM" "$TESTHIVES/2008r2sp1-SOFTWARE"
expect_rc 0 "fix --apply-to: Select\\Current=2"
got=$(hivexget "$WORK/out/cs2-SYSTEM" 'ControlSet002\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client' Enabled 2>&1)
check "--apply-to: TLS 1.2 enabled in ControlSet002 (got '$got')" test "$got" = 1
hivexget "$WORK/out/cs2-SYSTEM" 'ControlSet001\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2' >/dev/null 2>&1
check "--apply-to: ControlSet001 untouched" test $? -ne 0
hivexget "$WORK/out/cs2-SYSTEM" 'CurrentControlSet' >/dev/null 2>&1
check "--apply-to: no literal CurrentControlSet key" test $? -ne 0

# OUTDIR given with a trailing slash names the same directory.
rm -rf "$WORK/out"
rrun fix --apply-to "$WORK/out/" "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
expect_match "--apply-to DIR/: the copies are DIR/NAME" "$ERR" "wrote $WORK/out/2012-SYSTEM "
expect_no_match "--apply-to DIR/: no doubled slash" "$ERR" 'out//'

# Never over an input: OUTDIR holding the inputs.
cp "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE" "$WORK/"
track "$WORK/2012-SYSTEM" "$WORK/2012-SOFTWARE"
rrun fix --apply-to "$WORK" "$WORK/2012-SYSTEM" "$WORK/2012-SOFTWARE"
expect_rc 2 "--apply-to the inputs' own directory: refused"
expect_match "--apply-to: says which input" "$ERR" 'would replace the input'

# A fix that cannot hold: a .reg source after the hive sets TLS 1.2 off
# again, so the patched copy still fails when re-checked: exit 4.
OFF=$(mkreg off.reg <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client]
"Enabled"=dword:00000000
"DisabledByDefault"=dword:00000001
EOF
)
track "$OFF"
rm -rf "$WORK/out"
rrun fix --apply-to "$WORK/out" "$TESTHIVES/2012r2-SYSTEM" "$TESTHIVES/2012r2-SOFTWARE" "$OFF"
expect_rc 4 "--apply-to: a fixable fail left after re-checking is exit 4"
expect_match "--apply-to: names the rule still failing" "$ERR" 'verification failed: AB-TLS12-CLIENT-ENABLED'

# A fix for keys no hive holds: SOFTWARE keys with only a SYSTEM hive.
rm -rf "$WORK/out"
rrun fix --apply-to "$WORK/out" "$TESTHIVES/2008sp2-SYSTEM" "$IMAGES/2008sp2/SOFTWARE.reg"
expect_rc 2 "--apply-to: keys that no hive holds are refused"
expect_match "--apply-to: says which key" "$ERR" 'no hive among the SOURCEs holds'

# ---- rules show: the remedy of a rule whose fix is not a registry value ----

run rules show AB-KB3140245
expect_match "rules show: the remedy" "$OUT" '^  remedy:$'
run rules show --format json AB-KB3140245
expect_match "rules show --format json: the remedy" "$OUT" '"remedy": "Install KB3140245'

# ---- usage ----

run fix "${H[@]}"
expect_rc 2 "fix without -o or --apply-to: usage error"
rrun fix -o "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SOFTWARE"
expect_rc 2 "fix -o an input: refused"
run fix --encoding utf32 -o "$WORK/x.reg" "${H[@]}"
expect_rc 2 "fix --encoding utf32: usage error"
run fix --help
expect_rc 0 "fix --help"
expect_match "fix --help: the exit status" "$OUT" '4 verification failed'
run check --apply "$TESTHIVES/2012-SYSTEM" "$TESTHIVES/2012-SYSTEM"
expect_rc 2 "check --apply HIVE: a change file is a .reg file"

finish
