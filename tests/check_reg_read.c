/*
** check_reg_read.c — unit tests of the .reg reader (lib/source_text.c,
** lib/source_reg.c): every encoding, every syntax feature, every deviation
** (a warning, an error under strict) and every error, with its line and,
** where the spec fixes it, its column; and that reading goes on after an
** error line without losing anything else.
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
#include <unistd.h>

#include "reglint.h"
#include "test_utf16.h"

#define H "Windows Registry Editor Version 5.00"
#define HB H "\r\n\r\n"             /* header + blank line: body starts at 3 */
#define KT "HKEY_CURRENT_USER\\T"
#define KL "[" KT "]"                /* usually line 3 */
#define KLN KL "\r\n"
#define WARN REGLINT_WARNING
#define ERR REGLINT_ERROR
#define ANY_COL (-1L)

/* ---------------------------------------------------------------- */
/* Helpers                                                            */
/* ---------------------------------------------------------------- */

/* The result of the last read. */
static struct {
    reglint_registry *reg;
    reglint_diags *d;
    reglint_reg_info info;
    int rc;
    int err;
} R;

static void teardown(void)
{
    if (R.reg)
        reglint_registry_free(R.reg);
    if (R.d)
        reglint_diags_free(R.d);
    memset(&R, 0, sizeof R);
}

static const char *sev_name(reglint_severity s)
{
    return s == REGLINT_ERROR ? "error" : s == REGLINT_WARNING ? "warning" : "?";
}

/* All diagnostics of the last read, for failure messages. */
static const char *dump(void)
{
    static char buf[8192];
    size_t off = 0;
    buf[0] = '\0';
    size_t n = R.d ? reglint_diags_count(R.d) : 0;
    for (size_t i = 0; i < n && off < sizeof buf - 200; i++) {
        const reglint_diag *g = reglint_diags_at(R.d, i);
        off += (size_t)snprintf(buf + off, sizeof buf - off, "{%s %llu:%llu %s} ",
                                sev_name(g->severity),
                                (unsigned long long)g->line,
                                (unsigned long long)g->column, g->code);
    }
    if (n == 0)
        snprintf(buf, sizeof buf, "(no diagnostics)");
    return buf;
}

/* Read data as file "t.reg" into a fresh registry. */
static void rd(const void *data, size_t len, const reglint_reg_options *o)
{
    teardown();
    R.reg = reglint_registry_new();
    R.d = reglint_diags_new();
    ck_assert_ptr_nonnull(R.reg);
    ck_assert_ptr_nonnull(R.d);
    memset(&R.info, 0x5a, sizeof R.info);
    errno = 0;
    R.rc = reglint_reg_read_buffer(R.reg, "t.reg", data, len, o, R.d, &R.info);
    R.err = errno;
}

/* Read a malloc'd UTF-8 string and free it. */
static void rd_str(char *s, const reglint_reg_options *o)
{
    rd(s, strlen(s), o);
    free(s);
}

static char *vjoin(const char *eol, const char *first, va_list ap)
{
    size_t cap = 256, len = 0;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    for (const char *line = first; line; line = va_arg(ap, const char *)) {
        size_t need = len + strlen(line) + strlen(eol) + 1;
        if (need > cap) {
            while (cap < need)
                cap *= 2;
            s = realloc(s, cap);
            ck_assert_ptr_nonnull(s);
        }
        len += (size_t)sprintf(s + len, "%s%s", line, eol);
    }
    s[len] = '\0';
    return s;
}

/* Lines joined, each ended by CRLF (to free()). */
static char *join(const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    char *s = vjoin("\r\n", first, ap);
    va_end(ap);
    return s;
}

/* Lines joined, each ended by LF (to free()). */
static char *join_lf(const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    char *s = vjoin("\n", first, ap);
    va_end(ap);
    return s;
}

#define READ(...) rd_str(join(__VA_ARGS__, (const char *)NULL), NULL)
#define READ_OPTS(o, ...) rd_str(join(__VA_ARGS__, (const char *)NULL), (o))

/* Concatenation of s and n copies of c and t (to free()). */
static char *build(const char *s, const char *c, size_t n, const char *t)
{
    size_t sl = strlen(s), cl = strlen(c), tl = strlen(t);
    char *r = malloc(sl + cl * n + tl + 1);
    ck_assert_ptr_nonnull(r);
    memcpy(r, s, sl);
    for (size_t i = 0; i < n; i++)
        memcpy(r + sl + i * cl, c, cl);
    memcpy(r + sl + cl * n, t, tl + 1);
    return r;
}

/* UTF-16 (LE or BE) of UTF-8 s, without NUL; *len gets the bytes. */
static uint8_t *utf16(const char *s, int be, int bom, size_t *len)
{
    size_t n = strlen(s);
    uint8_t *out = malloc(4 * n + 4);
    ck_assert_ptr_nonnull(out);
    size_t o = 0;
    if (bom) {
        out[o++] = be ? 0xfe : 0xff;
        out[o++] = be ? 0xff : 0xfe;
    }
    o += test_utf16_encode(s, n, be, out + o);
    *len = o;
    return out;
}

/* Read a malloc'd UTF-8 string converted to UTF-16, and free it. */
static void rd_utf16(char *s, int be, int bom, const reglint_reg_options *o)
{
    size_t len;
    uint8_t *b = utf16(s, be, bom, &len);
    rd(b, len, o);
    free(b);
    free(s);
}

static const reglint_diag *diag(size_t i)
{
    ck_assert_msg(i < reglint_diags_count(R.d), "no diagnostic #%zu; have %s", i, dump());
    return reglint_diags_at(R.d, i);
}

static void expect_count(size_t n)
{
    ck_assert_msg(reglint_diags_count(R.d) == n, "want %zu diagnostics, have %s",
                  n, dump());
}

static void expect_diag(size_t i, reglint_severity s, const char *code,
                        uint64_t line, long col)
{
    const reglint_diag *g = diag(i);
    ck_assert_msg(g->code && strcmp(g->code, code) == 0 && g->severity == s &&
                      g->line == line && (col < 0 || g->column == (uint64_t)col),
                  "diagnostic #%zu: want {%s %llu:%ld %s}; have %s", i,
                  sev_name(s), (unsigned long long)line, col, code, dump());
    ck_assert_ptr_nonnull(g->message);
    ck_assert_msg(g->message[0] != '\0', "empty message for %s", code);
    ck_assert_ptr_nonnull(g->file);
    ck_assert_str_eq(g->file, "t.reg");
}

/* Exactly one diagnostic, this one. */
static void expect_only(reglint_severity s, const char *code, uint64_t line, long col)
{
    expect_count(1);
    expect_diag(0, s, code, line, col);
}

static void expect_clean(void)
{
    ck_assert_msg(R.rc == 0, "read returned %d", R.rc);
    expect_count(0);
}

/* The first diagnostic with this code, or NULL. */
static const reglint_diag *find_code(const char *code)
{
    for (size_t i = 0; i < reglint_diags_count(R.d); i++) {
        const reglint_diag *g = reglint_diags_at(R.d, i);
        if (strcmp(g->code, code) == 0)
            return g;
    }
    return NULL;
}

static reglint_key *key(const char *path)
{
    reglint_key *k = reglint_key_open(R.reg, path);
    ck_assert_msg(k != NULL, "key %s missing; diags: %s", path, dump());
    return k;
}

static void no_key(const char *path)
{
    ck_assert_msg(reglint_key_open(R.reg, path) == NULL, "key %s exists", path);
}

static const reglint_value *val(const char *path, const char *name)
{
    const reglint_value *v = reglint_key_value(key(path), name);
    ck_assert_msg(v != NULL, "value %s \"%s\" missing; diags: %s", path, name, dump());
    return v;
}

static void no_val(const char *path, const char *name)
{
    reglint_key *k = reglint_key_open(R.reg, path);
    if (k)
        ck_assert_msg(reglint_key_value(k, name) == NULL,
                      "value %s \"%s\" exists", path, name);
}

static void expect_raw(const char *path, const char *name, uint32_t type,
                       const void *want, size_t wlen)
{
    const reglint_value *v = val(path, name);
    ck_assert_msg(reglint_value_type(v) == type, "%s \"%s\": type %u, want %u",
                  path, name, (unsigned)reglint_value_type(v), (unsigned)type);
    size_t len = 0;
    const uint8_t *d = reglint_value_data(v, &len);
    ck_assert_msg(len == wlen, "%s \"%s\": %zu bytes, want %zu", path, name, len, wlen);
    if (wlen)
        ck_assert_mem_eq(d, want, wlen);
}

/* REG_SZ holding exactly UTF-16LE(want) + NUL. */
static void expect_sz(const char *path, const char *name, const char *want)
{
    size_t n;
    uint8_t *b = utf16(want, 0, 0, &n);
    b[n++] = 0;
    b[n++] = 0;
    expect_raw(path, name, REGLINT_REG_SZ, b, n);
    free(b);
    char *s = reglint_value_get_string(val(path, name));
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, want);
    free(s);
}

static void expect_dw(const char *path, const char *name, uint32_t want)
{
    const reglint_value *v = val(path, name);
    ck_assert_uint_eq(reglint_value_type(v), REGLINT_REG_DWORD);
    uint32_t got = 0;
    ck_assert_int_eq(reglint_value_get_dword(v, &got), 0);
    ck_assert_uint_eq(got, want);
}

