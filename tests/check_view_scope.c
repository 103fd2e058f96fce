/*
** check_view_scope.c — unit tests of what a view covers and of scoped
** loading (lib/view.c, lib/source_reg.c, lib/source_text.c,
** lib/source_hive.c): reglint_view_covers() for hives and .reg files in
** every CurrentControlSet spelling, "*" components in scopes, and .reg
** files read with a scope, whose out-of-scope sections are skipped
** without being decoded: the in-scope keys must come out exactly as an
** unscoped read gives them, across 1 MiB read boundaries too.
*/
#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <hivex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "reglint.h"
#include "test_regf.h"
#include "test_tmpdir.h"
#include "test_utf16.h"

static void setup_dir(void) { tmpdir_make("check-scope"); }
static void teardown_dir(void) { tmpdir_remove(); }

/* Scoped loads skim .reg files (what `check` does); the default reads
** them whole. */
static const reglint_view_options SKIM = {0, 0, 1, 0};

typedef struct loaded {
    reglint_view *v;
    reglint_diags *d;
} loaded;

/* Add the sources (NULL-terminated) and load them with scope. */
static loaded load_scope(const reglint_scope *scope, const char *first, ...)
{
    loaded L;
    L.v = reglint_view_new(&SKIM);
    L.d = reglint_diags_new();
    ck_assert_ptr_nonnull(L.v);
    va_list ap;
    va_start(ap, first);
    for (const char *p = first; p; p = va_arg(ap, const char *))
        reglint_view_add(L.v, p, NULL, L.d);
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

static int covers(const loaded *L, const char *path)
{
    return reglint_view_covers(L->v, path);
}

/* ---------------------------------------------------------------- */
/* Coverage                                                           */
/* ---------------------------------------------------------------- */

START_TEST(test_covers_hive)
{
    const char *h = tpath("SYSTEM");
    build_hive(h, "HKLM\\SYSTEM",
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000002\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\X]\n"
               "\"v\"=dword:00000002\n\n");
    loaded L = load(h);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM"), 1);
    ck_assert_int_eq(covers(&L, "hkey_local_machine\\system\\controlset002"), 1);
    /* Absent keys inside the hive's namespace are covered: the hive says
    ** they are absent. */
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
                                "SecurityProviders\\SCHANNEL"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\ControlSet009\\Nothing"), 1);
    /* Above the mount point, beside it, another root: not covered. */
    ck_assert_int_eq(covers(&L, "HKLM"), 0);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEMX"), 0);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\Microsoft"), 0);
    ck_assert_int_eq(covers(&L, "HKCU\\SYSTEM"), 0);
    /* Not a path. */
    errno = 0;
    ck_assert_int_eq(covers(&L, "NOROOT\\SYSTEM"), -1);
    ck_assert_int_eq(errno, EINVAL);
    unload(&L);

    /* A scope does not narrow what a hive covers. */
    reglint_scope *s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM\\SYSTEM\\Select", 0), 0);
    L = load_scope(s, h, (const char *)NULL);
    reglint_scope_free(s);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\Select"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\Select\\Below"), 1);
    unload(&L);

    /* A hive that cannot be read covers nothing. */
    const char *junk = tpath("junk.hiv");
    char bytes[5000];
    memset(bytes, 0, sizeof bytes);
    memcpy(bytes, "regf", 4);
    write_file(junk, bytes, sizeof bytes);
    L = load(junk);
    ck_assert_int_eq(covers(&L, "HKLM\\junk_hiv"), 0);
    unload(&L);
}
END_TEST

START_TEST(test_covers_reg_topmost)
{
    const char *r = write_reg(
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"v\"=dword:00000001\n\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A\\B]\n\n"
        "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Gone]\n\n"
        "[HKEY_CURRENT_USER\\X\\Y]\n\n"
        "[HKEY_CURRENT_USER\\X\\Y\\Z\\W]\n\n"
        "; a refused key line covers nothing\n"
        "[NOROOT\\Q]\n\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Ümlaut]\n\n");
    loaded L = load(r);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\A"), 1);
    ck_assert_int_eq(covers(&L, "hklm\\software\\a\\b\\c\\d"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\A\\Absent"), 1);
    /* Component boundaries: A covers A\..., not AB. */
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\AB"), 0);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE"), 0);
    ck_assert_int_eq(covers(&L, "HKLM"), 0);
    /* A deletion says what is there: nothing. */
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\Gone"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\Gone\\Sub"), 1);
    ck_assert_int_eq(covers(&L, "HKCU\\X\\Y\\Z"), 1);
    ck_assert_int_eq(covers(&L, "HKEY_CURRENT_USER\\X"), 0);
    /* Unicode case folding, as Windows compares names. */
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\ÜMLAUT\\x"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\Umlaut"), 0);
    ck_assert_int_eq(covers(&L, "NOROOT\\Q"), -1);
    unload(&L);

    /* Two files: the union. */
    const char *r2 = write_reg("[HKEY_LOCAL_MACHINE\\SOFTWARE\\C]\n");
    L = load(r, r2);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\C\\D"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\A\\D"), 1);
    unload(&L);

    /* A root key line covers the root. */
    r = write_reg("[HKEY_USERS]\n");
    L = load(r);
    ck_assert_int_eq(covers(&L, "HKU\\S-1-5-18\\Software"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE"), 0);
    unload(&L);
}
END_TEST

START_TEST(test_covers_ccs)
{
    /* A .reg export alone: CurrentControlSet literal; ControlSetNNN finds
    ** it while nothing says which set is current. */
    const char *r = write_reg(
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
        "SecurityProviders\\SCHANNEL]\n\n");
    loaded L = load(r);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
                                "SecurityProviders\\SCHANNEL\\Protocols"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\ControlSet001\\Control\\"
                                "SecurityProviders\\SCHANNEL\\Protocols"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\ControlSet007\\Control\\"
                                "SecurityProviders\\SCHANNEL"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\ControlSet001\\Control"), 0);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\ControlSetX\\Control\\"
                                "SecurityProviders\\SCHANNEL"), 0);
    unload(&L);

    /* An export with Select\Current = 2: the stored ControlSet002 is what
    ** CurrentControlSet means; ControlSet001 is another set. */
    r = write_reg("[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n"
                  "\"Current\"=dword:00000002\n\n"
                  "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\X]\n\n");
    L = load(r);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X\\Y"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\ControlSet002\\Control\\X"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\ControlSet001\\Control\\X"), 0);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\Select"), 1);
    unload(&L);

    /* CurrentControlSet stored literally (Select comes later in the file),
    ** asked for as ControlSetNNN: found only for the current number. */
    r = write_reg("[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Y]\n\n"
                  "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n"
                  "\"Current\"=dword:00000002\n\n");
    L = load(r);
    ck_assert_uint_eq(reglint_view_control_set(L.v), 2);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Y"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\ControlSet002\\Control\\Y"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\ControlSet001\\Control\\Y"), 0);
    unload(&L);

    /* With a SYSTEM hive everything under SYSTEM is covered, in either
    ** spelling; a .reg beside it adds its own keys. */
    const char *h = tpath("SYSTEM");
    build_hive(h, "HKLM\\SYSTEM",
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000003\n\n"
               "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet003\\Control]\n\n");
    r = write_reg("[-HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Z]\n\n"
                  "[HKEY_LOCAL_MACHINE\\SOFTWARE\\S]\n\n");
    L = load(h, r);
    ck_assert_uint_eq(reglint_view_control_set(L.v), 3);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\ControlSet001\\Control\\Z"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Z"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\S\\T"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\T"), 0);
    unload(&L);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Comparing a scoped load with a full one                            */
