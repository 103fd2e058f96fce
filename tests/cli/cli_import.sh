#!/bin/bash
# reglint import: .reg files applied to a new or a base hive, read back with
# other tools (hivexget, hivexsh, hivexml, reglookup) and with reglint
# itself; exit codes; an existing OUT, the base and the inputs left alone.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

have() { command -v "$1" >/dev/null 2>&1; }

# fingerprints_of FILE...: one line per file, to compare before and after.
fingerprints_of() {
    local f
    for f in "$@"; do printf '%s %s\n' "$f" "$(fingerprint "$f")"; done
}

# --- usage -------------------------------------------------------------------------
run import --help
expect_rc 0 "import --help exits 0"
expect_match "import --help shows the usage" "$OUT" '^usage: reglint import --hive OUT'
expect_match "import --help explains --base" "$OUT" '--base HIVE'
run help import
expect_rc 0 "help import exits 0"
expect_match "help import shows the usage" "$OUT" '^usage: reglint import'
run --help
expect_match "reglint --help lists import" "$OUT" '^  import '

one=$(mkreg one.reg <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Reglint\Import]
"Str"="hello wörld"
"Dw"=dword:0000002a
"Bin"=hex:de,ad,be,ef
"Odd"=hex(100):01,02
"Empty"=hex:
"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00
"Q"=hex(b):01,00,00,00,00,00,00,00
@="default"

[HKEY_LOCAL_MACHINE\SOFTWARE\Reglint\Import\Sub]
"x"=dword:00000001
END
)

run_in "$WORK" import one.reg
expect_rc 2 "import without --hive exits 2"
expect_match "... and says --hive is missing" "$ERR" 'reglint import: no --hive OUT given'
run_in "$WORK" import --hive x.hiv
expect_rc 2 "import without a .reg file exits 2"
expect_match "... and says so" "$ERR" 'no FILE.reg given'
run_in "$WORK" import --hive x.hiv --bogus one.reg
expect_rc 2 "an unknown option exits 2"
expect_match "... and names it" "$ERR" "unknown option '--bogus'"
run_in "$WORK" import --hive x.hiv --prefix 'NOTAROOT\X' one.reg
expect_rc 2 "a --prefix that names no root exits 2"
expect_match "... and says why" "$ERR" "--prefix 'NOTAROOT.X'"
run_in "$WORK" import --hive x.hiv --base
expect_rc 2 "--base without a value exits 2"
if [ ! -e "$WORK/x.hiv" ]; then ok "usage errors write nothing"; else not_ok "usage errors write nothing"; fi

# --- a new hive ---------------------------------------------------------------------
before=$(fingerprints_of "$one")
run_in "$WORK" import --hive new.hiv one.reg
expect_rc 0 "import into a new hive exits 0"
expect_empty "import into a new hive prints nothing on stderr" "$ERR"
expect_empty "import prints nothing on stdout" "$OUT"
if [ "$(head -c 4 "$WORK/new.hiv")" = "regf" ]; then ok "the output is a regf hive"; else not_ok "the output is a regf hive"; fi
if [ "$(fingerprints_of "$one")" = "$before" ]; then ok "the .reg input is unchanged (sha256, mtime)"; else not_ok "the .reg input is unchanged (sha256, mtime)"; fi
if [ -z "$(find "$WORK" -name '.new.hiv.*')" ]; then ok "no temporary file is left beside the output"; else not_ok "no temporary file is left beside the output"; fi

if have hivexget; then
    LAST_CMD="hivexget new.hiv 'Reglint\\Import' Str"
    got=$(hivexget "$WORK/new.hiv" 'Reglint\Import' Str 2>"$ERR")
    if [ "$got" = "hello wörld" ]; then ok "hivexget reads the REG_SZ back"; else not_ok "hivexget reads the REG_SZ back (got '$got')"; show_run; fi
    got=$(hivexget "$WORK/new.hiv" 'Reglint\Import' Dw 2>"$ERR")
    if [ "$got" = "42" ]; then ok "hivexget reads the REG_DWORD back"; else not_ok "hivexget reads the REG_DWORD back (got '$got')"; fi
    hivexget "$WORK/new.hiv" 'Reglint\Import' >"$WORK/hivexget.txt" 2>"$ERR"
    expect_file "hivexget lists every value with its type and bytes" "$WORK/hivexget.txt" <<'END'
