#!/usr/bin/env bash
# install.sh — `meson install` delivers what a packager and a C user need:
# the shared and static library, the public header, a pkg-config file, the
# reglint command and its man page; and a program built through pkg-config
# against the installed copy runs and reports the project's version.
# Usage: install.sh BUILD_DIR SANITIZE   (SANITIZE is b_sanitize, e.g. none)
set -u
build=$1
sanitize=${2:-none}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }

if ! meson install -C "$build" --destdir "$work/dest" --no-rebuild --quiet \
        >"$work/log" 2>&1; then
    not_ok "meson install succeeds"; sed 's/^/#   /' "$work/log"
    echo "$passed passed, $failed failed"; exit 1
fi
ok "meson install succeeds"

prefix=$(meson introspect "$build" --buildoptions |
    python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
root="$work/dest$prefix"
for want in 'bin/reglint' 'include/reglint.h' 'share/man/man1/reglint.1' \
            'share/man/man5/reglint-rules.5' 'share/reglint/reglint-check.schema.json'; do
    [ -e "$root/$want" ] && ok "installs $want" || not_ok "installs $want"
done
for pat in 'libreglint.so' 'libreglint.a' 'pkgconfig/libreglint.pc'; do
    found=$(find "$root" -path "*/$pat" | head -n 1)
    [ -n "$found" ] && ok "installs $pat" || not_ok "installs $pat"
done

pcdir=$(dirname "$(find "$root" -name libreglint.pc | head -n 1)")
libdir=$(dirname "$(find "$root" -name 'libreglint.so' | head -n 1)")
cat >"$work/client.c" <<'C'
#include <reglint.h>
#include <stdio.h>
int main(void)
{
    reglint_registry *reg = reglint_registry_new();
    static const char text[] = "Windows Registry Editor Version 5.00\r\n"
                               "[HKLM\\SOFTWARE\\T]\r\n\"v\"=dword:ffffffff\r\n";
    reglint_reg_read_buffer(reg, "mem", text, sizeof text - 1, NULL, NULL, NULL);
    const reglint_key *k = reglint_key_open(reg, "HKEY_LOCAL_MACHINE\\SOFTWARE\\T");
    unsigned v = 0;
    if (!k || reglint_value_get_dword(reglint_key_value(k, "v"), &v) != 0)
        return 1;
    printf("%s %u\n", reglint_version(), v);
    reglint_registry_free(reg);
    return 0;
}
C
san=()
[ "$sanitize" = none ] || san=("-fsanitize=$sanitize")
flags=$(PKG_CONFIG_PATH="$pcdir" pkg-config --define-variable=prefix="$root" \
    --cflags --libs libreglint)
# shellcheck disable=SC2086
if cc -std=c11 -Wall -Werror "${san[@]}" "$work/client.c" -o "$work/client" \
        $flags >"$work/cc.log" 2>&1; then
    ok "a client builds with pkg-config --cflags --libs libreglint"
else
    not_ok "a client builds with pkg-config --cflags --libs libreglint"
    sed 's/^/#   /' "$work/cc.log"
fi
version=$(sed -n "s/^ *version *: *'\([^']*\)'.*/\1/p" "${SRCDIR:-.}/meson.build" | head -n 1)
got=$(LD_LIBRARY_PATH="$libdir" ASAN_OPTIONS=detect_leaks=0 "$work/client" 2>&1)
[ "$got" = "$version 4294967295" ] && ok "the client runs against the installed library" ||
    { not_ok "the client runs against the installed library"; echo "#   got: $got, want: $version 4294967295"; }
got=$(LD_LIBRARY_PATH="$libdir" "$root/bin/reglint" --version 2>&1)
[ "$got" = "reglint $version" ] && ok "the installed reglint runs" ||
    { not_ok "the installed reglint runs"; echo "#   got: $got"; }

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
