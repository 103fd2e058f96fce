/*
** check_registry.c — unit tests of the registry model (lib/registry*.c):
** names compared as Windows compares them, paths and roots, keys, values,
** limits, typed accessors, type names, sources and origins.
*/
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reglint.h"
#include "test_utf16.h"

#define NO_ORIGIN ((reglint_origin){0, 0, 0})

/* ---------------------------------------------------------------- */
/* Helpers                                                            */
/* ---------------------------------------------------------------- */

static reglint_registry *new_reg(void)
{
    reglint_registry *reg = reglint_registry_new();
    ck_assert_ptr_nonnull(reg);
    return reg;
}

/* A string of n copies of the UTF-8 character c (to free()). */
static char *repeat(const char *c, size_t n)
{
    size_t cl = strlen(c);
    char *s = malloc(cl * n + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * cl, c, cl);
    s[cl * n] = '\0';
    return s;
}

/* Normalise and compare, freeing the result. */
static void expect_norm(const char *in, const char *want)
{
    errno = 0;
    char *got = reglint_path_normalize(in);
    ck_assert_msg(got != NULL, "normalize(\"%s\") failed: %s", in,
                  reglint_last_error());
    ck_assert_str_eq(got, want);
    free(got);
}

static void expect_norm_fails(const char *in)
{
    errno = 0;
    char *got = reglint_path_normalize(in);
    ck_assert_msg(got == NULL, "normalize(\"%s\") gave \"%s\"", in,
                  got ? got : "");
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_str_ne(reglint_last_error(), "");
}

static void expect_path(const reglint_key *k, const char *want)
{
    char *p = reglint_key_path(k);
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p, want);
    free(p);
}

static int sign(int x)
{
    return x < 0 ? -1 : x > 0 ? 1 : 0;
}

static void expect_cmp(const char *a, const char *b, int want)
{
    int got = sign(reglint_name_compare(a, b));
    ck_assert_msg(got == want, "name_compare(\"%s\", \"%s\") sign %d, want %d",
                  a, b, got, want);
    /* antisymmetric */
    int rev = sign(reglint_name_compare(b, a));
    ck_assert_msg(rev == -want, "name_compare(\"%s\", \"%s\") sign %d, want %d",
                  b, a, rev, -want);
}

static void expect_root(const char *name, const char *want)
{
    const char *got = reglint_root_canonical(name, strlen(name));
    if (want == NULL) {
        ck_assert_msg(got == NULL, "root_canonical(\"%s\") = \"%s\", want NULL",
                      name, got);
    } else {
        ck_assert_msg(got != NULL, "root_canonical(\"%s\") = NULL", name);
        ck_assert_str_eq(got, want);
    }
}

/* UTF-16LE bytes of an ASCII/UTF-8 string (no NUL added); returns length. */
static size_t u16le(const char *s, uint8_t *out)
{
    return test_utf16_encode(s, strlen(s), 0, out);
}

/* A key with one value of the given type and data; returns the value. */
static const reglint_value *one_value(reglint_registry *reg, uint32_t type,
                                      const void *data, size_t len)
{
    reglint_key *k = reglint_key_create(reg, "HKLM\\V", NO_ORIGIN);
    ck_assert_ptr_nonnull(k);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "v", type, data, len,
                                           NO_ORIGIN), 0);
    const reglint_value *v = reglint_key_value(k, "v");
    ck_assert_ptr_nonnull(v);
    return v;
}

static void expect_string(uint32_t type, const void *data, size_t len,
                          const char *want)
{
    reglint_registry *reg = new_reg();
    const reglint_value *v = one_value(reg, type, data, len);
    errno = 0;
    char *s = reglint_value_get_string(v);
    ck_assert_msg(s != NULL, "get_string failed: %s", reglint_last_error());
    ck_assert_str_eq(s, want);
    free(s);
    reglint_registry_free(reg);
}

/* Check a MULTI_SZ split: want is an array of n strings. */
static void expect_multi(const void *data, size_t len, const char *const *want,
                         size_t n)
{
    reglint_registry *reg = new_reg();
    const reglint_value *v = one_value(reg, REGLINT_REG_MULTI_SZ, data, len);
    size_t count = 12345;
    char **strv = reglint_value_get_multi_sz(v, &count);
    ck_assert_msg(strv != NULL, "get_multi_sz failed: %s", reglint_last_error());
    ck_assert_uint_eq(count, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(strv[i], want[i]);
    ck_assert_ptr_null(strv[n]);
    reglint_strv_free(strv);
    reglint_registry_free(reg);
}

/* ---------------------------------------------------------------- */
/* Library, names, roots, paths                                       */
/* ---------------------------------------------------------------- */

START_TEST(test_version)
{
    ck_assert_str_eq(reglint_version(), "0.1.0");
}
END_TEST

START_TEST(test_name_compare_ascii)
{
    expect_cmp("TLS 1.2", "tls 1.2", 0);
    expect_cmp("SOFTWARE", "software", 0);
    expect_cmp("SoFtWaRe", "sOfTwArE", 0);
    expect_cmp("", "", 0);
    expect_cmp("a", "b", -1);
    expect_cmp("a", "B", -1);
    expect_cmp("A", "b", -1);
    expect_cmp("ab", "abc", -1);
    expect_cmp("", "a", -1);
    expect_cmp("TLS 1.2", "TLS 1.3", -1);
    /* Compared after upper-casing: '_' (0x5f) sorts after 'A' (0x41),
    ** while a lower-casing comparison would put it before 'a' (0x61). */
    expect_cmp("_", "a", 1);
    expect_cmp("[", "a", 1);
}
END_TEST

START_TEST(test_name_compare_unicode)
{
    expect_cmp("\xc3\x84", "\xc3\xa4", 0);                 /* Ä ä */
    expect_cmp("Gr\xc3\xbc\xc3\x9f" "e", "GR\xc3\x9c\xc3\x9f" "E", 0); /* Grüße GRÜßE */
    expect_cmp("\xc3\xbf", "\xc5\xb8", 0);                 /* ÿ Ÿ */
    expect_cmp("\xcf\x83", "\xce\xa3", 0);                 /* σ Σ */
    expect_cmp("\xcf\x89", "\xce\xa9", 0);                 /* ω Ω */
    expect_cmp("\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82",
               "\xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2", 0); /* привет */
    expect_cmp("\xef\xbd\x81", "\xef\xbc\xa1", 0);         /* fullwidth a A */
    expect_cmp("Schl\xc3\xbcssel", "SCHL\xc3\x9cSSEL", 0); /* Schlüssel */
    /* Simple mapping only: ß does not become SS. */
    ck_assert_int_ne(reglint_name_compare("Stra\xc3\x9f" "e", "STRASSE"), 0);
    /* Accents are not folded away. */
    ck_assert_int_ne(reglint_name_compare("\xc3\xa9", "e"), 0);
    ck_assert_int_ne(reglint_name_compare("\xc3\x84", "A"), 0);
    /* Order by upper-cased code point: Ä (U+00C4) after B. */
    expect_cmp("\xc3\xa4", "b", 1);
    expect_cmp("\xc3\xa4x", "\xc3\x84y", -1);
}
END_TEST

START_TEST(test_root_canonical)
{
    expect_root("HKLM", "HKEY_LOCAL_MACHINE");
    expect_root("hklm", "HKEY_LOCAL_MACHINE");
    expect_root("HKEY_LOCAL_MACHINE", "HKEY_LOCAL_MACHINE");
    expect_root("hkey_local_machine", "HKEY_LOCAL_MACHINE");
    expect_root("Hkey_Local_Machine", "HKEY_LOCAL_MACHINE");
    expect_root("HKCU", "HKEY_CURRENT_USER");
    expect_root("hkey_current_user", "HKEY_CURRENT_USER");
    expect_root("HKCR", "HKEY_CLASSES_ROOT");
    expect_root("HKEY_CLASSES_ROOT", "HKEY_CLASSES_ROOT");
    expect_root("HKU", "HKEY_USERS");
    expect_root("hku", "HKEY_USERS");
    expect_root("HKEY_USERS", "HKEY_USERS");
    expect_root("HKCC", "HKEY_CURRENT_CONFIG");
    expect_root("HKEY_CURRENT_CONFIG", "HKEY_CURRENT_CONFIG");
    expect_root("HKEY_PERFORMANCE_DATA", "HKEY_PERFORMANCE_DATA");
    expect_root("HKEY_DYN_DATA", "HKEY_DYN_DATA");
    expect_root("hkey_dyn_data", "HKEY_DYN_DATA");
    expect_root("HKL", NULL);
    expect_root("HKLMX", NULL);
    expect_root("HKEY_LOCAL_MACHINEX", NULL);
    expect_root("SOFTWARE", NULL);
    expect_root("", NULL);
    /* Only len bytes count. */
    const char *p = "HKLM\\Software";
    const char *got = reglint_root_canonical(p, 4);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "HKEY_LOCAL_MACHINE");
    ck_assert_ptr_null(reglint_root_canonical(p, 3));
    ck_assert_ptr_null(reglint_root_canonical(p, 5));
    got = reglint_root_canonical("HKEY_USERSxyz", 10);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "HKEY_USERS");
}
END_TEST