/* The key's values are exactly these names, in this order. */
static void expect_names(const char *path, const char *const *names, size_t n)
{
    reglint_key *k = key(path);
    ck_assert_msg(reglint_key_value_count(k) == n, "%s has %zu values, want %zu",
                  path, reglint_key_value_count(k), n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(reglint_value_name(reglint_key_value_at(k, i)), names[i]);
}

static const reglint_reg_options strict_opts = {1, 0};

/* ---------------------------------------------------------------- */
/* Encodings and line ends                                            */
/* ---------------------------------------------------------------- */

/* Non-ASCII content used in several encodings (UTF-8 source text). */
#define UNI_KEY "HKEY_CURRENT_USER\\\xc3\x84rger"                 /* Ärger */
#define UNI_NAME "Gr\xc3\xbc\xc3\x9f" "e"                         /* Grüße */
#define UNI_DATA "\xe2\x82\xac\xf0\x9f\x98\x80"                   /* €😀 */
static char *uni_text(void)
{
    return join(H, "", "[" UNI_KEY "]", "\"" UNI_NAME "\"=\"" UNI_DATA "\"",
                "@=dword:00000001", (const char *)NULL);
}

static void expect_uni_content(void)
{
    ck_assert_int_eq(R.rc, 0);
    expect_raw(UNI_KEY, UNI_NAME, REGLINT_REG_SZ, "\xac\x20\x3d\xd8\x00\xde\x00\x00", 8);
    expect_sz("hkcu\\\xc3\xa4RGER", "GR\xc3\x9c\xc3\x9f" "E", UNI_DATA);
    expect_dw(UNI_KEY, "", 1);
    ck_assert_str_eq(reglint_key_name(key(UNI_KEY)), "\xc3\x84rger");
    ck_assert_int_eq(R.info.version, 5);
    ck_assert_uint_eq(R.info.lines, 5);
    ck_assert_uint_eq(R.info.keys, 1);
    ck_assert_uint_eq(R.info.values, 2);
}

START_TEST(test_enc_utf16le_bom)
{
    rd_utf16(uni_text(), 0, 1, NULL);
    expect_clean();
    ck_assert_int_eq(R.info.encoding, REGLINT_ENC_UTF16LE);
    expect_uni_content();
}
END_TEST

START_TEST(test_enc_utf16le_nobom)
{
    rd_utf16(uni_text(), 0, 0, NULL);
    expect_only(WARN, "missing-bom", 1, 1);
    ck_assert_int_eq(R.info.encoding, REGLINT_ENC_UTF16LE_NOBOM);
    expect_uni_content();
}
END_TEST

START_TEST(test_enc_utf16be)
{
    rd_utf16(uni_text(), 1, 1, NULL);
    expect_clean();
    ck_assert_int_eq(R.info.encoding, REGLINT_ENC_UTF16BE);
    expect_uni_content();
}
END_TEST

START_TEST(test_enc_utf8)
{
    rd_str(uni_text(), NULL);
    expect_clean();
    ck_assert_int_eq(R.info.encoding, REGLINT_ENC_UTF8);
    expect_uni_content();
}
END_TEST

START_TEST(test_enc_utf8_bom)
{
    char *t = uni_text();
    char *s = build("\xef\xbb\xbf", "", 0, t);
    free(t);
    rd_str(s, NULL);
    expect_clean();
    ck_assert_int_eq(R.info.encoding, REGLINT_ENC_UTF8_BOM);
    expect_uni_content();
}
END_TEST

START_TEST(test_enc_regedit4_cp1252)
{
    READ("REGEDIT4", "",
         "[HKEY_CURRENT_USER\\Caf\xe9]",
         "\"n\xe9\"=\"\xe9\x80\"",
         "\"exp\"=hex(2):25,50,41,54,48,25,00",
         "\"multi\"=hex(7):61,00,62,00,00",
         "\"one\"=hex(1):e9,80,00",
         "\"bin\"=hex:e9,80,00",
         "\"d\"=dword:0000002a");
    expect_clean();
    ck_assert_int_eq(R.info.version, 4);
    ck_assert_int_eq(R.info.encoding, REGLINT_ENC_CP1252);
    const char *k = "HKEY_CURRENT_USER\\Caf\xc3\xa9";
    ck_assert_str_eq(reglint_key_name(key(k)), "Caf\xc3\xa9");
    /* quoted string: é € NUL as UTF-16LE */
    expect_raw(k, "n\xc3\xa9", REGLINT_REG_SZ, "\xe9\x00\xac\x20\x00\x00", 6);
    expect_raw(k, "exp", REGLINT_REG_EXPAND_SZ, "%\0P\0A\0T\0H\0%\0\0\0", 14);
    expect_raw(k, "multi", REGLINT_REG_MULTI_SZ, "a\0\0\0b\0\0\0\0\0", 10);
    expect_raw(k, "one", REGLINT_REG_SZ, "\xe9\x00\xac\x20\x00\x00", 6);
    expect_raw(k, "bin", REGLINT_REG_BINARY, "\xe9\x80\x00", 3);
    expect_dw(k, "d", 42);
    ck_assert_uint_eq(R.info.lines, 9);
    ck_assert_uint_eq(R.info.keys, 1);
    ck_assert_uint_eq(R.info.values, 6);
}
END_TEST

START_TEST(test_hex2_hex7_raw_in_v5)
{
    READ(H, "", KL,
         "\"exp\"=hex(2):25,00,50,00,00,00",
         "\"multi\"=hex(7):61,00,00,00,00,00",
         "\"one\"=hex(1):e9,00,00,00");
    expect_clean();
    expect_raw(KT, "exp", REGLINT_REG_EXPAND_SZ, "%\0P\0\0\0", 6);
    expect_raw(KT, "multi", REGLINT_REG_MULTI_SZ, "a\0\0\0\0\0", 6);
    expect_raw(KT, "one", REGLINT_REG_SZ, "\xe9\0\0\0", 4);
}
END_TEST

START_TEST(test_enc_invalid_utf8)
{
    READ(H, "",
         "[HKEY_CURRENT_USER\\Caf\xe9]",   /* é at column 23 */
         "\"x\xe9\"=\"\x80\"",
         "\"\xc3\xbc\"=\"ok\"");
    expect_only(WARN, "invalid-utf8", 3, 23);
    ck_assert_int_eq(R.info.encoding, REGLINT_ENC_UTF8);
    const char *k = "HKEY_CURRENT_USER\\Caf\xc3\xa9";
    expect_sz(k, "x\xc3\xa9", "\xe2\x82\xac");
    expect_sz(k, "\xc3\xbc", "ok");
}
END_TEST

START_TEST(test_not_text_hive)
{
    uint8_t hive[512] = {'r', 'e', 'g', 'f', 1, 0, 0, 0, 1, 0, 0, 0};
    rd(hive, sizeof hive, NULL);
    ck_assert_int_eq(R.rc, -1);
    ck_assert_int_eq(R.err, EINVAL);
    const reglint_diag *g = find_code("not-text");
    ck_assert_msg(g != NULL, "no not-text; have %s", dump());
    ck_assert_int_eq(g->severity, ERR);
    expect_count(1);
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 0);
}
END_TEST

START_TEST(test_not_text_nul_bytes)
{
    static const char text[] = HB KLN "\"a\"=\"1\"\r\n\"b\"=\"x\0y\"\r\n\"c\"=\"2\"\r\n";
    rd(text, sizeof text - 1, NULL);
    ck_assert_int_eq(R.rc, -1);
    ck_assert_int_eq(R.err, EINVAL);
    expect_count(1);
    expect_diag(0, ERR, "not-text", diag(0)->line, ANY_COL);
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 0);
}
END_TEST

START_TEST(test_line_ends_lf)
{
    rd_str(join_lf(H, "", KL, "\"a\"=\"1\"", "\"b\"=hex:01,\\", "  02",
                   "[HKEY_CURRENT_USER\\U]", (const char *)NULL), NULL);
    expect_clean();
    expect_sz(KT, "a", "1");
    expect_raw(KT, "b", REGLINT_REG_BINARY, "\x01\x02", 2);
    key("HKEY_CURRENT_USER\\U");
    ck_assert_str_eq(reglint_key_name(key(KT)), "T");
    ck_assert_uint_eq(R.info.lines, 7);
    ck_assert_uint_eq(R.info.keys, 2);
    ck_assert_uint_eq(R.info.values, 2);
}
END_TEST

START_TEST(test_line_ends_mixed)
{
    static const char text[] = H "\r\n\n" KL "\n\"a\"=\"1\"\r\n\"b\"=hex:01,\\\r\n  02\n"
                               "[HKEY_CURRENT_USER\\U]\r\n\"c\"=dword:00000003";
    rd(text, sizeof text - 1, NULL);
    expect_clean();
    expect_sz(KT, "a", "1");
    expect_raw(KT, "b", REGLINT_REG_BINARY, "\x01\x02", 2);
    ck_assert_str_eq(reglint_key_name(key("HKEY_CURRENT_USER\\U")), "U");
    expect_dw("HKEY_CURRENT_USER\\U", "c", 3);   /* last line without line end */
    ck_assert_uint_eq(R.info.lines, 8);

    /* a lone CR ending the last line is stripped too */
    static const char cr[] = HB KLN "\"a\"=\"1\"\r\n\"c\"=dword:00000003\r";
    rd(cr, sizeof cr - 1, NULL);
    expect_clean();
    expect_sz(KT, "a", "1");
    expect_dw(KT, "c", 3);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Header                                                             */
/* ---------------------------------------------------------------- */

START_TEST(test_header_missing)
{
    READ(KL, "\"a\"=\"1\"");
    expect_only(WARN, "missing-header", 1, 1);
    ck_assert_int_eq(R.rc, 0);
    ck_assert_int_eq(R.info.version, 0);
    expect_sz(KT, "a", "1");
}
END_TEST

START_TEST(test_header_variants)
{
    READ(H " ; exported by hand", "", KL, "\"a\"=\"1\"");
    expect_clean();
    ck_assert_int_eq(R.info.version, 5);
    expect_sz(KT, "a", "1");

    READ(H "\t", KL, "\"a\"=\"1\"");
    expect_clean();
    ck_assert_int_eq(R.info.version, 5);

    READ("", "", H, "", KL, "\"a\"=\"1\"");
    expect_clean();
    ck_assert_int_eq(R.info.version, 5);
    expect_sz(KT, "a", "1");

    READ("REGEDIT4", "", KL, "\"a\"=\"1\"");
    expect_clean();
    ck_assert_int_eq(R.info.version, 4);
    expect_sz(KT, "a", "1");
}
END_TEST

START_TEST(test_unsupported_format)
{
    rd_str(join_lf("WINE REGISTRY Version 2", ";; All keys relative to \\\\Machine", "",
                   "[Software\\\\Classes\\\\x] 1600000000", "\"a\"=\"b\"",
                   (const char *)NULL), NULL);
    expect_only(ERR, "unsupported-format", 1, 1);
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 0);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Keys                                                               */
/* ---------------------------------------------------------------- */

START_TEST(test_key_basic)
{
    READ(H, "", KL, "\"a\"=\"1\"",
         "[HKEY_LOCAL_MACHINE\\SOFTWARE\\My App\\TLS 1.2]", "\"b\"=\"2\"");
    expect_clean();
    expect_sz(KT, "a", "1");
    expect_sz("hklm\\software\\my app\\tls 1.2", "b", "2");
    ck_assert_str_eq(reglint_key_name(key("HKLM\\SOFTWARE\\My App\\TLS 1.2")), "TLS 1.2");
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 6);
    reglint_origin o = reglint_key_origin(key(KT));
    ck_assert_uint_eq(o.source, 1);
    ck_assert_uint_eq(o.line, 3);
    o = reglint_value_origin(val(KT, "a"));
    ck_assert_uint_eq(o.source, 1);
    ck_assert_uint_eq(o.line, 4);
    ck_assert_uint_eq(reglint_registry_source_count(R.reg), 1);
    ck_assert_str_eq(reglint_registry_source_name(R.reg, 1), "t.reg");
}
END_TEST