/* ---------------------------------------------------------------- */

/* A scope as the test sees it, matched here independently of the
** library: components compared case-insensitively (ASCII names only), a
** "*" component matching any one name.  The view always reads
** HKLM\SYSTEM\Select as well; the tests below list it too. */
typedef struct titem {
    const char *path; /* full root name, single backslashes */
    int depth;        /* -1: subtree */
} titem;

static size_t split(const char *path, char comps[][300], size_t max)
{
    size_t n = 0;
    const char *p = path;
    while (*p && n < max) {
        const char *e = strchr(p, '\\');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        ck_assert_uint_lt(l, 300);
        memcpy(comps[n], p, l);
        comps[n][l] = '\0';
        n++;
        p += l;
        if (*p)
            p++;
    }
    return n;
}

static bool comp_eq(const char *a, const char *b)
{
    return strcmp(b, "*") == 0 || strcasecmp(a, b) == 0;
}

/* Is the key at path in the region of the items (at or above an item, or
** within its depth below it), and within an item's depth? */
static bool in_region(const char *path, const titem *items, size_t n,
                      bool *in_depth)
{
    static char k[600][300], s[64][300];
    size_t kn = split(path, k, 600);
    bool region = false;
    *in_depth = false;
    for (size_t i = 0; i < n; i++) {
        size_t sn = split(items[i].path, s, 64);
        size_t j = 0;
        while (j < kn && j < sn && comp_eq(k[j], s[j]))
            j++;
        if (j == kn && kn <= sn) {
            region = true; /* at or above the item */
            if (kn == sn)
                *in_depth = true;
        } else if (j == sn && kn > sn) {
            if (items[i].depth < 0 || kn - sn <= (size_t)items[i].depth) {
                region = true;
                *in_depth = true;
            }
        }
    }
    return region;
}

static void same_origin(reglint_origin a, reglint_origin b, const char *what,
                        const char *path)
{
    ck_assert_msg(a.source == b.source && a.line == b.line &&
                      a.offset == b.offset,
                  "%s of %s: %u:%u:%u, full read %u:%u:%u", what, path,
                  a.source, a.line, a.offset, b.source, b.line, b.offset);
}

typedef struct cmp_ctx {
    const reglint_registry *other;
    const titem *items;
    size_t n;
    bool full_side; /* walking the full read */
    size_t seen;    /* keys of the region checked */
} cmp_ctx;

static void walk(const reglint_key *k, cmp_ctx *c)
{
    char *path = reglint_key_path(k);
    if (path[0]) {
        bool deep;
        bool region = in_region(path, c->items, c->n, &deep);
        const reglint_key *o = reglint_key_open(c->other, path);
        if (!c->full_side) {
            /* Scoped: nothing outside the region, nothing the full read
            ** lacks, no values but within depth. */
            ck_assert_msg(region, "scoped load has %s, outside the scope",
                          path);
            ck_assert_msg(o != NULL, "scoped load has %s, the full read not",
                          path);
            if (!deep)
                ck_assert_msg(reglint_key_value_count(k) == 0,
                              "scoped load has values of %s, above the scope",
                              path);
        } else if (region) {
            c->seen++;
            ck_assert_msg(o != NULL, "scoped load lacks %s", path);
            ck_assert_str_eq(reglint_key_name(o), reglint_key_name(k));
            same_origin(reglint_key_origin(o), reglint_key_origin(k), "key",
                        path);
            if (deep) {
                size_t nv = reglint_key_value_count(k);
                ck_assert_msg(reglint_key_value_count(o) == nv,
                              "%s: %zu values scoped, %zu in the full read",
                              path, reglint_key_value_count(o), nv);
                for (size_t i = 0; i < nv; i++) {
                    const reglint_value *a = reglint_key_value_at(o, i);
                    const reglint_value *b = reglint_key_value_at(k, i);
                    ck_assert_str_eq(reglint_value_name(a),
                                     reglint_value_name(b));
                    ck_assert_uint_eq(reglint_value_type(a),
                                      reglint_value_type(b));
                    size_t la, lb;
                    const uint8_t *da = reglint_value_data(a, &la);
                    const uint8_t *db = reglint_value_data(b, &lb);
                    ck_assert_msg(la == lb && (la == 0 || memcmp(da, db, la) == 0),
                                  "%s\\%s: data differs", path,
                                  reglint_value_name(b));
                    same_origin(reglint_value_origin(a),
                                reglint_value_origin(b), "value", path);
                }
            }
        }
    }
    free(path);
    for (size_t i = 0; i < reglint_key_subkey_count(k); i++)
        walk(reglint_key_subkey_at(k, i), c);
}

/* Load the sources with the scope and without one; what the scope names
** must be the same in both, origins included, and the scoped load must
** hold nothing else.  Returns the scoped load; *full the other. */
static loaded compare_scoped(const titem *items, size_t n, loaded *full,
                             const char *const *srcs, size_t nsrcs)
{
    reglint_scope *s = reglint_scope_new();
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(reglint_scope_add(s, items[i].path, items[i].depth),
                         0);
    loaded L[2];
    for (int k = 0; k < 2; k++) {
        L[k].v = reglint_view_new(&SKIM);
        L[k].d = reglint_diags_new();
        for (size_t i = 0; i < nsrcs; i++)
            reglint_view_add(L[k].v, srcs[i], NULL, L[k].d);
        ck_assert_int_eq(reglint_view_load(L[k].v, k ? s : NULL, L[k].d), 0);
    }
    reglint_scope_free(s);
    const reglint_registry *rf = reglint_view_registry(L[0].v);
    const reglint_registry *rs = reglint_view_registry(L[1].v);
    cmp_ctx c = {rs, items, n, true, 0};
    walk(reglint_registry_top(rf), &c);
    cmp_ctx c2 = {rf, items, n, false, 0};
    walk(reglint_registry_top(rs), &c2);
    /* Skipped lines count as lines. */
    for (size_t i = 0; i < nsrcs; i++)
        ck_assert_uint_eq(reglint_view_source(L[1].v, i)->reg.lines,
                          reglint_view_source(L[0].v, i)->reg.lines);
    *full = L[0];
    return L[1];
}

