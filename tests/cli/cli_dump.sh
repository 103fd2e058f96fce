#!/bin/bash
# reglint dump: the merged view of .reg sources as .reg (UTF-16LE or UTF-8)
# or JSON Lines; --key; merging and deletion; reading the output back;
# unreadable sources.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# --- the shipped sample, default output ---------------------------------------
run dump "$SAMPLE"
expect_rc 0 "dump of the sample exits 0"
expect_empty "dump of the sample prints no diagnostics" "$ERR"
cp "$OUT" "$WORK/sample-dump.reg"
if [ "$(od -An -tx1 -N2 "$OUT" | tr -d ' ')" = "fffe" ]; then
    ok "default output starts with the UTF-16LE BOM ff fe"
else
    not_ok "default output starts with the UTF-16LE BOM ff fe (got $(od -An -tx1 -N4 "$OUT"))"
fi
if iconv -f UTF-16LE -t UTF-8 "$OUT" >"$WORK/sample-dump.u8" 2>/dev/null; then
    ok "default output is valid UTF-16LE"
else
    not_ok "default output is valid UTF-16LE"
fi
total=$(wc -l <"$WORK/sample-dump.u8")
crlf=$(grep -c $'\r$' "$WORK/sample-dump.u8")
if [ "$total" -gt 0 ] && [ "$total" -eq "$crlf" ]; then
    ok "every line of the default output ends with CRLF ($total lines)"
else
    not_ok "every line of the default output ends with CRLF ($crlf of $total)"
fi
if [ "$(tail -c 8 "$OUT" | od -An -tx1 | tr -d ' \n')" = "0d000a000d000a00" ]; then
    ok "default output ends with a blank line (CRLF CRLF)"
else
    not_ok "default output ends with a blank line (CRLF CRLF)"
fi

# The expected view of the sample: parents before children, subkeys in the
# order they were first created, root keys only when they hold values.
cat >"$WORK/sample-expected.txt" <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\SSL 2.0]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\SSL 2.0\Client]
"DisabledByDefault"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\SSL 3.0]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\SSL 3.0\Server]
"Enabled"=dword:00000000
"DisabledByDefault"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server]
"Enabled"=dword:00000000
"DisabledByDefault"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.1]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.1\Server]
"Enabled"=dword:00000000
"DisabledByDefault"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client]
"Enabled"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server]
"Enabled"=dword:00000001
"DisabledByDefault"=dword:00000000

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\ProductOptions]
"ProductType"="ServerNT"

[HKEY_LOCAL_MACHINE\SOFTWARE]

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft]

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework]

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework\v4.0.30319]
"SchUseStrongCrypto"=dword:00000001
"SystemDefaultTlsVersions"=dword:00000001

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT]

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]
"CurrentBuild"="9600"
"CurrentVersion"="6.3"
"EditionID"="ServerStandard"
"InstallationType"="Server"
"ProductName"="Windows Server 2012 R2 Standard"
"UBR"=dword:00004f6b

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node]

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft]

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\.NETFramework]

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319]
"SystemDefaultTlsVersions"=dword:00000001

END
expect_stdout_utf16 "dump of the sample is the expected UTF-16LE .reg" <"$WORK/sample-expected.txt"

run dump --encoding utf16 "$SAMPLE"
expect_rc 0 "dump --encoding utf16 exits 0"
_compare "dump --encoding utf16 is the default output" "$OUT" "$WORK/sample-dump.reg"

# --- --encoding utf8 ----------------------------------------------------------------
run dump --encoding utf8 "$SAMPLE"
expect_rc 0 "dump --encoding utf8 exits 0"
expect_empty "dump --encoding utf8 prints no diagnostics" "$ERR"
expect_stdout_crlf "dump --encoding utf8 is UTF-8, no BOM, CRLF" <"$WORK/sample-expected.txt"
cp "$OUT" "$WORK/sample-dump-u8.reg"

# On a terminal the default is UTF-8 (UTF-16 is unreadable there).
if command -v script >/dev/null 2>&1; then
    LAST_CMD="script -qec 'reglint dump SAMPLE' /dev/null"
    script -qec "'$REGLINT' dump '$SAMPLE'" /dev/null </dev/null >"$OUT" 2>"$ERR"
    RC=$?
    if [ "$(head -c 36 "$OUT")" = "Windows Registry Editor Version 5.00" ]; then
        ok "dump to a terminal defaults to UTF-8"
    else
        not_ok "dump to a terminal defaults to UTF-8"; show_run
    fi