START_TEST(test_key_root_values)
{
    READ(H, "", "[HKEY_CURRENT_USER]", "\"a\"=\"1\"");
    expect_clean();
    expect_sz("HKEY_CURRENT_USER", "a", "1");
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 1);
}
END_TEST

START_TEST(test_key_bracket_in_name)
{
    READ(H, "", "[HKEY_CURRENT_USER\\a]b]", "\"v\"=\"1\"",
         "[HKEY_CURRENT_USER\\[x]]", "\"w\"=\"2\"",
         "[HKEY_CURRENT_USER\\y] ; see [z]");   /* runs to the last ']' */
    expect_clean();
    reglint_key *hkcu = key("HKEY_CURRENT_USER");
    ck_assert_uint_eq(reglint_key_subkey_count(hkcu), 3);
    ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(hkcu, 2)), "y] ; see [z");
    ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(hkcu, 0)), "a]b");
    ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(hkcu, 1)), "[x]");
    expect_sz("HKEY_CURRENT_USER\\a]b", "v", "1");
    expect_sz("HKEY_CURRENT_USER\\[x]", "w", "2");
}
END_TEST

START_TEST(test_key_delete_subtree)
{
    READ(H, "",
         "[HKEY_CURRENT_USER\\Keep]",          /* 3 */
         "\"k\"=\"1\"",                        /* 4 */
         "[HKEY_CURRENT_USER\\Del\\Sub\\Deep]",/* 5 */
         "\"v\"=\"1\"",                        /* 6 */
         "[HKEY_CURRENT_USER\\Del]",           /* 7 */
         "\"w\"=\"1\"",                        /* 8 */
         "[-HKEY_CURRENT_USER\\del]",          /* 9 */
         "\"x\"=\"1\"",                        /* 10: ignored */
         "\"k\"=-",                            /* 11: ignored */
         "@=\"d\"",                            /* 12: ignored */
         "[HKEY_CURRENT_USER\\Keep]",          /* 13 */
         "\"k2\"=\"2\"");                      /* 14 */
    expect_count(3);
    expect_diag(0, WARN, "value-in-deleted-key", 10, ANY_COL);
    expect_diag(1, WARN, "value-in-deleted-key", 11, ANY_COL);
    expect_diag(2, WARN, "value-in-deleted-key", 12, ANY_COL);
    no_key("HKEY_CURRENT_USER\\Del");
    no_key("HKEY_CURRENT_USER\\Del\\Sub\\Deep");
    const char *keep[] = {"k", "k2"};
    expect_names("HKEY_CURRENT_USER\\Keep", keep, 2);
    ck_assert_uint_eq(reglint_key_value_count(key("HKEY_CURRENT_USER")), 0);
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 2);
}
END_TEST

START_TEST(test_key_delete_absent_and_recreate)
{
    READ(H, "",
         "[-HKEY_CURRENT_USER\\Nope\\Deeper]",
         "[HKEY_CURRENT_USER\\A\\B]", "\"v\"=\"1\"",
         "[-HKEY_CURRENT_USER\\a]",
         "[HKEY_CURRENT_USER\\a\\b]", "\"z\"=\"3\"");
    expect_clean();
    no_key("HKEY_CURRENT_USER\\Nope");
    ck_assert_str_eq(reglint_key_name(key("HKEY_CURRENT_USER\\A")), "a");
    ck_assert_str_eq(reglint_key_name(key("HKEY_CURRENT_USER\\A\\B")), "b");
    const char *z[] = {"z"};
    expect_names("HKEY_CURRENT_USER\\a\\b", z, 1);
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 3);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Values                                                             */
/* ---------------------------------------------------------------- */

START_TEST(test_value_strings)
{
    READ(H, "", KL,
         "\"plain\"=\"hello\"",
         "\"esc\"=\"C:\\\\Windows\\\\\\\"q\\\"\"",   /* "C:\\Windows\\\"q\"" */
         "\"empty\"=\"\"",
         "\"semi\"=\"a;b=c]\" ; comment",
         "\"uni\"=\"Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac\"",
         "\"a\\\"b\"=\"1\"",                          /* name a"b */
         "\"c\\\\d\"=\"2\"",                          /* name c\d */
         "\"x=y]\"=\"3\"",
         "\"p;q\"=\"4\"");
    expect_clean();
    expect_sz(KT, "plain", "hello");
    expect_sz(KT, "esc", "C:\\Windows\\\"q\"");
    expect_raw(KT, "empty", REGLINT_REG_SZ, "\0\0", 2);
    expect_sz(KT, "semi", "a;b=c]");
    expect_sz(KT, "uni", "Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac");
    expect_sz(KT, "a\"b", "1");
    expect_sz(KT, "c\\d", "2");
    expect_sz(KT, "x=y]", "3");
    expect_sz(KT, "p;q", "4");
    const char *names[] = {"plain", "esc", "empty", "semi", "uni", "a\"b", "c\\d", "x=y]", "p;q"};
    expect_names(KT, names, 9);
}
END_TEST

START_TEST(test_value_default)
{
    READ(H, "", KL, "@=\"d\"", "\"a\"=\"1\"", "@=dword:00000005");
    expect_clean();
    expect_dw(KT, "", 5);
    const char *names[] = {"", "a"};
    expect_names(KT, names, 2);

    READ(H, "", KL, "@=\"d\"", "@=-");
    expect_clean();
    no_val(KT, "");
    ck_assert_uint_eq(reglint_key_value_count(key(KT)), 0);
    ck_assert_uint_eq(R.info.values, 2);
}
END_TEST

START_TEST(test_value_delete)
{
    READ(H, "", KL, "\"a\"=\"1\"", "\"b\"=\"2\"", "\"A\"=-", "\"b\"=-", "\"b\"=\"3\"");
    expect_clean();
    const char *names[] = {"b"};
    expect_names(KT, names, 1);
    expect_sz(KT, "b", "3");
    ck_assert_uint_eq(R.info.values, 5);

    /* deleting a value that is not there is fine */
    READ(H, "", KL, "\"a\"=\"1\"", "\"c\"=-");
    expect_clean();
    ck_assert_uint_eq(reglint_key_value_count(key(KT)), 1);
    expect_sz(KT, "a", "1");
}
END_TEST

START_TEST(test_dword)
{
    READ(H, "", KL, "\"z\"=dword:00000000", "\"max\"=dword:ffffffff",
         "\"x\"=dword:0000abcd", "\"h\"=dword:80000000");
    expect_clean();
    expect_dw(KT, "z", 0);
    expect_dw(KT, "max", 4294967295u);
    expect_raw(KT, "max", REGLINT_REG_DWORD, "\xff\xff\xff\xff", 4);
    expect_dw(KT, "x", 0xabcd);
    expect_raw(KT, "x", REGLINT_REG_DWORD, "\xcd\xab\x00\x00", 4);
    expect_dw(KT, "h", 0x80000000u);
}
END_TEST