static size_t count_code(const reglint_diags *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < reglint_diags_count(d); i++)
        if (strcmp(reglint_diags_at(d, i)->code, code) == 0)
            n++;
    return n;
}

static uint32_t dword_at(const loaded *L, const char *key, const char *name)
{
    const reglint_key *k = reglint_view_key_open(L->v, key);
    ck_assert_msg(k != NULL, "%s: no such key", key);
    const reglint_value *v = reglint_key_value(k, name);
    ck_assert_msg(v != NULL, "%s\\%s: no such value", key, name);
    uint32_t d;
    ck_assert_int_eq(reglint_value_get_dword(v, &d), 0);
    return d;
}

/* ---------------------------------------------------------------- */
/* "*" in scopes                                                      */
/* ---------------------------------------------------------------- */

#define SCH "\\Control\\SecurityProviders\\SCHANNEL"
#define GLOB_BODY                                                          \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000002\n\n" \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001" SCH "]\n"                 \
    "\"EventLogging\"=dword:00000001\n\n"                                  \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001" SCH                       \
    "\\Protocols\\TLS 1.2\\Client]\n\"Enabled\"=dword:00000000\n\n"        \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\Svc]\n"         \
    "\"Start\"=dword:00000002\n\n"                                         \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002" SCH "]\n"                 \
    "\"EventLogging\"=dword:00000002\n\n"                                  \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002" SCH                       \
    "\\Protocols\\TLS 1.2\\Client]\n\"Enabled\"=dword:00000001\n\n"        \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002" SCH                       \
    "\\Protocols\\TLS 1.0\\Server]\n\"Enabled\"=dword:00000000\n\n"        \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\Other]\n"        \
    "\"x\"=dword:00000001\n\n"                                             \
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\Setup]\n\"SetupType\"=dword:00000000\n\n"

/* The same checks whether the content comes from a hive or a .reg file. */
static void check_glob_subtree(const loaded *L)
{
    ck_assert_uint_eq(dword_at(L, "HKLM\\SYSTEM\\ControlSet001" SCH,
                               "EventLogging"), 1);
    ck_assert_uint_eq(dword_at(L, "HKLM\\SYSTEM\\ControlSet002" SCH,
                               "EventLogging"), 2);
    ck_assert_uint_eq(dword_at(L, "HKLM\\SYSTEM\\ControlSet001" SCH
                               "\\Protocols\\TLS 1.2\\Client", "Enabled"), 0);
    ck_assert_uint_eq(dword_at(L, "HKLM\\SYSTEM\\CurrentControlSet" SCH
                               "\\Protocols\\TLS 1.2\\Client", "Enabled"), 1);
    ck_assert_uint_eq(dword_at(L, "HKLM\\SYSTEM\\ControlSet002" SCH
                               "\\Protocols\\TLS 1.0\\Server", "Enabled"), 0);
    /* Outside: other keys of the control sets, and other keys' values. */
    ck_assert_ptr_null(reglint_view_key_open(
        L->v, "HKLM\\SYSTEM\\ControlSet001\\Services"));
    ck_assert_ptr_null(reglint_view_key_open(
        L->v, "HKLM\\SYSTEM\\ControlSet002\\Control\\Other"));
    const reglint_key *setup =
        reglint_view_key_open(L->v, "HKLM\\SYSTEM\\Setup");
    ck_assert(setup == NULL || reglint_key_value_count(setup) == 0);
}

START_TEST(test_glob_hive)
{
    const char *h = tpath("SYSTEM");
    build_hive(h, "HKLM\\SYSTEM", GLOB_BODY);
    reglint_scope *s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM\\SYSTEM\\*" SCH,
                                       REGLINT_SCOPE_SUBTREE), 0);
    loaded L = load_scope(s, h, (const char *)NULL);
    reglint_scope_free(s);
    check_glob_subtree(&L);
    unload(&L);

    /* "*" last, with a depth: every protocol's role keys, nothing deeper
    ** than asked. */
    s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(
        s, "HKLM\\SYSTEM\\CurrentControlSet" SCH "\\Protocols\\*", 1), 0);
    L = load_scope(s, h, (const char *)NULL);
    reglint_scope_free(s);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SYSTEM\\ControlSet002" SCH
                                   "\\Protocols\\TLS 1.0\\Server", "Enabled"), 0);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SYSTEM\\ControlSet002" SCH
                                   "\\Protocols\\TLS 1.2\\Client", "Enabled"), 1);
    ck_assert_ptr_null(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\ControlSet001" SCH "\\Protocols"));
    ck_assert_uint_eq(reglint_key_value_count(reglint_view_key_open(
                          L.v, "HKLM\\SYSTEM\\ControlSet002" SCH)), 0);
    unload(&L);

    /* "*" where the hive is mounted: the hive's root, one level down. */
    s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM\\*", 1), 0);
    L = load_scope(s, h, (const char *)NULL);
    reglint_scope_free(s);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SYSTEM\\Setup", "SetupType"), 0);
    ck_assert_ptr_nonnull(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\ControlSet001"));
    ck_assert_ptr_null(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\ControlSet001\\Control"));
    unload(&L);

    /* Two "*": every control set's every Control child, values only. */
    s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM\\SYSTEM\\*\\Control\\*", 0),
                     0);
    L = load_scope(s, h, (const char *)NULL);
    reglint_scope_free(s);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SYSTEM\\ControlSet002\\Control\\Other",
                               "x"), 1);
    ck_assert_ptr_null(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\ControlSet002\\Control\\SecurityProviders\\SCHANNEL"));
    unload(&L);
}
END_TEST

/* A glob inside a name ("Package_for_KB3140245~*", "TLS 1.?"), case-
** insensitive as Windows names are: only the keys it matches are loaded,
** from a hive and from a skimmed .reg alike. */
#define PKG "HKEY_LOCAL_MACHINE\\SOFTWARE\\CBS\\Packages\\"
#define PKG_BODY                                                            \
    "[" PKG "Package_for_KB3140245~31bf3856ad364e35~amd64~~6.1.1.0]\n"      \
    "\"CurrentState\"=dword:00000070\n\n"                                   \
    "[" PKG "PACKAGE_FOR_KB3140245~31bf3856ad364e35~x86~~6.1.1.0]\n"        \
    "\"CurrentState\"=dword:00000070\n\n"                                   \
    "[" PKG "Package_for_KB3140245X]\n\"CurrentState\"=dword:00000001\n\n"  \
    "[" PKG "Package_for_KB4019276~31bf3856ad364e35~amd64~~6.0.1.0]\n"      \
    "\"CurrentState\"=dword:00000070\n\n"