else
    ok "# SKIP script(1) is not installed"
fi

# --- --format jsonl -----------------------------------------------------------------
cat >"$WORK/sample-expected.jsonl" <<'END'
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\SSL 2.0"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\SSL 2.0\\Client"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\SSL 2.0\\Client", "name": "DisabledByDefault", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\SSL 3.0"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\SSL 3.0\\Server"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\SSL 3.0\\Server", "name": "Enabled", "type": "REG_DWORD", "data": 0, "raw": "00000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\SSL 3.0\\Server", "name": "DisabledByDefault", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server", "name": "Enabled", "type": "REG_DWORD", "data": 0, "raw": "00000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server", "name": "DisabledByDefault", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.1"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.1\\Server"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.1\\Server", "name": "Enabled", "type": "REG_DWORD", "data": 0, "raw": "00000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.1\\Server", "name": "DisabledByDefault", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client", "name": "Enabled", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server", "name": "Enabled", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server", "name": "DisabledByDefault", "type": "REG_DWORD", "data": 0, "raw": "00000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions", "name": "ProductType", "type": "REG_SZ", "data": "ServerNT", "raw": "5300650072007600650072004e0054000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319", "name": "SchUseStrongCrypto", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319", "name": "SystemDefaultTlsVersions", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "name": "CurrentBuild", "type": "REG_SZ", "data": "9600", "raw": "39003600300030000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "name": "CurrentVersion", "type": "REG_SZ", "data": "6.3", "raw": "36002e0033000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "name": "EditionID", "type": "REG_SZ", "data": "ServerStandard", "raw": "5300650072007600650072005300740061006e0064006100720064000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "name": "InstallationType", "type": "REG_SZ", "data": "Server", "raw": "5300650072007600650072000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "name": "ProductName", "type": "REG_SZ", "data": "Windows Server 2012 R2 Standard", "raw": "570069006e0064006f007700730020005300650072007600650072002000320030003100320020005200320020005300740061006e0064006100720064000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "name": "UBR", "type": "REG_DWORD", "data": 20331, "raw": "6b4f0000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319", "name": "SystemDefaultTlsVersions", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
END
run dump --format jsonl "$SAMPLE"
expect_rc 0 "dump --format jsonl exits 0"
expect_empty "dump --format jsonl prints no diagnostics" "$ERR"
expect_stdout "dump --format jsonl of the sample: the exact expected lines" <"$WORK/sample-expected.jsonl"
if jq -c . <"$OUT" >"$WORK/got.jq" 2>/dev/null && jq -c . <"$WORK/sample-expected.jsonl" >"$WORK/exp.jq" && cmp -s "$WORK/got.jq" "$WORK/exp.jq"; then
    ok "dump --format jsonl of the sample: same JSON values and field order (jq -c)"
else
    not_ok "dump --format jsonl of the sample: same JSON values and field order (jq -c)"
    diff "$WORK/exp.jq" "$WORK/got.jq" 2>&1 | head -n 20 | sed 's/^/#   /'
fi
cp "$OUT" "$WORK/sample.jsonl"

# --- --key ----------------------------------------------------------------------------
TLS12='HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2'
run dump --encoding utf8 --key "$TLS12" "$SAMPLE"
expect_rc 0 "dump --key TLS 1.2 exits 0"
expect_stdout_crlf "dump --key writes that key and its subtree only" <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client]
"Enabled"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server]
"Enabled"=dword:00000001
"DisabledByDefault"=dword:00000000

END
cp "$OUT" "$WORK/tls12.reg"

run dump --encoding utf8 --key 'hklm\system\currentcontrolset\control\securityproviders\schannel\protocols\tls 1.2' "$SAMPLE"
expect_rc 0 "dump --key with an abbreviated, lower-case path exits 0"
_compare "dump --key matches the path case-insensitively" "$OUT" "$WORK/tls12.reg"

run dump --encoding utf8 --key 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\' "$SAMPLE"
_compare "dump --key accepts a trailing backslash" "$OUT" "$WORK/tls12.reg"