"Str"="hello wörld"
"Dw"=dword:0000002a
"Bin"=hex(3):de,ad,be,ef
"Odd"=hex(256):01,02
"Empty"=hex(3):
"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00
"Q"=hex(11):01,00,00,00,00,00,00,00
"@"="default"
END
else
    ok "# SKIP hivexget is not installed"
fi

if have reglookup; then
    LAST_CMD="reglookup -p /Reglint/Import new.hiv"
    reglookup -p /Reglint/Import "$WORK/new.hiv" >"$OUT" 2>"$ERR"
    RC=$?
    expect_rc 0 "reglookup -p reads the new hive"
    expect_match "reglookup sees the REG_DWORD" "$OUT" '^/Reglint/Import/Dw,DWORD,0x0000002[aA],$'
    expect_match "reglookup sees the REG_BINARY" "$OUT" '^/Reglint/Import/Bin,BINARY,%DE%AD%BE%EF,$'
    expect_match "reglookup sees the subkey's value" "$OUT" '^/Reglint/Import/Sub/x,DWORD,0x00000001,$'
    expect_match "reglookup sees the type 0x100" "$OUT" '^/Reglint/Import/Odd,0x00000100,'
else
    ok "# SKIP reglookup is not installed"
fi

if have hivexsh; then
    LAST_CMD="hivexsh new.hiv (cd Reglint\\Import; ls; lsval)"
    printf 'cd Reglint\\Import\nls\nlsval\n' | hivexsh "$WORK/new.hiv" >"$OUT" 2>"$ERR"
    RC=$?
    expect_rc 0 "hivexsh opens the new hive"
    expect_match "hivexsh lists the subkey" "$OUT" '^Sub$'
    expect_match "hivexsh lists a value" "$OUT" '^"Dw"=dword:0000002a$'
else
    ok "# SKIP hivexsh is not installed"
fi

if have hivexml; then
    LAST_CMD="hivexml new.hiv"
    hivexml "$WORK/new.hiv" >"$OUT" 2>"$ERR"
    RC=$?
    expect_rc 0 "hivexml reads the new hive"
    expect_match "hivexml shows the key" "$OUT" '<node name="Import">'
else
    ok "# SKIP hivexml is not installed"
fi

# reglint reads its own hive back as the same tree as the .reg file.
run dump --format jsonl "$one"
cp "$OUT" "$WORK/one.jsonl"
run dump --format jsonl "$WORK/new.hiv"
expect_rc 0 "reglint dump reads the new hive"
_compare "the hive holds exactly what the .reg file says" "$OUT" "$WORK/one.jsonl"

# --- an empty hive: every reader opens it ---------------------------------------------
mkreg header-only.reg >/dev/null <<'END'
Windows Registry Editor Version 5.00
END
run_in "$WORK" import --hive empty.hiv --prefix 'HKLM\SYSTEM' header-only.reg
expect_rc 0 "a .reg file without keys gives an empty hive"
if have hivexsh; then
    printf 'ls\n' | hivexsh "$WORK/empty.hiv" >"$OUT" 2>"$ERR"; RC=$?
    expect_rc 0 "hivexsh opens the empty hive"
    expect_empty "... and lists no key" "$OUT"
fi
if have hivexml; then
    hivexml "$WORK/empty.hiv" >"$OUT" 2>"$ERR"; RC=$?
    expect_rc 0 "hivexml reads the empty hive"
    expect_match "... a root node only" "$OUT" '<node name="ROOT" root="1">'
fi
if have reglookup; then
    reglookup "$WORK/empty.hiv" >"$OUT" 2>"$ERR"; RC=$?
    expect_rc 0 "reglookup reads the empty hive"
    expect_lines "... the header and the root key" "$OUT" 2
    expect_empty "... without complaint" "$ERR"