START_TEST(test_glob_in_name)
{
    const char *h = tpath("SOFTWARE");
    build_hive(h, "HKLM\\SOFTWARE", PKG_BODY);
    const char *r = write_reg(PKG_BODY);
    const char *srcs[] = {h, r};
    for (int k = 0; k < 2; k++) {
        reglint_scope *s = reglint_scope_new();
        ck_assert_int_eq(reglint_scope_add(
            s, "HKLM\\SOFTWARE\\CBS\\Packages\\package_for_kb3140245~*", 0), 0);
        loaded L = load_scope(s, srcs[k], (const char *)NULL);
        reglint_scope_free(s);
        const reglint_key *pk =
            reglint_view_key_open(L.v, "HKLM\\SOFTWARE\\CBS\\Packages");
        ck_assert_ptr_nonnull(pk);
        ck_assert_uint_eq(reglint_key_subkey_count(pk), 2);
        ck_assert_uint_eq(dword_at(&L, PKG "PACKAGE_FOR_KB3140245~31bf3856ad"
                                       "364e35~x86~~6.1.1.0", "CurrentState"),
                          0x70);
        ck_assert_ptr_null(reglint_key_subkey(pk, "Package_for_KB3140245X"));
        ck_assert_ptr_null(reglint_key_subkey(
            pk, "Package_for_KB4019276~31bf3856ad364e35~amd64~~6.0.1.0"));
        unload(&L);
    }
}
END_TEST

START_TEST(test_glob_hive_loop)
{
    /* A damaged hive whose key B lists itself among its subkeys (B's
    ** subkey list made A's, which holds B): "*" steps must not follow the
    ** loop again and again. */
    const char *h = tpath("SOFTWARE");
    build_hive(h, "HKLM\\SOFTWARE",
               "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft]\n\n"
               "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A\\B]\n\"v\"=dword:00000001\n\n");
    hive_h *hx = hivex_open(h, 0);
    ck_assert_ptr_nonnull(hx);
    hive_node_h a = hivex_node_get_child(hx, hivex_root(hx), "A");
    ck_assert(a != 0);
    hive_node_h b = hivex_node_get_child(hx, a, "B");
    ck_assert(b != 0);
    hivex_close(hx);
    size_t len;
    uint8_t *bytes = slurp(h, &len);
    /* nk cell: size (4), "nk", flags, time (8), access (4), parent (4),
    ** subkey count at +24, subkey list at +32. */
    ck_assert(memcmp(bytes + b + 4, "nk", 2) == 0);
    put_le32(bytes + b + 24, le32(bytes + a + 24));
    put_le32(bytes + b + 32, le32(bytes + a + 32));
    write_file(h, bytes, len);
    free(bytes);

    reglint_scope *s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM\\SOFTWARE\\A\\*\\*\\*\\*\\*",
                                       REGLINT_SCOPE_SUBTREE), 0);
    loaded L = load_scope(s, h, (const char *)NULL);
    reglint_scope_free(s);
    ck_assert_uint_ge(count_code(L.d, "hive-cell"), 1);
    ck_assert_ptr_nonnull(reglint_view_key_open(L.v, "HKLM\\SOFTWARE\\A\\B"));
    ck_assert_ptr_null(reglint_view_key_open(L.v, "HKLM\\SOFTWARE\\A\\B\\B"));
    /* What is not part of the loop still loads. */
    s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM\\SOFTWARE\\A\\*", 0), 0);
    loaded M = load_scope(s, h, (const char *)NULL);
    reglint_scope_free(s);
    ck_assert_uint_eq(dword_at(&M, "HKLM\\SOFTWARE\\A\\B", "v"), 1);
    unload(&M);
    unload(&L);
}
END_TEST

START_TEST(test_glob_reg)
{
    const char *r = write_reg(GLOB_BODY);
    titem items[] = {{"HKEY_LOCAL_MACHINE\\SYSTEM\\*" SCH, -1},
                     {"HKEY_LOCAL_MACHINE\\SYSTEM\\Select", 0}};
    loaded full;
    loaded L = compare_scoped(items, 2, &full, &r, 1);
    check_glob_subtree(&L);
    unload(&L);
    unload(&full);

    titem items2[] = {{"HKEY_LOCAL_MACHINE\\SYSTEM\\*\\Control\\*", 0},
                      {"HKEY_LOCAL_MACHINE\\SYSTEM\\Select", 0}};
    L = compare_scoped(items2, 2, &full, &r, 1);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SYSTEM\\ControlSet002\\Control\\Other",
                               "x"), 1);
    unload(&L);
    unload(&full);

    /* The hive and the .reg file give the same keys and values. */
    const char *h = tpath("SYSTEM");
    build_hive(h, "HKLM\\SYSTEM", GLOB_BODY);
    reglint_scope *s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM\\SYSTEM\\*" SCH,
                                       REGLINT_SCOPE_SUBTREE), 0);
    loaded A = load_scope(s, h, (const char *)NULL);
    loaded B = load_scope(s, r, (const char *)NULL);
    reglint_scope_free(s);
    const char *keys[] = {
        "HKLM\\SYSTEM\\ControlSet001" SCH,
        "HKLM\\SYSTEM\\ControlSet001" SCH "\\Protocols\\TLS 1.2\\Client",
        "HKLM\\SYSTEM\\ControlSet002" SCH "\\Protocols\\TLS 1.0\\Server",
        "HKLM\\SYSTEM\\CurrentControlSet" SCH "\\Protocols\\TLS 1.2\\Client",
    };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const reglint_key *a = reglint_view_key_open(A.v, keys[i]);
        const reglint_key *b = reglint_view_key_open(B.v, keys[i]);
        ck_assert_msg(a && b, "%s", keys[i]);
        ck_assert_uint_eq(reglint_key_value_count(a),
                          reglint_key_value_count(b));
        ck_assert_uint_eq(reglint_key_subkey_count(a),
                          reglint_key_subkey_count(b));
    }
    unload(&A);
    unload(&B);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Scoped .reg reading                                                */
/* ---------------------------------------------------------------- */

