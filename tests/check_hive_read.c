/*
** check_hive_read.c — unit tests of hives as sources and of the view
** (lib/source_hive.c, lib/hive_header.c, lib/view.c): recognising and
** mounting hives, raw values, CurrentControlSet in every direction,
** layering with .reg files, scopes, origins, dirty and damaged hives, and
** that evidence files are left exactly as they were.
**
** Hives are built by the project's own import (a .reg text through
** reglint_hive_import); damage is then made by patching bytes.
*/
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "reglint.h"
#include "test_regf.h"
#include "test_tmpdir.h"

static void setup_dir(void) { tmpdir_make("check-hive"); }
static void teardown_dir(void) { tmpdir_remove(); }

/* Patch a dword of the base block of a copy, keeping the checksum right
** unless told otherwise. */
static void patch_header(const char *in, const char *out, size_t off,
                         uint32_t v, int keep_checksum)
{
    size_t len;
    uint8_t *b = slurp(in, &len);
    put_le32(b + off, v);
    if (keep_checksum)
        fix_checksum(b);
    write_file(out, b, len);
    free(b);
}

typedef struct loaded {
    reglint_view *v;
    reglint_diags *d;
} loaded;

/* Add the sources (NULL-terminated; "MOUNT=path" mounts) and load all. */
static loaded load_scope(const reglint_scope *scope, const char *first, ...)
{
    loaded L;
    L.v = reglint_view_new(NULL);
    L.d = reglint_diags_new();
    ck_assert_ptr_nonnull(L.v);
    va_list ap;
    va_start(ap, first);
    for (const char *p = first; p; p = va_arg(ap, const char *)) {
        const char *eq = strchr(p, '=');
        if (eq) {
            char mount[256];
            snprintf(mount, sizeof mount, "%.*s", (int)(eq - p), p);
            reglint_view_add(L.v, eq + 1, mount, L.d);
        } else {
            reglint_view_add(L.v, p, NULL, L.d);
        }
    }
    va_end(ap);
    ck_assert_int_eq(reglint_view_load(L.v, scope, L.d), 0);
    return L;
}

#define load(...) load_scope(NULL, __VA_ARGS__, (const char *)NULL)

static void unload(loaded *L)
{
    reglint_view_free(L->v);
    reglint_diags_free(L->d);
}

static size_t count_code(const reglint_diags *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < reglint_diags_count(d); i++)
        if (strcmp(reglint_diags_at(d, i)->code, code) == 0)
            n++;
    return n;
}

static const reglint_value *value_at(const loaded *L, const char *key,
                                     const char *name)
{
    reglint_key *k = reglint_view_key_open(L->v, key);
    ck_assert_msg(k != NULL, "key %s absent", key);
    const reglint_value *val = reglint_key_value(k, name);
    ck_assert_msg(val != NULL, "value %s\\%s absent", key, name);
    return val;
}

static uint32_t dword_at(const loaded *L, const char *key, const char *name)
{
    uint32_t d;
    ck_assert_int_eq(reglint_value_get_dword(value_at(L, key, name), &d), 0);
    return d;
}

#define SYSTEM_2 \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n" \
    "\"Current\"=dword:00000002\n\"Default\"=dword:00000002\n\n" \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\X]\n" \
    "\"v\"=dword:00000001\n\n" \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\X]\n" \
    "\"v\"=dword:00000002\n\n"

/* ---------------------------------------------------------------- */
/* Values and types                                                   */
/* ---------------------------------------------------------------- */

START_TEST(test_raw_values)
{
    const char *h = tpath("SOFTWARE");
    build_hive(h, "HKLM\\SOFTWARE",
               "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\T]\n"
               "\"all\"=dword:ffffffff\n"
               "\"q\"=hex(b):ff,ff,ff,ff,ff,ff,ff,ff\n"
               "\"odd\"=hex(100):01,02,03\n"
               "\"empty\"=hex:\n"
               "\"s\"=\"caf\xc3\xa9\"\n");
    loaded L = load(h);
    const char *k = "HKLM\\SOFTWARE\\Microsoft\\T";
    ck_assert_uint_eq(dword_at(&L, k, "all"), 4294967295u);
    const reglint_value *q = value_at(&L, k, "q");
    ck_assert_uint_eq(reglint_value_type(q), REGLINT_REG_QWORD);
    uint64_t qv;
    ck_assert_int_eq(reglint_value_get_qword(q, &qv), 0);
    ck_assert(qv == UINT64_MAX);
    const reglint_value *odd = value_at(&L, k, "odd");
    ck_assert_uint_eq(reglint_value_type(odd), 0x100);
    size_t n;
    const uint8_t *p = reglint_value_data(odd, &n);
    ck_assert_uint_eq(n, 3);
    ck_assert(p[0] == 1 && p[1] == 2 && p[2] == 3);
    reglint_value_data(value_at(&L, k, "empty"), &n);
    ck_assert_uint_eq(n, 0);
    char *s = reglint_value_get_string(value_at(&L, k, "s"));
    ck_assert_str_eq(s, "caf\xc3\xa9");
    free(s);
    unload(&L);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Recognising and mounting                                           */
/* ---------------------------------------------------------------- */

START_TEST(test_types_and_mounts)
{
    const char *sys = tpath("sys.hiv"), *soft = tpath("soft.hiv");
    build_hive(sys, "HKLM\\SYSTEM", SYSTEM_2);
    build_hive(soft, "HKLM\\SOFTWARE",
               "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\A]\n\"v\"=\"1\"\n");
    loaded L = load(soft, sys);
    const reglint_source_info *a = reglint_view_source(L.v, 0);
    const reglint_source_info *b = reglint_view_source(L.v, 1);
    ck_assert_int_eq(a->kind, REGLINT_SOURCE_HIVE);
    ck_assert_int_eq(a->hive_type, REGLINT_HIVE_SOFTWARE);
    ck_assert_str_eq(a->mount, "HKEY_LOCAL_MACHINE\\SOFTWARE");
    ck_assert_int_eq(b->hive_type, REGLINT_HIVE_SYSTEM);
    ck_assert_str_eq(b->mount, "HKEY_LOCAL_MACHINE\\SYSTEM");
    ck_assert_ptr_nonnull(reglint_view_key_open(L.v,
                                                "hklm\\software\\microsoft\\a"));
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SYSTEM\\ControlSet001\\Control\\X",
                               "v"), 1);
    unload(&L);
}
END_TEST

