/*
** util_unicode.c — text encodings and Windows' name comparison.
**
** Conversions between UTF-8 (the library's strings), UTF-16LE (what the
** registry stores) and Windows-1252 (REGEDIT4 files) go through iconv; the
** ASCII fast paths only skip iconv for the common case.  Names compare as
** Windows compares them: character by character after the simple Unicode
** upper-case mapping, which towupper_l gives in the C.UTF-8 locale.
*/
#include "internal.h"

#include <errno.h>
#include <iconv.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

/* iconv_open is far dearer than a short conversion, and text with a
** non-ASCII run on every line converts once per run: each thread keeps one
** open descriptor per direction, reset before each use. */
enum { CONV_U8_U16, CONV_U16_U8, CONV_1252_U8, CONV_1252_U16, NCONV };
static const char *const conv_names[NCONV][2] = {
    {"UTF-16LE", "UTF-8"},
    {"UTF-8", "UTF-16LE"},
    {"UTF-8", "WINDOWS-1252"},
    {"UTF-16LE", "WINDOWS-1252"},
};
typedef struct conv_set {
    iconv_t cd[NCONV];
    bool open[NCONV];
} conv_set;

static pthread_key_t conv_key;
static pthread_once_t conv_key_once = PTHREAD_ONCE_INIT;

/* A thread's descriptors are closed when it exits. */
static void conv_set_free(void *p)
{
    conv_set *cs = p;
    for (int i = 0; i < NCONV; i++)
        if (cs->open[i])
            iconv_close(cs->cd[i]);
    free(cs);
}

static void conv_key_init(void) { pthread_key_create(&conv_key, conv_set_free); }

static iconv_t conv_get(int which)
{
    pthread_once(&conv_key_once, conv_key_init);
    conv_set *cs = pthread_getspecific(conv_key);
    if (!cs) {
        cs = calloc(1, sizeof *cs);
        if (!cs || pthread_setspecific(conv_key, cs) != 0) {
            free(cs);
            errno = ENOMEM;
            return (iconv_t)-1;
        }
    }
    if (!cs->open[which]) {
        iconv_t cd = iconv_open(conv_names[which][0], conv_names[which][1]);
        if (cd == (iconv_t)-1)
            return cd;
        cs->cd[which] = cd;
        cs->open[which] = true;
    }
    iconv(cs->cd[which], NULL, NULL, NULL, NULL);
    return cs->cd[which];
}

/* Run iconv over in[0..n) appending to out.  An input sequence iconv
** rejects is replaced by `bad` (of badlen bytes) after skipping `unit`
** bytes; *nbad counts them. */
static int convert(int which, const uint8_t *in, size_t n, bytebuf *out,
                   size_t unit, const char *bad, size_t badlen, size_t *nbad)
{
    iconv_t cd = conv_get(which);
    if (cd == (iconv_t)-1)
        return reglint__fail(errno, "iconv cannot convert %s to %s",
                             conv_names[which][1], conv_names[which][0]);
    char *ip = (char *)in;
    size_t il = n;
    int rc = 0;
    while (il > 0) {
        if (bytebuf_reserve(out, il * 2 + 16) < 0) {
            rc = -1;
            break;
        }
        char *op = (char *)out->data + out->len;
        size_t ol = out->cap - out->len;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        out->len = (size_t)((uint8_t *)op - out->data);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        /* EILSEQ or EINVAL (truncated at the end): substitute and go on. */
        if (bytebuf_append(out, bad, badlen) < 0) {
            rc = -1;
            break;
        }
        if (nbad)
            (*nbad)++;
        size_t skip = unit < il ? unit : il;
        ip += skip;
        il -= skip;
    }
    return rc;
}

static const char utf8_fffd[] = "\xef\xbf\xbd";
static const char utf16_fffd[] = "\xfd\xff";

int utf8_to_utf16le(const char *s, size_t n, bytebuf *out)
{
    size_t i = 0;
    if (bytebuf_reserve(out, n * 2) < 0)
        return -1;
    while (i < n && (unsigned char)s[i] < 0x80) {
        out->data[out->len++] = (uint8_t)s[i++];
        out->data[out->len++] = 0;
    }
    if (i == n)
        return 0;
    return convert(CONV_U8_U16, (const uint8_t *)s + i, n - i, out, 1,
                   utf16_fffd, 2, NULL);
}