fi
run info "$WORK/empty.hiv"
expect_match "reglint sees the empty hive as a clean SYSTEM hive" "$OUT" 'hive SYSTEM, mounted at HKEY_LOCAL_MACHINE\\SYSTEM'

# --- an existing OUT -------------------------------------------------------------------
printf 'precious' >"$WORK/exists.hiv"
before=$(fingerprints_of "$WORK/exists.hiv")
run_in "$WORK" import --hive exists.hiv one.reg
expect_rc 2 "an existing OUT without --force exits 2"
expect_match "... and says --force replaces it" "$ERR" 'exists.hiv exists; give --force'
if [ "$(fingerprints_of "$WORK/exists.hiv")" = "$before" ]; then ok "... and leaves it as it was"; else not_ok "... and leaves it as it was"; fi
run_in "$WORK" import --hive exists.hiv --force one.reg
expect_rc 0 "--force replaces an existing OUT"
if [ "$(head -c 4 "$WORK/exists.hiv")" = "regf" ]; then ok "... with the new hive"; else not_ok "... with the new hive"; fi
mkdir "$WORK/adir"
run_in "$WORK" import --hive adir --force one.reg
expect_rc 2 "OUT a directory exits 2"

# --- errors: nothing is written ---------------------------------------------------------
mkreg mixed.reg >/dev/null <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\In]
"v"=dword:00000001

[HKEY_CURRENT_USER\Software\Out]
"w"=dword:00000001
END
run_in "$WORK" import --hive mixed.hiv mixed.reg
expect_rc 2 "a key outside the hive exits 2"
expect_stderr "... with an error on its line and what was not written" <<'END'
mixed.reg:6:1: error: HKEY_CURRENT_USER\Software\Out is outside the hive, whose root is HKEY_LOCAL_MACHINE\SOFTWARE; not applied [outside-prefix]
reglint: 1 error in the input; mixed.hiv is not written
END
if [ ! -e "$WORK/mixed.hiv" ]; then ok "... and writes nothing"; else not_ok "... and writes nothing"; fi

run_in "$WORK" import --hive mixed.hiv --prefix 'HKCU\Software' mixed.reg
expect_rc 2 "with --prefix HKCU\\Software the HKLM key is the one outside"
expect_match "... on line 3" "$ERR" '^mixed.reg:3:1: error: .* \[outside-prefix\]$'

mkreg spaced.reg >/dev/null <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\S]
"v" = dword:00000001
END
run_in "$WORK" import --hive spaced.hiv spaced.reg
expect_rc 0 "a warning alone does not stop the import"
expect_match "... and is printed" "$ERR" '\[space-around-equals\]$'
run_in "$WORK" import -q --hive spaced2.hiv spaced.reg
expect_rc 0 "-q: exit 0"
expect_empty "-q hides the warning" "$ERR"
run_in "$WORK" import --strict --hive spaced3.hiv spaced.reg
expect_rc 2 "--strict makes the warning an error: exit 2"
expect_match "... reported as an error" "$ERR" 'error: .* \[space-around-equals\]$'
if [ ! -e "$WORK/spaced3.hiv" ]; then ok "... and nothing is written"; else not_ok "... and nothing is written"; fi

run_in "$WORK" import --hive m.hiv one.reg missing.reg
expect_rc 2 "a missing .reg file exits 2"
expect_match "... says it is unreadable" "$ERR" '^missing.reg: error: .*\[unreadable\]$'
if [ ! -e "$WORK/m.hiv" ]; then ok "... and writes nothing"; else not_ok "... and writes nothing"; fi

run_in "$WORK" import --hive m.hiv --base one.reg one.reg
expect_rc 2 "a .reg file as --base exits 2"
expect_match "... it is not a hive" "$ERR" '^one.reg: .*error: .*\[not-hive\]$'

