#!/bin/bash
# reglint with hive sources: the testdata images built from .reg text at
# build time, OS facts against testdata/images/IMAGES.tsv (for the hives and
# for the .reg text they were built from), CurrentControlSet, hives and .reg
# files layered together, the .reg -> import -> hive -> dump round trip for
# every value type, --mount, errors, and inputs that never change.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

if [ -z "${TESTHIVES:-}" ] || [ ! -f "$TESTHIVES/2016-SYSTEM" ]; then
    echo "$0: TESTHIVES does not hold the built testdata hives" >&2
    exit 99
fi
IMAGES="$TESTDATA/images"

# fact NAME: the value column of one OS fact in `reglint info` text ($OUT).
fact() {
    sed -n "s/^  $1  *\\(.*[^ ]\\)  (.*\$/\\1/p; t; s/^  $1  *\\([^ ].*\\)\$/\\1/p" "$OUT" | head -n 1
}

# expect_fact DESC NAME WANT
expect_fact() {
    local got
    got=$(fact "$2")
    if [ "$got" = "$3" ]; then
        ok "$1"
    else
        not_ok "$1: $2 is '$got', expected '$3'"
        show_run
    fi
}

# --- OS facts of every image, from hives and from .reg text ----------------
# Tabs are whitespace to `read`, which would merge an empty column away.
while IFS=$'\x1f' read -r name release major minor build ubr sp role arch ccs edition product display guides; do
    [ "$name" = name ] && continue
    sys="$TESTHIVES/$name-SYSTEM"
    soft="$TESTHIVES/$name-SOFTWARE"
    track "$sys" "$soft"
    for form in hive reg; do
        if [ $form = hive ]; then
            rrun info "$sys" "$soft"
        else
            rrun info "$IMAGES/$name/SYSTEM.reg" "$IMAGES/$name/SOFTWARE.reg"
        fi
        expect_rc 0 "$name ($form): info exits 0"
        expect_empty "$name ($form): no diagnostics" "$ERR"
        expect_match "$name ($form): release $release" "$OUT" "^OS: $release\$"
        expect_fact "$name ($form): version" version "$major.$minor"
        expect_fact "$name ($form): build" build "$build"
        [ "$ubr" != 0 ] && expect_fact "$name ($form): UBR" ubr "$ubr"
        [ "$ubr" = 0 ] && expect_fact "$name ($form): no UBR" ubr unknown
        [ "$sp" != 0 ] && expect_fact "$name ($form): service pack" service_pack "$sp"
        expect_fact "$name ($form): role" role "$([ "$role" = dc ] && echo domain-controller || echo "$role")"
        expect_fact "$name ($form): arch" arch "$arch"
        expect_fact "$name ($form): edition" edition "$edition"
        expect_fact "$name ($form): product name" product_name "$product"
        [ -n "$display" ] && expect_fact "$name ($form): display version" display_version "$display"
        expect_match "$name ($form): control set" "$OUT" "^CurrentControlSet: ControlSet$(printf %03d "$ccs")\$"
    done
    # The hive form says where each fact is: the hive file and its real key.
    rrun info "$sys" "$soft"
    expect_match "$name: the role's origin is the SYSTEM hive's current control set" "$OUT" \
        "^  role .*$sys:\\\\ControlSet$(printf %03d "$ccs")\\\\Control\\\\ProductOptions \\(cell 0x[0-9a-f]+\\)"
    expect_match "$name: the hive is recognised as SYSTEM" "$OUT" "kind: +hive SYSTEM, mounted at HKEY_LOCAL_MACHINE\\\\SYSTEM\$"
done < <(tr '\t' '\037' <"$IMAGES/IMAGES.tsv")

# --- info --format json: origins for machines ------------------------------
rrun info --format json "$TESTHIVES/2016-SYSTEM" "$IMAGES/2016/SOFTWARE.reg"
expect_rc 0 "info --format json exits 0"
expect_match "json: a hive origin names the real key inside the hive" "$OUT" \
    '^ +"key": "\\\\ControlSet002\\\\Control\\\\ProductOptions",$'