START_TEST(test_hex_types)
{
    READ(H, "", KL,
         "\"bin\"=hex:00,ff,10",
         "\"empty\"=hex:",
         "\"none\"=hex(0):01,02",
         "\"none0\"=hex(0):",
         "\"exp\"=hex(2):25,00,00,00",
         "\"multi\"=hex(7):61,00,00,00,00,00",
         "\"q\"=hex(b):01,02,03,04,05,06,07,08",
         "\"big\"=hex(100):de,ad",
         "\"max\"=hex(ffffffff):01",
         "\"d4\"=hex(4):01,00,00,00",
         "\"sp\"=hex:01, 02 ,03",
         "\"up\"=hex:AB,Cd");
    expect_clean();
    expect_raw(KT, "bin", REGLINT_REG_BINARY, "\x00\xff\x10", 3);
    expect_raw(KT, "empty", REGLINT_REG_BINARY, "", 0);
    expect_raw(KT, "none", REGLINT_REG_NONE, "\x01\x02", 2);
    expect_raw(KT, "none0", REGLINT_REG_NONE, "", 0);
    expect_raw(KT, "exp", REGLINT_REG_EXPAND_SZ, "%\0\0\0", 4);
    expect_raw(KT, "multi", REGLINT_REG_MULTI_SZ, "a\0\0\0\0\0", 6);
    expect_raw(KT, "q", REGLINT_REG_QWORD, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    uint64_t q = 0;
    ck_assert_int_eq(reglint_value_get_qword(val(KT, "q"), &q), 0);
    ck_assert_uint_eq(q, UINT64_C(0x0807060504030201));
    expect_raw(KT, "big", 0x100, "\xde\xad", 2);
    expect_raw(KT, "max", 0xffffffffu, "\x01", 1);
    expect_dw(KT, "d4", 1);
    expect_raw(KT, "sp", REGLINT_REG_BINARY, "\x01\x02\x03", 3);
    expect_raw(KT, "up", REGLINT_REG_BINARY, "\xab\xcd", 2);
    ck_assert_uint_eq(R.info.values, 12);
}
END_TEST

START_TEST(test_continuation)
{
    READ(H, "", KL,
         "\"a\"=hex:01,02,\\",                 /* 4 */
         "  03,04",                             /* 5 */
         "\"b\"=hex(7):61,00,\\",               /* 6 */
         "\t62,00,\\",                          /* 7 */
         "        00,00,00,00",                 /* 8 */
         "\"c\"=hex:01,\\ ; note here",         /* 9 */
         "  02,\\  ;another \\ note",           /* 10 */
         "  03",                                /* 11 */
         "\"d\"=\"after\"");                    /* 12 */
    expect_clean();
    expect_raw(KT, "a", REGLINT_REG_BINARY, "\x01\x02\x03\x04", 4);
    expect_raw(KT, "b", REGLINT_REG_MULTI_SZ, "a\0b\0\0\0\0\0", 8);
    expect_raw(KT, "c", REGLINT_REG_BINARY, "\x01\x02\x03", 3);
    expect_sz(KT, "d", "after");
    ck_assert_uint_eq(reglint_value_origin(val(KT, "a")).line, 4);
    ck_assert_uint_eq(reglint_value_origin(val(KT, "d")).line, 12);
    ck_assert_uint_eq(R.info.lines, 12);
    ck_assert_uint_eq(R.info.values, 4);
    const char *names[] = {"a", "b", "c", "d"};
    expect_names(KT, names, 4);
}
END_TEST

START_TEST(test_continuation_long)
{
    /* 100 bytes wrapped as regedit wraps them, 25 per line */
    static char lines[4][256];
    for (int l = 0; l < 4; l++) {
        size_t o = (size_t)snprintf(lines[l], sizeof lines[l], "%s",
                                    l == 0 ? "\"long\"=hex:" : "  ");
        for (int i = 0; i < 25; i++)
            o += (size_t)snprintf(lines[l] + o, sizeof lines[l] - o, "%02x%s", l * 25 + i,
                                  (l == 3 && i == 24) ? "" : ",");
        if (l < 3)
            snprintf(lines[l] + o, sizeof lines[l] - o, "\\");
    }
    READ(H, "", KL, lines[0], lines[1], lines[2], lines[3], "\"after\"=\"x\"");
    expect_clean();
    uint8_t want[100];
    for (int i = 0; i < 100; i++)
        want[i] = (uint8_t)i;
    expect_raw(KT, "long", REGLINT_REG_BINARY, want, 100);
    expect_sz(KT, "after", "x");
}
END_TEST

START_TEST(test_comments)
{
    READ(H,                                     /* 1 */
         "; top comment",                       /* 2 */
         "",                                    /* 3 */
         KL " ; after key",                     /* 4 */
         "; in block",                          /* 5 */
         "   ; indented",                       /* 6 */
         "\"a\"=\"1\" ; after value",           /* 7 */
         "; \"b\"=\"2\"",                       /* 8 */
         "\"c\"=dword:00000003;tight",          /* 9 */
         "\"s\"=\"x;y\";z",                     /* 10 */
         "[HKEY_CURRENT_USER\\U];c",            /* 11 */
         "\"e\"=hex:01 ; c",                    /* 12 */
         "\"f\"=- ; c",                         /* 13 */
         ";[HKEY_CURRENT_USER\\V]",             /* 14 */
         "\t;\"g\"=\"x\"");                     /* 15 */
    expect_clean();
    const char *t[] = {"a", "c", "s"};
    expect_names(KT, t, 3);
    expect_sz(KT, "a", "1");
    expect_dw(KT, "c", 3);
    expect_sz(KT, "s", "x;y");
    const char *u[] = {"e"};
    expect_names("HKEY_CURRENT_USER\\U", u, 1);
    expect_raw("HKEY_CURRENT_USER\\U", "e", REGLINT_REG_BINARY, "\x01", 1);
    no_key("HKEY_CURRENT_USER\\V");
    ck_assert_uint_eq(R.info.lines, 15);
    ck_assert_uint_eq(R.info.keys, 2);
}
END_TEST

START_TEST(test_leading_blanks)
{
    READ(H, "", "  " KL, "\t\"a\"=\"1\"", "   @=\"d\"", " \t[-HKEY_CURRENT_USER\\X]",
         "  [HKEY_CURRENT_USER\\U]", "    \"b\"=hex:01,\\", "      02");
    expect_clean();
    expect_sz(KT, "a", "1");
    expect_sz(KT, "", "d");
    expect_raw("HKEY_CURRENT_USER\\U", "b", REGLINT_REG_BINARY, "\x01\x02", 2);
}
END_TEST

START_TEST(test_override)
{
    READ(H, "", KL, "\"a\"=\"1\"", "\"b\"=\"2\"", "\"A\"=dword:00000003", "\"B\"=hex:05");
    expect_clean();
    const char *names[] = {"a", "b"};
    expect_names(KT, names, 2);
    expect_dw(KT, "a", 3);
    expect_raw(KT, "b", REGLINT_REG_BINARY, "\x05", 1);
    ck_assert_uint_eq(reglint_value_origin(val(KT, "a")).line, 6);
    ck_assert_uint_eq(reglint_value_origin(val(KT, "b")).line, 7);
}
END_TEST

/* regashii's repetition scenario */
START_TEST(test_repetition_case_insensitive)
{
    READ(H, "", "[HKEY_CURRENT_USER\\Software\\Test]",
         "\"foo\"=\"1\"", "\"FOO\"=-", "\"fOo\"=\"2\"", "\"foO\"=\"3\"");
    expect_clean();
    const char *names[] = {"fOo"};
    expect_names("HKEY_CURRENT_USER\\Software\\Test", names, 1);
    expect_sz("HKEY_CURRENT_USER\\Software\\Test", "FOO", "3");
}
END_TEST

START_TEST(test_merge_blocks)
{
    READ(H, "",
         "[HKEY_CURRENT_USER\\Software\\Merge]", "\"a\"=\"1\"",
         "[HKEY_CURRENT_USER\\Other]", "\"o\"=\"1\"",
         "[HKEY_CURRENT_USER\\SOFTWARE\\merge]", "\"b\"=\"2\"", "\"A\"=\"3\"",
         "[HKEY_CURRENT_USER\\software\\MERGE\\Sub]");
    expect_clean();
    const char *names[] = {"a", "b"};
    expect_names("HKEY_CURRENT_USER\\Software\\Merge", names, 2);
    expect_sz("HKEY_CURRENT_USER\\Software\\Merge", "a", "3");
    reglint_key *m = key("HKEY_CURRENT_USER\\software\\merge");
    ck_assert_str_eq(reglint_key_name(m), "Merge");
    ck_assert_str_eq(reglint_key_name(reglint_key_parent(m)), "Software");
    ck_assert_uint_eq(reglint_key_subkey_count(m), 1);
    ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(m, 0)), "Sub");
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 5);
    ck_assert_uint_eq(R.info.keys, 4);
}
END_TEST

START_TEST(test_merge_non_ascii)
{
    READ(H, "",
         "[HKEY_CURRENT_USER\\\xc3\x84]", "\"\xc3\x9c\"=\"1\"",          /* Ä, Ü */
         "[HKEY_CURRENT_USER\\\xc3\xa4]", "\"\xc3\xbc\"=\"2\"",          /* ä, ü */
         "\"\xce\xa3\"=\"s\"", "\"\xcf\x83\"=\"t\"");                    /* Σ, σ */
    expect_clean();
    reglint_key *hkcu = key("HKEY_CURRENT_USER");
    ck_assert_uint_eq(reglint_key_subkey_count(hkcu), 1);
    ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(hkcu, 0)), "\xc3\x84");
    const char *names[] = {"\xc3\x9c", "\xce\xa3"};
    expect_names("HKEY_CURRENT_USER\\\xc3\x84", names, 2);
    expect_sz("HKEY_CURRENT_USER\\\xc3\xa4", "\xc3\xbc", "2");
    expect_sz("HKEY_CURRENT_USER\\\xc3\xa4", "\xcf\x83", "t");
}
END_TEST

START_TEST(test_enabled_name_with_blanks)
{
    READ(H, "", KL, "\"Enabled\" = dword:0");
    expect_count(2);
    const reglint_diag *g = find_code("space-around-equals");
    ck_assert_msg(g != NULL, "%s", dump());
    ck_assert_int_eq(g->severity, WARN);
    ck_assert_uint_eq(g->line, 4);
    ck_assert_uint_eq(g->column, 10);
    g = find_code("dword-short");
    ck_assert_msg(g != NULL, "%s", dump());
    ck_assert_int_eq(g->severity, WARN);
    ck_assert_uint_eq(g->line, 4);
    ck_assert_uint_eq(g->column, 19);
    const char *names[] = {"Enabled"};
    expect_names(KT, names, 1);
    expect_dw(KT, "Enabled", 0);
    no_val(KT, "Enabled\" ");
    no_val(KT, "Enabled ");
}
END_TEST

/* ---------------------------------------------------------------- */
/* Deviations: each its code, a warning (an error under strict)       */
/* ---------------------------------------------------------------- */

START_TEST(test_space_around_equals)
{
    READ(H, "", KL,
         "\"a\" = dword:00000001",   /* 4: col 4 */
         "\"b\"= \"x\"",             /* 5: col 5 */
         "@ =\"d\"",                 /* 6: col 2 */
         "\"c\"\t=\thex:01",         /* 7: col 4 */
         "  \"e\" =\"y\"",           /* 8: col 6 */
         "\"\xc3\x84\" = \"z\"");    /* 9: col 4 (characters, not bytes) */
    expect_count(6);
    expect_diag(0, WARN, "space-around-equals", 4, 4);
    expect_diag(1, WARN, "space-around-equals", 5, 5);
    expect_diag(2, WARN, "space-around-equals", 6, 2);
    expect_diag(3, WARN, "space-around-equals", 7, 4);
    expect_diag(4, WARN, "space-around-equals", 8, 6);
    expect_diag(5, WARN, "space-around-equals", 9, 4);
    expect_dw(KT, "a", 1);
    expect_sz(KT, "b", "x");
    expect_sz(KT, "", "d");
    expect_raw(KT, "c", REGLINT_REG_BINARY, "\x01", 1);
    expect_sz(KT, "e", "y");
    expect_sz(KT, "\xc3\x84", "z");
    ck_assert_uint_eq(reglint_key_value_count(key(KT)), 6);

    /* Columns count characters in a UTF-16 file too. */
    rd_utf16(join(H, "", KL, "\"\xc3\x84\" = \"z\"", (const char *)NULL), 0, 1, NULL);
    expect_only(WARN, "space-around-equals", 4, 4);
    expect_sz(KT, "\xc3\xa4", "z");
}
END_TEST

START_TEST(test_dword_short)
{
    READ(H, "", KL,
         "\"a\"=dword:1",            /* col 11 */
         "\"b\"=dword:abc",          /* col 11 */
         "  \"c\"=dword:0",          /* col 13 */
         "\"d\"=dword:1234567");     /* col 11 */
    expect_count(4);
    expect_diag(0, WARN, "dword-short", 4, 11);
    expect_diag(1, WARN, "dword-short", 5, 11);
    expect_diag(2, WARN, "dword-short", 6, 13);
    expect_diag(3, WARN, "dword-short", 7, 11);
    expect_dw(KT, "a", 1);
    expect_dw(KT, "b", 0xabc);
    expect_dw(KT, "c", 0);
    expect_dw(KT, "d", 0x1234567);
}
END_TEST

START_TEST(test_dword_space)
{
    READ(H, "", KL, "\"a\"=dword: 00000001", "\"b\"=dword:\t0000000f");
    expect_count(2);
    expect_diag(0, WARN, "dword-space", 4, ANY_COL);
    expect_diag(1, WARN, "dword-space", 5, ANY_COL);
    expect_dw(KT, "a", 1);
    expect_dw(KT, "b", 15);
}
END_TEST

START_TEST(test_prefix_case)
{
    READ(H, "", KL, "\"a\"=DWORD:00000001", "\"b\"=HEX:01,02", "\"c\"=Dword:00000002",
         "\"d\"=HEX(2):41,00,00,00");
    expect_count(4);
    for (size_t i = 0; i < 4; i++)
        expect_diag(i, WARN, "prefix-case", 4 + i, ANY_COL);
    expect_dw(KT, "a", 1);
    expect_raw(KT, "b", REGLINT_REG_BINARY, "\x01\x02", 2);
    expect_dw(KT, "c", 2);
    expect_raw(KT, "d", REGLINT_REG_EXPAND_SZ, "A\0\0\0", 4);
}
END_TEST

