#!/bin/bash
# reglint get: one value's data, a key listing like `reg query`, jsonl,
# absent keys and values, root spellings, the default value.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

data=$(mkreg get.reg <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Reglint Test]
@="default text"
"Max"=dword:ffffffff
"Zero"=dword:00000000
"Str"="C:\\Program Files\\\"Quoted\""
"Multi"=hex(7):61,00,6c,00,70,00,68,00,61,00,00,00,62,00,65,00,74,00,61,00,00,\
  00,00,00
"Bin"=hex:de,ad,be,ef
"Expand"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,\
  00,25,00,00,00

[HKEY_LOCAL_MACHINE\SOFTWARE\Reglint Test\Sub One]
"Enabled"=dword:00000001

[HKEY_LOCAL_MACHINE\SOFTWARE\Reglint Test\Types]
"Q"=hex(b):00,00,00,00,01,00,00,00
"BigEndian"=hex(5):00,00,01,00
"Odd"=hex(100):01,02
"Empty"=hex:
"EmptyStr"=""

[HKEY_CURRENT_USER\Software\Test]
"v"="from HKCU"
END
)
KEY='HKEY_LOCAL_MACHINE\SOFTWARE\Reglint Test'

# --- one value, text --------------------------------------------------------------
get_value() { # DESC EXPECTED ARGS...
    local desc=$1 expected=$2; shift 2
    run get "$@"
    if [ "$RC" -eq 0 ] && [ ! -s "$ERR" ] && [ "$(cat "$OUT"; echo x)" = "$expected"$'\n'x ]; then
        ok "$desc"
    else
        not_ok "$desc"
        diag "expected stdout: $(printf '%s\n' "$expected" | cat -A)"
        show_run
    fi
}
get_value "DWORD 0xffffffff is 4294967295 (unsigned decimal)" 4294967295 "$data" "$KEY" Max
get_value "DWORD 0 is 0" 0 "$data" "$KEY" Zero
get_value "REG_SZ is the string, escapes undone" 'C:\Program Files\"Quoted"' "$data" "$KEY" Str
get_value "REG_MULTI_SZ is one string per line" $'alpha\nbeta' "$data" "$KEY" Multi
get_value "REG_BINARY is lower-case hex without separators" deadbeef "$data" "$KEY" Bin
get_value "REG_EXPAND_SZ is the string, not expanded" '%SystemRoot%' "$data" "$KEY" Expand
get_value "REG_QWORD is unsigned decimal" 4294967296 "$data" "$KEY\\Types" Q
get_value "REG_DWORD_BIG_ENDIAN is decimal" 256 "$data" "$KEY\\Types" BigEndian
get_value "another type (0x100) is lower-case hex" 0102 "$data" "$KEY\\Types" Odd
get_value "empty binary data is an empty line" '' "$data" "$KEY\\Types" Empty
get_value "an empty string is an empty line" '' "$data" "$KEY\\Types" EmptyStr
get_value "@ is the default value" 'default text' "$data" "$KEY" @
get_value "an empty VALUE is the default value" 'default text' "$data" "$KEY" ''
get_value "a DWORD in a subkey" 1 "$data" "$KEY\\Sub One" Enabled

# --- root spellings and case ---------------------------------------------------------
get_value "HKLM abbreviation" 4294967295 "$data" 'HKLM\SOFTWARE\Reglint Test' Max
get_value "lower-case path and value name" 4294967295 "$data" 'hklm\software\reglint test' max
get_value "lower-case full root name" 4294967295 "$data" 'hkey_local_machine\SOFTWARE\REGLINT TEST' MAX
get_value "HKCU abbreviation" 'from HKCU' "$data" 'HKCU\Software\Test' v
get_value "a trailing backslash on KEY" 4294967295 "$data" 'HKLM\SOFTWARE\Reglint Test\' Max

# A source whose name looks like a root is given as ./NAME.
cp "$data" "$WORK/HKLM"
run_in "$WORK" get ./HKLM 'HKLM\SOFTWARE\Reglint Test' Max
expect_rc 0 "a source named HKLM given as ./HKLM exits 0"
expect_stdout "a source named HKLM given as ./HKLM is read as a source" <<'END'
4294967295
END

# --- key listing (like reg query) -----------------------------------------------------
run get "$data" "$KEY"
expect_rc 0 "get KEY without VALUE exits 0"
expect_empty "get KEY without VALUE prints no diagnostics" "$ERR"
expect_stdout "get KEY lists path, values (DWORD as 0x%x, MULTI_SZ joined with \\0), subkeys" <<'END'
HKEY_LOCAL_MACHINE\SOFTWARE\Reglint Test
    (Default)    REG_SZ    default text
    Max    REG_DWORD    0xffffffff
    Zero    REG_DWORD    0x0
    Str    REG_SZ    C:\Program Files\"Quoted"
    Multi    REG_MULTI_SZ    alpha\0beta
    Bin    REG_BINARY    deadbeef
    Expand    REG_EXPAND_SZ    %SystemRoot%

HKEY_LOCAL_MACHINE\SOFTWARE\Reglint Test\Sub One
HKEY_LOCAL_MACHINE\SOFTWARE\Reglint Test\Types
END
cp "$OUT" "$WORK/listing"

run get "$data" 'hklm\software\reglint test'
expect_rc 0 "get with a lower-case abbreviated KEY exits 0"
_compare "the listing shows the first spelling, whatever the query's case" "$OUT" "$WORK/listing"

run get "$data" 'HKLM\SOFTWARE'
expect_rc 0 "get of a key with no values exits 0"
expect_stdout "a key with no values: its path, a blank line, its subkeys" <<'END'
HKEY_LOCAL_MACHINE\SOFTWARE