START_TEST(test_path_normalize)
{
    expect_norm("hklm\\Software\\", "HKEY_LOCAL_MACHINE\\Software");
    expect_norm("HKLM\\Software", "HKEY_LOCAL_MACHINE\\Software");
    expect_norm("HKLM", "HKEY_LOCAL_MACHINE");
    expect_norm("HKLM\\", "HKEY_LOCAL_MACHINE");
    expect_norm("hkey_current_user\\SoFtWaRe\\TLS 1.2",
                "HKEY_CURRENT_USER\\SoFtWaRe\\TLS 1.2");
    expect_norm("HKEY_USERS\\.DEFAULT", "HKEY_USERS\\.DEFAULT");
    expect_norm("hkcr\\*\\shell", "HKEY_CLASSES_ROOT\\*\\shell");
    expect_norm("HKCC\\System", "HKEY_CURRENT_CONFIG\\System");
    expect_norm("HKU\\S-1-5-18", "HKEY_USERS\\S-1-5-18");
    expect_norm("HKLM\\Caf\xc3\xa9\\\xc3\x84", "HKEY_LOCAL_MACHINE\\Caf\xc3\xa9\\\xc3\x84");
    expect_norm_fails("Software\\Microsoft");
    expect_norm_fails("HKEY_NOPE\\x");
    expect_norm_fails("");
    /* Doubled backslashes are dropped, as regedit drops them (reglint.h). */
    expect_norm("HKLM\\a\\\\b", "HKEY_LOCAL_MACHINE\\a\\b");
    expect_norm_fails("\\HKLM\\a");
}
END_TEST

/* ---------------------------------------------------------------- */
/* Keys                                                               */
/* ---------------------------------------------------------------- */