START_TEST(test_hex_short_byte)
{
    READ(H, "", KL, "\"a\"=hex:1,02", "\"b\"=hex:ab,c");
    expect_count(2);
    expect_diag(0, WARN, "hex-short-byte", 4, ANY_COL);
    expect_diag(1, WARN, "hex-short-byte", 5, ANY_COL);
    expect_raw(KT, "a", REGLINT_REG_BINARY, "\x01\x02", 2);
    expect_raw(KT, "b", REGLINT_REG_BINARY, "\xab\x0c", 2);
}
END_TEST

START_TEST(test_hex_trailing_comma)
{
    READ(H, "", KL, "\"a\"=hex:01,02,", "\"b\"=hex(7):61,00,00,00,");
    expect_count(2);
    expect_diag(0, WARN, "hex-trailing-comma", 4, ANY_COL);
    expect_diag(1, WARN, "hex-trailing-comma", 5, ANY_COL);
    expect_raw(KT, "a", REGLINT_REG_BINARY, "\x01\x02", 2);
    expect_raw(KT, "b", REGLINT_REG_MULTI_SZ, "a\0\0\0", 4);
}
END_TEST

START_TEST(test_unknown_escape)
{
    READ(H, "", KL, "\"a\\qb\"=\"1\"", "\"n\\n\"=\"2\"", "\"\\W\\\\x\"=\"3\"");
    expect_count(3);
    expect_diag(0, WARN, "unknown-escape", 4, ANY_COL);
    expect_diag(1, WARN, "unknown-escape", 5, ANY_COL);
    expect_diag(2, WARN, "unknown-escape", 6, ANY_COL);
    expect_sz(KT, "a\\qb", "1");
    expect_sz(KT, "n\\n", "2");
    expect_sz(KT, "\\W\\x", "3");
    no_val(KT, "n\n");
}
END_TEST

START_TEST(test_value_trailing_text)
{
    READ(H, "", KL,
         "\"x\"=\"old\"",                 /* 4 */
         "\"v\"=\"keep\"",                /* 5 */
         "\"x\"=dword:00000000\\",        /* 6: not applied */
         "\"y\"=\"new\" junk",            /* 7: not applied */
         "\"w\"=dword:00000001 extra",    /* 8: not applied */
         "\"v\"=- x",                     /* 9: not applied */
         "\"z\"=\"ok\"");                 /* 10 */
    expect_count(4);
    for (size_t i = 0; i < 4; i++)
        expect_diag(i, WARN, "value-trailing-text", 6 + i, ANY_COL);
    expect_sz(KT, "x", "old");
    expect_sz(KT, "v", "keep");
    no_val(KT, "y");
    no_val(KT, "w");
    expect_sz(KT, "z", "ok");
    const char *names[] = {"x", "v", "z"};
    expect_names(KT, names, 3);
    ck_assert_uint_eq(R.info.values, 3);
}
END_TEST

START_TEST(test_key_trailing_text)
{
    READ(H, "",
         "[HKEY_CURRENT_USER\\A]   ",        /* 3 */
         "\"a\"=\"1\"",
         "[HKEY_CURRENT_USER\\B] junk",      /* 5 */
         "\"b\"=\"2\"",
         "[HKEY_CURRENT_USER\\C];ok");
    expect_count(2);
    expect_diag(0, WARN, "key-trailing-text", 3, ANY_COL);
    expect_diag(1, WARN, "key-trailing-text", 5, ANY_COL);
    expect_sz("HKEY_CURRENT_USER\\A", "a", "1");
    expect_sz("HKEY_CURRENT_USER\\B", "b", "2");
    key("HKEY_CURRENT_USER\\C");
    ck_assert_uint_eq(reglint_key_subkey_count(key("HKEY_CURRENT_USER")), 3);
    ck_assert_str_eq(reglint_key_name(key("HKEY_CURRENT_USER\\B")), "B");
    ck_assert_str_eq(reglint_key_name(key("HKEY_CURRENT_USER\\A")), "A");
}
END_TEST

START_TEST(test_root_case)
{
    READ(H, "", "[hkey_current_user\\T]", "\"a\"=\"1\"",
         "[Hkey_Local_Machine\\X]", "\"b\"=\"2\"");
    expect_count(2);
    expect_diag(0, WARN, "root-case", 3, ANY_COL);
    expect_diag(1, WARN, "root-case", 5, ANY_COL);
    expect_sz(KT, "a", "1");
    expect_sz("HKEY_LOCAL_MACHINE\\X", "b", "2");
    reglint_key *top = reglint_registry_top(R.reg);
    ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(top, 0)), "HKEY_CURRENT_USER");
    ck_assert_str_eq(reglint_key_name(reglint_key_subkey_at(top, 1)), "HKEY_LOCAL_MACHINE");
}
END_TEST

START_TEST(test_abbreviated_root)
{
    READ(H, "", "[HKLM\\A]", "[HKCU\\B]", "[HKCR\\C]", "[HKU\\D]", "[HKCC\\E]", "\"v\"=\"1\"");
    expect_count(5);
    for (size_t i = 0; i < 5; i++)
        expect_diag(i, WARN, "abbreviated-root", 3 + i, ANY_COL);
    key("HKEY_LOCAL_MACHINE\\A");
    key("HKEY_CURRENT_USER\\B");
    key("HKEY_CLASSES_ROOT\\C");
    key("HKEY_USERS\\D");
    expect_sz("HKEY_CURRENT_CONFIG\\E", "v", "1");
    char *p = reglint_key_path(key("HKCC\\e"));
    ck_assert_str_eq(p, "HKEY_CURRENT_CONFIG\\E");
    free(p);
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 10);
}
END_TEST

START_TEST(test_key_empty_component)
{
    READ(H, "", "[HKEY_CURRENT_USER\\A\\\\B]", "\"v\"=\"1\"",
         "[HKEY_CURRENT_USER\\A\\B\\]", "\"w\"=\"2\"");
    expect_count(2);
    expect_diag(0, WARN, "key-empty-component", 3, ANY_COL);
    expect_diag(1, WARN, "key-empty-component", 5, ANY_COL);
    const char *names[] = {"v", "w"};
    expect_names("HKEY_CURRENT_USER\\A\\B", names, 2);
    ck_assert_uint_eq(reglint_key_subkey_count(key("HKEY_CURRENT_USER\\A")), 1);
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 3);
}
END_TEST

START_TEST(test_value_without_key)
{
    READ(H, "",
         "[HKEY_NOPE\\A]",          /* 3: error */
         "\"a\"=\"1\"",             /* 4: ignored */
         "\"b\"=-",                 /* 5: ignored */
         KL,                        /* 6 */
         "\"c\"=\"2\"");            /* 7 */
    expect_count(3);
    expect_diag(0, ERR, "unknown-root", 3, ANY_COL);
    expect_diag(1, WARN, "value-without-key", 4, ANY_COL);
    expect_diag(2, WARN, "value-without-key", 5, ANY_COL);
    const char *names[] = {"c"};
    expect_names(KT, names, 1);
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 2);
    ck_assert_uint_eq(reglint_key_subkey_count(reglint_registry_top(R.reg)), 1);
}
END_TEST

/* One deviation per entry: exactly its code, as a warning, and as an error
** under strict. */
enum { BODY, RAW, U16NOBOM };
static const struct deviation {
    int kind;
    const char *text; /* BODY: after HB; RAW: the whole file */
    const char *code;
    uint64_t line;
    long col;
} deviations[] = {
    {BODY, KLN "\"a\" = dword:00000001\r\n", "space-around-equals", 4, 4},
    {BODY, KLN "\"a\"=dword:1\r\n", "dword-short", 4, 11},
    {BODY, KLN "\"a\"=dword: 00000001\r\n", "dword-space", 4, ANY_COL},
    {BODY, KLN "\"a\"=DWORD:00000001\r\n", "prefix-case", 4, ANY_COL},
    {BODY, KLN "\"a\"=HEX:01\r\n", "prefix-case", 4, ANY_COL},
    {BODY, KLN "\"a\"=hex:1,02\r\n", "hex-short-byte", 4, ANY_COL},
    {BODY, KLN "\"a\"=hex:01,02,\r\n", "hex-trailing-comma", 4, ANY_COL},
    {BODY, KLN "\"a\\qb\"=\"x\"\r\n", "unknown-escape", 4, ANY_COL},
    {BODY, KLN "\"a\"=\"x\" junk\r\n", "value-trailing-text", 4, ANY_COL},
    {BODY, "[HKEY_CURRENT_USER\\y]   \r\n", "key-trailing-text", 3, ANY_COL},
    {BODY, "[HKEY_CURRENT_USER\\y] junk\r\n", "key-trailing-text", 3, ANY_COL},
    {BODY, "[hkey_current_user\\y]\r\n", "root-case", 3, ANY_COL},
    {BODY, "[HKCU\\y]\r\n", "abbreviated-root", 3, ANY_COL},
    {BODY, "[HKEY_CURRENT_USER\\y\\\\z]\r\n", "key-empty-component", 3, ANY_COL},
    {BODY, "[HKEY_CURRENT_USER\\y\\]\r\n", "key-empty-component", 3, ANY_COL},
    {BODY, "[-HKEY_CURRENT_USER\\y]\r\n\"v\"=\"1\"\r\n", "value-in-deleted-key", 4, ANY_COL},
    {RAW, "[HKEY_CURRENT_USER\\y]\r\n\"v\"=\"1\"\r\n", "missing-header", 1, 1},
    {RAW, HB "[HKEY_CURRENT_USER\\Caf\xe9]\r\n", "invalid-utf8", 3, 23},
    {U16NOBOM, HB KLN "\"a\"=\"b\"\r\n", "missing-bom", 1, 1},
};

static void read_deviation(const struct deviation *dv, const reglint_reg_options *o)
{
    if (dv->kind == BODY)
        rd_str(build(HB, "", 0, dv->text), o);
    else if (dv->kind == RAW)
        rd(dv->text, strlen(dv->text), o);
    else
        rd_utf16(build(dv->text, "", 0, ""), 0, 0, o);
}

START_TEST(test_deviation_warning)
{
    const struct deviation *dv = &deviations[_i];
    read_deviation(dv, NULL);
    ck_assert_int_eq(R.rc, 0);
    expect_only(WARN, dv->code, dv->line, dv->col);
}
END_TEST

