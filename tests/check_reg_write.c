/*
** check_reg_write.c — the .reg writer: regedit's exact syntax.
**
** Every expectation here is written out by hand (from reglint.h, the spec
** and regedit's own exports), never produced by calling the writer.  Each
** expected text is checked twice: as UTF-8 without BOM, and as UTF-16LE
** with a BOM (the UTF-16 bytes are made from the same expected text by a
** small converter in this file).
*/
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reglint.h"

#define HEADER "Windows Registry Editor Version 5.00\r\n\r\n"

static const reglint_origin NO_ORIGIN = {0, 0, 0};

/* ---------------------------------------------------------------- */
/* Helpers                                                            */
/* ---------------------------------------------------------------- */

/* Decode one UTF-8 sequence (the test's own strings are valid UTF-8). */
static uint32_t u8_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c;
    if (s[0] < 0x80) {
        c = s[0];
        *p = s + 1;
    } else if ((s[0] & 0xe0) == 0xc0) {
        c = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
        *p = s + 2;
    } else if ((s[0] & 0xf0) == 0xe0) {
        c = ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) |
            (s[2] & 0x3f);
        *p = s + 3;
    } else {
        c = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
            ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
        *p = s + 4;
    }
    return c;
}

/* UTF-8 text -> UTF-16LE bytes (malloc'd), optionally with BOM and/or a
** terminating NUL character. */
static uint8_t *to_u16(const char *s, size_t n, int bom, int nul, size_t *outlen)
{
    uint8_t *out = malloc(n * 4 + 8);
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    ck_assert_ptr_nonnull(out);
    if (bom) {
        out[o++] = 0xff;
        out[o++] = 0xfe;
    }
    while (p < end) {
        uint32_t c = u8_next(&p);
        if (c >= 0x10000) {
            uint32_t v = c - 0x10000;
            uint16_t hi = (uint16_t)(0xd800 + (v >> 10));
            uint16_t lo = (uint16_t)(0xdc00 + (v & 0x3ff));
            out[o++] = (uint8_t)(hi & 0xff);
            out[o++] = (uint8_t)(hi >> 8);
            out[o++] = (uint8_t)(lo & 0xff);
            out[o++] = (uint8_t)(lo >> 8);
        } else {
            out[o++] = (uint8_t)(c & 0xff);
            out[o++] = (uint8_t)(c >> 8);
        }
    }
    if (nul) {
        out[o++] = 0;
        out[o++] = 0;
    }
    *outlen = o;
    return out;
}

/* Run the writer into memory. */
static char *write_mem(const reglint_registry *reg, const reglint_key *from,
                       reglint_encoding enc, size_t *len, int *rc)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *f = open_memstream(&buf, &sz);
    ck_assert_ptr_nonnull(f);
    *rc = reglint_reg_write(reg, from, enc, f);
    ck_assert_int_eq(fclose(f), 0);
    *len = sz;
    return buf;
}

/* Show a byte string readably for failure messages (static buffer). */
static const char *show(const char *s, size_t n)
{
    static char buf[8192];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 8 < sizeof buf; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r') {
            buf[o++] = '\\';
            buf[o++] = 'r';
        } else if (c == '\n') {
            buf[o++] = '\\';
            buf[o++] = 'n';
            buf[o++] = '\n';
        } else if (c < 0x20 || c == 0x7f) {
            o += (size_t)snprintf(buf + o, sizeof buf - o, "\\x%02x", c);
        } else {
            buf[o++] = (char)c;
        }
    }
    buf[o] = 0;
    return buf;
}

static size_t first_diff(const void *a, size_t na, const void *b, size_t nb)
{
    const unsigned char *x = a, *y = b;
    size_t i = 0;
    while (i < na && i < nb && x[i] == y[i])
        i++;
    return i;
}

/* The writer's output for (reg, from) must be exactly `expected` in
** UTF-8 (no BOM) and exactly BOM + UTF-16LE(expected) in UTF-16. */
static void expect_out(const reglint_registry *reg, const reglint_key *from,
                       const char *expected)
{
    size_t elen = strlen(expected), len, u16len;
    int rc;
    char *got = write_mem(reg, from, REGLINT_ENC_UTF8, &len, &rc);
    ck_assert_msg(rc == 0, "reglint_reg_write(UTF8) returned %d: %s", rc,
                  reglint_last_error());
    if (len != elen || memcmp(got, expected, elen) != 0) {
        size_t d = first_diff(got, len, expected, elen);
        char gotshow[8192];
        snprintf(gotshow, sizeof gotshow, "%s", show(got, len));
        ck_abort_msg("UTF-8 output differs at byte %zu\n--- expected:\n%s\n"
                     "--- got:\n%s\n",
                     d, show(expected, elen), gotshow);
    }
    free(got);

    uint8_t *exp16 = to_u16(expected, elen, 1, 0, &u16len);
    got = write_mem(reg, from, REGLINT_ENC_UTF16LE, &len, &rc);
    ck_assert_msg(rc == 0, "reglint_reg_write(UTF16LE) returned %d: %s", rc,
                  reglint_last_error());
    ck_assert_msg(len >= 2 && (unsigned char)got[0] == 0xff &&
                      (unsigned char)got[1] == 0xfe,
                  "UTF-16LE output does not start with the BOM FF FE");
    if (len != u16len || memcmp(got, exp16, u16len) != 0) {
        size_t d = first_diff(got, len, exp16, u16len);
        ck_abort_msg("UTF-16LE output differs at byte %zu (expected %zu bytes,"
                     " got %zu)",
                     d, u16len, len);
    }
    free(got);
    free(exp16);
}