START_TEST(test_key_create_with_parents)
{
    reglint_registry *reg = new_reg();
    ck_assert_uint_eq(reglint_registry_key_count(reg), 0);
    reglint_origin o = {1, 7, 0};
    reglint_key *b = reglint_key_create(reg, "HKLM\\Software\\A\\B", o);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 4);
    ck_assert_str_eq(reglint_key_name(b), "B");
    expect_path(b, "HKEY_LOCAL_MACHINE\\Software\\A\\B");

    reglint_key *a = reglint_key_parent(b);
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(reglint_key_name(a), "A");
    reglint_key *sw = reglint_key_parent(a);
    ck_assert_str_eq(reglint_key_name(sw), "Software");
    reglint_key *root = reglint_key_parent(sw);
    ck_assert_str_eq(reglint_key_name(root), "HKEY_LOCAL_MACHINE");
    reglint_key *top = reglint_registry_top(reg);
    ck_assert_ptr_eq(reglint_key_parent(root), top);
    ck_assert_ptr_null(reglint_key_parent(top));
    ck_assert_str_eq(reglint_key_name(top), "");
    expect_path(top, "");
    expect_path(root, "HKEY_LOCAL_MACHINE");

    /* All new keys carry the origin. */
    reglint_key *ks[] = {root, sw, a, b};
    for (size_t i = 0; i < 4; i++) {
        reglint_origin ko = reglint_key_origin(ks[i]);
        ck_assert_uint_eq(ko.source, 1);
        ck_assert_uint_eq(ko.line, 7);
    }
    ck_assert_uint_eq(reglint_key_subkey_count(root), 1);
    ck_assert_uint_eq(reglint_key_subkey_count(b), 0);
    ck_assert_uint_eq(reglint_key_value_count(b), 0);

    /* Find-or-create: the same key, no new keys, origin unchanged. */
    reglint_key *again = reglint_key_create(reg, "hkey_local_machine\\SOFTWARE\\a\\b",
                                            (reglint_origin){2, 9, 0});
    ck_assert_ptr_eq(again, b);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 4);
    ck_assert_uint_eq(reglint_key_origin(b).source, 1);
    ck_assert_uint_eq(reglint_key_origin(b).line, 7);

    /* A deeper key: only the new one takes the new origin. */
    reglint_key *c = reglint_key_create(reg, "HKLM\\software\\A\\b\\C", (reglint_origin){2, 9, 0});
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_eq(reglint_key_parent(c), b);
    ck_assert_uint_eq(reglint_key_origin(c).source, 2);
    ck_assert_uint_eq(reglint_key_origin(c).line, 9);
    ck_assert_uint_eq(reglint_key_origin(a).source, 1);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 5);
    expect_path(c, "HKEY_LOCAL_MACHINE\\Software\\A\\B\\C");

    /* Trailing backslash, root only. */
    ck_assert_ptr_eq(reglint_key_create(reg, "hklm\\Software\\", o), sw);
    ck_assert_ptr_eq(reglint_key_create(reg, "HKEY_LOCAL_MACHINE", o), root);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 5);

    errno = 0;
    ck_assert_ptr_null(reglint_key_create(reg, "NOROOT\\x", o));
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_str_ne(reglint_last_error(), "");
    ck_assert_uint_eq(reglint_registry_key_count(reg), 5);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_key_open_any_spelling)
{
    reglint_registry *reg = new_reg();
    reglint_key *k = reglint_key_create(reg, "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2", NO_ORIGIN);
    ck_assert_ptr_nonnull(k);
    const char *spellings[] = {
        "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2",
        "hklm\\system\\currentcontrolset\\control\\securityproviders\\schannel\\protocols\\tls 1.2",
        "HkLm\\System\\CURRENTCONTROLSET\\Control\\SecurityProviders\\Schannel\\PROTOCOLS\\Tls 1.2\\",
        "hkey_local_machine\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2",
    };
    for (size_t i = 0; i < sizeof spellings / sizeof *spellings; i++)
        ck_assert_msg(reglint_key_open(reg, spellings[i]) == k,
                      "key_open(\"%s\") did not find the key", spellings[i]);
    ck_assert_ptr_eq(reglint_key_open(reg, "hklm"),
                     reglint_key_subkey_at(reglint_registry_top(reg), 0));

    errno = 0;
    ck_assert_ptr_null(reglint_key_open(reg, "HKLM\\SYSTEM\\Nope"));
    ck_assert_int_eq(errno, ENOENT);
    errno = 0;
    ck_assert_ptr_null(reglint_key_open(reg, "HKCU"));
    ck_assert_int_eq(errno, ENOENT);
    errno = 0;
    ck_assert_ptr_null(reglint_key_open(reg, "SYSTEM\\CurrentControlSet"));
    ck_assert_int_eq(errno, EINVAL);
    errno = 0;
    ck_assert_ptr_null(reglint_key_open(reg, ""));
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_str_ne(reglint_last_error(), "");

    /* Non-ASCII names compare case-insensitively too. */
    reglint_key *u = reglint_key_create(reg, "HKCU\\\xc3\x84rger\\\xce\xa3\xce\xb9", NO_ORIGIN);
    ck_assert_ptr_nonnull(u);
    ck_assert_ptr_eq(reglint_key_open(reg, "HKCU\\\xc3\xa4RGER\\\xcf\x83\xce\x99"), u);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_first_spelling_kept)
{
    reglint_registry *reg = new_reg();
    reglint_key *foo = reglint_key_create(reg, "HKLM\\Software\\Foo", NO_ORIGIN);
    ck_assert_ptr_nonnull(foo);
    reglint_key *bar = reglint_key_create(reg, "HKLM\\SOFTWARE\\FOO\\bar", NO_ORIGIN);
    ck_assert_ptr_nonnull(bar);
    ck_assert_ptr_eq(reglint_key_parent(bar), foo);
    expect_path(bar, "HKEY_LOCAL_MACHINE\\Software\\Foo\\bar");
    ck_assert_uint_eq(reglint_registry_key_count(reg), 4);

    /* Root spelled as abbreviation first: the root's name is still full. */
    reglint_key *x = reglint_key_create(reg, "hkcu\\\xc3\x84", NO_ORIGIN);
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(reglint_key_name(reglint_key_parent(x)), "HKEY_CURRENT_USER");
    reglint_key *y = reglint_key_create(reg, "HKCU\\\xc3\xa4\\y", NO_ORIGIN);
    ck_assert_ptr_eq(reglint_key_parent(y), x);
    ck_assert_str_eq(reglint_key_name(x), "\xc3\x84");

    /* add_subkey too. */
    reglint_key *b2 = reglint_key_add_subkey(reg, foo, "BAR", NO_ORIGIN);
    ck_assert_ptr_eq(b2, bar);
    ck_assert_str_eq(reglint_key_name(b2), "bar");
    ck_assert_uint_eq(reglint_key_subkey_count(foo), 1);
    ck_assert_ptr_eq(reglint_key_subkey(foo, "BaR"), bar);
    ck_assert_ptr_null(reglint_key_subkey(foo, "ba"));
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_key_delete_subtree)
{
    reglint_registry *reg = new_reg();
    ck_assert_ptr_nonnull(reglint_key_create(reg, "HKLM\\Software\\A\\B\\C", NO_ORIGIN));
    ck_assert_ptr_nonnull(reglint_key_create(reg, "HKLM\\Software\\A\\D", NO_ORIGIN));
    reglint_key *e = reglint_key_create(reg, "HKLM\\Software\\E", NO_ORIGIN);
    ck_assert_ptr_nonnull(e);
    reglint_key *a = reglint_key_open(reg, "HKLM\\Software\\A");
    ck_assert_int_eq(reglint_key_set_value(reg, a, "v", REGLINT_REG_SZ, "x\0\0", 4, NO_ORIGIN), 0);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 7);

    ck_assert_int_eq(reglint_key_delete(reg, "hklm\\SOFTWARE\\a"), 1);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 3);
    errno = 0;
    ck_assert_ptr_null(reglint_key_open(reg, "HKLM\\Software\\A"));
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_ptr_null(reglint_key_open(reg, "HKLM\\Software\\A\\B\\C"));
    ck_assert_ptr_null(reglint_key_open(reg, "HKLM\\Software\\A\\D"));
    reglint_key *sw = reglint_key_open(reg, "HKLM\\Software");
    ck_assert_ptr_nonnull(sw);
    ck_assert_uint_eq(reglint_key_subkey_count(sw), 1);
    ck_assert_ptr_eq(reglint_key_subkey_at(sw, 0), e);
    ck_assert_str_eq(reglint_key_name(e), "E");

    ck_assert_int_eq(reglint_key_delete(reg, "HKLM\\Software\\A"), 0);
    ck_assert_int_eq(reglint_key_delete(reg, "HKLM\\Software\\Missing\\X"), 0);
    ck_assert_int_eq(reglint_key_delete(reg, "HKCU\\X"), 0);
    errno = 0;
    ck_assert_int_eq(reglint_key_delete(reg, "Nope\\X"), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 3);

    /* Re-creating takes the new spelling, and has no old content. */
    reglint_key *a2 = reglint_key_create(reg, "HKLM\\Software\\a", NO_ORIGIN);
    ck_assert_ptr_nonnull(a2);
    ck_assert_str_eq(reglint_key_name(a2), "a");
    ck_assert_uint_eq(reglint_key_value_count(a2), 0);
    ck_assert_uint_eq(reglint_key_subkey_count(a2), 0);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 4);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_key_delete_root)
{
    reglint_registry *reg = new_reg();
    ck_assert_ptr_nonnull(reglint_key_create(reg, "HKLM\\Software\\A", NO_ORIGIN));
    ck_assert_ptr_nonnull(reglint_key_create(reg, "HKLM\\System", NO_ORIGIN));
    reglint_key *x = reglint_key_create(reg, "HKCU\\X", NO_ORIGIN);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 6);
    ck_assert_int_eq(reglint_key_delete(reg, "hklm"), 1);
    ck_assert_ptr_null(reglint_key_open(reg, "HKLM\\Software"));
    ck_assert_ptr_null(reglint_key_open(reg, "HKLM\\System"));
    ck_assert_ptr_eq(reglint_key_open(reg, "HKCU\\X"), x);
    size_t n = reglint_registry_key_count(reg);
    ck_assert_msg(n == 2 || n == 3, "key count %zu after deleting HKLM", n);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_subkey_order)
{
    reglint_registry *reg = new_reg();
    reglint_key *p = reglint_key_create(reg, "HKCU\\P", NO_ORIGIN);
    const char *names[] = {"zeta", "Alpha", "mid", "\xc3\x84", "beta", "0"};
    for (size_t i = 0; i < 6; i++)
        ck_assert_ptr_nonnull(reglint_key_add_subkey(reg, p, names[i], NO_ORIGIN));
    /* re-adding in other case does not move or add */
    ck_assert_ptr_nonnull(reglint_key_add_subkey(reg, p, "ALPHA", NO_ORIGIN));
    ck_assert_ptr_nonnull(reglint_key_create(reg, "HKCU\\p\\ZETA\\sub", NO_ORIGIN));
    ck_assert_uint_eq(reglint_key_subkey_count(p), 6);
    for (size_t i = 0; i < 6; i++)
        ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(p, i)), names[i]);
    /* delete one in the middle: the rest keep their order */
    ck_assert_int_eq(reglint_key_delete(reg, "HKCU\\P\\MID"), 1);
    ck_assert_uint_eq(reglint_key_subkey_count(p), 5);
    const char *after[] = {"zeta", "Alpha", "\xc3\x84", "beta", "0"};
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(p, i)), after[i]);
    ck_assert_ptr_null(reglint_key_subkey(p, "mid"));

    /* Roots in order of creation under the top. */
    ck_assert_ptr_nonnull(reglint_key_create(reg, "HKLM\\x", NO_ORIGIN));
    ck_assert_ptr_nonnull(reglint_key_create(reg, "HKU\\x", NO_ORIGIN));
    reglint_key *top = reglint_registry_top(reg);
    ck_assert_uint_eq(reglint_key_subkey_count(top), 3);
    ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(top, 0)), "HKEY_CURRENT_USER");
    ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(top, 1)), "HKEY_LOCAL_MACHINE");
    ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(top, 2)), "HKEY_USERS");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_add_subkey_invalid)
{
    reglint_registry *reg = new_reg();
    reglint_key *p = reglint_key_create(reg, "HKCU\\P", NO_ORIGIN);
    errno = 0;
    ck_assert_ptr_null(reglint_key_add_subkey(reg, p, "", NO_ORIGIN));
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_str_ne(reglint_last_error(), "");
    errno = 0;
    ck_assert_ptr_null(reglint_key_add_subkey(reg, p, "a\\b", NO_ORIGIN));
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_uint_eq(reglint_key_subkey_count(p), 0);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 2);
    reglint_key *c = reglint_key_add_subkey(reg, p, "TLS 1.2", (reglint_origin){3, 4, 0});
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(reglint_key_origin(c).source, 3);
    ck_assert_uint_eq(reglint_key_origin(c).line, 4);
    expect_path(c, "HKEY_CURRENT_USER\\P\\TLS 1.2");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_key_name_limit)
{
    reglint_registry *reg = new_reg();
    reglint_key *p = reglint_key_create(reg, "HKCU\\P", NO_ORIGIN);
    const char *chars[] = {"k", "\xc3\x84", "\xe2\x82\xac"}; /* k Ä € */
    for (size_t c = 0; c < 3; c++) {
        char *n255 = repeat(chars[c], 255);
        char *n256 = repeat(chars[c], 256);
        reglint_key *k = reglint_key_add_subkey(reg, p, n255, NO_ORIGIN);
        ck_assert_msg(k != NULL, "255 x '%s' refused: %s", chars[c], reglint_last_error());
        ck_assert_str_eq(reglint_key_name(k), n255);
        errno = 0;
        ck_assert_msg(reglint_key_add_subkey(reg, p, n256, NO_ORIGIN) == NULL,
                      "256 x '%s' accepted", chars[c]);
        ck_assert_int_eq(errno, EINVAL);
        ck_assert_str_ne(reglint_last_error(), "");

        /* the same through key_create with a path */
        size_t plen = strlen(n256) + 32;
        char *path = malloc(plen);
        snprintf(path, plen, "HKCU\\Q%zu\\%s", c, n255);
        ck_assert_ptr_nonnull(reglint_key_create(reg, path, NO_ORIGIN));
        snprintf(path, plen, "HKCU\\R%zu\\%s", c, n256);
        errno = 0;
        ck_assert_ptr_null(reglint_key_create(reg, path, NO_ORIGIN));
        ck_assert_int_eq(errno, EINVAL);
        free(path);
        free(n255);
        free(n256);
    }
    ck_assert_uint_eq(reglint_key_subkey_count(p), 3);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_depth_limit)
{
    reglint_registry *reg = new_reg();
    /* HKCU + 512 levels below it is fine; 513 is not. */
    size_t cap = 8 + 513 * 2 + 1;
    char *path = malloc(cap);
    strcpy(path, "HKCU");
    for (int i = 0; i < REGLINT_MAX_DEPTH; i++)
        strcat(path, "\\a");
    reglint_key *deep = reglint_key_create(reg, path, NO_ORIGIN);
    ck_assert_msg(deep != NULL, "512 levels refused: %s", reglint_last_error());
    ck_assert_uint_eq(reglint_registry_key_count(reg), 1 + 512);
    strcat(path, "\\a");
    errno = 0;
    ck_assert_ptr_null(reglint_key_create(reg, path, NO_ORIGIN));
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_str_ne(reglint_last_error(), "");
    errno = 0;
    ck_assert_ptr_null(reglint_key_add_subkey(reg, deep, "b", NO_ORIGIN));
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 1 + 512);
    ck_assert_uint_eq(reglint_key_subkey_count(deep), 0);

    /* Built with add_subkey one level at a time. */
    reglint_key *k = reglint_key_create(reg, "HKLM", NO_ORIGIN);
    for (int i = 0; i < REGLINT_MAX_DEPTH; i++) {
        k = reglint_key_add_subkey(reg, k, "x", NO_ORIGIN);
        ck_assert_msg(k != NULL, "level %d refused", i + 1);
    }
    errno = 0;
    ck_assert_ptr_null(reglint_key_add_subkey(reg, k, "x", NO_ORIGIN));
    ck_assert_int_eq(errno, EINVAL);
    free(path);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_key_path_and_top)
{
    reglint_registry *reg = new_reg();
    reglint_key *top = reglint_registry_top(reg);
    ck_assert_ptr_nonnull(top);
    ck_assert_uint_eq(reglint_key_subkey_count(top), 0);
    reglint_key *k = reglint_key_create(reg, "hkcr\\*\\shell\\Open Me\\command", NO_ORIGIN);
    ck_assert_ptr_nonnull(k);
    expect_path(k, "HKEY_CLASSES_ROOT\\*\\shell\\Open Me\\command");
    ck_assert_uint_eq(reglint_key_subkey_count(top), 1);
    ck_assert_ptr_eq(reglint_key_subkey(top, "hkey_classes_root"),
                     reglint_key_subkey_at(top, 0));
    reglint_key *u = reglint_key_create(reg, "HKU\\.DEFAULT\\Caf\xc3\xa9", NO_ORIGIN);
    expect_path(u, "HKEY_USERS\\.DEFAULT\\Caf\xc3\xa9");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_many_subkeys)
{
    enum { N = 20000 };
    reglint_registry *reg = new_reg();
    reglint_key *p = reglint_key_create(reg, "HKLM\\Big", NO_ORIGIN);
    char name[64], look[64], path[96];
    for (int i = 0; i < N; i++) {
        if (i % 2)
            snprintf(name, sizeof name, "Key%05d", i);
        else
            snprintf(name, sizeof name, "Schl\xc3\xbcssel%05d", i);
        ck_assert_ptr_nonnull(reglint_key_add_subkey(reg, p, name, NO_ORIGIN));
    }
    ck_assert_uint_eq(reglint_key_subkey_count(p), N);
    ck_assert_uint_eq(reglint_registry_key_count(reg), N + 2);
    for (int i = 0; i < N; i++) {
        if (i % 2) {
            snprintf(name, sizeof name, "Key%05d", i);
            snprintf(look, sizeof look, (i % 4 == 1) ? "KEY%05d" : "key%05d", i);
        } else {
            snprintf(name, sizeof name, "Schl\xc3\xbcssel%05d", i);
            snprintf(look, sizeof look, "SCHL\xc3\x9cSSEL%05d", i);
        }
        reglint_key *k = reglint_key_subkey(p, look);
        ck_assert_msg(k != NULL, "subkey \"%s\" not found", look);
        ck_assert_str_eq(reglint_key_name(k), name);
        ck_assert_ptr_eq(reglint_key_subkey_at(p, (size_t)i), k);
        snprintf(path, sizeof path, "hklm\\BIG\\%s", look);
        ck_assert_ptr_eq(reglint_key_open(reg, path), k);
    }
    ck_assert_ptr_null(reglint_key_subkey(p, "Key20001"));
    ck_assert_ptr_null(reglint_key_subkey(p, "Key0000"));
    /* Adding again in other case adds nothing. */
    ck_assert_ptr_eq(reglint_key_add_subkey(reg, p, "kEy00001", NO_ORIGIN),
                     reglint_key_subkey_at(p, 1));
    ck_assert_uint_eq(reglint_key_subkey_count(p), N);
    /* Delete half, the others stay findable and in order. */
    for (int i = 0; i < N; i += 2) {
        snprintf(path, sizeof path, "HKLM\\Big\\schl\xc3\xbcssel%05d", i);
        ck_assert_int_eq(reglint_key_delete(reg, path), 1);
    }
    ck_assert_uint_eq(reglint_key_subkey_count(p), N / 2);
    ck_assert_uint_eq(reglint_registry_key_count(reg), N / 2 + 2);
    for (int i = 1; i < N; i += 2) {
        snprintf(look, sizeof look, "kEY%05d", i);
        reglint_key *k = reglint_key_subkey(p, look);
        ck_assert_msg(k != NULL, "subkey \"%s\" lost after deletes", look);
        ck_assert_ptr_eq(reglint_key_subkey_at(p, (size_t)(i / 2)), k);
    }
    reglint_registry_free(reg);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Values                                                             */
/* ---------------------------------------------------------------- */

START_TEST(test_value_order_and_override)
{
    reglint_registry *reg = new_reg();
    reglint_key *k = reglint_key_create(reg, "HKCU\\V", NO_ORIGIN);
    uint8_t d1[] = {1, 0, 0, 0}, d2[] = {2, 0, 0, 0}, d3[] = {3, 0, 0, 0};
    ck_assert_int_eq(reglint_key_set_value(reg, k, "b", REGLINT_REG_DWORD, d1, 4, (reglint_origin){1, 10, 0}), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "A", REGLINT_REG_DWORD, d2, 4, (reglint_origin){1, 11, 0}), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "c", REGLINT_REG_DWORD, d3, 4, (reglint_origin){1, 12, 0}), 0);
    ck_assert_uint_eq(reglint_key_value_count(k), 3);
    ck_assert_str_eq(reglint_value_name(reglint_key_value_at(k, 0)), "b");
    ck_assert_str_eq(reglint_value_name(reglint_key_value_at(k, 1)), "A");
    ck_assert_str_eq(reglint_value_name(reglint_key_value_at(k, 2)), "c");

    /* Override "A" as "a": position and spelling stay, the rest is new. */
    uint8_t q[] = {9, 8, 7, 6, 5, 4, 3, 2};
    ck_assert_int_eq(reglint_key_set_value(reg, k, "a", REGLINT_REG_QWORD, q, 8, (reglint_origin){2, 20, 0}), 0);
    ck_assert_uint_eq(reglint_key_value_count(k), 3);
    const reglint_value *v = reglint_key_value_at(k, 1);
    ck_assert_str_eq(reglint_value_name(v), "A");
    ck_assert_uint_eq(reglint_value_type(v), REGLINT_REG_QWORD);
    size_t len = 0;
    const uint8_t *data = reglint_value_data(v, &len);
    ck_assert_uint_eq(len, 8);
    ck_assert_mem_eq(data, q, 8);
    ck_assert_uint_eq(reglint_value_origin(v).source, 2);
    ck_assert_uint_eq(reglint_value_origin(v).line, 20);
    ck_assert_ptr_eq(reglint_key_value(k, "A"), v);
    ck_assert_ptr_eq(reglint_key_value(k, "a"), v);
    /* Others untouched */
    v = reglint_key_value(k, "B");
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(reglint_value_origin(v).line, 10);
    ck_assert_ptr_eq(v, reglint_key_value_at(k, 0));
    ck_assert_ptr_null(reglint_key_value(k, "d"));
    ck_assert_ptr_null(reglint_key_value(k, ""));

    /* Non-ASCII names: Ä then ä is one value. */
    ck_assert_int_eq(reglint_key_set_value(reg, k, "\xc3\x84", REGLINT_REG_BINARY, d1, 1, NO_ORIGIN), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "\xc3\xa4", REGLINT_REG_BINARY, d2, 2, NO_ORIGIN), 0);
    ck_assert_uint_eq(reglint_key_value_count(k), 4);
    v = reglint_key_value_at(k, 3);
    ck_assert_str_eq(reglint_value_name(v), "\xc3\x84");
    reglint_value_data(v, &len);
    ck_assert_uint_eq(len, 2);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_value_delete)
{
    reglint_registry *reg = new_reg();
    reglint_key *k = reglint_key_create(reg, "HKCU\\V", NO_ORIGIN);
    const char *names[] = {"one", "Two", "three", "FOUR"};
    for (size_t i = 0; i < 4; i++)
        ck_assert_int_eq(reglint_key_set_value(reg, k, names[i], REGLINT_REG_NONE, "", 0, NO_ORIGIN), 0);
    ck_assert_int_eq(reglint_key_delete_value(reg, k, "TWO"), 1);
    ck_assert_int_eq(reglint_key_delete_value(reg, k, "two"), 0);
    ck_assert_int_eq(reglint_key_delete_value(reg, k, "nothing"), 0);
    ck_assert_uint_eq(reglint_key_value_count(k), 3);
    ck_assert_str_eq(reglint_value_name(reglint_key_value_at(k, 0)), "one");
    ck_assert_str_eq(reglint_value_name(reglint_key_value_at(k, 1)), "three");
    ck_assert_str_eq(reglint_value_name(reglint_key_value_at(k, 2)), "FOUR");
    ck_assert_ptr_null(reglint_key_value(k, "Two"));
    /* Set again after delete: appended, new spelling. */
    ck_assert_int_eq(reglint_key_set_value(reg, k, "tWO", REGLINT_REG_NONE, "", 0, NO_ORIGIN), 0);
    ck_assert_uint_eq(reglint_key_value_count(k), 4);
    ck_assert_str_eq(reglint_value_name(reglint_key_value_at(k, 3)), "tWO");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_default_value)
{
    reglint_registry *reg = new_reg();
    reglint_key *k = reglint_key_create(reg, "HKCU\\V", NO_ORIGIN);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "@", REGLINT_REG_SZ, "a\0\0", 4, NO_ORIGIN), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "", REGLINT_REG_SZ, "b\0\0", 4, NO_ORIGIN), 0);
    ck_assert_uint_eq(reglint_key_value_count(k), 2);
    const reglint_value *d = reglint_key_value(k, "");
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(reglint_value_name(d), "");
    char *s = reglint_value_get_string(d);
    ck_assert_str_eq(s, "b");
    free(s);
    ck_assert_int_eq(reglint_key_delete_value(reg, k, ""), 1);
    ck_assert_ptr_null(reglint_key_value(k, ""));
    ck_assert_ptr_nonnull(reglint_key_value(k, "@"));
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_value_name_limit)
{
    reglint_registry *reg = new_reg();
    reglint_key *k = reglint_key_create(reg, "HKCU\\V", NO_ORIGIN);
    const char *chars[] = {"v", "\xc3\x84"};
    for (size_t c = 0; c < 2; c++) {
        char *ok = repeat(chars[c], REGLINT_MAX_VALUE_NAME);
        char *bad = repeat(chars[c], REGLINT_MAX_VALUE_NAME + 1);
        ck_assert_msg(reglint_key_set_value(reg, k, ok, REGLINT_REG_NONE, "", 0, NO_ORIGIN) == 0,
                      "16383 x '%s' refused: %s", chars[c], reglint_last_error());
        errno = 0;
        ck_assert_int_eq(reglint_key_set_value(reg, k, bad, REGLINT_REG_NONE, "", 0, NO_ORIGIN), -1);
        ck_assert_int_eq(errno, EINVAL);
        ck_assert_str_ne(reglint_last_error(), "");
        ck_assert_ptr_nonnull(reglint_key_value(k, ok));
        free(ok);
        free(bad);
    }
    ck_assert_uint_eq(reglint_key_value_count(k), 2);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_value_any_type_raw)
{
    reglint_registry *reg = new_reg();
    reglint_key *k = reglint_key_create(reg, "HKCU\\V", NO_ORIGIN);
    const uint32_t types[] = {0, 5, 6, 8, 0x100, 0xffffffffu, 3, 1, 12, 0x80000000u};
    const uint8_t data[] = {0x00, 0xff, 0x10, 0x00, 0x7f, 0x80, 0x00};
    char name[32];
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        snprintf(name, sizeof name, "t%zu", i);
        ck_assert_int_eq(reglint_key_set_value(reg, k, name, types[i], data, i % 7 + 1, NO_ORIGIN), 0);
    }
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        snprintf(name, sizeof name, "T%zu", i);
        const reglint_value *v = reglint_key_value(k, name);
        ck_assert_ptr_nonnull(v);
        ck_assert_uint_eq(reglint_value_type(v), types[i]);
        size_t len = 999;
        const uint8_t *d = reglint_value_data(v, &len);
        ck_assert_uint_eq(len, i % 7 + 1);
        ck_assert_mem_eq(d, data, len);
    }
    /* Empty data of any type. */
    ck_assert_int_eq(reglint_key_set_value(reg, k, "empty", 0x100, data, 0, NO_ORIGIN), 0);
    const reglint_value *v = reglint_key_value(k, "EMPTY");
    size_t len = 999;
    reglint_value_data(v, &len);
    ck_assert_uint_eq(len, 0);
    ck_assert_uint_eq(reglint_value_type(v), 0x100);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_value_data_copied)
{
    reglint_registry *reg = new_reg();
    reglint_key *k = reglint_key_create(reg, "HKCU\\V", NO_ORIGIN);
    uint8_t buf[] = {1, 2, 3, 4, 5};
    char name[] = "name";
    ck_assert_int_eq(reglint_key_set_value(reg, k, name, REGLINT_REG_BINARY, buf, 5, NO_ORIGIN), 0);
    memset(buf, 0xee, sizeof buf);
    name[0] = 'X';
    const reglint_value *v = reglint_key_value(k, "name");
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(reglint_value_name(v), "name");
    size_t len;
    const uint8_t *d = reglint_value_data(v, &len);
    ck_assert_uint_eq(len, 5);
    ck_assert_mem_eq(d, "\1\2\3\4\5", 5);
    reglint_registry_free(reg);
}
END_TEST