START_TEST(test_deviation_strict)
{
    const struct deviation *dv = &deviations[_i];
    read_deviation(dv, &strict_opts);
    expect_only(ERR, dv->code, dv->line, dv->col);
    ck_assert_uint_eq(reglint_diags_count_severity(R.d, WARN), 0);
    ck_assert_uint_eq(reglint_diags_count_severity(R.d, ERR), 1);
}
END_TEST

START_TEST(test_strict_value_without_key)
{
    READ_OPTS(&strict_opts, H, "", "[HKEY_NOPE\\A]", "\"a\"=\"1\"");
    expect_count(2);
    expect_diag(0, ERR, "unknown-root", 3, ANY_COL);
    expect_diag(1, ERR, "value-without-key", 4, ANY_COL);
}
END_TEST

START_TEST(test_strict_clean_file)
{
    READ_OPTS(&strict_opts, H, "", KL, "\"a\"=dword:00000001", "\"b\"=hex:01,\\", "  02", "@=\"x\"");
    expect_clean();
    expect_dw(KT, "a", 1);
    expect_raw(KT, "b", REGLINT_REG_BINARY, "\x01\x02", 2);
    expect_sz(KT, "", "x");
}
END_TEST

/* ---------------------------------------------------------------- */
/* Errors: each its code and line; the lines after it still apply     */
/* ---------------------------------------------------------------- */

static const struct bad_line {
    const char *line;
    const char *code;
} bad_values[] = {
    {"Enabled=dword:00000001", "unquoted-name"},
    {"\"abc=1", "bad-name"},
    {"\"abc\"", "bad-name"},
    {"\"abc\" \"x\"", "bad-name"},
    {"\"abc\"=\"xyz", "bad-string"},
    {"\"abc\"=\"xyz\\\"", "bad-string"},
    {"\"abc\"=dword:", "bad-dword"},
    {"\"abc\"=dword:123456789", "bad-dword"},
    {"\"abc\"=dword:0000g000", "bad-dword"},
    {"\"abc\"=dword:-1", "bad-dword"},
    {"\"abc\"=hex:0g", "bad-hex"},
    {"\"abc\"=hex:012", "bad-hex"},
    {"\"abc\"=hex(zz):01", "bad-hex"},
    {"\"abc\"=hex(100000000):01", "bad-hex"},
    {"\"abc\"=hex():01", "bad-hex"},
    {"\"abc\"=1", "bad-data"},
    {"\"abc\"=dword", "bad-data"},
    {"\"abc\"=str:", "bad-data"},
    {"\"abc\"=", "bad-data"},
};

START_TEST(test_error_value_line)
{
    const struct bad_line *b = &bad_values[_i];
    READ(H, "", KL, "\"before\"=\"1\"", b->line, "\"after\"=\"2\"");
    ck_assert_int_eq(R.rc, 0);
    expect_only(ERR, b->code, 5, ANY_COL);
    const char *names[] = {"before", "after"};
    expect_names(KT, names, 2);
    expect_sz(KT, "before", "1");
    expect_sz(KT, "after", "2");
    ck_assert_uint_eq(R.info.values, 2);
    ck_assert_uint_eq(R.info.lines, 6);
}
END_TEST

static const struct bad_line bad_keys[] = {
    {"[HKEY_CURRENT_USER\\x", "bad-key"},
    {"[]", "bad-key"},
    {"[ HKEY_CURRENT_USER\\x]", "bad-key"},
    {"[-]", "bad-key"},
    {"[-", "bad-key"},
    {"[HKEY_NOPE\\x]", "unknown-root"},
    {"[Software\\x]", "unknown-root"},
    {"[-HKEY_NOPE\\x]", "unknown-root"},
};

START_TEST(test_error_key_line)
{
    const struct bad_line *b = &bad_keys[_i];
    READ(H, "", KL, "\"before\"=\"1\"", b->line, "[HKEY_CURRENT_USER\\U]", "\"after\"=\"2\"");
    ck_assert_int_eq(R.rc, 0);
    expect_only(ERR, b->code, 5, ANY_COL);
    const char *t[] = {"before"}, *u[] = {"after"};
    expect_names(KT, t, 1);
    expect_names("HKEY_CURRENT_USER\\U", u, 1);
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 3);
    ck_assert_uint_eq(reglint_key_subkey_count(reglint_registry_top(R.reg)), 1);
    ck_assert_uint_eq(R.info.keys, 2);
}
END_TEST

START_TEST(test_value_outside_key)
{
    READ(H, "", "\"a\"=\"1\"", "@=-", KL, "\"b\"=\"2\"");
    expect_count(2);
    expect_diag(0, ERR, "value-outside-key", 3, ANY_COL);
    expect_diag(1, ERR, "value-outside-key", 4, ANY_COL);
    const char *names[] = {"b"};
    expect_names(KT, names, 1);
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 2);
}
END_TEST

START_TEST(test_bad_hex_eof_in_continuation)
{
    READ(H, "", KL, "\"a\"=\"1\"", "\"b\"=hex:01,\\");
    expect_count(1);
    expect_diag(0, ERR, "bad-hex", diag(0)->line, ANY_COL);
    const char *names[] = {"a"};
    expect_names(KT, names, 1);

    static const char noeol[] = HB KLN "\"a\"=\"1\"\r\n\"b\"=hex:01,\\";
    rd(noeol, sizeof noeol - 1, NULL);
    expect_count(1);
    expect_diag(0, ERR, "bad-hex", diag(0)->line, ANY_COL);
    expect_names(KT, names, 1);
}
END_TEST

START_TEST(test_bad_hex_in_continuation)
{
    READ(H, "", KL, "\"b\"=hex:01,\\", "  zz,02", "\"c\"=\"3\"");
    expect_count(1);
    expect_diag(0, ERR, "bad-hex", diag(0)->line, ANY_COL);
    ck_assert_msg(diag(0)->line == 4 || diag(0)->line == 5, "%s", dump());
    const char *names[] = {"c"};
    expect_names(KT, names, 1);
}
END_TEST

START_TEST(test_limit_key_name)
{
    char *ok = build("[HKEY_CURRENT_USER\\", "k", 255, "]");
    char *uni = build("[HKEY_CURRENT_USER\\", "\xc3\x84", 255, "]");
    READ(H, "", ok, "\"v\"=\"1\"", uni, "\"w\"=\"2\"");
    expect_clean();
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 3);
    reglint_key *hkcu = key("HKEY_CURRENT_USER");
    ck_assert_uint_eq(strlen(reglint_key_name(reglint_key_subkey_at(hkcu, 0))), 255);
    ck_assert_uint_eq(strlen(reglint_key_name(reglint_key_subkey_at(hkcu, 1))), 510);

    char *bad = build("[HKEY_CURRENT_USER\\", "k", 256, "]");
    char *badu = build("[HKEY_CURRENT_USER\\", "\xc3\x84", 256, "]");
    READ(H, "", bad, KL, "\"after\"=\"1\"", badu, "[HKEY_CURRENT_USER\\U]", "\"u\"=\"2\"");
    expect_count(2);
    expect_diag(0, ERR, "limit", 3, ANY_COL);
    expect_diag(1, ERR, "limit", 6, ANY_COL);
    expect_sz(KT, "after", "1");
    expect_sz("HKEY_CURRENT_USER\\U", "u", "2");
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 3);
    free(ok);
    free(uni);
    free(bad);
    free(badu);
}
END_TEST

START_TEST(test_limit_depth)
{
    char *ok = build("[HKEY_CURRENT_USER", "\\a", 512, "]");
    READ(H, "", ok, "\"v\"=\"1\"");
    expect_clean();
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 513);

    char *bad = build("[HKEY_CURRENT_USER", "\\a", 513, "]");
    READ(H, "", bad, KL, "\"after\"=\"1\"");
    expect_only(ERR, "limit", 3, ANY_COL);
    expect_sz(KT, "after", "1");
    free(ok);
    free(bad);
}
END_TEST

START_TEST(test_limit_value_name)
{
    char *ok = build("\"", "v", 16383, "\"=\"1\"");
    char *bad = build("\"", "w", 16384, "\"=\"2\"");
    READ(H, "", KL, ok, bad, "\"after\"=\"3\"");
    expect_only(ERR, "limit", 5, ANY_COL);
    ck_assert_uint_eq(reglint_key_value_count(key(KT)), 2);
    ck_assert_uint_eq(strlen(reglint_value_name(reglint_key_value_at(key(KT), 0))), 16383);
    expect_sz(KT, "after", "3");
    free(ok);
    free(bad);
}
END_TEST

/* Value data: 64 MiB is fine, one byte more is error `limit`. */
static void read_big_hex(size_t nbytes)
{
    const size_t per = 16384; /* bytes per physical line */
    size_t nlines = (nbytes + per - 1) / per;
    size_t cap = 256 + nbytes * 3 + nlines * 5;
    char *t = malloc(cap);
    ck_assert_ptr_nonnull(t);
    char *p = t + sprintf(t, HB KLN "\"before\"=\"0\"\r\n\"big\"=hex:");
    size_t done = 0;
    while (done < nbytes) {
        size_t n = nbytes - done < per ? nbytes - done : per;
        for (size_t i = 0; i < n; i++) {
            memcpy(p, "ab,", 3);
            p += 3;
        }
        done += n;
        if (done < nbytes) {
            memcpy(p, "\\\r\n  ", 5);
            p += 5;
        } else {
            p--; /* no comma after the last byte */
        }
    }
    p += sprintf(p, "\r\n\"after\"=\"1\"\r\n");
    rd(t, (size_t)(p - t), NULL);
    free(t);
}

START_TEST(test_limit_value_data)
{
    size_t max = 64u * 1024 * 1024;
    read_big_hex(max);
    expect_clean();
    size_t len = 0;
    const uint8_t *d = reglint_value_data(val(KT, "big"), &len);
    ck_assert_uint_eq(len, max);
    ck_assert_uint_eq(d[0], 0xab);
    ck_assert_uint_eq(d[max - 1], 0xab);
    expect_sz(KT, "after", "1");

    read_big_hex(max + 1);
    expect_only(ERR, "limit", diag(0)->line, ANY_COL);
    no_val(KT, "big");
    const char *names[] = {"before", "after"};
    expect_names(KT, names, 2);
}
END_TEST

START_TEST(test_line_too_long)
{
    size_t n = 17u * 1024 * 1024;
    char *big = build("\"big\"=\"", "a", n, "\"");
    READ(H, "", KL, "\"before\"=\"0\"", big, "\"after\"=\"1\"");
    free(big);
    expect_only(ERR, "line-too-long", 5, ANY_COL);
    const char *names[] = {"before", "after"};
    expect_names(KT, names, 2);
}
END_TEST

