#!/bin/bash
# reglint diagnostics: FILE:LINE:COL: warning|error: MESSAGE [CODE] on stderr,
# exit codes, --strict, -q, and inputs that are never modified.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# expect_diags DESC FILE <<EOF: stderr holds exactly these diagnostics, in
# order, each written "LINE:COL: SEVERITY [CODE]" ("*" as COL: any column;
# "-" as LINE:COL for a diagnostic with no place).  Each actual line must
# start with FILE (the name as given) and look like
# "FILE:LINE:COL: SEVERITY: MESSAGE [CODE]".
expect_diags() {
    local desc=$1 file=$2
    local exp="$WORK/diags-expected" act="$WORK/diags-actual" bad=""
    cat >"$exp"
    : >"$act"
    local line rest
    while IFS= read -r line; do
        case $line in
            "$file":*) rest=${line#"$file"} ;;
            *) bad="a line does not start with '$file:'"; echo "?? $line" >>"$act"; continue ;;
        esac
        if [[ $rest =~ ^:([0-9]+):([0-9]+):\ (warning|error):\ .+\ \[([a-z0-9-]+)\]$ ]]; then
            echo "${BASH_REMATCH[1]}:${BASH_REMATCH[2]}: ${BASH_REMATCH[3]} [${BASH_REMATCH[4]}]" >>"$act"
        elif [[ $rest =~ ^:\ (warning|error):\ .+\ \[([a-z0-9-]+)\]$ ]]; then
            echo "-: ${BASH_REMATCH[1]} [${BASH_REMATCH[2]}]" >>"$act"
        else
            bad="a line is not 'FILE:LINE:COL: SEVERITY: MESSAGE [CODE]'"
            echo "?? $line" >>"$act"
        fi
    done <"$ERR"
    # Apply the "*" columns of the expectation to the actual lines.
    paste -d '\n' "$exp" "$act" | awk '
        NR % 2 == 1 { e = $0; next }
        { a = $0
          if (e ~ /^[0-9]+:\*:/) { sub(/:[0-9]+:/, ":*:", a) }
          print a }' >"$act.norm"
    # paste pads when the counts differ; keep the extra actual lines.
    if [ "$(wc -l <"$act")" -gt "$(wc -l <"$exp")" ]; then
        tail -n +"$(( $(wc -l <"$exp") + 1 ))" "$act" >>"$act.norm"
    fi
    if [ -z "$bad" ] && cmp -s "$exp" "$act.norm"; then
        ok "$desc"
    else
        not_ok "$desc${bad:+ ($bad)}"
        diag "command: ${LAST_CMD:-}" "diff expected actual:"
        diff "$exp" "$act.norm" | sed 's/^/#   /'
        diag "stderr:"; head -n 30 "$ERR" | sed 's/^/#   /'
    fi
}

track "$SAMPLE" "$GUIDE"
sample_listing=$(ls -A "$TESTDATA/sample")

# --- the shipped samples ---------------------------------------------------------------
rrun dump "$SAMPLE"
expect_rc 0 "the regedit sample exits 0"
expect_empty "the regedit sample has no diagnostics" "$ERR"

rrun dump "$GUIDE"
expect_rc 2 "copied-from-guide.reg exits 2 (an unquoted name is an error)"
expect_nonempty "copied-from-guide.reg is still dumped" "$OUT"
expect_diags "copied-from-guide.reg: the deviations at the right lines" "$GUIDE" <<'EOF'
4:2: warning [abbreviated-root]
5:21: warning [space-around-equals]
6:34: warning [dword-short]
11:1: error [unquoted-name]
EOF

rrun dump --strict "$GUIDE"
expect_rc 2 "copied-from-guide.reg --strict exits 2"
expect_diags "--strict reports every deviation as an error (same codes)" "$GUIDE" <<'EOF'
4:2: error [abbreviated-root]
5:21: error [space-around-equals]
6:34: error [dword-short]
11:1: error [unquoted-name]
EOF