run_in "$WORK" import --hive no/such/dir/m.hiv one.reg
expect_rc 3 "an OUT that cannot be written exits 3"
expect_match "... and says why" "$ERR" '\[write-failed\]$'

# --- a base hive ------------------------------------------------------------------------
mkreg system.reg >/dev/null <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\Select]
"Current"=dword:00000002

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control]

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet002\Control\Lsa]
"Keep"=dword:00000001
"Drop"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet002\Control\Old]
END
run_in "$WORK" import --hive SYSTEM system.reg
expect_rc 0 "a SYSTEM hive is built"
tls=$(mkreg tls.reg <<'END'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server]
"Enabled"=dword:00000000

[HKEY_LOCAL_MACHINE\SYSTEM\CURRENTCONTROLSET\CONTROL\LSA]
"Drop"=-

[-HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Old]
END
)
inputs_before=$(fingerprints_of "$WORK/SYSTEM" "$tls")
run_in "$WORK" import --hive patched.hiv --base SYSTEM tls.reg
expect_rc 0 "import onto a base exits 0"
expect_empty "... without diagnostics" "$ERR"
if [ "$(fingerprints_of "$WORK/SYSTEM" "$tls")" = "$inputs_before" ]; then ok "the base and the .reg file are unchanged (sha256, mtime)"; else not_ok "the base and the .reg file are unchanged (sha256, mtime)"; fi
if have hivexget; then
    got=$(hivexget "$WORK/patched.hiv" 'ControlSet002\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server' Enabled 2>/dev/null)
    if [ "$got" = "0" ]; then ok "CurrentControlSet went into ControlSet002 (Select\\Current)"; else not_ok "CurrentControlSet went into ControlSet002 (got '$got')"; fi
    if ! hivexget "$WORK/patched.hiv" 'CurrentControlSet' >/dev/null 2>&1; then ok "no CurrentControlSet key is created"; else not_ok "no CurrentControlSet key is created"; fi
    hivexget "$WORK/patched.hiv" 'ControlSet002\Control\Lsa' >"$WORK/lsa.txt" 2>/dev/null
    expect_file "\"Drop\"=- deleted one value, kept the other (case-insensitive key match)" "$WORK/lsa.txt" <<'END'
"Keep"=dword:00000001
END
    if ! hivexget "$WORK/patched.hiv" 'ControlSet002\Control\Old' >/dev/null 2>&1; then ok "[-KEY] deleted the key"; else not_ok "[-KEY] deleted the key"; fi
    if hivexget "$WORK/SYSTEM" 'ControlSet002\Control\Old' >/dev/null 2>&1; then ok "... in the output only"; else not_ok "... in the output only"; fi
else
    ok "# SKIP hivexget is not installed"
fi
if have reglookup; then
    reglookup -p /ControlSet002/Control/Lsa "$WORK/patched.hiv" >"$OUT" 2>"$ERR"; RC=$?
    expect_rc 0 "reglookup -p reads the patched hive"
    expect_match "reglookup sees the kept value" "$OUT" '^/ControlSet002/Control/Lsa/Keep,DWORD,0x00000001,$'
    expect_no_match "reglookup does not see the deleted one" "$OUT" 'Drop'
fi

run_in "$WORK" import --hive SYSTEM --base SYSTEM --force tls.reg
expect_rc 2 "OUT the same file as --base exits 2, even with --force"
expect_match "... and says why" "$ERR" '^SYSTEM: error: .*\[same-file\]$'
ln "$WORK/SYSTEM" "$WORK/SYSTEM.link"
run_in "$WORK" import --hive SYSTEM.link --base SYSTEM --force tls.reg
expect_rc 2 "OUT a hard link to --base exits 2"
run_in "$WORK" import --hive tls.reg --base SYSTEM --force tls.reg
expect_rc 2 "OUT the same file as a .reg input exits 2"
if [ "$(fingerprints_of "$WORK/SYSTEM" "$tls")" = "$inputs_before" ]; then ok "... and both inputs are still unchanged"; else not_ok "... and both inputs are still unchanged"; fi

finish