static void expect_dword(uint32_t type, const void *data, size_t len, uint32_t want)
{
    reglint_registry *reg = new_reg();
    const reglint_value *v = one_value(reg, type, data, len);
    uint32_t out = 0x5a5a5a5a;
    ck_assert_int_eq(reglint_value_get_dword(v, &out), 0);
    ck_assert_uint_eq(out, want);
    reglint_registry_free(reg);
}

static void expect_dword_fails(uint32_t type, const void *data, size_t len)
{
    reglint_registry *reg = new_reg();
    const reglint_value *v = one_value(reg, type, data, len);
    uint32_t out = 0;
    errno = 0;
    ck_assert_msg(reglint_value_get_dword(v, &out) == -1,
                  "get_dword accepted type %u len %zu", (unsigned)type, len);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_str_ne(reglint_last_error(), "");
    reglint_registry_free(reg);
}

static void expect_qword_fails(uint32_t type, const void *data, size_t len)
{
    reglint_registry *reg = new_reg();
    const reglint_value *v = one_value(reg, type, data, len);
    uint64_t out = 0;
    errno = 0;
    ck_assert_msg(reglint_value_get_qword(v, &out) == -1,
                  "get_qword accepted type %u len %zu", (unsigned)type, len);
    ck_assert_int_eq(errno, EINVAL);
    reglint_registry_free(reg);
}