rrun dump -q "$GUIDE"
expect_rc 2 "copied-from-guide.reg -q still exits 2"
expect_diags "-q hides the warnings and keeps the error" "$GUIDE" <<'EOF'
11:1: error [unquoted-name]
EOF

rrun dump --quiet --format jsonl "$GUIDE"
expect_rc 2 "--quiet is -q"
expect_diags "--quiet hides the warnings" "$GUIDE" <<'EOF'
11:1: error [unquoted-name]
EOF
expect_stdout "the deviating lines are read; the unquoted name is not applied" <<'EOF'
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319", "name": "SchUseStrongCrypto", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319", "name": "SystemDefaultTlsVersions", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client", "name": "DisabledByDefault", "type": "REG_DWORD", "data": 0, "raw": "00000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client", "name": "Enabled", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
EOF

rrun get "$GUIDE" 'HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319' SchUseStrongCrypto
expect_rc 2 "get on copied-from-guide.reg exits 2"
expect_stdout "get on copied-from-guide.reg still answers" <<'EOF'
1
EOF
expect_diags "get prints the same diagnostics" "$GUIDE" <<'EOF'
4:2: warning [abbreviated-root]
5:21: warning [space-around-equals]
6:34: warning [dword-short]
11:1: error [unquoted-name]
EOF

# --- a warnings-only file: 0, or 2 under --strict --------------------------------------------
head -n 10 "$GUIDE" >"$WORK/warnings-only.reg"
W="$WORK/warnings-only.reg"
track "$W"
rrun dump "$W"
expect_rc 0 "a file with warnings only exits 0"
expect_diags "a file with warnings only prints its warnings" "$W" <<'EOF'
4:2: warning [abbreviated-root]
5:21: warning [space-around-equals]
6:34: warning [dword-short]
EOF
rrun dump --strict "$W"
expect_rc 2 "--strict turns the warnings-only file's exit status into 2"
expect_diags "--strict: the warnings are errors" "$W" <<'EOF'
4:2: error [abbreviated-root]
5:21: error [space-around-equals]
6:34: error [dword-short]
EOF
rrun dump -q "$W"
expect_rc 0 "-q on a warnings-only file exits 0"
expect_empty "-q on a warnings-only file prints nothing on stderr" "$ERR"
rrun dump --strict -q "$W"
expect_rc 2 "--strict -q exits 2"
expect_diags "--strict -q still shows the (now) errors" "$W" <<'EOF'
4:2: error [abbreviated-root]
5:21: error [space-around-equals]
6:34: error [dword-short]
EOF
rrun get --strict "$W" 'HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319' SchUseStrongCrypto
expect_rc 2 "get --strict on a warnings-only file exits 2"
rrun get "$W" 'HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319' SchUseStrongCrypto
expect_rc 0 "get on a warnings-only file exits 0"

# --- every deviation and error in one file ------------------------------------------------------
printf -v longname '%0256d' 0
M="$WORK/mixed.reg"
cat >"$M" <<EOF
Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\\Software\\Mix] trailing text
"a"=DWORD:00000001
"b"=dword: 00000002
"c"=hex:1,02
"d"=hex:01,02,
"e\\n"="x"
"f"=dword:00000001 junk
"g"=dword:123456789
"h"=hex:zz
"i"=1
"j"="unterminated
"k
Enabled=dword:00000001
[hkey_current_user\\Software\\Mix]
[HKEY_CURRENT_USER\\\\Software\\Mix]
[HKEY_CURRENT_USER\\Software\\Mix\\]
"l"=hex(7):61,00,00,00,\\ ; continued
  00,00