START_TEST(test_mount_override)
{
    const char *soft = tpath("soft2.hiv");
    build_hive(soft, "HKLM\\SOFTWARE",
               "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\A]\n\"v\"=\"1\"\n");
    char arg[300];
    snprintf(arg, sizeof arg, "HKU\\S-1-5-18\\Software=%s", soft);
    loaded L = load(arg);
    ck_assert_str_eq(reglint_view_source(L.v, 0)->mount,
                     "HKEY_USERS\\S-1-5-18\\Software");
    ck_assert_ptr_nonnull(reglint_view_key_open(
        L.v, "HKEY_USERS\\S-1-5-18\\Software\\Microsoft\\A"));
    ck_assert_ptr_null(reglint_view_key_open(L.v, "HKLM\\SOFTWARE"));
    unload(&L);
}
END_TEST

/* Give a copy of a hive another file name in its header. */
static void rename_header(const char *in, const char *out, const char *name)
{
    size_t len;
    uint8_t *b = slurp(in, &len);
    memset(b + 0x30, 0, 64);
    /* Windows keeps the last 31 characters of the path. */
    size_t n = strlen(name);
    const char *tail = n > 31 ? name + n - 31 : name;
    for (size_t i = 0; tail[i]; i++)
        b[0x30 + 2 * i] = (uint8_t)tail[i];
    fix_checksum(b);
    write_file(out, b, len);
    free(b);
}

START_TEST(test_default_by_header)
{
    /* DEFAULT and NTUSER.DAT hold the same keys; the header tells. */
    const char *h = tpath("user.hiv");
    build_hive(h, "HKU\\S-1-5-21-7",
               "[HKEY_USERS\\S-1-5-21-7\\Software\\Microsoft]\n\n"
               "[HKEY_USERS\\S-1-5-21-7\\Control Panel\\Desktop]\n"
               "\"Wallpaper\"=\"\"\n");
    rename_header(h, tpath("nt"), "\\??\\C:\\Users\\x\\ntuser.dat");
    rename_header(h, tpath("def"), "\\SystemRoot\\System32\\Config\\DEFAULT");
    loaded L = load(tpath("nt"), tpath("def"));
    ck_assert_int_eq(reglint_view_source(L.v, 0)->hive_type,
                     REGLINT_HIVE_NTUSER);
    ck_assert_str_eq(reglint_view_source(L.v, 0)->mount, "HKEY_CURRENT_USER");
    ck_assert_int_eq(reglint_view_source(L.v, 1)->hive_type,
                     REGLINT_HIVE_DEFAULT);
    ck_assert_str_eq(reglint_view_source(L.v, 1)->mount,
                     "HKEY_USERS\\.DEFAULT");
    ck_assert_ptr_nonnull(reglint_view_key_open(
        L.v, "HKU\\.DEFAULT\\Control Panel\\Desktop"));
    unload(&L);
}
END_TEST

START_TEST(test_unknown_type)
{
    const char *h = tpath("odd.dat");
    build_hive(h, "HKLM\\ODD", "[HKEY_LOCAL_MACHINE\\ODD\\Thing]\n\"v\"=\"1\"\n");
    loaded L = load(h);
    ck_assert_int_eq(reglint_view_source(L.v, 0)->hive_type,
                     REGLINT_HIVE_UNKNOWN);
    ck_assert_uint_eq(count_code(L.d, "hive-type-unknown"), 1);
    ck_assert_ptr_nonnull(
        reglint_view_key_open(L.v, "HKLM\\odd_dat\\Thing"));
    unload(&L);
}
END_TEST