/* Sections inside (In) and outside (Out) the scope, and every way a line
** of a skipped section can decide whether the next line is a key line.
** The reader's rule (which a full read defines): a line is continued only
** where parse_hex() reads a backslash in place of a byte, or, after an
** error in a hex value, when it ends in a backslash.  So "[In\2]" below,
** after "01,02,\", is eaten by the hex value and is no key line, while
** "[In\4]" after a comment ending in a backslash is one. */
#define IN "HKEY_LOCAL_MACHINE\\SOFTWARE\\In"
#define OUT "HKEY_LOCAL_MACHINE\\SOFTWARE\\Out"
static const char skip_body[] =
    "[" IN "\\1]\n\"v\"=dword:00000001\n\n"
    "[" OUT "\\1]\n\"bin\"=hex:01,02,\\\n"
    "[" IN "\\2]\n\"v\"=dword:00000002\n\n"
    "[" OUT "\\2]\n\"bad\"=hex:01,zz,\\\n"
    "[" IN "\\3]\n\"v\"=dword:00000003\n\n"
    "[" OUT "\\3]\n\"tail\"=hex:01 x\\\n"
    "[" IN "\\4]\n\"v\"=dword:00000004\n\n"
    "[" OUT "\\4]\n; a comment \\\n"
    "[" IN "\\5]\n\"v\"=dword:00000005\n\n"
    "[" OUT "\\5]\n\"s\"=\"unterminated\\\n"
    "[" IN "\\6]\n\"v\"=dword:00000006\n\n"
    "[" OUT "\\6]\n\"c\"=hex:01,\\ ; continued all the same\n"
    "[" IN "\\7]\n\"v\"=dword:00000007\n\n"
    "[" OUT "\\7]\n\"c\"=hex:01,02 ;c \\\n"
    "[" IN "\\8]\n\"v\"=dword:00000008\n\n"
    "[" OUT "\\8]\n\"t\"=hex(zz):01,\\\n"
    "[" IN "\\9]\n\"v\"=dword:00000009\n\n"
    "[" OUT "\\9]\n\"e\"=hex:01,\\\n\n"
    "[" IN "\\10]\n\"v\"=dword:0000000a\n\n"
    "[" OUT "\\10]\n\"d\"=hex:\\\n  01,02,\\\n  03\n"
    "[" IN "\\11]\n\"v\"=dword:0000000b\n\n"
    "[" OUT "\\11]\n\"a\\\"[b\" = HEX(7):41,00,\\\n"
    "[" IN "\\12]\n\"v\"=dword:0000000c\n\n"
    "[" OUT "\\12]\n@=hex:01,\\\n  [" IN "\\13]\n"
    "  [" IN "\\14]\n\"v\"=dword:0000000e\n\n"
    "[" OUT "\\13]\n\"d\"=dword:00000001\\\n"
    "[" IN "\\15]\n\"v\"=dword:0000000f\n\n"
    "[" OUT "\\14]\n\"x\"=hex:01,0\\\n"
    "[" IN "\\16]\n\"v\"=dword:00000010\n\n"
    "[" OUT "\\15]\n\"x\"=hex:01,\t\\  \t\n"
    "[" IN "\\17]\n\"v\"=dword:00000011\n\n"
    "[" OUT "\\16]\n\"x\"=hex:1,2,\\\n"
    "[" IN "\\18]\n\"v\"=dword:00000012\n\n"
    "[" OUT "\\17]\n\"x\"=hex:01,\\\n  02,\\\n  zz \\\n  still \\\n"
    "[" IN "\\19]\n\"v\"=dword:00000013\n\n"
    "[" IN "\\20]\n\"v\"=dword:00000014\n\n"
    /* Deletions: of an In key, of an ancestor of the scope, outside. */
    "[-" IN "\\1]\n\n"
    "[-" OUT "\\1]\n\n"
    "[" IN "\\21\\Deep\\Deeper]\n\"v\"=dword:00000015\n\n"
    "[" OUT "\\18]\n\"x\"=dword:00000001\n\n"
    "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\In\\20]\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE]\n\"top\"=dword:00000001\n\n"
    /* The file ends in a skipped section. */
    "[" OUT "\\19]\n\"x\"=hex:01,\\\n  02\n\n; the end\n";

typedef struct text {
    char *s;
    size_t n, cap;
} text;
static const char *write_utf16(const text *t, bool be, bool bom, bool odd);

/* skip_body with CRLF line ends, and that as UTF-16LE: the forms a
** skipped line can take (a line end's CR is no blank). */
static const char *skip_body_as(int form)
{
    if (form == 0)
        return write_reg(skip_body);
    text t = {malloc(2 * sizeof skip_body), 0, 2 * sizeof skip_body};
    ck_assert_ptr_nonnull(t.s);
    for (const char *c = skip_body; *c; c++) {
        if (*c == '\n')
            t.s[t.n++] = '\r';
        t.s[t.n++] = *c;
    }
    t.s[t.n] = '\0';
    const char *p;
    if (form == 1) {
        p = write_reg(t.s);
    } else {
        p = write_utf16(&t, false, true, false);
    }
    free(t.s);
    return p;
}

START_TEST(test_scoped_reg_matches_full)
{
    /* The parser's own reading of the tricky lines, which the scoped
    ** reading must reproduce, in each form. */
    const char *r = skip_body_as(_i);
    loaded full = load(r);
    const char *eaten[] = {"2", "3", "7", "9", "12", "13", "16", "17",
                           "18", "19"};
    const char *kept[] = {"4", "5", "6", "8", "10", "11", "14", "15", "21"};
    char k[64];
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
        snprintf(k, sizeof k, IN "\\%s", kept[i]);
        ck_assert_msg(reglint_view_key_open(full.v, k) != NULL, "%s", k);
    }
    for (size_t i = 0; i < sizeof eaten / sizeof *eaten; i++) {
        snprintf(k, sizeof k, IN "\\%s", eaten[i]);
        ck_assert_msg(reglint_view_key_open(full.v, k) == NULL, "%s", k);
    }
    unload(&full);

    titem items[] = {{IN, -1}, {"HKEY_LOCAL_MACHINE\\SYSTEM\\Select", 0}};
    loaded L = compare_scoped(items, 2, &full, &r, 1);
    /* In\1 was deleted again; In\20 too; the ancestor SOFTWARE exists,
    ** without its values. */
    ck_assert_ptr_null(reglint_view_key_open(L.v, IN "\\1"));
    ck_assert_ptr_null(reglint_view_key_open(L.v, IN "\\20"));
    ck_assert_uint_eq(dword_at(&L, IN "\\21\\Deep\\Deeper", "v"), 0x15);
    const reglint_key *sw = reglint_view_key_open(L.v, "HKLM\\SOFTWARE");
    ck_assert_ptr_nonnull(sw);
    ck_assert_uint_eq(reglint_key_value_count(sw), 0);
    ck_assert_ptr_null(reglint_view_key_open(L.v, OUT));
    /* The skipped sections' errors are not reported; a full read has
    ** them. */
    ck_assert_uint_eq(count_code(L.d, "bad-hex"), 0);
    ck_assert_uint_gt(count_code(full.d, "bad-hex"), 0);
    unload(&L);
    unload(&full);

    /* The other way round: Out read, In skipped. */
    titem items2[] = {{OUT, -1}, {"HKEY_LOCAL_MACHINE\\SYSTEM\\Select", 0}};
    L = compare_scoped(items2, 2, &full, &r, 1);
    ck_assert_ptr_nonnull(reglint_view_key_open(L.v, OUT "\\2"));
    ck_assert_ptr_null(reglint_view_key_open(L.v, IN));
    unload(&L);
    unload(&full);

    /* Depths: In at depth 0 (its subkeys' lines only make In exist), and
    ** one level deep. */
    titem items3[] = {{IN, 0}, {"HKEY_LOCAL_MACHINE\\SYSTEM\\Select", 0}};
    L = compare_scoped(items3, 2, &full, &r, 1);
    ck_assert_ptr_nonnull(reglint_view_key_open(L.v, IN));
    ck_assert_uint_eq(reglint_key_subkey_count(reglint_view_key_open(L.v, IN)),
                      0);
    unload(&L);
    unload(&full);
    titem items4[] = {{IN, 1}, {IN "\\21\\Deep", 0},
                      {"HKEY_LOCAL_MACHINE\\SYSTEM\\Select", 0}};
    L = compare_scoped(items4, 3, &full, &r, 1);
    ck_assert_ptr_null(reglint_view_key_open(L.v, IN "\\21\\Deep\\Deeper"));
    ck_assert_ptr_nonnull(reglint_view_key_open(L.v, IN "\\21\\Deep"));
    unload(&L);
    unload(&full);

    /* A key a skipped line created as a parent, deleted by a line that is
    ** read, then needed again by the next skipped line. */
    r = write_reg("[HKEY_CURRENT_USER\\A\\Out1]\n\n"
                  "[-HKEY_CURRENT_USER\\A]\n\n"
                  "[HKEY_CURRENT_USER\\A\\Out2]\n\n"
                  "[HKEY_CURRENT_USER\\A\\In]\n\"v\"=dword:00000001\n");
    titem items5[] = {{"HKEY_CURRENT_USER\\A\\In", 0},
                      {"HKEY_LOCAL_MACHINE\\SYSTEM\\Select", 0}};
    L = compare_scoped(items5, 2, &full, &r, 1);
    ck_assert_uint_eq(reglint_key_origin(
                          reglint_view_key_open(L.v, "HKCU\\A")).line, 7);
    unload(&L);
    unload(&full);
}
END_TEST