[-HKEY_CURRENT_USER\\Software\\Mix\\Del]
"z"=dword:00000001
[HKEY_NOWHERE\\x]
"w"=dword:00000001
[]
[HKEY_CURRENT_USER\\Software\\NoClose
[HKEY_CURRENT_USER\\Software\\$longname]
[HKEY_CURRENT_USER\\Software\\Mix] ; a comment is fine
  "m"=hex:01
"n"=dword:00000001 ; so is this
EOF
track "$M"
rrun dump --encoding utf8 "$M"
expect_rc 2 "a file with errors exits 2"
expect_diags "each deviation and error at its line" "$M" <<'EOF'
3:33: warning [key-trailing-text]
4:5: warning [prefix-case]
5:11: warning [dword-space]
6:9: warning [hex-short-byte]
7:*: warning [hex-trailing-comma]
8:3: warning [unknown-escape]
9:20: warning [value-trailing-text]
10:11: error [bad-dword]
11:9: error [bad-hex]
12:5: error [bad-data]
13:5: error [bad-string]
14:1: error [bad-name]
15:1: error [unquoted-name]
16:2: warning [root-case]
17:2: warning [key-empty-component]
18:2: warning [key-empty-component]
22:1: warning [value-in-deleted-key]
23:2: error [unknown-root]
24:1: warning [value-without-key]
25:2: error [bad-key]
26:36: error [bad-key]
27:*: error [limit]
EOF
expect_stdout_crlf "what could be read is dumped (escaped name written back with \\\\)" <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\Software]

[HKEY_CURRENT_USER\Software\Mix]
"a"=dword:00000001
"b"=dword:00000002
"c"=hex:01,02
"d"=hex:01,02
"e\\n"="x"
"l"=hex(7):61,00,00,00,00,00
"m"=hex:01
"n"=dword:00000001

EOF

# value-outside-key, missing-header, missing-bom, unsupported-format, invalid-utf8
printf '%s\n' 'Windows Registry Editor Version 5.00' '' '"v"=dword:00000001' \
    '[HKEY_CURRENT_USER\Software\A]' '"v"=dword:00000002' >"$WORK/outside.reg"
track "$WORK/outside.reg"
rrun dump "$WORK/outside.reg"
expect_rc 2 "a value before any key exits 2"
expect_diags "a value before any key: value-outside-key" "$WORK/outside.reg" <<'EOF'
3:*: error [value-outside-key]
EOF

printf '%s\n' '; exported by hand' '[HKEY_CURRENT_USER\Software\A]' '"v"=dword:00000002' >"$WORK/noheader.reg"
track "$WORK/noheader.reg"
rrun get "$WORK/noheader.reg" 'HKCU\Software\A' v
expect_rc 0 "a file without header exits 0"
expect_stdout "a file without header is read" <<'EOF'
2
EOF
expect_diags "a file without header: missing-header at the first line, column 1" "$WORK/noheader.reg" <<'EOF'
1:1: warning [missing-header]
EOF

printf '\n\n  [HKEY_CURRENT_USER\\Software\\A]\n  "v"=dword:00000005\n' >"$WORK/noheader2.reg"
track "$WORK/noheader2.reg"
rrun get "$WORK/noheader2.reg" 'HKCU\Software\A' v
expect_rc 0 "a file without header, starting with blank lines, exits 0"
expect_stdout "a file without header, starting with blank lines, is read" <<'EOF'
5
EOF
expect_diags "no header after blank lines: missing-header at the first non-blank line, column 1" "$WORK/noheader2.reg" <<'EOF'
3:1: warning [missing-header]
EOF

printf '%s\r\n' 'Windows Registry Editor Version 5.00' '' '[HKEY_CURRENT_USER\Software\A]' '"v"=dword:00000003' \
    | iconv -f UTF-8 -t UTF-16LE >"$WORK/nobom.reg"
track "$WORK/nobom.reg"
rrun get "$WORK/nobom.reg" 'HKCU\Software\A' v
expect_rc 0 "UTF-16LE without BOM exits 0"
expect_stdout "UTF-16LE without BOM is read" <<'EOF'
3
EOF
expect_diags "UTF-16LE without BOM: missing-bom at 1:1" "$WORK/nobom.reg" <<'EOF'
1:1: warning [missing-bom]
EOF