/* ---------------------------------------------------------------- */
/* CurrentControlSet                                                  */
/* ---------------------------------------------------------------- */

START_TEST(test_ccs_from_select)
{
    const char *h = tpath("SYSTEM");
    build_hive(h, "HKLM\\SYSTEM", SYSTEM_2);
    loaded L = load(h);
    ck_assert_uint_eq(reglint_view_control_set(L.v), 2);
    ck_assert_str_eq(reglint_view_source(L.v, 0)->control_set_from,
                     "Current");
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", "v"), 2);
    ck_assert_uint_eq(
        dword_at(&L, "hkey_local_machine\\system\\currentcontrolset\\"
                     "control\\x", "v"), 2);
    /* The real name is what the key reports. */
    char *p = reglint_key_path(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X"));
    ck_assert_str_eq(p, "HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\X");
    free(p);
    ck_assert_uint_eq(count_code(L.d, "control-set"), 0);
    unload(&L);
}
END_TEST

START_TEST(test_ccs_any_number)
{
    const char *h = tpath("SYSTEM12");
    build_hive(h, "HKLM\\SYSTEM",
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:0000000c\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\X]\n\"v\"=dword:00000001\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet012\\Control\\X]\n\"v\"=dword:0000000c\n\n");
    loaded L = load(h);
    ck_assert_uint_eq(reglint_view_control_set(L.v), 12);
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", "v"), 12);
    unload(&L);
}
END_TEST

START_TEST(test_ccs_fallback_default)
{
    const char *h = tpath("SYSTEMd");
    build_hive(h, "HKLM\\SYSTEM",
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000005\n"
               "\"Default\"=dword:00000002\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\X]\n\"v\"=dword:00000001\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\X]\n\"v\"=dword:00000002\n\n");
    loaded L = load(h);
    ck_assert_uint_eq(reglint_view_control_set(L.v), 2);
    ck_assert_str_eq(reglint_view_source(L.v, 0)->control_set_from,
                     "Default");
    ck_assert_uint_eq(count_code(L.d, "control-set"), 1);
    unload(&L);
}
END_TEST

START_TEST(test_ccs_fallback_lowest)
{
    const char *h = tpath("SYSTEMl");
    build_hive(h, "HKLM\\SYSTEM",
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=\"2\"\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet007\\Control\\X]\n\"v\"=dword:00000007\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet003\\Control\\X]\n\"v\"=dword:00000003\n\n");
    loaded L = load(h);
    ck_assert_uint_eq(reglint_view_control_set(L.v), 3);
    ck_assert_str_eq(reglint_view_source(L.v, 0)->control_set_from, "lowest");
    ck_assert_uint_eq(count_code(L.d, "control-set"), 1);
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", "v"), 3);
    unload(&L);
}
END_TEST

START_TEST(test_ccs_reg_literal)
{
    /* A .reg export alone: CurrentControlSet stays literal, and a query
    ** for ControlSet001 finds it too (nothing says which one is current). */
    const char *r = write_reg(
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\X]\n"
        "\"v\"=dword:00000009\n");
    loaded L = load(r);
    ck_assert_uint_eq(reglint_view_control_set(L.v), 0);
    ck_assert_ptr_nonnull(reglint_key_open(reglint_view_registry(L.v),
        "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X"));
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\ControlSet001\\Control\\X", "v"), 9);
    unload(&L);

    /* An export with Select: CurrentControlSet finds ControlSet002. */
    r = write_reg("[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n"
                  "\"Current\"=dword:00000002\n\n"
                  "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\X]\n"
                  "\"v\"=dword:00000005\n");
    L = load(r);
    ck_assert_uint_eq(reglint_view_control_set(L.v), 2);
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", "v"), 5);
    ck_assert_ptr_null(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\ControlSet001\\Control\\X"));
    unload(&L);

    /* A later .reg's CurrentControlSet changes the export's current set,
    ** as importing both on the machine would. */
    const char *later = write_reg(
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\X]\n"
        "\"v\"=dword:00000007\n");
    L = load(r, later);
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\ControlSet002\\Control\\X", "v"), 7);
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", "v"), 7);
    ck_assert_ptr_null(reglint_key_open(reglint_view_registry(L.v),
                                        "HKLM\\SYSTEM\\CurrentControlSet"));
    unload(&L);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Layering                                                           */
/* ---------------------------------------------------------------- */