START_TEST(test_get_dword)
{
    expect_dword(REGLINT_REG_DWORD, "\xff\xff\xff\xff", 4, 4294967295u);
    expect_dword(REGLINT_REG_DWORD, "\x01\x02\x03\x04", 4, 0x04030201u);
    expect_dword(REGLINT_REG_DWORD, "\x00\x00\x00\x80", 4, 0x80000000u);
    expect_dword(REGLINT_REG_DWORD, "\x00\x00\x00\x00", 4, 0);
    expect_dword(REGLINT_REG_DWORD_BIG_ENDIAN, "\x01\x02\x03\x04", 4, 0x01020304u);
    expect_dword(REGLINT_REG_DWORD_BIG_ENDIAN, "\xff\xff\xff\xfe", 4, 0xfffffffeu);
    expect_dword(REGLINT_REG_DWORD_BIG_ENDIAN, "\x80\x00\x00\x01", 4, 0x80000001u);
}
END_TEST

START_TEST(test_get_qword)
{
    reglint_registry *reg = new_reg();
    const reglint_value *v = one_value(reg, REGLINT_REG_QWORD,
                                       "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    uint64_t out = 0;
    ck_assert_int_eq(reglint_value_get_qword(v, &out), 0);
    ck_assert_uint_eq(out, UINT64_C(0x0807060504030201));
    reglint_registry_free(reg);

    reg = new_reg();
    v = one_value(reg, REGLINT_REG_QWORD, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
    ck_assert_int_eq(reglint_value_get_qword(v, &out), 0);
    ck_assert_uint_eq(out, UINT64_MAX);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_typed_wrong)
{
    expect_dword_fails(REGLINT_REG_DWORD, "\x01\x02\x03", 3);
    expect_dword_fails(REGLINT_REG_DWORD, "\x01\x02\x03\x04\x05", 5);
    expect_dword_fails(REGLINT_REG_DWORD, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    expect_dword_fails(REGLINT_REG_DWORD, "", 0);
    expect_dword_fails(REGLINT_REG_DWORD_BIG_ENDIAN, "\x01\x02", 2);
    expect_dword_fails(REGLINT_REG_BINARY, "\x01\x02\x03\x04", 4);
    expect_dword_fails(REGLINT_REG_SZ, "a\0\0\0", 4);
    expect_dword_fails(REGLINT_REG_QWORD, "\x01\x02\x03\x04", 4);
    expect_dword_fails(REGLINT_REG_NONE, "\x01\x02\x03\x04", 4);
    expect_qword_fails(REGLINT_REG_QWORD, "\x01\x02\x03\x04", 4);
    expect_qword_fails(REGLINT_REG_QWORD, "\x01\x02\x03\x04\x05\x06\x07\x08\x09", 9);
    expect_qword_fails(REGLINT_REG_DWORD, "\x01\x02\x03\x04", 4);
    expect_qword_fails(REGLINT_REG_BINARY, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    expect_qword_fails(REGLINT_REG_DWORD_BIG_ENDIAN, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);

    reglint_registry *reg = new_reg();
    const reglint_value *v = one_value(reg, REGLINT_REG_BINARY, "a\0\0\0", 4);
    errno = 0;
    ck_assert_ptr_null(reglint_value_get_string(v));
    ck_assert_int_eq(errno, EINVAL);
    size_t count = 0;
    errno = 0;
    ck_assert_ptr_null(reglint_value_get_multi_sz(v, &count));
    ck_assert_int_eq(errno, EINVAL);
    reglint_registry_free(reg);

    reg = new_reg();
    v = one_value(reg, REGLINT_REG_MULTI_SZ, "a\0\0\0\0\0", 6);
    errno = 0;
    ck_assert_ptr_null(reglint_value_get_string(v));
    ck_assert_int_eq(errno, EINVAL);
    reglint_registry_free(reg);

    reg = new_reg();
    v = one_value(reg, REGLINT_REG_SZ, "a\0\0\0\0\0", 6);
    errno = 0;
    ck_assert_ptr_null(reglint_value_get_multi_sz(v, &count));
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_str_ne(reglint_last_error(), "");
    reglint_registry_free(reg);

    reg = new_reg();
    v = one_value(reg, REGLINT_REG_DWORD, "\x01\0\0\0", 4);
    errno = 0;
    ck_assert_ptr_null(reglint_value_get_string(v));
    ck_assert_int_eq(errno, EINVAL);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_get_string)
{
    uint8_t b[256];
    size_t n;
    expect_string(REGLINT_REG_SZ, "a\0b\0c\0\0\0", 8, "abc");
    expect_string(REGLINT_REG_EXPAND_SZ, "%\0P\0%\0\0\0", 8, "%P%");
    expect_string(REGLINT_REG_LINK, "\\\0x\0", 4, "\\x");          /* no NUL */
    expect_string(REGLINT_REG_SZ, "a\0b\0\0\0c\0d\0\0\0", 12, "ab"); /* first NUL */
    expect_string(REGLINT_REG_SZ, "a\0b\0A", 5, "ab");               /* odd byte */
    expect_string(REGLINT_REG_SZ, "", 0, "");
    expect_string(REGLINT_REG_SZ, "\0\0", 2, "");
    expect_string(REGLINT_REG_SZ, "\0\0x\0", 4, "");

    /* Non-ASCII: Ä ß € and U+1F600 as a surrogate pair. */
    const char *s = "\xc3\x84\xc3\x9f\xe2\x82\xac\xf0\x9f\x98\x80 Gr\xc3\xbc\xc3\x9f" "e";
    n = u16le(s, b);
    b[n++] = 0; b[n++] = 0;
    ck_assert_uint_eq(n, 2 * 11 + 2);
    expect_string(REGLINT_REG_SZ, b, n, s);
    /* UTF-16 code units checked by hand for the pair */
    ck_assert_mem_eq(b + 6, "\x3d\xd8\x00\xde", 4);

    /* Unpaired surrogates become U+FFFD. */
    expect_string(REGLINT_REG_SZ, "\x00\xd8" "a\0\0\0", 6, "\xef\xbf\xbd" "a");
    expect_string(REGLINT_REG_SZ, "a\0\x00\xdc\0\0", 6, "a\xef\xbf\xbd");
    expect_string(REGLINT_REG_SZ, "a\0\x00\xd8", 4, "a\xef\xbf\xbd");
    /* low before high is two unpaired surrogates */
    expect_string(REGLINT_REG_SZ, "\x00\xdc\x00\xd8\0\0", 6, "\xef\xbf\xbd\xef\xbf\xbd");
}
END_TEST

START_TEST(test_multi_sz)
{
    const char *ab[] = {"a", "b"};
    expect_multi("a\0\0\0b\0\0\0\0\0", 10, ab, 2);          /* a\0b\0\0 */
    const char *aeb[] = {"a", "", "b"};
    expect_multi("a\0\0\0\0\0b\0\0\0\0\0", 12, aeb, 3);     /* a\0\0b\0\0 */
    const char *onetwo[] = {"one", "two"};
    expect_multi("o\0n\0e\0\0\0t\0w\0o\0\0\0", 16, onetwo, 2);   /* no final empty */
    expect_multi("o\0n\0e\0\0\0t\0w\0o\0", 14, onetwo, 2);       /* no NUL at all at end */
    expect_multi("", 0, NULL, 0);
    expect_multi("\0\0", 2, NULL, 0);
    expect_multi("\0\0\0\0", 4, NULL, 0);
    const char *a[] = {"a"};
    expect_multi("a\0\0\0", 4, a, 1);
    expect_multi("a\0\0\0\0\0\0\0\0\0", 10, a, 1);         /* trailing empties dropped */
    const char *uni[] = {"\xc3\x84", "\xe2\x82\xac"};
    expect_multi("\xc4\x00\0\0\xac\x20\0\0\0\0", 10, uni, 2);
    const char *many[] = {"x", "", "", "y"};
    expect_multi("x\0\0\0\0\0\0\0y\0\0\0\0\0", 14, many, 4); /* x\0\0\0y\0\0 */
}
END_TEST

START_TEST(test_type_name)
{
    char buf[REGLINT_TYPE_NAME_MAX];
    static const char *names[] = {
        "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
        "REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ",
        "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTOR",
        "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD"};
    for (uint32_t t = 0; t < 12; t++) {
        memset(buf, 'x', sizeof buf);
        const char *got = reglint_type_name(t, buf);
        ck_assert_ptr_nonnull(got);
        ck_assert_str_eq(got, names[t]);
    }
    ck_assert_str_eq(reglint_type_name(12, buf), "0xc");
    ck_assert_str_eq(reglint_type_name(0x100, buf), "0x100");
    ck_assert_str_eq(reglint_type_name(0xffffffffu, buf), "0xffffffff");
    ck_assert_str_eq(reglint_type_name(0xABCDEF, buf), "0xabcdef");
    ck_assert_str_eq(reglint_type_name(0x80000000u, buf), "0x80000000");
}
END_TEST

START_TEST(test_sources_origins)
{
    reglint_registry *reg = new_reg();
    ck_assert_uint_eq(reglint_registry_source_count(reg), 0);
    ck_assert_ptr_null(reglint_registry_source_name(reg, 0));
    ck_assert_ptr_null(reglint_registry_source_name(reg, 1));
    ck_assert_uint_eq(reglint_registry_add_source(reg, "a.reg"), 1);
    ck_assert_uint_eq(reglint_registry_add_source(reg, "dir/b.reg"), 2);
    ck_assert_uint_eq(reglint_registry_source_count(reg), 2);
    ck_assert_str_eq(reglint_registry_source_name(reg, 1), "a.reg");
    ck_assert_str_eq(reglint_registry_source_name(reg, 2), "dir/b.reg");
    ck_assert_ptr_null(reglint_registry_source_name(reg, 0));
    ck_assert_ptr_null(reglint_registry_source_name(reg, 3));

    reglint_key *k = reglint_key_create(reg, "HKCU\\O", (reglint_origin){2, 33, 0});
    ck_assert_uint_eq(reglint_key_origin(k).source, 2);
    ck_assert_uint_eq(reglint_key_origin(k).line, 33);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "v", REGLINT_REG_NONE, "", 0, (reglint_origin){1, 4, 0}), 0);
    const reglint_value *v = reglint_key_value(k, "v");
    ck_assert_uint_eq(reglint_value_origin(v).source, 1);
    ck_assert_uint_eq(reglint_value_origin(v).line, 4);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "V", REGLINT_REG_NONE, "", 0, NO_ORIGIN), 0);
    v = reglint_key_value(k, "v");
    ck_assert_uint_eq(reglint_value_origin(v).source, 0);
    ck_assert_uint_eq(reglint_value_origin(v).line, 0);
    reglint_registry_free(reg);
}
END_TEST

