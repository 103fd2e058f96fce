/*
** check_reg_chunks.c — the decoder at its chunk boundaries.
**
** The reader decodes input in 1 MiB chunks, so a character can be split
** between two reads: a UTF-8 sequence, a UTF-16 surrogate pair, even the
** two bytes of one UTF-16 unit.  These files are larger than two chunks and
** full of multi-byte characters; shifting them by 0..3 bytes puts every
** kind of split at both boundaries.  Every value must come back exactly,
** with no diagnostic, from memory and from a file.
*/
#include "reglint.h"
#include "test_utf16.h"

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NVALUES 24000 /* 1.2 MiB of UTF-8 text, 2.3 MiB as UTF-16 */

/* The text of value i: ASCII, 2-, 3- and 4-byte UTF-8 (é, 日, U+1F600). */
static void value_text(int i, char *buf, size_t n)
{
    static const char *const parts[] = {"a", "\xc3\xa9", "\xe6\x97\xa5",
                                        "\xf0\x9f\x98\x80"};
    size_t len = 0;
    buf[0] = '\0';
    for (int k = 0; k < 10 + i % 13; k++) {
        const char *p = parts[(i + k) % 4];
        size_t pl = strlen(p);
        if (len + pl + 1 >= n)
            break;
        memcpy(buf + len, p, pl + 1);
        len += pl;
    }
}

/* The file as UTF-8: a comment line of `shift` characters first. */
static char *make_utf8(int shift, bool regedit4, size_t *len)
{
    size_t cap = 4u << 20, n = 0;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    n += (size_t)sprintf(s + n, "%s\r\n;%.*s\r\n[HKEY_CURRENT_USER\\Chunks]\r\n",
                         regedit4 ? "REGEDIT4"
                                  : "Windows Registry Editor Version 5.00",
                         shift, "xxxxxxxx");
    char text[128];
    for (int i = 0; i < NVALUES; i++) {
        value_text(i, text, sizeof text);
        n += (size_t)snprintf(s + n, cap - n, "\"v%d\"=\"%s\"\r\n", i, text);
        ck_assert_uint_lt(n, cap);
    }
    *len = n;
    return s;
}

/* UTF-8 -> UTF-16 (LE or BE), with a BOM, by hand (not the library's). */
static unsigned char *to_utf16(const char *s, size_t n, bool be, size_t *out)
{
    unsigned char *u = malloc(n * 2 + 2);
    ck_assert_ptr_nonnull(u);
    size_t o = 0;
    u[o++] = be ? 0xfe : 0xff;
    u[o++] = be ? 0xff : 0xfe;
    o += test_utf16_encode(s, n, be, u + o);
    *out = o;
    return u;
}

/* In REGEDIT4 (Windows-1252) only é exists; the text uses "a" and é. */
static char *make_cp1252(int shift, size_t *len)
{
    size_t cap = 4u << 20, n = 0;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    n += (size_t)sprintf(s + n, "REGEDIT4\r\n;%.*s\r\n[HKEY_CURRENT_USER\\Chunks]\r\n",
                         shift, "xxxxxxxx");
    for (int i = 0; i < NVALUES * 2; i++) {
        n += (size_t)snprintf(s + n, cap - n, "\"v%d\"=\"", i);
        for (int k = 0; k < 20 + i % 7; k++)
            s[n++] = (k + i) % 2 ? 'a' : (char)0xe9;
        n += (size_t)snprintf(s + n, cap - n, "\"\r\n");
    }
    *len = n;
    return s;
}

static void expect_values(const unsigned char *data, size_t len, bool cp1252,
                          const char *what)
{
    char path[] = "/tmp/reglint-chunks-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    for (int from_file = 0; from_file < 2; from_file++) {
        reglint_registry *reg = reglint_registry_new();
        reglint_diags *d = reglint_diags_new();
        int rc = from_file
                     ? reglint_reg_read_file(reg, path, NULL, d, NULL)
                     : reglint_reg_read_buffer(reg, "mem", data, len, NULL, d,
                                               NULL);
        ck_assert_int_eq(rc, 0);
        if (reglint_diags_count(d))
            reglint_diag_print(reglint_diags_at(d, 0), stderr);
        ck_assert_msg(reglint_diags_count(d) == 0, "%s (%s): diagnostics",
                      what, from_file ? "file" : "memory");
        const reglint_key *k = reglint_key_open(reg, "HKCU\\Chunks");
        ck_assert_ptr_nonnull(k);
        int n = cp1252 ? NVALUES * 2 : NVALUES;
        ck_assert_uint_eq(reglint_key_value_count(k), (size_t)n);
        char name[32], want[160];
        for (int i = 0; i < n; i++) {
            snprintf(name, sizeof name, "v%d", i);
            if (cp1252) {
                size_t w = 0;
                for (int c = 0; c < 20 + i % 7; c++) {
                    if ((c + i) % 2) {
                        want[w++] = 'a';
                    } else {
                        want[w++] = (char)0xc3;
                        want[w++] = (char)0xa9;
                    }
                }
                want[w] = '\0';
            } else {
                value_text(i, want, sizeof want);
            }
            const reglint_value *v = reglint_key_value(k, name);
            ck_assert_msg(v != NULL, "%s: %s missing", what, name);
            char *got = reglint_value_get_string(v);
            ck_assert_msg(strcmp(got, want) == 0, "%s (%s): %s = \"%s\", want \"%s\"",
                          what, from_file ? "file" : "memory", name, got, want);
            free(got);
        }
        reglint_diags_free(d);
        reglint_registry_free(reg);
    }
    unlink(path);
}

START_TEST(test_utf8_boundaries)
{
    for (int shift = 0; shift < 4; shift++) {
        size_t n;
        char *s = make_utf8(shift, false, &n);
        ck_assert_uint_gt(n, 1u << 20); /* past the first chunk */
        expect_values((unsigned char *)s, n, false, "UTF-8");
        free(s);
    }
}
END_TEST

START_TEST(test_utf16_boundaries)
{
    for (int be = 0; be < 2; be++) {
        for (int shift = 0; shift < 4; shift++) {
            size_t n, un;
            char *s = make_utf8(shift, false, &n);
            unsigned char *u = to_utf16(s, n, be, &un);
            expect_values(u, un, false, be ? "UTF-16BE" : "UTF-16LE");
            free(u);
            free(s);
        }
    }
}
END_TEST

START_TEST(test_cp1252_boundaries)
{
    for (int shift = 0; shift < 4; shift++) {
        size_t n;
        char *s = make_cp1252(shift, &n);
        ck_assert_uint_gt(n, 1u << 20); /* past the first chunk */
        expect_values((unsigned char *)s, n, true, "Windows-1252");
        free(s);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reg-chunks");
    TCase *tc = tcase_create("boundaries");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_utf8_boundaries);
    tcase_add_test(tc, test_utf16_boundaries);
    tcase_add_test(tc, test_cp1252_boundaries);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