/* Everything bad at once: each error once, every good line applied. */
START_TEST(test_reading_goes_on)
{
    READ(H, "",
         "\"early\"=\"x\"",                 /* 3 value-outside-key */
         "[HKEY_CURRENT_USER\\A]",          /* 4 */
         "\"a1\"=\"1\"",                    /* 5 */
         "\"a2\"=dword:zz",                 /* 6 bad-dword */
         "\"a3\"=\"3\"",                    /* 7 */
         "[HKEY_BOGUS\\B]",                 /* 8 unknown-root */
         "\"b1\"=\"1\"",                    /* 9 value-without-key */
         "[HKEY_CURRENT_USER\\C]",          /* 10 */
         "\"c1\"=hex:zz",                   /* 11 bad-hex */
         "c2=1",                            /* 12 unquoted-name */
         "\"c3\"=1",                        /* 13 bad-data */
         "\"c4\"=\"unterminated",           /* 14 bad-string */
         "\"c5\"=hex:01,\\",                /* 15 */
         "  02",                            /* 16 */
         "[HKEY_CURRENT_USER\\D",           /* 17 bad-key */
         "[HKEY_CURRENT_USER\\E]",          /* 18 */
         "\"e1\"=dword:00000001");          /* 19 */
    ck_assert_int_eq(R.rc, 0);
    expect_count(9);
    expect_diag(0, ERR, "value-outside-key", 3, ANY_COL);
    expect_diag(1, ERR, "bad-dword", 6, ANY_COL);
    expect_diag(2, ERR, "unknown-root", 8, ANY_COL);
    expect_diag(3, WARN, "value-without-key", 9, ANY_COL);
    expect_diag(4, ERR, "bad-hex", 11, ANY_COL);
    expect_diag(5, ERR, "unquoted-name", 12, ANY_COL);
    expect_diag(6, ERR, "bad-data", 13, ANY_COL);
    expect_diag(7, ERR, "bad-string", 14, ANY_COL);
    expect_diag(8, ERR, "bad-key", 17, ANY_COL);
    ck_assert_uint_eq(reglint_diags_count_severity(R.d, ERR), 8);
    ck_assert_uint_eq(reglint_diags_count_severity(R.d, WARN), 1);
    const char *a[] = {"a1", "a3"}, *c[] = {"c5"}, *e[] = {"e1"};
    expect_names("HKEY_CURRENT_USER\\A", a, 2);
    expect_names("HKEY_CURRENT_USER\\C", c, 1);
    expect_raw("HKEY_CURRENT_USER\\C", "c5", REGLINT_REG_BINARY, "\x01\x02", 2);
    expect_names("HKEY_CURRENT_USER\\E", e, 1);
    ck_assert_uint_eq(reglint_registry_key_count(R.reg), 4);
    ck_assert_uint_eq(R.info.keys, 3);
    ck_assert_uint_eq(R.info.values, 4);
    ck_assert_uint_eq(R.info.lines, 19);
}
END_TEST

START_TEST(test_too_many_diagnostics)
{
    reglint_reg_options o = {0, 5};
    READ_OPTS(&o, H, "", KL, "\"v0\"=dword:0", "\"v1\"=dword:1", "\"v2\"=dword:2",
              "\"v3\"=dword:3", "\"v4\"=dword:4", "\"v5\"=dword:5", "\"v6\"=dword:6",
              "\"v7\"=dword:7", "\"v8\"=dword:8", "\"v9\"=dword:9", "\"after\"=\"x\"");
    ck_assert_int_eq(R.rc, 0);
    expect_count(6);
    for (size_t i = 0; i < 5; i++)
        expect_diag(i, WARN, "dword-short", 4 + i, 12);
    ck_assert_str_eq(diag(5)->code, "too-many-diagnostics");
    ck_assert_int_eq(diag(5)->severity, ERR);
    ck_assert_uint_eq(reglint_key_value_count(key(KT)), 11);
    expect_dw(KT, "v9", 9);
    expect_sz(KT, "after", "x");

    /* exactly max_diags: no extra error */
    o.max_diags = 3;
    READ_OPTS(&o, H, "", KL, "\"v0\"=dword:0", "\"v1\"=dword:1", "\"v2\"=dword:2");
    expect_count(3);
    ck_assert_ptr_null(find_code("too-many-diagnostics"));
}
END_TEST

START_TEST(test_too_many_diagnostics_default)
{
    char *body = malloc(250 * 32 + 256);
    char *p = body + sprintf(body, HB KLN);
    for (int i = 0; i < 250; i++)
        p += sprintf(p, "\"v%d\"=dword:%x\r\n", i, i % 16);
    rd_str(body, NULL);
    ck_assert_int_eq(R.rc, 0);
    expect_count(201);
    for (size_t i = 0; i < 200; i++)
        ck_assert_str_eq(diag(i)->code, "dword-short");
    ck_assert_str_eq(diag(200)->code, "too-many-diagnostics");
    ck_assert_int_eq(diag(200)->severity, ERR);
    ck_assert_uint_eq(reglint_key_value_count(key(KT)), 250);
    expect_dw(KT, "v249", 249 % 16);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Info, sources, diagnostics API, files                              */
/* ---------------------------------------------------------------- */

START_TEST(test_info_counts)
{
    READ(H, "",                    /* 1, 2 */
         "[HKEY_CURRENT_USER\\A]",  /* 3 */
         "\"a\"=\"1\"",             /* 4 */
         "\"b\"=hex:01,\\",         /* 5 */
         "  02",                    /* 6 */
         "\"a\"=-",                 /* 7 */
         "\"bad\"=dword:xyz",       /* 8: error, not applied */
         "[HKEY_CURRENT_USER\\B]",  /* 9 */
         "@=\"d\"",                 /* 10 */
         "; comment");              /* 11 */
    ck_assert_int_eq(R.rc, 0);
    expect_only(ERR, "bad-dword", 8, ANY_COL);
    ck_assert_int_eq(R.info.encoding, REGLINT_ENC_UTF8);
    ck_assert_int_eq(R.info.version, 5);
    ck_assert_uint_eq(R.info.lines, 11);
    ck_assert_uint_eq(R.info.keys, 2);
    ck_assert_uint_eq(R.info.values, 4);
}
END_TEST

START_TEST(test_sources_and_origins)
{
    reglint_registry *reg = reglint_registry_new();
    static const char one[] = HB KLN "\"a\"=\"1\"\r\n\"b\"=\"1\"\r\n";
    static const char two[] = HB "\r\n" KLN "\"B\"=\"2\"\r\n";
    ck_assert_int_eq(reglint_reg_read_buffer(reg, "one.reg", one, sizeof one - 1, NULL, NULL, NULL), 0);
    ck_assert_int_eq(reglint_reg_read_buffer(reg, "two.reg", two, sizeof two - 1, NULL, NULL, NULL), 0);
    ck_assert_uint_eq(reglint_registry_source_count(reg), 2);
    ck_assert_str_eq(reglint_registry_source_name(reg, 1), "one.reg");
    ck_assert_str_eq(reglint_registry_source_name(reg, 2), "two.reg");
    reglint_key *k = reglint_key_open(reg, KT);
    ck_assert_ptr_nonnull(k);
    ck_assert_uint_eq(reglint_key_origin(k).source, 1);
    ck_assert_uint_eq(reglint_key_origin(k).line, 3);
    const reglint_value *a = reglint_key_value(k, "a");
    ck_assert_uint_eq(reglint_value_origin(a).source, 1);
    ck_assert_uint_eq(reglint_value_origin(a).line, 4);
    const reglint_value *b = reglint_key_value(k, "b");
    ck_assert_str_eq(reglint_value_name(b), "b");
    ck_assert_uint_eq(reglint_value_origin(b).source, 2);
    ck_assert_uint_eq(reglint_value_origin(b).line, 5);
    char *s = reglint_value_get_string(b);
    ck_assert_str_eq(s, "2");
    free(s);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_max_diags_per_file)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_diags *d = reglint_diags_new();
    reglint_reg_options o = {0, 2};
    static const char text[] = HB KLN "\"a\"=dword:1\r\n\"b\"=dword:2\r\n\"c\"=dword:3\r\n";
    ck_assert_int_eq(reglint_reg_read_buffer(reg, "one.reg", text, sizeof text - 1, &o, d, NULL), 0);
    ck_assert_int_eq(reglint_reg_read_buffer(reg, "two.reg", text, sizeof text - 1, &o, d, NULL), 0);
    ck_assert_uint_eq(reglint_diags_count(d), 6);
    const char *files[] = {"one.reg", "one.reg", "one.reg", "two.reg", "two.reg", "two.reg"};
    const char *codes[] = {"dword-short", "dword-short", "too-many-diagnostics",
                           "dword-short", "dword-short", "too-many-diagnostics"};
    for (size_t i = 0; i < 6; i++) {
        ck_assert_str_eq(reglint_diags_at(d, i)->file, files[i]);
        ck_assert_str_eq(reglint_diags_at(d, i)->code, codes[i]);
    }
    ck_assert_uint_eq(reglint_key_value_count(reglint_key_open(reg, KT)), 3);
    reglint_diags_free(d);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_null_diags_info_opts)
{
    /* errors and warnings with diags, opts and info all NULL */
    reglint_registry *reg = reglint_registry_new();
    static const char text[] = KLN "\"a\" = dword:1\r\n\"b\"=dword:zz\r\n[HKEY_NOPE]\r\n\"c\"=\"x\"\r\n"
                               KLN "\"d\"=\"1\"\r\n";
    ck_assert_int_eq(reglint_reg_read_buffer(reg, "n.reg", text, sizeof text - 1, NULL, NULL, NULL), 0);
    reglint_key *k = reglint_key_open(reg, KT);
    ck_assert_ptr_nonnull(k);
    ck_assert_uint_eq(reglint_key_value_count(k), 2);
    ck_assert_ptr_nonnull(reglint_key_value(k, "a"));
    ck_assert_ptr_nonnull(reglint_key_value(k, "d"));
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_diag_fields_and_print)
{
    READ(KL);
    expect_only(WARN, "missing-header", 1, 1);
    const reglint_diag *g = diag(0);
    ck_assert_int_eq(g->offset, -1);
    char *buf = NULL;
    size_t sz = 0;
    FILE *f = open_memstream(&buf, &sz);
    reglint_diag_print(g, f);
    fclose(f);
    char want[512];
    snprintf(want, sizeof want, "t.reg:1:1: warning: %s [missing-header]\n", g->message);
    ck_assert_str_eq(buf, want);
    free(buf);

    reglint_diags *d = reglint_diags_new();
    ck_assert_int_eq(reglint_diags_add(d, ERR, "f.reg", 0, 0, -1, "unreadable", "cannot open"), 0);
    ck_assert_int_eq(reglint_diags_add(d, ERR, "h.dat", 0, 0, 16, "bad-cell", "bad cell"), 0);
    ck_assert_int_eq(reglint_diags_add(d, WARN, "g.reg", 7, 3, -1, "x-y", "msg"), 0);
    ck_assert_uint_eq(reglint_diags_count(d), 3);
    ck_assert_uint_eq(reglint_diags_count_severity(d, ERR), 2);
    ck_assert_uint_eq(reglint_diags_count_severity(d, WARN), 1);
    const char *wants[] = {"f.reg: error: cannot open [unreadable]\n",
                           "h.dat: offset 16: error: bad cell [bad-cell]\n",
                           "g.reg:7:3: warning: msg [x-y]\n"};
    for (size_t i = 0; i < 3; i++) {
        buf = NULL;
        f = open_memstream(&buf, &sz);
        reglint_diag_print(reglint_diags_at(d, i), f);
        fclose(f);
        ck_assert_str_eq(buf, wants[i]);
        free(buf);
    }
    reglint_diags_free(d);
}
END_TEST