static reglint_key *mkkey(reglint_registry *reg, const char *path)
{
    reglint_key *k = reglint_key_create(reg, path, NO_ORIGIN);
    ck_assert_msg(k != NULL, "reglint_key_create(%s): %s", path,
                  reglint_last_error());
    return k;
}

static void setv(reglint_registry *reg, reglint_key *k, const char *name,
                 uint32_t type, const void *data, size_t len)
{
    int rc = reglint_key_set_value(reg, k, name, type, data, len, NO_ORIGIN);
    ck_assert_msg(rc == 0, "set_value(%s): %s", name, reglint_last_error());
}

/* A REG_SZ-style value: UTF-16LE of s plus a terminating NUL. */
static void set_sz(reglint_registry *reg, reglint_key *k, const char *name,
                   uint32_t type, const char *s)
{
    size_t n;
    uint8_t *d = to_u16(s, strlen(s), 0, 1, &n);
    setv(reg, k, name, type, d, n);
    free(d);
}

static void set_dword(reglint_registry *reg, reglint_key *k, const char *name,
                      uint32_t v)
{
    uint8_t d[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                    (uint8_t)(v >> 24)};
    setv(reg, k, name, REGLINT_REG_DWORD, d, 4);
}

/* Bytes first..last (inclusive) as "xx,xx,...,xx" (no final comma). */
static void hexrun(char *out, unsigned first, unsigned last)
{
    size_t o = 0;
    for (unsigned i = first; i <= last; i++)
        o += (size_t)sprintf(out + o, "%s%02x", i == first ? "" : ",", i & 0xff);
    out[o] = 0;
}

/* ---------------------------------------------------------------- */
/* Basic layout                                                       */
/* ---------------------------------------------------------------- */