{ printf '\376\377'; printf '%s\r\n' 'Windows Registry Editor Version 5.00' '' '[HKEY_CURRENT_USER\Software\A]' '"v"=dword:00000004' \
    | iconv -f UTF-8 -t UTF-16BE; } >"$WORK/be.reg"
track "$WORK/be.reg"
rrun get "$WORK/be.reg" 'HKCU\Software\A' v
expect_rc 0 "UTF-16BE with BOM exits 0"
expect_stdout "UTF-16BE with BOM is read" <<'EOF'
4
EOF
expect_empty "UTF-16BE with BOM: no diagnostic" "$ERR"

{ printf '\357\273\277'; printf '%s\n' 'Windows Registry Editor Version 5.00' '' '[HKEY_CURRENT_USER\Software\A]' '"v"="é"'; } >"$WORK/u8bom.reg"
track "$WORK/u8bom.reg"
rrun get "$WORK/u8bom.reg" 'HKCU\Software\A' v
expect_rc 0 "UTF-8 with BOM exits 0"
expect_stdout "UTF-8 with BOM is read" <<'EOF'
é
EOF
expect_empty "UTF-8 with BOM: no diagnostic" "$ERR"

{ printf '%s\n' 'Windows Registry Editor Version 5.00' '' '[HKEY_CURRENT_USER\Software\A]'
  printf '"v"="caf\351"\n"w"="na\357ve"\n'; } >"$WORK/latin.reg"
track "$WORK/latin.reg"
rrun get "$WORK/latin.reg" 'HKCU\Software\A' w
expect_rc 0 "invalid UTF-8 exits 0"
expect_stdout "invalid UTF-8 bytes are read as Windows-1252" <<'EOF'
naïve
EOF
expect_diags "invalid UTF-8: one invalid-utf8 warning, at the first place" "$WORK/latin.reg" <<'EOF'
4:*: warning [invalid-utf8]
EOF

printf '%s\n' 'WINE REGISTRY Version 2' '[Software\\A] 1234' '"v"=dword:00000001' >"$WORK/wine.reg"
track "$WORK/wine.reg"
rrun dump --format jsonl "$WORK/wine.reg"
expect_rc 2 "a Wine registry file exits 2"
expect_empty "a Wine registry file: nothing read" "$OUT"
expect_diags "a Wine registry file: unsupported-format at 1:1" "$WORK/wine.reg" <<'EOF'
1:1: error [unsupported-format]
EOF

{ printf 'regf'; head -c 4092 /dev/zero; } >"$WORK/SYSTEM"
track "$WORK/SYSTEM"
rrun dump --format jsonl "$WORK/SYSTEM"
expect_rc 2 "a regf file with a zeroed base block exits 2"
expect_empty "a zeroed base block: nothing read" "$OUT"
if grep -Eq "^$WORK/SYSTEM: offset 20: error: .+ \[hive-version\]\$" "$ERR" && [ "$(wc -l <"$ERR")" -eq 1 ]; then
    ok "a zeroed base block: one hive-version error at offset 20"
else
    not_ok "a zeroed base block: one hive-version error at offset 20"; show_run
fi

printf 'Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software\\A]\n"v"="a\0b"\n' >"$WORK/nul.reg"
track "$WORK/nul.reg"
rrun dump --format jsonl "$WORK/nul.reg"
expect_rc 2 "an 8-bit file with a NUL byte exits 2"
expect_empty "an 8-bit file with a NUL byte: nothing read" "$OUT"
expect_match "an 8-bit file with a NUL byte: not-text" "$ERR" '\[not-text\]$'