expect_match "json: ... and the cell's offset" "$OUT" '^ +"offset": [1-9][0-9]*,$'
expect_match "json: a .reg origin has its line" "$OUT" '^ +"line": [1-9][0-9]*,$'
expect_match "json: the control set" "$OUT" '^  "control_set": 2,$'
expect_match "json: the role" "$OUT" '^ +"value": "server",$'

# --- CurrentControlSet ------------------------------------------------------
# 2016: Select\Current = 2; the stale ControlSet001 disables TLS 1.2 Client.
T12='Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client'
rrun get "$TESTHIVES/2016-SYSTEM" "HKLM\\SYSTEM\\CurrentControlSet\\$T12" Enabled
expect_rc 0 "CurrentControlSet is found in a SYSTEM hive"
expect_stdout "CurrentControlSet is ControlSet002 (Select\\Current)" <<'EOF'
1
EOF
rrun get "$TESTHIVES/2016-SYSTEM" "HKLM\\SYSTEM\\ControlSet001\\$T12" Enabled
expect_stdout "ControlSet001 is still there under its own name" <<'EOF'
0
EOF
rrun get "$TESTHIVES/2016-SYSTEM" "hklm\\system\\currentcontrolset\\control\\securityproviders\\schannel\\protocols\\tls 1.2\\client"
expect_rc 0 "any case"
expect_match "a key listing shows the real name" "$OUT" '^HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1\.2\\Client$'

# --- hives and .reg files layered -------------------------------------------
fix=$(mkreg fix.reg <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client]
"Enabled"=dword:00000001
"DisabledByDefault"=dword:00000000
EOF
)
track "$fix"
rrun get "$TESTHIVES/2012r2-SYSTEM" "HKLM\\SYSTEM\\CurrentControlSet\\$T12" Enabled
expect_rc 1 "2012r2 alone: TLS 1.2 Client is absent (exit 1)"
rrun get "$TESTHIVES/2012r2-SYSTEM" "$fix" "HKLM\\SYSTEM\\CurrentControlSet\\$T12" Enabled
expect_rc 0 "a .reg after the hive adds the key"
expect_stdout "... with the .reg's value" <<'EOF'
1
EOF
rrun dump --format jsonl --key "HKLM\\SYSTEM\\CurrentControlSet\\$T12" "$TESTHIVES/2012r2-SYSTEM" "$fix"
expect_match "the .reg's CurrentControlSet lands in ControlSet001" "$OUT" \
    '^\{"key": "HKEY_LOCAL_MACHINE\\\\SYSTEM\\\\ControlSet001\\\\Control\\\\SecurityProviders\\\\SCHANNEL\\\\Protocols\\\\TLS 1\.2\\\\Client", "name": "Enabled", "type": "REG_DWORD", "data": 1'
rrun info "$TESTHIVES/2012r2-SYSTEM" "$fix"
expect_match "info shows the layered value and its origin (file:line)" "$OUT" \
    "^  TLS 1\\.2 +Client +1 +0 +$fix:4\$"
rrun get "$fix" "$TESTHIVES/2016-SYSTEM" "HKLM\\SYSTEM\\ControlSet002\\$T12" DisabledByDefault
expect_stdout "a hive after the .reg overrides it" <<'EOF'
0
EOF

# --- round trip: .reg -> import -> hive -> dump ------------------------------
all=$(mkreg all.reg <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\RoundTrip]
@="default"
"none"=hex(0):01,02
"sz"="text with \"quotes\" and \\ backslash"
"empty sz"=""
"expand"=hex(2):25,00,50,00,41,00,54,00,48,00,25,00,00,00
"binary"=hex:00,ff,10
"empty binary"=hex:
"dword"=dword:ffffffff
"dword be"=hex(5):00,00,00,01
"link"=hex(6):5c,00,52,00,00,00
"multi"=hex(7):61,00,00,00,62,00,00,00,00,00
"resource list"=hex(8):01,00,00,00
"full resource"=hex(9):02,00
"requirements"=hex(a):03
"qword"=hex(b):ff,ff,ff,ff,ff,ff,ff,ff
"type 0x100"=hex(100):aa,bb
"café ☕"="ünïcödé"