START_TEST(test_scoped_reg_key_lines)
{
    /* Key lines of skipped sections are still parsed: their diagnostics
    ** and their coverage. */
    char longname[300];
    memset(longname, 'n', 299);
    longname[299] = '\0';
    char *body = NULL;
    ck_assert_int_ge(asprintf(&body,
        "[HKLM\\SOFTWARE\\Out\\A]\n\"x\"=dword:1\n\n"
        "[NOROOT\\Out]\n\"x\"=dword:00000001\n\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Out\\%s\\Deeper]\n\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\In]\n\"v\"=dword:00000001\n\n",
        longname), 0);
    const char *r = write_reg(body);
    free(body);
    reglint_scope *s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM\\SOFTWARE\\In", 0), 0);
    loaded L = load_scope(s, r, (const char *)NULL);
    reglint_scope_free(s);
    loaded full = load(r);
    /* Each key line's diagnostic, as a full read gives it; the skipped
    ** value line's dword-short is not there. */
    ck_assert_uint_eq(count_code(L.d, "abbreviated-root"), 1);
    ck_assert_uint_eq(count_code(L.d, "unknown-root"), 1);
    ck_assert_uint_eq(count_code(L.d, "limit"), 1);
    ck_assert_uint_eq(count_code(full.d, "limit"), 1);
    const reglint_diag *dl = NULL, *df = NULL;
    for (size_t i = 0; i < reglint_diags_count(L.d); i++)
        if (strcmp(reglint_diags_at(L.d, i)->code, "limit") == 0)
            dl = reglint_diags_at(L.d, i);
    for (size_t i = 0; i < reglint_diags_count(full.d); i++)
        if (strcmp(reglint_diags_at(full.d, i)->code, "limit") == 0)
            df = reglint_diags_at(full.d, i);
    ck_assert_str_eq(dl->message, df->message);
    ck_assert_uint_eq(dl->line, df->line);
    ck_assert_uint_eq(dl->column, df->column);
    ck_assert_uint_eq(count_code(L.d, "dword-short"), 0);
    ck_assert_uint_eq(count_code(full.d, "dword-short"), 1);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SOFTWARE\\In", "v"), 1);
    /* Coverage is exact at, above and below the scope: an Out line
    ** covers nothing the scope asks about. */
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\In"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE\\In\\Sub"), 1);
    ck_assert_int_eq(covers(&L, "HKLM\\SOFTWARE"), 0);
    ck_assert_int_eq(covers(&full, "HKLM\\SOFTWARE\\Out\\A"), 1);
    unload(&L);
    unload(&full);
}
END_TEST

START_TEST(test_scope_without_skim_reads_whole_reg)
{
    /* The default (get, info, dump): a scope walks hives only; a .reg file
    ** is read whole, so an error anywhere in it is still reported. */
    const char *r = write_reg("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Out]\n"
                              "\"x\"=dword:1\nBad=dword:00000001\n\n"
                              "[HKEY_LOCAL_MACHINE\\SOFTWARE\\In]\n"
                              "\"v\"=dword:00000001\n");
    reglint_scope *s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM\\SOFTWARE\\In", 0), 0);
    loaded L;
    L.v = reglint_view_new(NULL);
    L.d = reglint_diags_new();
    reglint_view_add(L.v, r, NULL, L.d);
    ck_assert_int_eq(reglint_view_load(L.v, s, L.d), 0);
    reglint_scope_free(s);
    ck_assert_uint_eq(count_code(L.d, "dword-short"), 1);
    ck_assert_uint_eq(count_code(L.d, "unquoted-name"), 1);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SOFTWARE\\Out", "x"), 1);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SOFTWARE\\In", "v"), 1);
    unload(&L);
}
END_TEST

START_TEST(test_scoped_reg_ccs)
{
    /* A SYSTEM export: ControlSet001 before Select (as regedit sorts
    ** them); the scope says CurrentControlSet. */
    const char *r = write_reg(
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\X]\n"
        "\"v\"=dword:00000001\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Y]\n"
        "\"v\"=dword:00000009\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\X]\n"
        "\"v\"=dword:00000002\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000001\n\n");
    reglint_scope *s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(
        s, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X", 0), 0);
    loaded L = load_scope(s, r, (const char *)NULL);
    ck_assert_uint_eq(reglint_view_control_set(L.v), 1);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X",
                               "v"), 1);
    ck_assert_ptr_null(reglint_view_key_open(
        L.v, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Y"));
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\X"), 1);
    unload(&L);

    /* A later .reg's CurrentControlSet goes where the export's Select
    ** says, scoped or not. */
    const char *later = write_reg(
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\X]\n"
        "\"v\"=dword:00000007\n");
    L = load_scope(s, r, later, (const char *)NULL);
    reglint_scope_free(s);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SYSTEM\\ControlSet001\\Control\\X",
                               "v"), 7);
    ck_assert_ptr_null(reglint_key_open(reglint_view_registry(L.v),
                                        "HKLM\\SYSTEM\\CurrentControlSet"));
    unload(&L);

    /* CurrentControlSet kept literal, asked for as ControlSet002. */
    r = write_reg("[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\X]\n"
                  "\"v\"=dword:00000005\n");
    s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(
        s, "HKLM\\SYSTEM\\ControlSet002\\Control\\X", 0), 0);
    L = load_scope(s, r, (const char *)NULL);
    reglint_scope_free(s);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SYSTEM\\ControlSet002\\Control\\X",
                               "v"), 5);
    ck_assert_int_eq(covers(&L, "HKLM\\SYSTEM\\ControlSet002\\Control\\X"), 1);
    unload(&L);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Big files: 1 MiB read boundaries, encodings                        */