run dump --format jsonl --key "$TLS12" "$SAMPLE"
expect_rc 0 "dump --format jsonl --key exits 0"
expect_stdout "dump --format jsonl --key: the subtree's lines" <<'END'
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client", "name": "Enabled", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server", "name": "Enabled", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server", "name": "DisabledByDefault", "type": "REG_DWORD", "data": 0, "raw": "00000000"}
END

run dump --key 'HKLM\SOFTWARE\Policies\Microsoft' "$SAMPLE"
expect_rc 1 "dump --key of an absent key exits 1"
expect_empty "dump --key of an absent key prints nothing on stdout" "$OUT"
expect_nonempty "dump --key of an absent key says so on stderr" "$ERR"

run dump --key 'HKLM\SOFTWARE\Policies\Microsoft' --format jsonl "$SAMPLE"
expect_rc 1 "dump --format jsonl --key of an absent key exits 1"
expect_empty "dump --format jsonl --key of an absent key prints nothing on stdout" "$OUT"

# --- writing: escapes, types, wrapping ----------------------------------------------
types=$(mkreg types.reg <<'END'
Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\Software\Reglint Types]
@="default"
"Path"="C:\\Program Files\\\"Quoted\""
"Max"=dword:FFFFFFFF
"Blob"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,16,17,18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27,28,29,2a,2b,2c,2d,2e,2f,30,31,32,33,34,35,36,37,38,39,3a,3b
"Multi"=hex(7):61,00,6c,00,70,00,68,00,61,00,00,00,62,00,65,00,74,00,61,00,00,\
  00,00,00
"Q"=hex(b):00,00,00,00,01,00,00,00
"Odd"=hex(100):01,02
"Empty"=hex:
"NoNul"=hex(1):41,00
END
)
run dump --encoding utf8 "$types"
expect_rc 0 "dump of a file with every kind of data exits 0"
expect_empty "dump of a file with every kind of data prints no diagnostics" "$ERR"
expect_stdout_crlf "dump writes escapes, dword:%08x, hex(N) and regedit's wrapping" <<'END'
Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\Software]

[HKEY_CURRENT_USER\Software\Reglint Types]
@="default"
"Path"="C:\\Program Files\\\"Quoted\""
"Max"=dword:ffffffff
"Blob"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,\
  16,17,18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27,28,29,2a,2b,2c,2d,2e,\
  2f,30,31,32,33,34,35,36,37,38,39,3a,3b
"Multi"=hex(7):61,00,6c,00,70,00,68,00,61,00,00,00,62,00,65,00,74,00,61,00,00,\
  00,00,00
"Q"=hex(b):00,00,00,00,01,00,00,00
"Odd"=hex(100):01,02
"Empty"=hex:
"NoNul"=hex(1):41,00

END

run dump --format jsonl "$types"
expect_rc 0 "dump --format jsonl of every kind of data exits 0"
expect_stdout "dump --format jsonl: data per type, raw always" <<'END'
{"key": "HKEY_CURRENT_USER\\Software"}
{"key": "HKEY_CURRENT_USER\\Software\\Reglint Types"}
{"key": "HKEY_CURRENT_USER\\Software\\Reglint Types", "name": "", "type": "REG_SZ", "data": "default", "raw": "640065006600610075006c0074000000"}
{"key": "HKEY_CURRENT_USER\\Software\\Reglint Types", "name": "Path", "type": "REG_SZ", "data": "C:\\Program Files\\\"Quoted\"", "raw": "43003a005c00500072006f006700720061006d002000460069006c00650073005c002200510075006f0074006500640022000000"}
{"key": "HKEY_CURRENT_USER\\Software\\Reglint Types", "name": "Max", "type": "REG_DWORD", "data": 4294967295, "raw": "ffffffff"}
{"key": "HKEY_CURRENT_USER\\Software\\Reglint Types", "name": "Blob", "type": "REG_BINARY", "raw": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b"}
{"key": "HKEY_CURRENT_USER\\Software\\Reglint Types", "name": "Multi", "type": "REG_MULTI_SZ", "data": ["alpha", "beta"], "raw": "61006c007000680061000000620065007400610000000000"}
{"key": "HKEY_CURRENT_USER\\Software\\Reglint Types", "name": "Q", "type": "REG_QWORD", "data": 4294967296, "raw": "0000000001000000"}
{"key": "HKEY_CURRENT_USER\\Software\\Reglint Types", "name": "Odd", "type": "0x100", "raw": "0102"}
{"key": "HKEY_CURRENT_USER\\Software\\Reglint Types", "name": "Empty", "type": "REG_BINARY", "raw": ""}
{"key": "HKEY_CURRENT_USER\\Software\\Reglint Types", "name": "NoNul", "type": "REG_SZ", "data": "A", "raw": "4100"}
END
if jq -e . <"$OUT" >/dev/null 2>&1; then ok "dump --format jsonl output parses with jq"; else not_ok "dump --format jsonl output parses with jq"; fi

# --- REGEDIT4 input: ANSI hex(2) becomes UTF-16LE ---------------------------------------
r4=$(mkreg regedit4.reg <<'END'
REGEDIT4

[HKEY_CURRENT_USER\Software\Old]
"Path"=hex(2):25,54,4d,50,25,00
"Name"="Caf\xe9"
END
)
# "Café" in Windows-1252 (a REGEDIT4 file is ANSI).
sed -i 's/\\xe9/\xe9/' "$r4"
run dump --encoding utf8 "$r4"
expect_rc 0 "dump of a REGEDIT4 file exits 0"
expect_empty "dump of a REGEDIT4 file prints no diagnostics" "$ERR"
expect_stdout_crlf "REGEDIT4 hex(2) is converted to UTF-16LE and CP1252 strings are decoded" <<'END'
Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\Software]