START_TEST(test_empty_registry)
{
    reglint_registry *reg = reglint_registry_new();
    expect_out(reg, NULL, HEADER);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_simple_block)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\Software\\Test");
    set_sz(reg, k, "v", REGLINT_REG_SZ, "x");
    expect_out(reg, NULL,
               HEADER "[HKEY_CURRENT_USER\\Software]\r\n\r\n"
                      "[HKEY_CURRENT_USER\\Software\\Test]\r\n"
                      "\"v\"=\"x\"\r\n\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_utf16_raw_bytes)
{
    /* Independent of the converter: the first bytes spelled out. */
    reglint_registry *reg = reglint_registry_new();
    size_t len;
    int rc;
    char *got = write_mem(reg, NULL, REGLINT_ENC_UTF16LE, &len, &rc);
    ck_assert_int_eq(REGLINT_ENC_UTF16LE, 0); /* the default encoding */
    static const unsigned char want[] = {
        0xff, 0xfe, 'W', 0, 'i', 0, 'n', 0, 'd', 0, 'o', 0, 'w', 0, 's', 0,
        ' ', 0, 'R', 0, 'e', 0, 'g', 0, 'i', 0, 's', 0, 't', 0, 'r', 0, 'y',
        0, ' ', 0, 'E', 0, 'd', 0, 'i', 0, 't', 0, 'o', 0, 'r', 0, ' ', 0,
        'V', 0, 'e', 0, 'r', 0, 's', 0, 'i', 0, 'o', 0, 'n', 0, ' ', 0, '5',
        0, '.', 0, '0', 0, '0', 0, '\r', 0, '\n', 0, '\r', 0, '\n', 0};
    ck_assert_int_eq(rc, 0);
    ck_assert_uint_eq(len, sizeof want);
    ck_assert_mem_eq(got, want, sizeof want);
    free(got);

    got = write_mem(reg, NULL, REGLINT_ENC_UTF8, &len, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_uint_eq(len, strlen(HEADER));
    ck_assert_msg((unsigned char)got[0] == 'W', "UTF-8 output must have no BOM");
    free(got);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_non_ascii_names_and_data)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\Caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac"
                                "\xf0\x9f\x98\x80");
    set_sz(reg, k, "stra\xc3\x9f" "e", REGLINT_REG_SZ,
           "\xf0\x9f\x8e\x89 gr\xc3\xbc\xc3\x9f");
    expect_out(reg, NULL,
               HEADER "[HKEY_CURRENT_USER\\Caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac"
                      "\xf0\x9f\x98\x80]\r\n"
                      "\"stra\xc3\x9f" "e\"=\"\xf0\x9f\x8e\x89 gr\xc3\xbc\xc3\x9f\"\r\n"
                      "\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_dword_format)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_LOCAL_MACHINE\\S");
    set_dword(reg, k, "zero", 0);
    set_dword(reg, k, "one", 1);
    set_dword(reg, k, "hex", 0xabcdef12u);
    set_dword(reg, k, "max", 0xffffffffu);
    set_dword(reg, k, "mid", 0x00012000u);
    expect_out(reg, NULL,
               HEADER "[HKEY_LOCAL_MACHINE\\S]\r\n"
                      "\"zero\"=dword:00000000\r\n"
                      "\"one\"=dword:00000001\r\n"
                      "\"hex\"=dword:abcdef12\r\n"
                      "\"max\"=dword:ffffffff\r\n"
                      "\"mid\"=dword:00012000\r\n"
                      "\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_dword_wrong_length)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_LOCAL_MACHINE\\S");
    static const uint8_t d[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    setv(reg, k, "three", REGLINT_REG_DWORD, d, 3);
    setv(reg, k, "five", REGLINT_REG_DWORD, d, 5);
    setv(reg, k, "one", REGLINT_REG_DWORD, d, 1);
    setv(reg, k, "empty", REGLINT_REG_DWORD, d, 0);
    /* A 4-byte DWORD_BIG_ENDIAN is not a dword: */
    setv(reg, k, "be", REGLINT_REG_DWORD_BIG_ENDIAN, d, 4);
    expect_out(reg, NULL,
               HEADER "[HKEY_LOCAL_MACHINE\\S]\r\n"
                      "\"three\"=hex(4):01,02,03\r\n"
                      "\"five\"=hex(4):01,02,03,04,05\r\n"
                      "\"one\"=hex(4):01\r\n"
                      "\"empty\"=hex(4):\r\n"
                      "\"be\"=hex(5):01,02,03,04\r\n"
                      "\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_default_value)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CLASSES_ROOT\\.txt");
    set_sz(reg, k, "", REGLINT_REG_SZ, "txtfile");
    set_sz(reg, k, "@", REGLINT_REG_SZ, "at");
    reglint_key *k2 = mkkey(reg, "HKEY_CLASSES_ROOT\\.txt\\d");
    set_dword(reg, k2, "", 7);
    reglint_key *k3 = mkkey(reg, "HKEY_CLASSES_ROOT\\.txt\\b");
    static const uint8_t b[2] = {0xde, 0xad};
    setv(reg, k3, "", REGLINT_REG_BINARY, b, 2);
    expect_out(reg, NULL,
               HEADER "[HKEY_CLASSES_ROOT\\.txt]\r\n"
                      "@=\"txtfile\"\r\n"
                      "\"@\"=\"at\"\r\n"
                      "\r\n"
                      "[HKEY_CLASSES_ROOT\\.txt\\d]\r\n"
                      "@=dword:00000007\r\n"
                      "\r\n"
                      "[HKEY_CLASSES_ROOT\\.txt\\b]\r\n"
                      "@=hex:de,ad\r\n"
                      "\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_escapes)
{
    reglint_registry *reg = reglint_registry_new();
    /* Key names are written as they are: no escapes in [..]. */
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\a \"q\" [b]; c=d");
    set_sz(reg, k, "sz-sp\\ec\"ial", REGLINT_REG_SZ, "sp\\ec\"ial");
    set_sz(reg, k, "c:\\windows\\system32\\x.exe", REGLINT_REG_SZ, "C:\\");
    set_sz(reg, k, "\"", REGLINT_REG_SZ, "\"\"");
    set_sz(reg, k, "\\", REGLINT_REG_SZ, "\\\\");
    set_sz(reg, k, "semi;colons]=", REGLINT_REG_SZ, "and\"quotes;");
    set_sz(reg, k, "empty", REGLINT_REG_SZ, "");
    set_sz(reg, k, "tab", REGLINT_REG_SZ, "a\tb");
    expect_out(reg, NULL,
               HEADER "[HKEY_CURRENT_USER\\a \"q\" [b]; c=d]\r\n"
                      "\"sz-sp\\\\ec\\\"ial\"=\"sp\\\\ec\\\"ial\"\r\n"
                      "\"c:\\\\windows\\\\system32\\\\x.exe\"=\"C:\\\\\"\r\n"
                      "\"\\\"\"=\"\\\"\\\"\"\r\n"
                      "\"\\\\\"=\"\\\\\\\\\"\r\n"
                      "\"semi;colons]=\"=\"and\\\"quotes;\"\r\n"
                      "\"empty\"=\"\"\r\n"
                      "\"tab\"=\"a\tb\"\r\n"
                      "\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_sz_not_representable)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\S");
    static const uint8_t no_nul[] = {'a', 0, 'b', 0};
    static const uint8_t inner_nul[] = {'a', 0, 0, 0, 'b', 0, 0, 0};
    static const uint8_t lf[] = {'a', 0, '\n', 0, 'b', 0, 0, 0};
    static const uint8_t cr[] = {'a', 0, '\r', 0, 0, 0};
    static const uint8_t crlf[] = {'\r', 0, '\n', 0, 0, 0};
    static const uint8_t odd[] = {'a', 0, 0};
    static const uint8_t odd1[] = {'a'};
    static const uint8_t lone_hi[] = {0x00, 0xd8, 'x', 0, 0, 0};
    static const uint8_t lone_lo[] = {0x00, 0xdc, 0, 0};
    static const uint8_t two_nul[] = {'a', 0, 0, 0, 0, 0};
    static const uint8_t good_pair[] = {0x3d, 0xd8, 0x00, 0xde, 0, 0};
    setv(reg, k, "no-nul", REGLINT_REG_SZ, no_nul, sizeof no_nul);
    setv(reg, k, "inner-nul", REGLINT_REG_SZ, inner_nul, sizeof inner_nul);
    setv(reg, k, "lf", REGLINT_REG_SZ, lf, sizeof lf);
    setv(reg, k, "cr", REGLINT_REG_SZ, cr, sizeof cr);
    setv(reg, k, "crlf", REGLINT_REG_SZ, crlf, sizeof crlf);
    setv(reg, k, "odd", REGLINT_REG_SZ, odd, sizeof odd);
    setv(reg, k, "odd1", REGLINT_REG_SZ, odd1, sizeof odd1);
    setv(reg, k, "empty", REGLINT_REG_SZ, "", 0);
    setv(reg, k, "lone-hi", REGLINT_REG_SZ, lone_hi, sizeof lone_hi);
    setv(reg, k, "lone-lo", REGLINT_REG_SZ, lone_lo, sizeof lone_lo);
    setv(reg, k, "two-nul", REGLINT_REG_SZ, two_nul, sizeof two_nul);
    setv(reg, k, "pair", REGLINT_REG_SZ, good_pair, sizeof good_pair);
    /* EXPAND_SZ is always hex(2), like regedit, even when it is canonical. */
    set_sz(reg, k, "exp", REGLINT_REG_EXPAND_SZ, "%PATH%");
    setv(reg, k, "exp-odd", REGLINT_REG_EXPAND_SZ, odd, sizeof odd);
    expect_out(reg, NULL,
               HEADER "[HKEY_CURRENT_USER\\S]\r\n"
                      "\"no-nul\"=hex(1):61,00,62,00\r\n"
                      "\"inner-nul\"=hex(1):61,00,00,00,62,00,00,00\r\n"
                      "\"lf\"=hex(1):61,00,0a,00,62,00,00,00\r\n"
                      "\"cr\"=hex(1):61,00,0d,00,00,00\r\n"
                      "\"crlf\"=hex(1):0d,00,0a,00,00,00\r\n"
                      "\"odd\"=hex(1):61,00,00\r\n"
                      "\"odd1\"=hex(1):61\r\n"
                      "\"empty\"=hex(1):\r\n"
                      "\"lone-hi\"=hex(1):00,d8,78,00,00,00\r\n"
                      "\"lone-lo\"=hex(1):00,dc,00,00\r\n"
                      "\"two-nul\"=hex(1):61,00,00,00,00,00\r\n"
                      "\"pair\"=\"\xf0\x9f\x98\x80\"\r\n"
                      "\"exp\"=hex(2):25,00,50,00,41,00,54,00,48,00,25,00,00,00\r\n"
                      "\"exp-odd\"=hex(2):61,00,00\r\n"
                      "\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_hex_types)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_USERS\\.DEFAULT\\T");
    static const uint8_t b[] = {0x00, 0x7f, 0x80, 0xff};
    static const uint8_t ms[] = {'a', 0, 0, 0, 'b', 0, 0, 0, 0, 0};
    static const uint8_t qw[] = {0xff, 0, 0, 0, 0, 0, 0, 0};
    setv(reg, k, "none", REGLINT_REG_NONE, b, 2);
    setv(reg, k, "none-empty", REGLINT_REG_NONE, "", 0);
    setv(reg, k, "bin", REGLINT_REG_BINARY, b, sizeof b);
    setv(reg, k, "bin-empty", REGLINT_REG_BINARY, "", 0);
    setv(reg, k, "multi", REGLINT_REG_MULTI_SZ, ms, sizeof ms);
    setv(reg, k, "qword", REGLINT_REG_QWORD, qw, sizeof qw);
    setv(reg, k, "link", REGLINT_REG_LINK, ms, 4);
    setv(reg, k, "res", REGLINT_REG_RESOURCE_LIST, b, 1);
    setv(reg, k, "full", REGLINT_REG_FULL_RESOURCE_DESCRIPTOR, b, 1);
    setv(reg, k, "req", REGLINT_REG_RESOURCE_REQUIREMENTS_LIST, b, 1);
    setv(reg, k, "t100", 0x100, b, 3);
    setv(reg, k, "tmax", 0xffffffffu, b, 1);
    setv(reg, k, "t12", 12, "", 0);
    setv(reg, k, "tmix", 0x00abcdefu, b, 1);
    expect_out(reg, NULL,
               HEADER "[HKEY_USERS\\.DEFAULT]\r\n\r\n"
                      "[HKEY_USERS\\.DEFAULT\\T]\r\n"
                      "\"none\"=hex(0):00,7f\r\n"
                      "\"none-empty\"=hex(0):\r\n"
                      "\"bin\"=hex:00,7f,80,ff\r\n"
                      "\"bin-empty\"=hex:\r\n"
                      "\"multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n"
                      "\"qword\"=hex(b):ff,00,00,00,00,00,00,00\r\n"
                      "\"link\"=hex(6):61,00,00,00\r\n"
                      "\"res\"=hex(8):00\r\n"
                      "\"full\"=hex(9):00\r\n"
                      "\"req\"=hex(a):00\r\n"
                      "\"t100\"=hex(100):00,7f,80\r\n"
                      "\"tmax\"=hex(ffffffff):00\r\n"
                      "\"t12\"=hex(c):\r\n"
                      "\"tmix\"=hex(abcdef):00\r\n"
                      "\r\n");
    reglint_registry_free(reg);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Wrapping at 77 columns                                             */
/* ---------------------------------------------------------------- */

static void set_seq(reglint_registry *reg, reglint_key *k, const char *name,
                    uint32_t type, unsigned n)
{
    uint8_t d[1024];
    ck_assert_uint_le(n, sizeof d);
    for (unsigned i = 0; i < n; i++)
        d[i] = (uint8_t)i;
    setv(reg, k, name, type, d, n);
}

START_TEST(test_wrap_regedit_long_name)
{
    /* regedit's own export (regashii's irregular-regedit5.reg). */
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\W");
    set_seq(reg, k,
            "hex-continuations-with-long-name "
            "............................................ end",
            REGLINT_REG_BINARY, 32);
    expect_out(reg, NULL,
               HEADER "[HKEY_CURRENT_USER\\W]\r\n"
                      "\"hex-continuations-with-long-name "
                      "............................................ end\"=hex:00,\\\r\n"
                      "  01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,"
                      "13,14,15,16,17,18,19,\\\r\n"
                      "  1a,1b,1c,1d,1e,1f\r\n"
                      "\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_wrap_short_name_40)
{
    /* "a"=hex: is 8 columns; after k bytes "xx," it is 8+3k, which reaches
    ** 77 at k = 23 (bytes 00..16).  The continuation starts at 2 and
    ** reaches 77 after 25 bytes; the 17 left (17..27) fit on line 2. */
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\W");
    set_seq(reg, k, "a", REGLINT_REG_BINARY, 40);
    expect_out(reg, NULL,
               HEADER "[HKEY_CURRENT_USER\\W]\r\n"
                      "\"a\"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,"
                      "10,11,12,13,14,15,16,\\\r\n"
                      "  17,18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27\r\n"
                      "\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_wrap_boundaries)
{
    /* 23 bytes: 22 with commas reach 74, the 23rd ends the data: no wrap.
    ** 24 bytes: after the 23rd comma the length is 77 and one byte follows:
    ** wrap, and that byte stands alone on the continuation. */
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\W");
    set_seq(reg, k, "a", REGLINT_REG_BINARY, 23);
    set_seq(reg, k, "b", REGLINT_REG_BINARY, 24);
    /* Continuation full to the last byte: 23 + 25 = 48 bytes, no third
    ** line; 49 bytes: a third line with one byte. */
    set_seq(reg, k, "c", REGLINT_REG_BINARY, 48);
    set_seq(reg, k, "d", REGLINT_REG_BINARY, 49);
    char l1[256], l2[256];
    hexrun(l1, 0x00, 0x16);
    hexrun(l2, 0x17, 0x2f);
    char want[4096];
    snprintf(want, sizeof want,
             HEADER "[HKEY_CURRENT_USER\\W]\r\n"
                    "\"a\"=hex:%s\r\n"
                    "\"b\"=hex:%s,\\\r\n  17\r\n"
                    "\"c\"=hex:%s,\\\r\n  %s\r\n"
                    "\"d\"=hex:%s,\\\r\n  %s,\\\r\n  30\r\n"
                    "\r\n",
             l1, l1, l1, l2, l1, l2);
    expect_out(reg, NULL, want);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_wrap_many_lines)
{
    /* 100 bytes after "a"=hex:: 23, 25, 25, 25, 2. */
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\W");
    set_seq(reg, k, "a", REGLINT_REG_BINARY, 100);
    char r1[256], r2[256], r3[256], r4[256], r5[256], want[4096];
    hexrun(r1, 0, 22);
    hexrun(r2, 23, 47);
    hexrun(r3, 48, 72);
    hexrun(r4, 73, 97);
    hexrun(r5, 98, 99);
    snprintf(want, sizeof want,
             HEADER "[HKEY_CURRENT_USER\\W]\r\n"
                    "\"a\"=hex:%s,\\\r\n  %s,\\\r\n  %s,\\\r\n  %s,\\\r\n  %s\r\n"
                    "\r\n",
             r1, r2, r3, r4, r5);
    expect_out(reg, NULL, want);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_wrap_prefix_lengths)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\W");
    /* @=hex: is 6: 6+3k >= 77 at k = 24. */
    set_seq(reg, k, "", REGLINT_REG_BINARY, 30);
    /* "q"=hex(b): is 11: 11+3k >= 77 at k = 22. */
    set_seq(reg, k, "q", REGLINT_REG_QWORD, 30);
    /* "q"=hex(100): is 13: 13+3k >= 77 at k = 22 (13+66 = 79). */
    set_seq(reg, k, "r", 0x100, 30);
    /* "s"=hex(ffffffff): is 18: 18+3k >= 77 at k = 20 (18+60 = 78). */
    set_seq(reg, k, "s", 0xffffffffu, 30);
    char a1[256], a2[256], q1[256], q2[256], s1[256], s2[256], want[4096];
    hexrun(a1, 0, 23);
    hexrun(a2, 24, 29);
    hexrun(q1, 0, 21);
    hexrun(q2, 22, 29);
    hexrun(s1, 0, 19);
    hexrun(s2, 20, 29);
    snprintf(want, sizeof want,
             HEADER "[HKEY_CURRENT_USER\\W]\r\n"
                    "@=hex:%s,\\\r\n  %s\r\n"
                    "\"q\"=hex(b):%s,\\\r\n  %s\r\n"
                    "\"r\"=hex(100):%s,\\\r\n  %s\r\n"
                    "\"s\"=hex(ffffffff):%s,\\\r\n  %s\r\n"
                    "\r\n",
             a1, a2, q1, q2, q1, q2, s1, s2);
    expect_out(reg, NULL, want);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_wrap_counts_utf16_units_of_escaped_name)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\W");
    /* "😀😀"=hex: is 4+7 = 11 UTF-16 units (9 characters, 15 UTF-8
    ** bytes): 11+3k >= 77 at k = 22. */
    set_seq(reg, k, "\xf0\x9f\x98\x80\xf0\x9f\x98\x80", REGLINT_REG_BINARY, 30);
    /* "日本"=hex: is 9 units (13 UTF-8 bytes): 9+3k >= 77 at k = 23. */
    set_seq(reg, k, "\xe6\x97\xa5\xe6\x9c\xac", REGLINT_REG_BINARY, 30);
    /* a"b is written "a\"b"=hex: — 11 columns as written: k = 22. */
    set_seq(reg, k, "a\"b", REGLINT_REG_BINARY, 30);
    char e1[256], e2[256], j1[256], j2[256], want[4096];
    hexrun(e1, 0, 21);
    hexrun(e2, 22, 29);
    hexrun(j1, 0, 22);
    hexrun(j2, 23, 29);
    snprintf(want, sizeof want,
             HEADER "[HKEY_CURRENT_USER\\W]\r\n"
                    "\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\"=hex:%s,\\\r\n  %s\r\n"
                    "\"\xe6\x97\xa5\xe6\x9c\xac\"=hex:%s,\\\r\n  %s\r\n"
                    "\"a\\\"b\"=hex:%s,\\\r\n  %s\r\n"
                    "\r\n",
             e1, e2, j1, j2, e1, e2);
    expect_out(reg, NULL, want);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_wrap_sz_as_hex1)
{
    /* A non-canonical REG_SZ is wrapped like any hex(1). "x"=hex(1): is 11
    ** columns: k = 22. */
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\W");
    set_seq(reg, k, "x", REGLINT_REG_SZ, 25);
    char r1[256], r2[256], want[4096];
    hexrun(r1, 0, 21);
    hexrun(r2, 22, 24);
    snprintf(want, sizeof want,
             HEADER "[HKEY_CURRENT_USER\\W]\r\n"
                    "\"x\"=hex(1):%s,\\\r\n  %s\r\n"
                    "\r\n",
             r1, r2);
    expect_out(reg, NULL, want);
    reglint_registry_free(reg);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Tree shape                                                         */
/* ---------------------------------------------------------------- */

START_TEST(test_order_parents_first)
{
    /* Depth-first, each key's subkeys in creation order, as regedit
    ** exports. */
    reglint_registry *reg = reglint_registry_new();
    reglint_key *bc = mkkey(reg, "HKEY_LOCAL_MACHINE\\B\\C");
    reglint_key *a = mkkey(reg, "HKEY_LOCAL_MACHINE\\A");
    reglint_key *bd = mkkey(reg, "HKEY_LOCAL_MACHINE\\B\\D");
    mkkey(reg, "HKEY_LOCAL_MACHINE\\B\\C\\E");
    set_dword(reg, bc, "c", 1);
    set_dword(reg, a, "a", 2);
    set_dword(reg, bd, "d", 3);
    expect_out(reg, NULL,
               HEADER "[HKEY_LOCAL_MACHINE\\B]\r\n\r\n"
                      "[HKEY_LOCAL_MACHINE\\B\\C]\r\n\"c\"=dword:00000001\r\n\r\n"
                      "[HKEY_LOCAL_MACHINE\\B\\C\\E]\r\n\r\n"
                      "[HKEY_LOCAL_MACHINE\\B\\D]\r\n\"d\"=dword:00000003\r\n\r\n"
                      "[HKEY_LOCAL_MACHINE\\A]\r\n\"a\"=dword:00000002\r\n\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_value_order_and_spelling)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_LOCAL_MACHINE\\Mixed");
    set_dword(reg, k, "Zeta", 1);
    set_dword(reg, k, "alpha", 2);
    set_dword(reg, k, "ZETA", 3); /* overrides in place, first spelling */
    reglint_key *k2 = mkkey(reg, "hklm\\MIXED\\Sub");
    (void)k2;
    expect_out(reg, NULL,
               HEADER "[HKEY_LOCAL_MACHINE\\Mixed]\r\n"
                      "\"Zeta\"=dword:00000003\r\n"
                      "\"alpha\"=dword:00000002\r\n\r\n"
                      "[HKEY_LOCAL_MACHINE\\Mixed\\Sub]\r\n\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_roots_only_with_values)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *lm = mkkey(reg, "HKEY_LOCAL_MACHINE");
    mkkey(reg, "HKEY_LOCAL_MACHINE\\X");
    mkkey(reg, "HKEY_CURRENT_USER\\Y");
    mkkey(reg, "HKEY_USERS"); /* an empty root alone: nothing */
    reglint_key *cc = mkkey(reg, "HKEY_CURRENT_CONFIG");
    set_dword(reg, lm, "r", 1);
    set_sz(reg, cc, "", REGLINT_REG_SZ, "cc");
    expect_out(reg, NULL,
               HEADER "[HKEY_LOCAL_MACHINE]\r\n\"r\"=dword:00000001\r\n\r\n"
                      "[HKEY_LOCAL_MACHINE\\X]\r\n\r\n"
                      "[HKEY_CURRENT_USER\\Y]\r\n\r\n"
                      "[HKEY_CURRENT_CONFIG]\r\n@=\"cc\"\r\n\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_empty_key_block)
{
    reglint_registry *reg = reglint_registry_new();
    mkkey(reg, "HKEY_CURRENT_USER\\Software\\Empty");
    expect_out(reg, NULL,
               HEADER "[HKEY_CURRENT_USER\\Software]\r\n\r\n"
                      "[HKEY_CURRENT_USER\\Software\\Empty]\r\n\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_from_subtree)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *a = mkkey(reg, "HKEY_LOCAL_MACHINE\\A");
    reglint_key *ab = mkkey(reg, "HKEY_LOCAL_MACHINE\\A\\B");
    reglint_key *c = mkkey(reg, "HKEY_LOCAL_MACHINE\\C");
    set_dword(reg, a, "a", 1);
    set_dword(reg, ab, "b", 2);
    set_dword(reg, c, "c", 3);
    expect_out(reg, a,
               HEADER "[HKEY_LOCAL_MACHINE\\A]\r\n\"a\"=dword:00000001\r\n\r\n"
                      "[HKEY_LOCAL_MACHINE\\A\\B]\r\n\"b\"=dword:00000002\r\n\r\n");
    expect_out(reg, ab,
               HEADER "[HKEY_LOCAL_MACHINE\\A\\B]\r\n\"b\"=dword:00000002\r\n\r\n");
    /* The top is the same as NULL. */
    expect_out(reg, reglint_registry_top(reg),
               HEADER "[HKEY_LOCAL_MACHINE\\A]\r\n\"a\"=dword:00000001\r\n\r\n"
                      "[HKEY_LOCAL_MACHINE\\A\\B]\r\n\"b\"=dword:00000002\r\n\r\n"
                      "[HKEY_LOCAL_MACHINE\\C]\r\n\"c\"=dword:00000003\r\n\r\n");
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_name_with_line_break_einval)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_LOCAL_MACHINE\\A");
    set_dword(reg, k, "line\nbreak", 1);
    size_t len;
    int rc;
    errno = 0;
    char *got = write_mem(reg, NULL, REGLINT_ENC_UTF8, &len, &rc);
    ck_assert_int_eq(rc, -1);
    ck_assert_int_eq(errno, EINVAL);
    free(got);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_key_name_with_line_break_einval)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_LOCAL_MACHINE\\A");
    /* The model takes any name without a backslash; a .reg file cannot. */
    reglint_key *bad = reglint_key_add_subkey(reg, k, "two\nlines", NO_ORIGIN);
    ck_assert_ptr_nonnull(bad);
    size_t len;
    int rc;
    errno = 0;
    char *got = write_mem(reg, NULL, REGLINT_ENC_UTF16LE, &len, &rc);
    ck_assert_int_eq(rc, -1);
    ck_assert_int_eq(errno, EINVAL);
    free(got);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_write_error_eio)
{
    FILE *f = fopen("/dev/full", "wb");
    if (!f)
        return; /* no /dev/full here */
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_LOCAL_MACHINE\\Full");
    for (int i = 0; i < 3000; i++) {
        char nm[32];
        snprintf(nm, sizeof nm, "value %d", i);
        set_dword(reg, k, nm, (uint32_t)i);
    }
    errno = 0;
    ck_assert_int_eq(reglint_reg_write(reg, NULL, REGLINT_ENC_UTF16LE, f), -1);
    ck_assert_int_eq(errno, EIO);
    ck_assert_str_ne(reglint_last_error(), "");
    fclose(f);

    /* Small output too (only the final flush fails). */
    reglint_registry *small = reglint_registry_new();
    f = fopen("/dev/full", "wb");
    ck_assert_ptr_nonnull(f);
    errno = 0;
    ck_assert_int_eq(reglint_reg_write(small, NULL, REGLINT_ENC_UTF8, f), -1);
    ck_assert_int_eq(errno, EIO);
    fclose(f);
    reglint_registry_free(small);
    reglint_registry_free(reg);
}
END_TEST

/* ---------------------------------------------------------------- */
/* reglint_reg_write_file                                             */
/* ---------------------------------------------------------------- */

static char *tmpdir_new(void)
{
    char tmpl[] = "/tmp/check_reg_write.XXXXXX";
    char *d = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(d);
    return strdup(d);
}

static int dir_entries(const char *dir, char names[][256], int max)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n < max)
            snprintf(names[n], 256, "%s", e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

static void rm_dir(const char *dir)
{
    char names[64][256];
    int n = dir_entries(dir, names, 64);
    size_t dl = strlen(dir);
    for (int i = 0; i < n && i < 64; i++) {
        size_t nl = strlen(names[i]);
        char *p = malloc(dl + nl + 2);
        ck_assert_ptr_nonnull(p);
        memcpy(p, dir, dl);
        p[dl] = '/';
        memcpy(p + dl + 1, names[i], nl + 1);
        unlink(p);
        free(p);
    }
    rmdir(dir);
}

START_TEST(test_write_file_creates)
{
    char *dir = tmpdir_new(), path[4096], names[8][256];
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\F");
    set_dword(reg, k, "v", 0x10);
    snprintf(path, sizeof path, "%s/out.reg", dir);

    ck_assert_int_eq(reglint_reg_write_file(reg, NULL, REGLINT_ENC_UTF8, path), 0);
    size_t len;
    char *got = slurp(path, &len);
    const char *want = HEADER "[HKEY_CURRENT_USER\\F]\r\n\"v\"=dword:00000010\r\n\r\n";
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(len, strlen(want));
    ck_assert_mem_eq(got, want, len);
    free(got);
    int n = dir_entries(dir, names, 8);
    ck_assert_msg(n == 1 && strcmp(names[0], "out.reg") == 0,
                  "expected only out.reg in the directory, found %d entries "
                  "(first: %s)",
                  n, n ? names[0] : "");

    /* UTF-16 to the same path: replaced, still one file. */
    ck_assert_int_eq(reglint_reg_write_file(reg, NULL, REGLINT_ENC_UTF16LE, path), 0);
    got = slurp(path, &len);
    size_t u16len;
    uint8_t *w16 = to_u16(want, strlen(want), 1, 0, &u16len);
    ck_assert_uint_eq(len, u16len);
    ck_assert_mem_eq(got, w16, len);
    free(got);
    free(w16);
    n = dir_entries(dir, names, 8);
    ck_assert_int_eq(n, 1);

    reglint_registry_free(reg);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_write_file_replaces_existing)
{
    char *dir = tmpdir_new(), path[4096], names[8][256];
    snprintf(path, sizeof path, "%s/existing.reg", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    /* Longer than the new output, so a non-truncating write would show. */
    for (int i = 0; i < 200; i++)
        fputs("old content old content old content\n", f);
    fclose(f);

    reglint_registry *reg = reglint_registry_new();
    mkkey(reg, "HKEY_CURRENT_USER\\New");
    ck_assert_int_eq(reglint_reg_write_file(reg, NULL, REGLINT_ENC_UTF8, path), 0);
    size_t len;
    char *got = slurp(path, &len);
    const char *want = HEADER "[HKEY_CURRENT_USER\\New]\r\n\r\n";
    ck_assert_uint_eq(len, strlen(want));
    ck_assert_mem_eq(got, want, len);
    free(got);
    ck_assert_int_eq(dir_entries(dir, names, 8), 1);
    reglint_registry_free(reg);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_write_file_failure_keeps_existing)
{
    char *dir = tmpdir_new(), path[4096], names[8][256];
    snprintf(path, sizeof path, "%s/keep.reg", dir);
    const char *old = "precious old content\n";
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(old, f);
    fclose(f);

    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKEY_CURRENT_USER\\Bad");
    /* Many good values first, so a partial write would have happened. */
    for (int i = 0; i < 500; i++) {
        char nm[32];
        snprintf(nm, sizeof nm, "v%d", i);
        set_dword(reg, k, nm, (uint32_t)i);
    }
    set_dword(reg, k, "broken\r\nname", 1);
    errno = 0;
    ck_assert_int_eq(reglint_reg_write_file(reg, NULL, REGLINT_ENC_UTF16LE, path), -1);
    ck_assert_int_eq(errno, EINVAL);
    size_t len;
    char *got = slurp(path, &len);
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(len, strlen(old));
    ck_assert_mem_eq(got, old, len);
    free(got);
    int n = dir_entries(dir, names, 8);
    ck_assert_msg(n == 1, "a failed write left %d entries (e.g. %s)", n,
                  n > 1 ? (strcmp(names[0], "keep.reg") ? names[0] : names[1]) : "");

    /* A failed write to a new path creates nothing. */
    char path2[4096];
    snprintf(path2, sizeof path2, "%s/new.reg", dir);
    ck_assert_int_eq(reglint_reg_write_file(reg, NULL, REGLINT_ENC_UTF8, path2), -1);
    ck_assert_int_eq(access(path2, F_OK), -1);
    ck_assert_int_eq(dir_entries(dir, names, 8), 1);

    reglint_registry_free(reg);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_write_file_missing_dir)
{
    char *dir = tmpdir_new(), path[4096], names[8][256];
    snprintf(path, sizeof path, "%s/no/such/dir/out.reg", dir);
    reglint_registry *reg = reglint_registry_new();
    mkkey(reg, "HKEY_CURRENT_USER\\X");
    errno = 0;
    ck_assert_int_eq(reglint_reg_write_file(reg, NULL, REGLINT_ENC_UTF8, path), -1);
    ck_assert_int_ne(errno, 0);
    ck_assert_str_ne(reglint_last_error(), "");
    ck_assert_int_eq(dir_entries(dir, names, 8), 0);
    /* One level missing only. */
    snprintf(path, sizeof path, "%s/missing/out.reg", dir);
    ck_assert_int_eq(reglint_reg_write_file(reg, NULL, REGLINT_ENC_UTF16LE, path), -1);
    ck_assert_int_eq(dir_entries(dir, names, 8), 0);
    reglint_registry_free(reg);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_write_file_onto_directory)
{
    /* rename() cannot replace a directory: -1, the directory stays, no
    ** temporary file is left beside it. */
    char *dir = tmpdir_new(), path[4096], names[8][256];
    snprintf(path, sizeof path, "%s/sub", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    reglint_registry *reg = reglint_registry_new();
    mkkey(reg, "HKEY_CURRENT_USER\\X");
    errno = 0;
    ck_assert_int_eq(reglint_reg_write_file(reg, NULL, REGLINT_ENC_UTF8, path), -1);
    ck_assert_int_ne(errno, 0);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    int n = dir_entries(dir, names, 8);
    ck_assert_msg(n == 1, "%d entries after a failed write (e.g. %s)", n,
                  n > 1 ? (strcmp(names[0], "sub") ? names[0] : names[1]) : "");
    ck_assert_int_eq(rmdir(path), 0);
    reglint_registry_free(reg);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_write_file_relative_path)
{
    /* A bare file name: the temporary file goes beside it, in ".". */
    char *dir = tmpdir_new(), names[8][256], cwd[4096];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(dir), 0);
    reglint_registry *reg = reglint_registry_new();
    mkkey(reg, "HKEY_CURRENT_USER\\R");
    ck_assert_int_eq(reglint_reg_write_file(reg, NULL, REGLINT_ENC_UTF8, "rel.reg"), 0);
    ck_assert_int_eq(chdir(cwd), 0);
    int n = dir_entries(dir, names, 8);
    ck_assert_msg(n == 1 && strcmp(names[0], "rel.reg") == 0,
                  "expected only rel.reg, found %d entries", n);
    reglint_registry_free(reg);
    rm_dir(dir);
    free(dir);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("reg-write");
    TCase *tc = tcase_create("layout");
    tcase_add_test(tc, test_empty_registry);
    tcase_add_test(tc, test_simple_block);
    tcase_add_test(tc, test_utf16_raw_bytes);
    tcase_add_test(tc, test_non_ascii_names_and_data);
    tcase_add_test(tc, test_dword_format);
    tcase_add_test(tc, test_dword_wrong_length);
    tcase_add_test(tc, test_default_value);
    tcase_add_test(tc, test_escapes);
    tcase_add_test(tc, test_sz_not_representable);
    tcase_add_test(tc, test_hex_types);
    suite_add_tcase(s, tc);

    tc = tcase_create("wrap");
    tcase_add_test(tc, test_wrap_regedit_long_name);
    tcase_add_test(tc, test_wrap_short_name_40);
    tcase_add_test(tc, test_wrap_boundaries);
    tcase_add_test(tc, test_wrap_many_lines);
    tcase_add_test(tc, test_wrap_prefix_lengths);
    tcase_add_test(tc, test_wrap_counts_utf16_units_of_escaped_name);
    tcase_add_test(tc, test_wrap_sz_as_hex1);
    suite_add_tcase(s, tc);

    tc = tcase_create("tree");
    tcase_add_test(tc, test_order_parents_first);
    tcase_add_test(tc, test_value_order_and_spelling);
    tcase_add_test(tc, test_roots_only_with_values);
    tcase_add_test(tc, test_empty_key_block);
    tcase_add_test(tc, test_from_subtree);
    tcase_add_test(tc, test_name_with_line_break_einval);
    tcase_add_test(tc, test_key_name_with_line_break_einval);
    tcase_add_test(tc, test_write_error_eio);
    suite_add_tcase(s, tc);

    tc = tcase_create("file");
    tcase_add_test(tc, test_write_file_creates);
    tcase_add_test(tc, test_write_file_replaces_existing);
    tcase_add_test(tc, test_write_file_failure_keeps_existing);
    tcase_add_test(tc, test_write_file_missing_dir);
    tcase_add_test(tc, test_write_file_onto_directory);
    tcase_add_test(tc, test_write_file_relative_path);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