/* ---------------------------------------------------------------- */

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int w = vsnprintf(t->s + t->n, t->cap - t->n, fmt, ap);
        va_end(ap);
        ck_assert_int_ge(w, 0);
        if ((size_t)w < t->cap - t->n) {
            t->n += (size_t)w;
            return;
        }
        t->cap = t->cap * 2 + (size_t)w + 1;
        t->s = realloc(t->s, t->cap);
        ck_assert_ptr_nonnull(t->s);
    }
}

/* A file of about 3.5 MiB as UTF-16: Out sections with long wrapped hex
** values, a line of more than 1 MiB, characters outside the BMP, and a
** '[' line eaten by a continuation, around In sections.  shift moves
** everything by that many characters, so that each boundary falls
** somewhere else. */
static text big_body(int shift)
{
    text t = {NULL, 0, 0};
    put(&t, "; %.*s\r\n", shift, "xxxxxxxxxxxxxxxx");
    for (int b = 0; b < 6; b++) {
        put(&t, "[" IN "\\B%d]\r\n\"v\"=dword:%08x\r\n\r\n", b, b);
        /* A wrapped hex value of 150 KB, as regedit writes it. */
        put(&t, "[" OUT "\\Hex%d]\r\n\"bin\"=hex:", b);
        for (int i = 0; i < 50000; i++)
            put(&t, "%02x%s", i & 0xff,
                i + 1 == 50000 ? "\r\n" : (i % 25 == 24 ? ",\\\r\n  " : ","));
        put(&t, "\"n\xc3\xa9\xf0\x9f\x98\x80\"=\"\xe6\x97\xa5\xf0\x9f\x98\x80\"\r\n\r\n");
        /* A string line of 600,000 characters: 1.2 MB as UTF-16. */
        put(&t, "[" OUT "\\Long%d]\r\n\"s\"=\"", b);
        for (int i = 0; i < 6000; i++)
            put(&t, "%s", "0123456789abcdefghijklmnopqrstuvwxyz\xc3\xa9\xe6\x97\xa5"
                          "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijkl");
        put(&t, "\"\r\n\r\n");
        /* A hex line of 300,000 characters ending in a continuation: the
        ** '[' line after it belongs to the value. */
        put(&t, "[" OUT "\\Cont%d]\r\n\"c\"=hex:", b);
        for (int i = 0; i < 100000; i++)
            put(&t, "%02x,", i & 0xff);
        put(&t, "\\\r\n[" IN "\\Eaten%d]\r\n\"e\"=dword:00000001\r\n\r\n", b);
        if (b == 2) {
            /* A continuation line longer than the read buffer in every
            ** encoding: looked at decoded, in the middle of the value. */
            put(&t, "[" OUT "\\Giant]\r\n\"g\"=hex:01,\\\r\n  ");
            for (int i = 0; i < 400000; i++)
                put(&t, "%02x,", i & 0xff);
            put(&t, "\\\r\n[" IN "\\EatenGiant]\r\n\r\n");
        }
    }
    put(&t, "[" IN "\\Last]\r\n\"v\"=dword:00000063\r\n");
    return t;
}

static const char *write_utf16(const text *t, bool be, bool bom, bool odd)
{
    char name[32];
    snprintf(name, sizeof name, "big%d.reg", counter++);
    const char *p = tpath(name);
    static const char head[] = "Windows Registry Editor Version 5.00\r\n\r\n";
    size_t cap = (sizeof head + t->n) * 2 + 4;
    uint8_t *u = malloc(cap);
    ck_assert_ptr_nonnull(u);
    size_t o = 0;
    if (bom) {
        u[o++] = be ? 0xfe : 0xff;
        u[o++] = be ? 0xff : 0xfe;
    }
    o += test_utf16_encode(head, sizeof head - 1, be, u + o);
    o += test_utf16_encode(t->s, t->n, be, u + o);
    if (odd)
        u[o++] = 'x'; /* a stray byte at the very end */
    write_file(p, u, o);
    free(u);
    return p;
}

START_TEST(test_scoped_reg_boundaries)
{
    titem items[] = {{IN, -1}, {"HKEY_LOCAL_MACHINE\\SYSTEM\\Select", 0}};
    for (int shift = 0; shift < 4; shift++) {
        text t = big_body(shift * 5 + shift % 2);
        const char *files[4];
        files[0] = write_utf16(&t, false, true, false);
        files[1] = write_utf16(&t, true, true, false);
        files[2] = write_utf16(&t, false, false, shift & 1);
        /* UTF-8, as written. */
        char name[32];
        snprintf(name, sizeof name, "big%d.reg", counter++);
        files[3] = tpath(name);
        char *u8 = NULL;
        ck_assert_int_ge(asprintf(&u8, "Windows Registry Editor Version 5.00"
                                       "\r\n\r\n%s", t.s), 0);
        write_file(files[3], u8, strlen(u8));
        free(u8);
        free(t.s);
        for (int f = 0; f < 4; f++) {
            loaded full;
            loaded L = compare_scoped(items, 2, &full, &files[f], 1);
            for (int b = 0; b < 6; b++) {
                char k[64];
                snprintf(k, sizeof k, IN "\\B%d", b);
                ck_assert_uint_eq(dword_at(&L, k, "v"), (uint32_t)b);
                snprintf(k, sizeof k, IN "\\Eaten%d", b);
                ck_assert_ptr_null(reglint_view_key_open(L.v, k));
            }
            ck_assert_ptr_null(reglint_view_key_open(L.v, IN "\\EatenGiant"));
            ck_assert_uint_eq(dword_at(&L, IN "\\Last", "v"), 0x63);
            ck_assert_ptr_null(reglint_view_key_open(L.v, OUT));
            ck_assert_uint_eq(reglint_diags_count_severity(L.d, REGLINT_ERROR),
                              0);
            ck_assert_uint_eq(
                reglint_view_source(L.v, 0)->reg.lines,
                reglint_view_source(full.v, 0)->reg.lines);
            unload(&L);
            unload(&full);
        }
    }
}
END_TEST