START_TEST(test_reg_over_hive)
{
    const char *h = tpath("SYSTEMo");
    build_hive(h, "HKLM\\SYSTEM", SYSTEM_2);
    const char *r = write_reg(
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\X]\n"
        "\"v\"=dword:00000063\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\New]\n"
        "\"n\"=dword:00000001\n");
    /* Later overrides earlier, through the control set link. */
    loaded L = load(h, r);
    const reglint_value *v =
        value_at(&L, "HKLM\\SYSTEM\\ControlSet002\\Control\\X", "v");
    uint32_t d;
    reglint_value_get_dword(v, &d);
    ck_assert_uint_eq(d, 0x63);
    ck_assert_uint_eq(reglint_value_origin(v).source, 2);
    ck_assert_uint_eq(reglint_value_origin(v).line, 4);
    ck_assert_ptr_nonnull(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\ControlSet002\\Control\\New"));
    /* No literal CurrentControlSet key was made beside the real ones. */
    ck_assert_ptr_null(reglint_key_open(reglint_view_registry(L.v),
                                        "HKLM\\SYSTEM\\CurrentControlSet"));
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\ControlSet001\\Control\\X", "v"), 1);
    unload(&L);

    /* The other order: the hive wins. */
    L = load(r, h);
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", "v"), 2);
    unload(&L);

    /* A later .reg deletes a hive's key. */
    const char *del = write_reg(
        "[-HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\X]\n");
    L = load(h, del);
    ck_assert_ptr_null(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X"));
    ck_assert_ptr_nonnull(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\ControlSet001\\Control\\X"));
    unload(&L);
}
END_TEST

START_TEST(test_bad_source_keeps_others)
{
    const char *r = write_reg("[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"v\"=dword:00000001\n");
    const char *junk = tpath("junk.hiv");
    char bytes[5000];
    memset(bytes, 0, sizeof bytes);
    memcpy(bytes, "regf", 4);
    write_file(junk, bytes, sizeof bytes);
    loaded L = load(tpath("missing.reg"), junk, r);
    ck_assert_int_eq(reglint_view_source(L.v, 0)->failed, 1);
    ck_assert_int_eq(reglint_view_source(L.v, 1)->failed, 1);
    ck_assert_int_eq(reglint_view_source(L.v, 2)->failed, 0);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SOFTWARE\\A", "v"), 1);
    unload(&L);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Scopes and origins                                                 */
/* ---------------------------------------------------------------- */

START_TEST(test_scope)
{
    const char *h = tpath("SYSTEMs");
    build_hive(h, "HKLM\\SYSTEM", SYSTEM_2
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\X\\Deep]\n"
               "\"d\"=dword:00000001\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Services\\S]\n"
               "\"s\"=dword:00000001\n\n");
    reglint_scope *s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM\\SYSTEM\\CurrentControlSet\\"
                                          "Control\\X", 0), 0);
    loaded L = load_scope(s, h, (const char *)NULL);
    reglint_scope_free(s);
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", "v"), 2);
    ck_assert_ptr_null(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X\\Deep"));
    ck_assert_ptr_null(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\ControlSet002\\Services"));
    ck_assert_ptr_null(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\ControlSet001"));
    unload(&L);

    /* A scope above the mount point loads the whole hive. */
    s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM", REGLINT_SCOPE_SUBTREE), 0);
    L = load_scope(s, h, (const char *)NULL);
    reglint_scope_free(s);
    ck_assert_ptr_nonnull(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\ControlSet002\\Services\\S"));
    unload(&L);
}
END_TEST

START_TEST(test_origins)
{
    const char *h = tpath("SYSTEM");
    build_hive(h, "HKLM\\SYSTEM", SYSTEM_2);
    loaded L = load(h);
    reglint_key *k = reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X");
    const reglint_value *v = reglint_key_value(k, "v");
    reglint_origin o = reglint_value_origin(v);
    ck_assert_uint_eq(o.source, 1);
    ck_assert_uint_eq(o.line, 0);
    ck_assert_uint_gt(o.offset, 4096);
    ck_assert_uint_gt(reglint_key_origin(k).offset, 4096);
    ck_assert_uint_ne(reglint_key_origin(k).offset, o.offset);
    char *desc = reglint_view_describe_origin(L.v, k, o);
    char want[400];
    snprintf(want, sizeof want, "%s:\\ControlSet002\\Control\\X (cell 0x%x)",
             h, o.offset);
    ck_assert_str_eq(desc, want);
    free(desc);
    unload(&L);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Dirty and damaged hives                                            */
/* ---------------------------------------------------------------- */

START_TEST(test_dirty_lists_logs)
{
    const char *h = tpath("base"), *dirty = tpath("DIRTY");
    build_hive(h, "HKLM\\SYSTEM", SYSTEM_2);
    size_t len;
    uint8_t *b = slurp(h, &len);
    uint32_t seq1 = le32(b + 4);
    free(b);
    patch_header(h, dirty, 8, seq1 - 1, 1);
    write_file(tpath("DIRTY.LOG1"), "x", 1);
    write_file(tpath("dirty.log2"), "x", 1);
    write_file(tpath("DIRTY.LOG3"), "x", 1);
    loaded L = load(dirty);
    const reglint_source_info *si = reglint_view_source(L.v, 0);
    ck_assert_int_eq(si->dirty, 1);
    ck_assert_uint_eq(si->seq1, seq1);
    ck_assert_uint_eq(si->seq2, seq1 - 1);
    ck_assert_uint_eq(si->nlogs, 2);
    ck_assert_str_eq(si->logs[0], tpath("DIRTY.LOG1"));
    ck_assert_str_eq(si->logs[1], tpath("dirty.log2"));
    ck_assert_uint_eq(count_code(L.d, "hive-dirty"), 1);
    const reglint_diag *g = reglint_diags_at(L.d, 0);
    ck_assert_int_eq(g->severity, REGLINT_WARNING);
    ck_assert_int_eq(g->offset, 4);
    ck_assert_ptr_nonnull(strstr(g->message, "DIRTY.LOG1"));
    /* Still read. */
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", "v"), 2);
    unload(&L);

    L = load(h);
    ck_assert_int_eq(reglint_view_source(L.v, 0)->dirty, 0);
    ck_assert_uint_eq(count_code(L.d, "hive-dirty"), 0);
    unload(&L);
}
END_TEST

START_TEST(test_bad_checksum_unsafe)
{
    const char *h = tpath("good"), *bad = tpath("badsum");
    build_hive(h, "HKLM\\SYSTEM", SYSTEM_2);
    patch_header(h, bad, 0x1fc, 0x12345678, 0);
    loaded L = load(bad);
    const reglint_source_info *si = reglint_view_source(L.v, 0);
    ck_assert_int_eq(si->failed, 0);
    ck_assert_int_eq(si->unsafe, 1);
    ck_assert_uint_eq(count_code(L.d, "hive-checksum"), 1);
    ck_assert_int_eq(reglint_diags_at(L.d, 0)->offset, 0x1fc);
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", "v"), 2);
    unload(&L);
}
END_TEST

START_TEST(test_garbage_after_bins_unsafe)
{
    /* The header claims one more hive bin than there is; where it should
    ** be, garbage.  hivex refuses that; its unsafe mode reads the rest. */
    const char *h = tpath("good2");
    build_hive(h, "HKLM\\SYSTEM", SYSTEM_2);
    size_t len;
    uint8_t *b = slurp(h, &len);
    uint32_t bins = le32(b + 40);
    size_t end = 4096 + bins;
    uint8_t *g = calloc(1, end + 4096);
    memcpy(g, b, end);
    memset(g + end, 0x5a, 4096);
    put_le32(g + 40, bins + 4096);
    fix_checksum(g);
    write_file(tpath("trailing"), g, end + 4096);
    loaded L = load(tpath("trailing"));
    const reglint_source_info *si = reglint_view_source(L.v, 0);
    ck_assert_int_eq(si->failed, 0);
    ck_assert_int_eq(si->unsafe, 1);
    ck_assert_uint_eq(count_code(L.d, "hive-unsafe"), 1);
    ck_assert_int_eq(reglint_diags_at(L.d, 0)->offset, (int64_t)end);
    ck_assert_uint_eq(
        dword_at(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", "v"), 2);
    unload(&L);
    free(g);
    free(b);
}
END_TEST

static void expect_refused(const char *path, const char *code)
{
    loaded L = load(path);
    ck_assert_int_eq(reglint_view_source(L.v, 0)->failed, 1);
    ck_assert_uint_ge(reglint_diags_count_severity(L.d, REGLINT_ERROR), 1);
    ck_assert_msg(count_code(L.d, code) == 1, "%s: no %s error", path, code);
    for (size_t i = 0; i < reglint_diags_count(L.d); i++)
        ck_assert_str_eq(reglint_diags_at(L.d, i)->file, path);
    unload(&L);
}

START_TEST(test_refused)
{
    const char *h = tpath("whole");
    build_hive(h, "HKLM\\SYSTEM", SYSTEM_2);
    size_t len;
    uint8_t *b = slurp(h, &len);

    write_file(tpath("short"), b, 3000);
    expect_refused(tpath("short"), "hive-truncated");
    write_file(tpath("nobins"), b, 4096 + 100);
    expect_refused(tpath("nobins"), "hive-truncated");

    patch_header(h, tpath("v2"), 20, 2, 1);
    expect_refused(tpath("v2"), "hive-version");
    patch_header(h, tpath("log"), 28, 1, 1);
    expect_refused(tpath("log"), "hive-log");

    /* Garbage where the hive bins should be, and hivex refuses even
    ** unsafe: an error naming the offset, nothing else. */
    uint8_t *g = malloc(len);
    memcpy(g, b, 4096);
    memset(g + 4096, 0xa5, len - 4096);
    write_file(tpath("garbage"), g, len);
    loaded L = load(tpath("garbage"));
    ck_assert_int_eq(reglint_view_source(L.v, 0)->failed, 1);
    ck_assert_uint_eq(count_code(L.d, "hive-corrupt"), 1);
    ck_assert_int_eq(reglint_diags_at(L.d, reglint_diags_count(L.d) - 1)
                         ->offset, 4096);
    unload(&L);
    free(g);

    /* Sound hive bins, but the root key's cell is not a key: the error
    ** points at that cell. */
    uint32_t root = le32(b + 36);
    uint8_t *r = malloc(len);
    memcpy(r, b, len);
    memcpy(r + 4096 + root + 4, "zz", 2);
    write_file(tpath("badroot"), r, len);
    L = load(tpath("badroot"));
    ck_assert_int_eq(reglint_view_source(L.v, 0)->failed, 1);
    ck_assert_uint_eq(count_code(L.d, "hive-corrupt"), 1);
    ck_assert_int_eq(reglint_diags_at(L.d, reglint_diags_count(L.d) - 1)
                         ->offset, (int64_t)(4096 + root));
    unload(&L);
    free(r);
    free(b);
}
END_TEST

START_TEST(test_truncated_inside_bins)
{
    /* Many keys, so the hive has several hbins; cut the last one off. */
    char *body = NULL;
    size_t cap = 0;
    FILE *m = open_memstream(&body, &cap);
    for (int i = 0; i < 400; i++)
        fprintf(m, "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\K%03d]\n"
                   "\"v\"=\"%0200d\"\n\n", i, i);
    fclose(m);
    const char *h = tpath("big");
    build_hive(h, "HKLM\\SOFTWARE", body);
    free(body);
    size_t len;
    uint8_t *b = slurp(h, &len);
    ck_assert_uint_gt(len, 3 * 4096);
    size_t cut = len - 4096;
    write_file(tpath("cut"), b, cut);
    free(b);
    loaded L = load(tpath("cut"));
    ck_assert_uint_ge(count_code(L.d, "hive-truncated") +
                          count_code(L.d, "hive-bins") +
                          count_code(L.d, "hive-unsafe") +
                          count_code(L.d, "hive-corrupt"), 1);
    unload(&L);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Evidence stays as it was                                           */
/* ---------------------------------------------------------------- */

static uint32_t dword_at_view(const char *h, const char *key,
                              const char *name)
{
    loaded L = load(h);
    uint32_t d = dword_at(&L, key, name);
    unload(&L);
    return d;
}

/* Read the hive at h through a view and check that its bytes, mtime and
** (when the process may keep it) atime are what they were, with the access
** and modification times set to atime and mtime first. */
static void expect_untouched(const char *h, time_t atime, time_t mtime)
{
    struct timespec ts[2] = {{atime, 0}, {mtime, 0}};
    ck_assert_int_eq(utimensat(AT_FDCWD, h, ts, 0), 0);
    size_t len0;
    uint8_t *before = slurp(h, &len0);
    ck_assert_int_eq(utimensat(AT_FDCWD, h, ts, 0), 0);
    struct stat st0, st1;
    ck_assert_int_eq(stat(h, &st0), 0);
    loaded L = load(h);
    reglint_os os;
    reglint_os_read(L.v, &os);
    unload(&L);
    ck_assert_int_eq(stat(h, &st1), 0);
    size_t len1;
    uint8_t *after = slurp(h, &len1);
    ck_assert_uint_eq(len0, len1);
    ck_assert(memcmp(before, after, len0) == 0);
    ck_assert(st0.st_mtim.tv_sec == st1.st_mtim.tv_sec &&
              st0.st_mtim.tv_nsec == st1.st_mtim.tv_nsec);
    if (geteuid() == 0 || st0.st_uid == geteuid())
        ck_assert_msg(st0.st_atim.tv_sec == st1.st_atim.tv_sec,
                      "access time changed: %ld -> %ld",
                      (long)st0.st_atim.tv_sec, (long)st1.st_atim.tv_sec);
    ck_assert_uint_eq(
        dword_at_view(h, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", "v"), 2);
    free(before);
    free(after);
}

START_TEST(test_evidence_untouched)
{
    const char *h = tpath("EVIDENCE");
    build_hive(h, "HKLM\\SYSTEM", SYSTEM_2);
    /* An access time older than the modification time: the case where
    ** Linux's relatime would update it on a plain read, so reglint reads a
    ** private copy. */
    expect_untouched(h, 1000000000, 1500000000);
    /* An access time after the modification and change times (setting it
    ** changes ctime to now, so: a little ahead) and less than a day old:
    ** relatime would not update it, and hivex may read the file itself. */
    expect_untouched(h, time(NULL) + 30, 1500000000);
}
END_TEST

/* ---------------------------------------------------------------- */
/* OS facts                                                           */
/* ---------------------------------------------------------------- */

#define CV "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n"

START_TEST(test_os_facts_hives)
{
    const char *sys = tpath("SYSTEMf"), *soft = tpath("SOFTWAREf");
    build_hive(sys, "HKLM\\SYSTEM",
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000002\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ProductOptions]\n"
               "\"ProductType\"=\"WinNT\"\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\ProductOptions]\n"
               "\"ProductType\"=\"ServerNT\"\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\Session Manager\\Environment]\n"
               "\"PROCESSOR_ARCHITECTURE\"=\"AMD64\"\n");
    build_hive(soft, "HKLM\\SOFTWARE", CV
               "\"CurrentVersion\"=\"6.3\"\n\"CurrentBuild\"=\"17763\"\n"
               "\"CurrentBuildNumber\"=\"17763\"\n"
               "\"CurrentMajorVersionNumber\"=dword:0000000a\n"
               "\"CurrentMinorVersionNumber\"=dword:00000000\n"
               "\"UBR\"=dword:00001b4c\n\"EditionID\"=\"ServerDatacenter\"\n"
               "\"ProductName\"=\"Windows Server 2019 Datacenter\"\n"
               "\"ReleaseId\"=\"1809\"\n");
    loaded L = load(sys, soft);
    reglint_os os;
    ck_assert_int_eq(reglint_os_read(L.v, &os), 0);
    ck_assert_uint_eq(os.major, 10);
    ck_assert_uint_eq(os.minor, 0);
    ck_assert_uint_eq(os.build, 17763);
    ck_assert_uint_eq(os.ubr, 0x1b4c);
    ck_assert_int_eq(os.role, REGLINT_ROLE_SERVER);
    ck_assert_int_eq(os.arch, REGLINT_ARCH_X64);
    ck_assert_str_eq(os.edition, "ServerDatacenter");
    ck_assert_str_eq(os.display_version, "1809");
    char buf[128];
    ck_assert_str_eq(reglint_os_release_name(&os, buf, sizeof buf),
                     "Windows Server 2019");
    /* Each fact says where it was read: the role from the current set. */
    ck_assert_str_eq(os.fact[REGLINT_FACT_ROLE].where,
                     "HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\"
                     "ProductOptions\\ProductType");
    ck_assert_uint_eq(os.fact[REGLINT_FACT_ROLE].origin.source, 1);
    ck_assert_uint_gt(os.fact[REGLINT_FACT_ROLE].origin.offset, 4096);
    ck_assert_str_eq(os.fact[REGLINT_FACT_VERSION].where,
                     "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\"
                     "CurrentVersion\\CurrentMajorVersionNumber");
    ck_assert_int_eq(os.fact[REGLINT_FACT_SERVICE_PACK].known, 0);
    unload(&L);
}
END_TEST

static reglint_os os_of_reg(const char *body)
{
    const char *r = write_reg(body);
    loaded L = load(r);
    reglint_os os;
    reglint_os_read(L.v, &os);
    unload(&L);
    return os;
}

START_TEST(test_os_facts_rules)
{
    /* Windows 11 still says "Windows 10" in ProductName. */
    reglint_os os = os_of_reg(CV "\"CurrentBuild\"=\"22631\"\n"
                              "\"ProductName\"=\"Windows 10 Pro\"\n"
                              "\"InstallationType\"=\"Client\"\n");
    ck_assert_str_eq(os.product_name, "Windows 11 Pro");
    ck_assert_uint_eq(os.major, 10);
    ck_assert_int_eq(os.role, REGLINT_ROLE_CLIENT);
    /* Below 22000 it is left alone. */
    os = os_of_reg(CV "\"CurrentBuild\"=\"19045\"\n"
                   "\"ProductName\"=\"Windows 10 Pro\"\n");
    ck_assert_str_eq(os.product_name, "Windows 10 Pro");
    /* Pre-Windows-10: CurrentVersion and the service pack. */
    os = os_of_reg(CV "\"CurrentVersion\"=\"6.1\"\n\"CurrentBuild\"=\"7601\"\n"
                   "\"CSDVersion\"=\"Service Pack 1\"\n"
                   "\"EditionID\"=\"ServerStandard\"\n");
    ck_assert_uint_eq(os.major, 6);
    ck_assert_uint_eq(os.minor, 1);
    ck_assert_uint_eq(os.service_pack, 1);
    ck_assert_int_eq(os.role, REGLINT_ROLE_SERVER);
    char buf[128];
    ck_assert_str_eq(reglint_os_release_name(&os, buf, sizeof buf),
                     "Windows Server 2008 R2 SP1");
    /* WOW6432Node means 64-bit when nothing names the architecture. */
    os = os_of_reg("[HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft]\n");
    ck_assert_int_eq(os.arch, REGLINT_ARCH_X64);
    /* A domain controller, and nothing else known. */
    os = os_of_reg("[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
                   "ProductOptions]\n\"ProductType\"=\"LanmanNT\"\n");
    ck_assert_int_eq(os.role, REGLINT_ROLE_DC);
    ck_assert_int_eq(os.fact[REGLINT_FACT_BUILD].known, 0);
    ck_assert_str_eq(reglint_os_release_name(&os, buf, sizeof buf),
                     "unknown");
    /* A build that is not a number, and a DWORD where a string belongs:
    ** unknown, not guessed. */
    os = os_of_reg(CV "\"CurrentBuild\"=\"abc\"\n\"CurrentBuildNumber\"=dword:00000001\n");
    ck_assert_int_eq(os.fact[REGLINT_FACT_BUILD].known, 0);
    ck_assert_uint_eq(os.build, 0);
    /* 14393 is both 2016 and 10 1607: only the role tells. */
    os = os_of_reg(CV "\"CurrentBuild\"=\"14393\"\n");
    ck_assert_str_eq(reglint_os_release_name(&os, buf, sizeof buf),
                     "Windows 10 1607 or Windows Server 2016");
}
END_TEST

START_TEST(test_os_override)
{
    reglint_os os;
    memset(&os, 0, sizeof os);
    ck_assert_int_eq(reglint_os_override(&os, "2012r2"), 0);
    ck_assert_uint_eq(os.major, 6);
    ck_assert_uint_eq(os.minor, 3);
    ck_assert_uint_eq(os.build, 9600);
    ck_assert_int_eq(os.role, REGLINT_ROLE_SERVER);
    ck_assert_str_eq(os.fact[REGLINT_FACT_BUILD].where, "--os 2012r2");
    ck_assert_uint_eq(os.fact[REGLINT_FACT_BUILD].origin.source, 0);

    memset(&os, 0, sizeof os);
    ck_assert_int_eq(reglint_os_override(&os, "server:17763"), 0);
    ck_assert_uint_eq(os.build, 17763);
    ck_assert_uint_eq(os.major, 10);
    ck_assert_int_eq(os.role, REGLINT_ROLE_SERVER);

    memset(&os, 0, sizeof os);
    os.role = REGLINT_ROLE_CLIENT; /* as read from an image */
    os.fact[REGLINT_FACT_ROLE].known = 1;
    ck_assert_int_eq(reglint_os_override(&os, "10.0.19045.5011/x86"), 0);
    ck_assert_uint_eq(os.build, 19045);
    ck_assert_uint_eq(os.ubr, 5011);
    ck_assert_int_eq(os.arch, REGLINT_ARCH_X86);
    ck_assert_int_eq(os.role, REGLINT_ROLE_CLIENT);

    memset(&os, 0, sizeof os);
    ck_assert_int_eq(reglint_os_override(&os, "server17763"), 0);
    ck_assert_int_eq(os.role, REGLINT_ROLE_SERVER);
    memset(&os, 0, sizeof os);
    ck_assert_int_eq(reglint_os_override(&os, "dc:2019"), 0);
    ck_assert_uint_eq(os.build, 17763);
    ck_assert_int_eq(os.role, REGLINT_ROLE_DC);

    memset(&os, 0, sizeof os);
    ck_assert_int_eq(reglint_os_override(&os, "Win7"), 0);
    ck_assert_uint_eq(os.build, 7601);
    ck_assert_uint_eq(os.service_pack, 1);
    ck_assert_int_eq(os.role, REGLINT_ROLE_CLIENT);

    /* A UBR read from the image stays with its own build only. */
    reglint_os read = os_of_reg(CV "\"CurrentBuild\"=\"14393\"\n"
                                "\"UBR\"=dword:00001d04\n"
                                "\"ReleaseId\"=\"1607\"\n");
    os = read;
    ck_assert_int_eq(reglint_os_override(&os, "server:14393"), 0);
    ck_assert_uint_eq(os.ubr, 0x1d04);
    ck_assert_str_eq(os.display_version, "1607");
    os = read;
    ck_assert_int_eq(reglint_os_override(&os, "2012r2"), 0);
    ck_assert_uint_eq(os.ubr, 0);
    ck_assert_int_eq(os.fact[REGLINT_FACT_UBR].known, 0);
    ck_assert_str_eq(os.display_version, "");

    const char *bad[] = {"", "2013", "server:", "moon:17763", "6.3",
                         "2012r2/sparc", "12345678901234567890"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&os, 0, sizeof os);
        errno = 0;
        ck_assert_msg(reglint_os_override(&os, bad[i]) == -1,
                      "'%s' accepted", bad[i]);
        ck_assert_int_eq(errno, EINVAL);
    }
}
END_TEST

static Suite *hive_suite(void)
{
    Suite *s = suite_create("hive-read");
    TCase *tc = tcase_create("hives");
    tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_raw_values);
    tcase_add_test(tc, test_types_and_mounts);
    tcase_add_test(tc, test_mount_override);
    tcase_add_test(tc, test_unknown_type);
    tcase_add_test(tc, test_default_by_header);
    tcase_add_test(tc, test_ccs_from_select);
    tcase_add_test(tc, test_ccs_any_number);
    tcase_add_test(tc, test_ccs_fallback_default);
    tcase_add_test(tc, test_ccs_fallback_lowest);
    tcase_add_test(tc, test_ccs_reg_literal);
    tcase_add_test(tc, test_reg_over_hive);
    tcase_add_test(tc, test_bad_source_keeps_others);
    tcase_add_test(tc, test_scope);
    tcase_add_test(tc, test_origins);
    tcase_add_test(tc, test_dirty_lists_logs);
    tcase_add_test(tc, test_bad_checksum_unsafe);
    tcase_add_test(tc, test_garbage_after_bins_unsafe);
    tcase_add_test(tc, test_refused);
    tcase_add_test(tc, test_truncated_inside_bins);
    tcase_add_test(tc, test_evidence_untouched);
    tcase_add_test(tc, test_os_facts_hives);
    tcase_add_test(tc, test_os_facts_rules);
    tcase_add_test(tc, test_os_override);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(hive_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