[HKEY_CURRENT_USER\Software\Old]
"Path"=hex(2):25,00,54,00,4d,00,50,00,25,00,00,00
"Name"="Café"

END

# --- merging: later sources override, [-KEY] deletes --------------------------------------
mkreg a.reg >/dev/null <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Merge]
"First"="from a"
"Keep"=dword:00000001

[HKEY_LOCAL_MACHINE\SOFTWARE\Merge\Gone]
"x"=dword:00000002

[HKEY_LOCAL_MACHINE\SOFTWARE\Merge\Gone\Deeper]

[HKEY_LOCAL_MACHINE\SOFTWARE\Merge\Stays]
"y"=dword:00000003
"DropMe"="a"
END
mkreg b.reg >/dev/null <<'END'
Windows Registry Editor Version 5.00

[-HKEY_LOCAL_MACHINE\SOFTWARE\Merge\Gone]

[HKEY_LOCAL_MACHINE\SOFTWARE\MERGE]
"FIRST"="from b"
"New"=dword:0000000a

[HKEY_LOCAL_MACHINE\SOFTWARE\Merge\Stays]
"DropMe"=-
END

cat >"$WORK/merge-ab.txt" <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE]

[HKEY_LOCAL_MACHINE\SOFTWARE\Merge]
"First"="from b"
"Keep"=dword:00000001
"New"=dword:0000000a

[HKEY_LOCAL_MACHINE\SOFTWARE\Merge\Stays]
"y"=dword:00000003

END
run_in "$WORK" dump --encoding utf8 a.reg b.reg
expect_rc 0 "dump a.reg b.reg exits 0"
expect_empty "dump a.reg b.reg prints no diagnostics" "$ERR"
expect_stdout_crlf "b overrides a (first spelling and position kept), [-KEY] and =- delete from a" <"$WORK/merge-ab.txt"

run_in "$WORK" dump --encoding utf8 b.reg a.reg
expect_rc 0 "dump b.reg a.reg exits 0"
expect_stdout_crlf "in the other order a overrides b and the first spellings are b's" <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE]

[HKEY_LOCAL_MACHINE\SOFTWARE\MERGE]
"FIRST"="from a"
"New"=dword:0000000a
"Keep"=dword:00000001

[HKEY_LOCAL_MACHINE\SOFTWARE\MERGE\Stays]
"y"=dword:00000003
"DropMe"="a"

[HKEY_LOCAL_MACHINE\SOFTWARE\MERGE\Gone]
"x"=dword:00000002

[HKEY_LOCAL_MACHINE\SOFTWARE\MERGE\Gone\Deeper]

END