START_TEST(test_skipped_lines_not_decoded)
{
    /* An unpaired surrogate in a skipped section: a full read reports it,
    ** a scoped one never decodes it. */
    static const char body[] =
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Out]\r\n\"s\"=\"@@\"\r\n\r\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\In]\r\n\"v\"=dword:00000001\r\n";
    text t = {strdup(body), sizeof body - 1, sizeof body};
    const char *p = write_utf16(&t, false, true, false);
    free(t.s);
    size_t len;
    uint8_t *u = slurp(p, &len);
    /* "@@" -> a high surrogate (U+D800) that no low one follows, 'A'. */
    int found = 0;
    for (size_t i = 0; i + 3 < len; i += 2)
        if (u[i] == '@' && u[i + 1] == 0 && u[i + 2] == '@') {
            u[i] = 0x00, u[i + 1] = 0xd8, u[i + 2] = 'A', u[i + 3] = 0x00;
            found = 1;
            break;
        }
    ck_assert(found);
    write_file(p, u, len);
    free(u);
    loaded full = load(p);
    ck_assert_uint_eq(count_code(full.d, "invalid-utf16"), 1);
    reglint_scope *s = reglint_scope_new();
    ck_assert_int_eq(reglint_scope_add(s, "HKLM\\SOFTWARE\\In", 0), 0);
    loaded L = load_scope(s, p, (const char *)NULL);
    reglint_scope_free(s);
    ck_assert_uint_eq(count_code(L.d, "invalid-utf16"), 0);
    ck_assert_uint_eq(dword_at(&L, "HKLM\\SOFTWARE\\In", "v"), 1);
    unload(&L);
    unload(&full);
}
END_TEST

/* Random files of lines put together from the pieces that decide where
** a line ends up: key lines in and out of the scope, value lines with hex
** data in every shape (good and bad bytes, commas, blanks, NULs, comments,
** backslashes anywhere), continuation lines, and loose fragments.
** Whatever the parser makes of them, the scoped read must make the same
** of the keys in the scope (a fixed seed: reproducible).  \001 stands for
** a NUL character: in UTF-16 files (a UTF-8 file with NUL bytes near its
** start is no text file) it becomes one, else an 'x'. */
static uint64_t rnd_state;

static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(rnd_state >> 33) % n;
}

#define PICK(a) (a)[rnd(sizeof(a) / sizeof *(a))]

static void random_line(text *t)
{
    static const char *const names[] = {"\"v\"", "@", "\"a\\\"b\"",
                                        "\"c\\\\\"", "\"open", " \"v\""};
    static const char *const eqs[] = {"=", " =", "= ", "\t=\t", "", "=="};
    static const char *const prefixes[] = {
        "hex:", "HEX(7):", "hex(zz):", "hex(123456789):", "hex(", "hex(0)",
        "dword:00000001", "\"s\"", "-", "hex(b):", "Hex:"};
    static const char *const data[] = {"01,", "0a,", "1,", "01", " ", "\t",
                                       "zz,", "x", ",", "\001", "fF,",
                                       "0,", "123,", "\xc3\xa9"};
    static const char *const tails[] = {"\\", " \\ ", "\\ ;c", ";c \\", "",
                                        "", "\\", "\\\001", "\001\\", "\\\t",
                                        "\\x", " ;\\"};
    static const char *const loose[] = {
        "[" IN "\\%u]", "[" OUT "\\%u]", "[-" IN "\\%u]", "[-" OUT "]",
        "[HKLM\\SOFTWARE\\In]", "[" IN, "  ", "\t", "\"v%u\"", "=", "hex:",
        "01,", "zz", "\\", ";c", "[", "]", "\xe6\x97\xa5", "\001",
        "\xf0\x9f\x98\x80"};
    switch (rnd(6)) {
    case 0: /* a key line, in or out */
        put(t, "%s[%s%s\\%u]", rnd(4) ? "" : "  \001", rnd(5) ? "" : "-",
            rnd(2) ? IN : OUT, rnd(7));
        break;
    case 1:
    case 2: /* a value */
        put(t, "%s%s%s%s", rnd(4) ? "" : "  ", PICK(names), PICK(eqs),
            PICK(prefixes));
        for (unsigned i = rnd(8); i > 0; i--)
            put(t, "%s", PICK(data));
        put(t, "%s", PICK(tails));
        break;
    case 3:
    case 4: /* a continuation line, as regedit indents it, or not */
        put(t, "%s", rnd(3) ? "  " : "");
        for (unsigned i = rnd(8); i > 0; i--)
            put(t, "%s", PICK(data));
        put(t, "%s", PICK(tails));
        break;
    default:
        for (unsigned i = 1 + rnd(5); i > 0; i--) {
            const char *pc = PICK(loose);
            if (strstr(pc, "%u"))
                put(t, pc, rnd(7));
            else
                put(t, "%s", pc);
        }
        break;
    }
    put(t, rnd(3) ? "\r\n" : "\n");
}

START_TEST(test_scoped_reg_random)
{
    rnd_state = 0x5eed5eed12345678ull;
    titem items[] = {{IN, -1}, {"HKEY_LOCAL_MACHINE\\SYSTEM\\Select", 0}};
    for (int iter = 0; iter < 400; iter++) {
        text t = {NULL, 0, 0};
        put(&t, "[" IN "]\r\n");
        for (int l = 20 + iter % 50; l > 0; l--)
            random_line(&t);
        bool utf16 = iter % 2;
        for (size_t i = 0; i < t.n; i++)
            if (t.s[i] == '\001')
                t.s[i] = utf16 ? '\0' : 'x';
        const char *f;
        if (utf16) {
            f = write_utf16(&t, false, true, false);
        } else {
            char name[32];
            snprintf(name, sizeof name, "rnd%d.reg", counter++);
            f = tpath(name);
            text h = {NULL, 0, 0};
            put(&h, "Windows Registry Editor Version 5.00\n\n");
            write_file(f, h.s, h.n);
            FILE *fp = fopen(f, "ab");
            ck_assert_ptr_nonnull(fp);
            ck_assert_uint_eq(fwrite(t.s, 1, t.n, fp), t.n);
            fclose(fp);
            free(h.s);
        }
        free(t.s);
        loaded full;
        loaded L = compare_scoped(items, 2, &full, &f, 1);
        unload(&L);
        unload(&full);
        unlink(f);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("view-scope");
    TCase *tc = tcase_create("coverage");
    tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_covers_hive);
    tcase_add_test(tc, test_covers_reg_topmost);
    tcase_add_test(tc, test_covers_ccs);
    suite_add_tcase(s, tc);
    tc = tcase_create("scopes");
    tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_glob_hive);
    tcase_add_test(tc, test_glob_hive_loop);
    tcase_add_test(tc, test_glob_in_name);
    tcase_add_test(tc, test_glob_reg);
    tcase_add_loop_test(tc, test_scoped_reg_matches_full, 0, 3);
    tcase_add_test(tc, test_scoped_reg_key_lines);
    tcase_add_test(tc, test_scoped_reg_ccs);
    tcase_add_test(tc, test_scope_without_skim_reads_whole_reg);
    tcase_add_test(tc, test_scoped_reg_boundaries);
    tcase_add_test(tc, test_skipped_lines_not_decoded);
    tcase_add_test(tc, test_scoped_reg_random);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