[HKEY_LOCAL_MACHINE\SOFTWARE\RoundTrip\Sub Key\Deeper]
"x"=dword:00000001
EOF
)
track "$all"
rrun import --hive "$WORK/rt.hiv" "$all"
expect_rc 0 "import of every value type exits 0"
track "$WORK/rt.hiv"
rrun dump --format jsonl "$all"
sort "$OUT" >"$WORK/from-reg"
rrun dump --format jsonl "$WORK/rt.hiv"
expect_rc 0 "the imported hive dumps"
sort "$OUT" >"$WORK/from-hive"
if cmp -s "$WORK/from-reg" "$WORK/from-hive"; then
    ok "round trip: the hive's dump equals the .reg's dump, every type"
else
    not_ok "round trip: the hive's dump equals the .reg's dump, every type"
    diff "$WORK/from-reg" "$WORK/from-hive" | head -n 30 | sed 's/^/#   /'
fi
expect_lines "round trip: 3 keys and 18 values" "$WORK/from-hive" 22
rrun get "$WORK/rt.hiv" 'HKLM\SOFTWARE\RoundTrip' dword
expect_stdout "DWORD 0xffffffff reads 4294967295, never -1" <<'EOF'
4294967295
EOF

# --- --mount ------------------------------------------------------------------
rrun get --mount "HKU\\S-1-5-21-1\\Software=$WORK/rt.hiv" 'HKEY_USERS\S-1-5-21-1\Software\RoundTrip' qword
expect_rc 0 "--mount puts the hive's root at ROOTPATH"
expect_stdout "... and its values are there" <<'EOF'
18446744073709551615
EOF
rrun get -m "HKU\\S-1-5-21-1\\Software=$WORK/rt.hiv" 'HKEY_USERS\S-1-5-21-1\Software\RoundTrip' qword
expect_rc 0 "-m is --mount"
rrun dump -m "HKU\\S-1-5-21-1\\Software=$WORK/rt.hiv" --format jsonl
expect_rc 0 "dump -m is --mount"
expect_match "dump -m: the hive is under HKEY_USERS" "$OUT" '^\{"key": "HKEY_USERS\\\\S-1-5-21-1\\\\Software\\\\RoundTrip"\}$'
rrun get 'HKEY_USERS\S-1-5-21-1\Software\RoundTrip' qword --mount "HKU\\S-1-5-21-1\\Software=$WORK/rt.hiv"
expect_rc 0 "get: a --mount after KEY is still a source"
expect_stdout "... and is read" <<'EOF'
18446744073709551615
EOF
rrun get --mount "nowhere=$WORK/rt.hiv" 'HKLM\SOFTWARE' x
expect_rc 2 "--mount with a path that is not a key is a usage error"

# --- Select fallbacks, as info reports them ------------------------------------
lowest=$(mkreg lowest.reg <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\Select]
"Current"=dword:00000009

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet004\Control]
[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet003\Control]
EOF
)
track "$lowest"
rrun import --hive "$WORK/lowest.hiv" "$lowest"
track "$WORK/lowest.hiv"
rrun info "$WORK/lowest.hiv"
expect_rc 0 "a SYSTEM hive whose Select names a missing set is read"
expect_match "info: the lowest control set, and why" "$OUT" '^  control set: ControlSet003 \(the lowest; Select did not name one that exists\)$'
expect_match "a control-set warning says what happened" "$ERR" "^$WORK/lowest\\.hiv: offset [0-9]+: warning: Select\\\\Current names a control set that is absent.*ControlSet003 \\[control-set\\]\$"

# --- damaged input: a clear error, the others still read ----------------------
{ printf 'regf'; head -c 8188 /dev/zero; } >"$WORK/zeros.hiv"
track "$WORK/zeros.hiv"
rrun info "$WORK/zeros.hiv" "$TESTHIVES/2016-SOFTWARE"
expect_rc 2 "a broken hive among good sources exits 2"
expect_match "the error names the file and an offset" "$ERR" "^$WORK/zeros\\.hiv: offset [0-9]+: error: .+ \\[hive-[a-z]+\\]\$"
expect_match "the good source is still described" "$OUT" '^OS: Windows Server 2016$'
head -c 6000 "$TESTHIVES/2016-SYSTEM" >"$WORK/short.hiv"
track "$WORK/short.hiv"
rrun dump "$WORK/short.hiv"
expect_rc 2 "a truncated hive exits 2"
expect_match "truncated: said so" "$ERR" '\[hive-truncated\]$'

finish