START_TEST(test_encoding_names)
{
    const char *names[6];
    for (int e = 0; e < 6; e++) {
        names[e] = reglint_encoding_name((reglint_encoding)e);
        ck_assert_ptr_nonnull(names[e]);
        ck_assert_str_ne(names[e], "");
        for (int j = 0; j < e; j++)
            ck_assert_str_ne(names[e], names[j]);
    }
}
END_TEST

START_TEST(test_read_file_unchanged)
{
    char path[] = "/tmp/check_reg_read_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    size_t len;
    uint8_t *bytes = utf16(HB KLN "\"a\"=dword:00000007\r\n\"s\"=\"caf\xc3\xa9\"\r\n", 0, 1, &len);
    ck_assert_int_eq(write(fd, bytes, len), (ssize_t)len);
    ck_assert_int_eq(fchmod(fd, 0444), 0);
    close(fd);
    struct timespec times[2] = {{978307200, 0}, {978307200, 123456789}}; /* 2001 */
    ck_assert_int_eq(utimensat(AT_FDCWD, path, times, 0), 0);
    struct stat before, after;
    ck_assert_int_eq(stat(path, &before), 0);

    reglint_registry *reg = reglint_registry_new();
    reglint_diags *d = reglint_diags_new();
    reglint_reg_info info;
    ck_assert_int_eq(reglint_reg_read_file(reg, path, NULL, d, &info), 0);
    ck_assert_uint_eq(reglint_diags_count(d), 0);
    ck_assert_int_eq(info.encoding, REGLINT_ENC_UTF16LE);
    ck_assert_int_eq(info.version, 5);
    ck_assert_uint_eq(info.lines, 5);
    ck_assert_str_eq(reglint_registry_source_name(reg, 1), path);
    const reglint_value *v = reglint_key_value(reglint_key_open(reg, KT), "a");
    ck_assert_ptr_nonnull(v);
    uint32_t dw = 0;
    ck_assert_int_eq(reglint_value_get_dword(v, &dw), 0);
    ck_assert_uint_eq(dw, 7);

    ck_assert_int_eq(stat(path, &after), 0);
    ck_assert_int_eq(after.st_size, before.st_size);
    ck_assert_int_eq(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
    ck_assert_int_eq(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
    ck_assert_int_eq(after.st_ctim.tv_sec, before.st_ctim.tv_sec);
    ck_assert_int_eq(after.st_ctim.tv_nsec, before.st_ctim.tv_nsec);
    ck_assert_int_eq(after.st_mode, before.st_mode);
    ck_assert_int_eq(after.st_ino, before.st_ino);

    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    uint8_t back[512];
    size_t n = fread(back, 1, sizeof back, f);
    fclose(f);
    ck_assert_uint_eq(n, len);
    ck_assert_mem_eq(back, bytes, len);

    /* diagnostics carry the path as the file name */
    reglint_diags_free(d);
    d = reglint_diags_new();
    char path2[] = "/tmp/check_reg_read_XXXXXX";
    fd = mkstemp(path2);
    ck_assert_int_ge(fd, 0);
    static const char nohdr[] = KLN "\"a\"=\"1\"\r\n";
    ck_assert_int_eq(write(fd, nohdr, sizeof nohdr - 1), (ssize_t)(sizeof nohdr - 1));
    close(fd);
    ck_assert_int_eq(reglint_reg_read_file(reg, path2, NULL, d, NULL), 0);
    ck_assert_uint_eq(reglint_diags_count(d), 1);
    ck_assert_str_eq(reglint_diags_at(d, 0)->file, path2);
    ck_assert_str_eq(reglint_diags_at(d, 0)->code, "missing-header");
    ck_assert_uint_eq(reglint_registry_source_count(reg), 2);

    unlink(path);
    unlink(path2);
    free(bytes);
    reglint_diags_free(d);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_read_file_missing)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_diags *d = reglint_diags_new();
    errno = 0;
    const char *path = "/tmp/check_reg_read_does_not_exist/none.reg";
    ck_assert_int_eq(reglint_reg_read_file(reg, path, NULL, d, NULL), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_str_ne(reglint_last_error(), "");
    ck_assert_uint_eq(reglint_diags_count(d), 1);
    const reglint_diag *g = reglint_diags_at(d, 0);
    ck_assert_str_eq(g->code, "unreadable");
    ck_assert_int_eq(g->severity, ERR);
    ck_assert_uint_eq(g->line, 0);
    ck_assert_str_eq(g->file, path);
    ck_assert_uint_eq(reglint_registry_key_count(reg), 0);
    /* diags may be NULL */
    errno = 0;
    ck_assert_int_eq(reglint_reg_read_file(reg, path, NULL, NULL, NULL), -1);
    ck_assert_int_eq(errno, ENOENT);
    reglint_diags_free(d);
    reglint_registry_free(reg);
}
END_TEST

static Suite *reg_read_suite(void)
{
    Suite *s = suite_create("reg-read");
    TCase *tc;
#define TC(name)                                        \
    tc = tcase_create(name);                            \
    tcase_set_timeout(tc, 120);                         \
    tcase_add_checked_fixture(tc, NULL, teardown);      \
    suite_add_tcase(s, tc)

    TC("encodings");
    tcase_add_test(tc, test_enc_utf16le_bom);
    tcase_add_test(tc, test_enc_utf16le_nobom);
    tcase_add_test(tc, test_enc_utf16be);
    tcase_add_test(tc, test_enc_utf8);
    tcase_add_test(tc, test_enc_utf8_bom);
    tcase_add_test(tc, test_enc_regedit4_cp1252);
    tcase_add_test(tc, test_hex2_hex7_raw_in_v5);
    tcase_add_test(tc, test_enc_invalid_utf8);
    tcase_add_test(tc, test_not_text_hive);
    tcase_add_test(tc, test_not_text_nul_bytes);
    tcase_add_test(tc, test_line_ends_lf);
    tcase_add_test(tc, test_line_ends_mixed);
    tcase_add_test(tc, test_header_missing);
    tcase_add_test(tc, test_header_variants);
    tcase_add_test(tc, test_unsupported_format);

    TC("syntax");
    tcase_add_test(tc, test_key_basic);
    tcase_add_test(tc, test_key_root_values);
    tcase_add_test(tc, test_key_bracket_in_name);
    tcase_add_test(tc, test_key_delete_subtree);
    tcase_add_test(tc, test_key_delete_absent_and_recreate);
    tcase_add_test(tc, test_value_strings);
    tcase_add_test(tc, test_value_default);
    tcase_add_test(tc, test_value_delete);
    tcase_add_test(tc, test_dword);
    tcase_add_test(tc, test_hex_types);
    tcase_add_test(tc, test_continuation);
    tcase_add_test(tc, test_continuation_long);
    tcase_add_test(tc, test_comments);
    tcase_add_test(tc, test_leading_blanks);
    tcase_add_test(tc, test_override);
    tcase_add_test(tc, test_repetition_case_insensitive);
    tcase_add_test(tc, test_merge_blocks);
    tcase_add_test(tc, test_merge_non_ascii);
    tcase_add_test(tc, test_enabled_name_with_blanks);

    TC("deviations");
    tcase_add_test(tc, test_space_around_equals);
    tcase_add_test(tc, test_dword_short);
    tcase_add_test(tc, test_dword_space);
    tcase_add_test(tc, test_prefix_case);
    tcase_add_test(tc, test_hex_short_byte);
    tcase_add_test(tc, test_hex_trailing_comma);
    tcase_add_test(tc, test_unknown_escape);
    tcase_add_test(tc, test_value_trailing_text);
    tcase_add_test(tc, test_key_trailing_text);
    tcase_add_test(tc, test_root_case);
    tcase_add_test(tc, test_abbreviated_root);
    tcase_add_test(tc, test_key_empty_component);
    tcase_add_test(tc, test_value_without_key);
    int ndev = (int)(sizeof deviations / sizeof *deviations);
    tcase_add_loop_test(tc, test_deviation_warning, 0, ndev);
    tcase_add_loop_test(tc, test_deviation_strict, 0, ndev);
    tcase_add_test(tc, test_strict_value_without_key);
    tcase_add_test(tc, test_strict_clean_file);

    TC("errors");
    tcase_add_loop_test(tc, test_error_value_line, 0,
                        (int)(sizeof bad_values / sizeof *bad_values));
    tcase_add_loop_test(tc, test_error_key_line, 0,
                        (int)(sizeof bad_keys / sizeof *bad_keys));
    tcase_add_test(tc, test_value_outside_key);
    tcase_add_test(tc, test_bad_hex_eof_in_continuation);
    tcase_add_test(tc, test_bad_hex_in_continuation);
    tcase_add_test(tc, test_limit_key_name);
    tcase_add_test(tc, test_limit_depth);
    tcase_add_test(tc, test_limit_value_name);
    tcase_add_test(tc, test_limit_value_data);
    tcase_add_test(tc, test_line_too_long);
    tcase_add_test(tc, test_reading_goes_on);
    tcase_add_test(tc, test_too_many_diagnostics);
    tcase_add_test(tc, test_too_many_diagnostics_default);

    TC("api");
    tcase_add_test(tc, test_info_counts);
    tcase_add_test(tc, test_sources_and_origins);
    tcase_add_test(tc, test_max_diags_per_file);
    tcase_add_test(tc, test_null_diags_info_opts);
    tcase_add_test(tc, test_diag_fields_and_print);
    tcase_add_test(tc, test_encoding_names);
    tcase_add_test(tc, test_read_file_unchanged);
    tcase_add_test(tc, test_read_file_missing);
#undef TC
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(reg_read_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures ? 1 : 0;
}