run_in "$WORK" dump --format jsonl a.reg b.reg
expect_rc 0 "dump --format jsonl a.reg b.reg exits 0"
expect_stdout "dump --format jsonl of the merge" <<'END'
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Merge"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Merge", "name": "First", "type": "REG_SZ", "data": "from b", "raw": "660072006f006d00200062000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Merge", "name": "Keep", "type": "REG_DWORD", "data": 1, "raw": "01000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Merge", "name": "New", "type": "REG_DWORD", "data": 10, "raw": "0a000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Merge\\Stays"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Merge\\Stays", "name": "y", "type": "REG_DWORD", "data": 3, "raw": "03000000"}
END

run_in "$WORK" dump --encoding utf8 a.reg a.reg
expect_rc 0 "the same source twice exits 0"
expect_stdout_crlf "the same source twice gives the same view as once" <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE]

[HKEY_LOCAL_MACHINE\SOFTWARE\Merge]
"First"="from a"
"Keep"=dword:00000001

[HKEY_LOCAL_MACHINE\SOFTWARE\Merge\Gone]
"x"=dword:00000002

[HKEY_LOCAL_MACHINE\SOFTWARE\Merge\Gone\Deeper]

[HKEY_LOCAL_MACHINE\SOFTWARE\Merge\Stays]
"y"=dword:00000003
"DropMe"="a"

END

run_in "$WORK" dump --encoding utf8 --key 'HKLM\SOFTWARE\Merge\Gone' a.reg b.reg
expect_rc 1 "dump --key of a key that the second source deleted exits 1"
expect_empty "... and prints nothing on stdout" "$OUT"

# --- reading the output back ------------------------------------------------------------
run dump "$WORK/sample-dump.reg"
expect_rc 0 "dump of the dump exits 0"
expect_empty "dump of the dump prints no diagnostics" "$ERR"
_compare "dump of the dump (UTF-16LE) is byte-identical" "$OUT" "$WORK/sample-dump.reg"

run dump --encoding utf8 "$WORK/sample-dump-u8.reg"
expect_rc 0 "dump of the UTF-8 dump exits 0"
expect_empty "dump of the UTF-8 dump prints no diagnostics" "$ERR"
_compare "dump of the UTF-8 dump is byte-identical" "$OUT" "$WORK/sample-dump-u8.reg"

run dump --format jsonl "$WORK/sample-dump.reg"
_compare "jsonl of the dump equals jsonl of the sample" "$OUT" "$WORK/sample.jsonl"

run dump --encoding utf8 "$types"
cp "$OUT" "$WORK/types-dump.reg"
run dump --encoding utf8 "$WORK/types-dump.reg"
expect_rc 0 "dump of the dump of every kind of data exits 0"
_compare "dump of the dump of every kind of data is byte-identical" "$OUT" "$WORK/types-dump.reg"

run dump "$GUIDE"
cp "$OUT" "$WORK/guide-dump.reg"
run dump "$WORK/guide-dump.reg"
expect_rc 0 "dump of the dump of the copied-from-guide sample exits 0"
expect_empty "the dump of a file with deviations is clean" "$ERR"
_compare "dump of the dump of the copied-from-guide sample is byte-identical" "$OUT" "$WORK/guide-dump.reg"

# --- unreadable sources ------------------------------------------------------------------
run_in "$WORK" dump --encoding utf8 a.reg missing.reg b.reg
expect_rc 2 "a missing source exits 2"
if [ "$(wc -l <"$ERR")" -eq 1 ] && grep -Eq '^missing\.reg: error: .*No such file or directory.* \[unreadable\]$' "$ERR"; then
    ok "a missing source: one line 'missing.reg: error: ... [unreadable]' on stderr"
else
    not_ok "a missing source: one line 'missing.reg: error: ... [unreadable]' on stderr"
    show_run
fi
expect_stdout_crlf "the other sources are still dumped" <"$WORK/merge-ab.txt"

mkdir "$WORK/adir"
run_in "$WORK" dump --encoding utf8 a.reg adir b.reg
expect_rc 2 "a directory as source exits 2"
expect_match "a directory as source: 'adir: error: ... [unreadable]'" "$ERR" '^adir: error: .* \[unreadable\]$'
expect_stdout_crlf "the other sources are still dumped beside a directory" <"$WORK/merge-ab.txt"

run_in "$WORK" dump --format jsonl missing.reg
expect_rc 2 "only a missing source exits 2"
expect_empty "only a missing source: no JSON Lines" "$OUT"

finish