int utf16le_to_utf8(const uint8_t *p, size_t n, bytebuf *out, bool *bad)
{
    size_t i = 0;
    n &= ~(size_t)1;
    if (bytebuf_reserve(out, n / 2 + 1) < 0)
        return -1;
    while (i < n && p[i + 1] == 0 && p[i] < 0x80) {
        out->data[out->len++] = p[i];
        i += 2;
    }
    if (i == n)
        return 0;
    size_t nbad = 0;
    int rc = convert(CONV_U16_U8, p + i, n - i, out, 2, utf8_fffd, 3, &nbad);
    if (bad && nbad)
        *bad = true;
    return rc;
}

/* Windows-1252 leaves five bytes undefined; Windows maps them to the C1
** controls of the same number, and so do we (iconv refuses them). */
static int cp1252_convert(const uint8_t *p, size_t n, bytebuf *out,
                          size_t unit_out)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        bool undefined = i < n && (p[i] == 0x81 || p[i] == 0x8d ||
                                   p[i] == 0x8f || p[i] == 0x90 || p[i] == 0x9d);
        if (i < n && !undefined)
            continue;
        if (i > start &&
            convert(unit_out == 2 ? CONV_1252_U16 : CONV_1252_U8, p + start,
                    i - start, out, 1,
                    unit_out == 2 ? utf16_fffd : utf8_fffd, unit_out == 2 ? 2 : 3,
                    NULL) < 0)
            return -1;
        if (undefined) {
            uint8_t c1[2];
            if (unit_out == 2) {
                c1[0] = p[i];
                c1[1] = 0;
            } else {
                c1[0] = 0xc2;
                c1[1] = p[i];
            }
            if (bytebuf_append(out, c1, 2) < 0)
                return -1;
        }
        start = i + 1;
    }
    return 0;
}

int cp1252_to_utf8(const uint8_t *p, size_t n, bytebuf *out)
{
    return cp1252_convert(p, n, out, 1);
}

int cp1252_to_utf16le(const uint8_t *p, size_t n, bytebuf *out)
{
    return cp1252_convert(p, n, out, 2);
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((u[0] & 0xe0) == 0xc0) {
        len = 2, c = u[0] & 0x1f, min = 0x80;
    } else if ((u[0] & 0xf0) == 0xe0) {
        len = 3, c = u[0] & 0x0f, min = 0x800;
    } else if ((u[0] & 0xf8) == 0xf0) {
        len = 4, c = u[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

size_t utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        uint32_t cp;
        size_t l = utf8_decode(s + i, n - i, &cp);
        i += l ? l : 1;
    }
    return count;
}

size_t utf8_utf16_units(const char *s, size_t n)
{
    size_t units = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = utf8_decode(s + i, n - i, &cp);
        units += (l && cp >= 0x10000) ? 2 : 1;
        i += l ? l : 1;
    }
    return units;
}

/* ---- case-insensitive names ---- */

static locale_t utf8_locale;
static pthread_once_t utf8_locale_once = PTHREAD_ONCE_INIT;

static void utf8_locale_init(void)
{
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static uint32_t fold(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
    /* Windows upper-cases UTF-16 code units: characters outside the BMP
    ** are never folded. */
    if (cp >= 0x10000)
        return cp;
    pthread_once(&utf8_locale_once, utf8_locale_init);
    if (utf8_locale == (locale_t)0)
        return cp;
    return (uint32_t)towupper_l((wint_t)cp, utf8_locale);
}

/* Next folded character of s; invalid bytes stand for themselves, offset
** above the Unicode range so they never equal a real character. */
static uint32_t next_folded(const char *s, size_t n, size_t *i)
{
    uint32_t cp;
    unsigned char c = (unsigned char)s[*i];
    if (c < 0x80) {
        (*i)++;
        return (c >= 'a' && c <= 'z') ? (uint32_t)c - 32 : c;
    }
    size_t l = utf8_decode(s + *i, n - *i, &cp);
    if (l == 0) {
        (*i)++;
        return 0x110000u + c;
    }
    *i += l;
    return fold(cp);
}

int name_compare_n(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    while (i < an && j < bn) {
        uint32_t x = next_folded(a, an, &i);
        uint32_t y = next_folded(b, bn, &j);
        if (x != y)
            return x < y ? -1 : 1;
    }
    if (i < an)
        return 1;
    if (j < bn)
        return -1;
    return 0;
}

uint32_t name_hash_n(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n;) {
        uint32_t c = next_folded(s, n, &i);
        h = (h ^ (c & 0xff)) * 16777619u;
        if (c > 0xff) {
            h = (h ^ (c >> 8)) * 16777619u;
        }
    }
    return h;
}

int reglint_name_compare(const char *a, const char *b)
{
    return name_compare_n(a, strlen(a), b, strlen(b));
}