/* Run in a new thread: its last error starts empty and is its own. */
static void *other_thread(void *arg)
{
    int *ok = arg;
    ok[0] = strcmp(reglint_last_error(), "") == 0;
    ok[1] = reglint_path_normalize("ALSO_NOPE\\y") == NULL &&
            strcmp(reglint_last_error(), "") != 0;
    return NULL;
}

START_TEST(test_last_error)
{
    ck_assert_ptr_nonnull(reglint_last_error());
    ck_assert_ptr_null(reglint_path_normalize("NOPE\\x"));
    const char *e = reglint_last_error();
    ck_assert_ptr_nonnull(e);
    ck_assert_str_ne(e, "");
    char saved[512];
    snprintf(saved, sizeof saved, "%s", e);

    /* per thread */
    int ok[2] = {0, 0};
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, other_thread, ok), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    ck_assert_msg(ok[0], "a new thread's last error is not empty");
    ck_assert_msg(ok[1], "no message after a failure in another thread");
    ck_assert_str_eq(reglint_last_error(), saved);

    reglint_registry *reg = new_reg();
    errno = 0;
    ck_assert_ptr_null(reglint_key_open(reg, "HKLM\\Missing"));
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_str_ne(reglint_last_error(), "");
    reglint_registry_free(reg);
}
END_TEST