HKEY_LOCAL_MACHINE\SOFTWARE\Reglint Test
END

# --- jsonl ---------------------------------------------------------------------------------
run get --format jsonl "$data" "$KEY" Max
expect_rc 0 "get --format jsonl KEY VALUE exits 0"
expect_stdout "get --format jsonl KEY VALUE is the value's line" <<'END'
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Reglint Test", "name": "Max", "type": "REG_DWORD", "data": 4294967295, "raw": "ffffffff"}
END

run get --format jsonl "$data" "$KEY\\Types"
expect_rc 0 "get --format jsonl KEY exits 0"
expect_stdout "get --format jsonl KEY is the key line and its values' lines" <<'END'
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Reglint Test\\Types"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Reglint Test\\Types", "name": "Q", "type": "REG_QWORD", "data": 4294967296, "raw": "0000000001000000"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Reglint Test\\Types", "name": "BigEndian", "type": "REG_DWORD_BIG_ENDIAN", "data": 256, "raw": "00000100"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Reglint Test\\Types", "name": "Odd", "type": "0x100", "raw": "0102"}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Reglint Test\\Types", "name": "Empty", "type": "REG_BINARY", "raw": ""}
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Reglint Test\\Types", "name": "EmptyStr", "type": "REG_SZ", "data": "", "raw": "0000"}
END

run get --format jsonl "$data" 'hklm\software\reglint test' @
expect_rc 0 "get --format jsonl of the default value exits 0"
expect_stdout "the default value's name is \"\" in jsonl" <<'END'
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Reglint Test", "name": "", "type": "REG_SZ", "data": "default text", "raw": "640065006600610075006c007400200074006500780074000000"}
END

run get --format jsonl "$data" "$KEY" Multi
expect_stdout "MULTI_SZ in jsonl is an array" <<'END'
{"key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Reglint Test", "name": "Multi", "type": "REG_MULTI_SZ", "data": ["alpha", "beta"], "raw": "61006c007000680061000000620065007400610000000000"}
END

# --- absent keys and values -------------------------------------------------------------
run get "$data" 'HKLM\SOFTWARE\Reglint Test\Nope'
expect_rc 1 "an absent key exits 1"
expect_empty "an absent key prints nothing on stdout" "$OUT"
expect_match "an absent key: 'reglint: KEY: no such key' on stderr" "$ERR" '^reglint: .*Reglint Test\\Nope: no such key$'

run get "$data" 'HKLM\SOFTWARE\Reglint Test\Nope' Max
expect_rc 1 "a value of an absent key exits 1"
expect_match "a value of an absent key: 'no such key'" "$ERR" '^reglint: .*Nope: no such key$'

run get "$data" "$KEY" Missing
expect_rc 1 "an absent value exits 1"
expect_empty "an absent value prints nothing on stdout" "$OUT"
expect_match "an absent value: '...: no such value' on stderr" "$ERR" '^reglint: .*Missing: no such value$'

run get --format jsonl "$data" "$KEY" Missing
expect_rc 1 "an absent value in jsonl exits 1"
expect_empty "an absent value in jsonl prints nothing on stdout" "$OUT"

run get "$data" "$KEY\\Sub One" @
expect_rc 1 "an absent default value exits 1"
expect_match "an absent default value: 'no such value'" "$ERR" 'no such value$'

run get "$data" 'HKEY_USERS\.DEFAULT'
expect_rc 1 "a key under a root that no source has exits 1"

# --- the shipped sample: TLS 1.2 Client DisabledByDefault is not set --------------------
CLIENT='HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client'
get_value "sample: TLS 1.2 Client Enabled is 1" 1 "$SAMPLE" "$CLIENT" Enabled
run get "$SAMPLE" "$CLIENT" DisabledByDefault
expect_rc 1 "sample: TLS 1.2 Client DisabledByDefault is absent (exit 1)"
get_value "sample: ProductName" 'Windows Server 2012 R2 Standard' "$SAMPLE" 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' ProductName
run get "$SAMPLE" 'HKLM\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319'
expect_rc 0 "sample: listing of the WOW6432Node .NET key exits 0"
expect_stdout "sample: WOW6432Node .NET key has no SchUseStrongCrypto (no subkeys: no blank line)" <<'END'
HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319
    SystemDefaultTlsVersions    REG_DWORD    0x1
END

# --- several sources: the later overrides ------------------------------------------------
over=$(mkreg over.reg <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Reglint Test]
"MAX"=dword:00000007
END
)
get_value "a later source overrides an earlier one" 7 "$data" "$over" "$KEY" Max
get_value "an earlier source is overridden, not the other way round" 4294967295 "$over" "$data" "$KEY" Max

# --- diagnostics do not go to stdout -----------------------------------------------------
run get "$GUIDE" 'HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319' SchUseStrongCrypto
expect_rc 2 "get on a source with an error diagnostic exits 2"
expect_stdout "get still prints what could be read" <<'END'
1
END
expect_match "the diagnostics are on stderr" "$ERR" '\[unquoted-name\]$'

run get -q "$GUIDE" 'HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319' SystemDefaultTlsVersions
expect_rc 2 "get -q on a source with an error still exits 2"
expect_stdout "get -q prints the value" <<'END'
1
END
expect_no_match "get -q hides the warnings" "$ERR" 'warning:'

run get "$data" "$WORK/absent.reg" "$KEY" Max
expect_rc 2 "get with an unreadable source exits 2"
expect_stdout "get with an unreadable source still answers from the others" <<'END'
4294967295
END
expect_match "get with an unreadable source names it" "$ERR" 'absent\.reg: error: .*\[unreadable\]$'

finish