# --- too many diagnostics ----------------------------------------------------------------------
T="$WORK/many.reg"
{
    printf '%s\n' 'Windows Registry Editor Version 5.00' '' '[HKEY_CURRENT_USER\Software\T]'
    for i in $(seq 1 250); do printf '"v%d" = dword:00000001\n' "$i"; done
} >"$T"
track "$T"
rrun dump --format jsonl "$T"
expect_rc 2 "more than 200 diagnostics exits 2 (too-many-diagnostics is an error)"
expect_lines "200 diagnostics and one too-many-diagnostics" "$ERR" 201
expect_match "the 200th diagnostic is at line 203" "$ERR" "^$T:203:[0-9]+: warning: .+ \[space-around-equals\]\$"
if tail -n 1 "$ERR" | grep -Eq '^'"$T"'(:[0-9]+:[0-9]+)?: error: .+ \[too-many-diagnostics\]$'; then
    ok "the last line is the too-many-diagnostics error"
else
    not_ok "the last line is the too-many-diagnostics error"; tail -n 2 "$ERR" | sed 's/^/#   /'
fi
expect_lines "reading completes: all 250 values are dumped" "$OUT" 252
rrun dump -q --format jsonl "$T"
expect_rc 2 "-q with more than 200 warnings still exits 2"
expect_lines "-q with more than 200 warnings: only the too-many-diagnostics error" "$ERR" 1

# --- two files: each diagnostic names its file -------------------------------------------------
rrun dump "$SAMPLE" "$W" "$GUIDE"
expect_rc 2 "several files: exit 2 when one has an error"
if [ "$(grep -c "^$W:" "$ERR")" -eq 3 ] && [ "$(grep -c "^$GUIDE:" "$ERR")" -eq 4 ] && [ "$(wc -l <"$ERR")" -eq 7 ]; then
    ok "several files: each diagnostic starts with its own file's name"
else
    not_ok "several files: each diagnostic starts with its own file's name"; show_run
fi
if [ "$(head -n 3 "$ERR" | grep -c "^$W:")" -eq 3 ]; then
    ok "several files: diagnostics come in the order of the sources"
else
    not_ok "several files: diagnostics come in the order of the sources"; show_run
fi

# --- a read-only input --------------------------------------------------------------------------
cp "$GUIDE" "$WORK/ro.reg"
chmod 0444 "$WORK/ro.reg"
track "$WORK/ro.reg"
rrun dump -q "$WORK/ro.reg"
expect_rc 2 "a read-only input is read (same exit as the writable one)"
expect_nonempty "a read-only input is dumped" "$OUT"

# --- a source read through a pipe ------------------------------------------------------------
# Encoding detection must not depend on seeking: a REGEDIT4 (Windows-1252)
# file given as /dev/fd/N is read as Windows-1252, with no invalid-utf8.
printf 'REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\caf\xe9]\r\n"v"="\xe9"\r\n' >"$WORK/pipe4.reg"
run get <(cat "$WORK/pipe4.reg") "HKCU\\caf$(printf '\xc3\xa9')" v
expect_rc 0 "a REGEDIT4 file through a pipe: the key named in Windows-1252 is found"
printf '\xc3\xa9\n' >"$WORK/expected-pipe4"
if cmp -s "$OUT" "$WORK/expected-pipe4"; then
    ok "a REGEDIT4 file through a pipe: its Windows-1252 string is read"
else
    not_ok "a REGEDIT4 file through a pipe: its Windows-1252 string is read"; show_run
fi
expect_empty "a REGEDIT4 file through a pipe: no diagnostics" "$ERR"
rm -f "$WORK/pipe4.reg" "$WORK/expected-pipe4"

# --- every command left every input alone ----------------------------------------------------
# No file appeared beside the inputs (a temporary file, a backup...).
extra=""
for f in "$WORK"/* "$WORK"/.[!.]*; do
    [ -e "$f" ] || continue
    case ${f##*/} in stdout|stderr|expected|diags-expected|diags-actual|diags-actual.norm) continue ;; esac
    [ -n "${FP[$f]:-}" ] || extra="$extra ${f##*/}"
done
if [ -z "$extra" ]; then ok "no new files beside the inputs"; else not_ok "no new files beside the inputs:$extra"; fi
if [ "$(ls -A "$TESTDATA/sample")" = "$sample_listing" ]; then
    ok "no new files in testdata/sample"
else
    not_ok "no new files in testdata/sample"
fi

finish