static Suite *registry_suite(void)
{
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("names");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_version);
    tcase_add_test(tc, test_name_compare_ascii);
    tcase_add_test(tc, test_name_compare_unicode);
    tcase_add_test(tc, test_root_canonical);
    tcase_add_test(tc, test_path_normalize);
    suite_add_tcase(s, tc);

    tc = tcase_create("keys");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_key_create_with_parents);
    tcase_add_test(tc, test_key_open_any_spelling);
    tcase_add_test(tc, test_first_spelling_kept);
    tcase_add_test(tc, test_key_delete_subtree);
    tcase_add_test(tc, test_key_delete_root);
    tcase_add_test(tc, test_subkey_order);
    tcase_add_test(tc, test_add_subkey_invalid);
    tcase_add_test(tc, test_key_name_limit);
    tcase_add_test(tc, test_depth_limit);
    tcase_add_test(tc, test_key_path_and_top);
    tcase_add_test(tc, test_many_subkeys);
    suite_add_tcase(s, tc);

    tc = tcase_create("values");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_value_order_and_override);
    tcase_add_test(tc, test_value_delete);
    tcase_add_test(tc, test_default_value);
    tcase_add_test(tc, test_value_name_limit);
    tcase_add_test(tc, test_value_any_type_raw);
    tcase_add_test(tc, test_value_data_copied);
    tcase_add_test(tc, test_get_dword);
    tcase_add_test(tc, test_get_qword);
    tcase_add_test(tc, test_typed_wrong);
    tcase_add_test(tc, test_get_string);
    tcase_add_test(tc, test_multi_sz);
    tcase_add_test(tc, test_type_name);
    tcase_add_test(tc, test_sources_origins);
    tcase_add_test(tc, test_last_error);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(registry_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures ? 1 : 0;
}
