/*
** check_roundtrip.c — property test: whatever the model holds, writing it
** as a .reg file and reading that file back gives exactly the same tree,
** in both output encodings, with no diagnostics.
**
** Trees are random but reproducible: a fixed seed feeds xorshift64*.  On a
** failure the seed, the tree number, the encoding and the differing item
** are printed; set ROUNDTRIP_SEED / ROUNDTRIP_TREES in the environment to
** replay or to run longer.
*/
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reglint.h"

#define DEFAULT_SEED UINT64_C(0x5eed2024c0ffee11)
#define DEFAULT_TREES 2500
#define MAX_REPORTS 8

static const reglint_origin NO_ORIGIN = {0, 0, 0};

/* ---------------------------------------------------------------- */
/* PRNG: xorshift64*                                                  */
/* ---------------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * UINT64_C(0x2545F4914F6CDD1D);
}

/* Uniform-ish in [0, n). */
static uint32_t below(uint32_t n)
{
    return (uint32_t)((rnd() >> 32) % n);
}

static int chance(uint32_t percent)
{
    return below(100) < percent;
}

/* ---------------------------------------------------------------- */
/* Random text                                                        */
/* ---------------------------------------------------------------- */

typedef struct buf {
    uint8_t *p;
    size_t n, cap;
} buf;

static void b_reserve(buf *b, size_t more)
{
    if (b->n + more > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + more)
            cap *= 2;
        b->p = realloc(b->p, cap);
        if (!b->p)
            abort();
        b->cap = cap;
    }
}

static void b_byte(buf *b, uint8_t c)
{
    b_reserve(b, 1);
    b->p[b->n++] = c;
}

static void b_u8(buf *b, uint32_t c)
{
    if (c < 0x80) {
        b_byte(b, (uint8_t)c);
    } else if (c < 0x800) {
        b_byte(b, (uint8_t)(0xc0 | (c >> 6)));
        b_byte(b, (uint8_t)(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) {
        b_byte(b, (uint8_t)(0xe0 | (c >> 12)));
        b_byte(b, (uint8_t)(0x80 | ((c >> 6) & 0x3f)));
        b_byte(b, (uint8_t)(0x80 | (c & 0x3f)));
    } else {
        b_byte(b, (uint8_t)(0xf0 | (c >> 18)));
        b_byte(b, (uint8_t)(0x80 | ((c >> 12) & 0x3f)));
        b_byte(b, (uint8_t)(0x80 | ((c >> 6) & 0x3f)));
        b_byte(b, (uint8_t)(0x80 | (c & 0x3f)));
    }
}

static void b_u16unit(buf *b, uint16_t u)
{
    b_byte(b, (uint8_t)(u & 0xff));
    b_byte(b, (uint8_t)(u >> 8));
}

static void b_u16(buf *b, uint32_t c)
{
    if (c >= 0x10000) {
        uint32_t v = c - 0x10000;
        b_u16unit(b, (uint16_t)(0xd800 + (v >> 10)));
        b_u16unit(b, (uint16_t)(0xdc00 + (v & 0x3ff)));
    } else {
        b_u16unit(b, (uint16_t)c);
    }
}

/* Letters with interesting case behaviour and sizes in UTF-8/UTF-16. */
static const uint32_t intl[] = {
    0x00e9,  /* é */
    0x00c9,  /* É */
    0x00df,  /* ß */
    0x1e9e,  /* ẞ */
    0x017f,  /* ſ (upper: S) */
    0x0131,  /* ı */
    0x0130,  /* İ */
    0x03a9,  /* Ω */
    0x03c9,  /* ω */
    0x0436,  /* ж */
    0x0416,  /* Ж */
    0x01c5,  /* ǅ */
    0x65e5,  /* 日 */
    0x672c,  /* 本 */
    0xff21,  /* Ａ */
    0xff41,  /* ａ */
    0x212a,  /* Kelvin sign */
    0x1f600, /* 😀 */
    0x1f389, /* 🎉 */
    0x1d538, /* 𝔸 */
    0x10400, /* 𐐀 (Deseret, upper) */
    0x10428, /* 𐐨 (Deseret, lower) */
};
#define N_INTL (sizeof intl / sizeof intl[0])

/* Characters a key name may hold: printable, never a backslash. */
static uint32_t key_char(void)
{
    static const char special[] = "[];\" =@-.{}#!'$%&*";
    uint32_t r = below(100);
    if (r < 50) {
        uint32_t c = 0x20 + below(0x7f - 0x20);
        return c == '\\' ? '_' : c;
    }
    if (r < 75)
        return (uint32_t)(unsigned char)special[below(sizeof special - 1)];
    if (r < 85)
        return (uint32_t)('a' + below(26)) - (chance(50) ? 32u : 0u);
    return intl[below(N_INTL)];
}

/* Characters a value name may hold (also \, =, tab). */
static uint32_t value_name_char(void)
{
    static const char special[] = "\"\\]=[@;: \t-";
    uint32_t r = below(100);
    if (r < 45)
        return 0x20 + below(0x7f - 0x20);
    if (r < 75)
        return (uint32_t)(unsigned char)special[below(sizeof special - 1)];
    return intl[below(N_INTL)];
}

/* Characters string data may hold (no NUL, CR or LF: those are chosen
** explicitly when non-canonical data is wanted). */
static uint32_t data_char(void)
{
    static const uint32_t odd[] = {0x09, 0x01, 0x1b, 0x7f,  0x85,   0xa0,
                                   0x2028, 0xfeff, 0xfffd, 0xfffe, 0xffff,
                                   0x1f, 0x0b, 0x0c};
    static const char special[] = "\"\\%;=[]@ ,";
    uint32_t r = below(100);
    if (r < 50)
        return 0x20 + below(0x7f - 0x20);
    if (r < 70)
        return (uint32_t)(unsigned char)special[below(sizeof special - 1)];
    if (r < 90)
        return intl[below(N_INTL)];
    if (r < 97)
        return 0x80 + below(0xd800 - 0x80);
    return odd[below(sizeof odd / sizeof odd[0])];
}

/* A NUL-terminated UTF-8 name of nchars characters from gen. */
static char *rand_name(uint32_t nchars, uint32_t (*gen)(void))
{
    buf b = {0};
    for (uint32_t i = 0; i < nchars; i++)
        b_u8(&b, gen());
    b_byte(&b, 0);
    return (char *)b.p;
}

/* Random UTF-16LE text (no NUL), appended to b. */
static void rand_u16_text(buf *b, uint32_t nchars)
{
    for (uint32_t i = 0; i < nchars; i++)
        b_u16(b, data_char());
}

static uint32_t rand_len(void)
{
    uint32_t r = below(100);
    if (r < 10)
        return 0;
    if (r < 60)
        return below(12);
    if (r < 90)
        return below(60);
    if (r < 98)
        return below(300);
    return below(2000);
}

/* ---------------------------------------------------------------- */
/* Random data                                                        */
/* ---------------------------------------------------------------- */

static void rand_bytes(buf *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = below(10);
        b_byte(b, r == 0 ? 0 : r == 1 ? 0xff : (uint8_t)rnd());
    }
}

/* String data: canonical UTF-16LE + NUL most of the time, otherwise one
** of the shapes a quoted string cannot carry. */
static void rand_string_data(buf *b)
{
    uint32_t n = rand_len();
    if (chance(55)) {
        rand_u16_text(b, n);
        b_u16unit(b, 0);
        return;
    }
    switch (below(9)) {
    case 0: /* arbitrary bytes */
        rand_bytes(b, n);
        break;
    case 1: /* no final NUL */
        rand_u16_text(b, n + 1);
        break;
    case 2: /* an inner NUL */
        rand_u16_text(b, n);
        b_u16unit(b, 0);
        rand_u16_text(b, 1 + below(5));
        b_u16unit(b, 0);
        break;
    case 3: /* a line break */
        rand_u16_text(b, below(5));
        b_u16unit(b, chance(50) ? 0x0a : 0x0d);
        if (chance(30))
            b_u16unit(b, 0x0a);
        rand_u16_text(b, below(5));
        b_u16unit(b, 0);
        break;
    case 4: /* odd length */
        rand_u16_text(b, n);
        b_u16unit(b, 0);
        b_byte(b, (uint8_t)rnd());
        break;
    case 5: /* unpaired surrogate */
        rand_u16_text(b, below(4));
        b_u16unit(b, (uint16_t)((chance(50) ? 0xd800 : 0xdc00) + below(0x400)));
        rand_u16_text(b, below(4));
        b_u16unit(b, 0);
        break;
    case 6: /* empty */
        break;
    case 7: /* doubled final NUL */
        rand_u16_text(b, n);
        b_u16unit(b, 0);
        b_u16unit(b, 0);
        break;
    default: /* a multi-sz shape */
        for (uint32_t i = 0, k = below(4); i < k; i++) {
            rand_u16_text(b, 1 + below(6));
            b_u16unit(b, 0);
        }
        b_u16unit(b, 0);
        break;
    }
}

static uint32_t rand_type(void)
{
    uint32_t r = below(100);
    if (r < 20)
        return REGLINT_REG_SZ;
    if (r < 35)
        return REGLINT_REG_DWORD;
    if (r < 85)
        return below(12);
    if (r < 92)
        return 12 + below(0x200);
    if (r < 95)
        return 0xffffffffu - below(3);
    return (uint32_t)rnd();
}

static void rand_data(buf *b, uint32_t type)
{
    switch (type) {
    case REGLINT_REG_SZ:
    case REGLINT_REG_EXPAND_SZ:
    case REGLINT_REG_LINK:
    case REGLINT_REG_MULTI_SZ:
        rand_string_data(b);
        break;
    case REGLINT_REG_DWORD:
    case REGLINT_REG_DWORD_BIG_ENDIAN:
        rand_bytes(b, chance(80) ? 4 : below(10));
        break;
    case REGLINT_REG_QWORD:
        rand_bytes(b, chance(80) ? 8 : below(12));
        break;
    default:
        if (chance(15))
            rand_string_data(b);
        else
            rand_bytes(b, rand_len());
        break;
    }
}

/* ---------------------------------------------------------------- */
/* Random trees                                                       */
/* ---------------------------------------------------------------- */

static const char *const roots[] = {
    "HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER",     "HKEY_CLASSES_ROOT",
    "HKEY_USERS",         "HKEY_CURRENT_CONFIG",   "HKEY_PERFORMANCE_DATA",
    "HKEY_DYN_DATA",
};

static size_t n_values_total;

static void add_random_values(reglint_registry *reg, reglint_key *k,
                              uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        char *name;
        uint32_t r = below(100);
        if (r < 8)
            name = strdup("");
        else if (r < 95)
            name = rand_name(1 + below(14), value_name_char);
        else
            name = rand_name(40 + below(120), value_name_char);
        uint32_t type = rand_type();
        buf d = {0};
        rand_data(&d, type);
        int rc = reglint_key_set_value(reg, k, name, type, d.p, d.n, NO_ORIGIN);
        ck_assert_msg(rc == 0, "set_value failed: %s", reglint_last_error());
        n_values_total++;
        free(d.p);
        free(name);
    }
}

static reglint_registry *random_tree(void)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *keys[64];
    size_t nkeys = 0;
    ck_assert_ptr_nonnull(reg);

    uint32_t target = 1 + below(16);
    for (uint32_t i = 0; i < target && nkeys < 64; i++) {
        reglint_key *parent;
        if (nkeys == 0 || chance(12)) {
            const char *root = roots[below(sizeof roots / sizeof roots[0])];
            parent = reglint_key_create(reg, root, NO_ORIGIN);
            ck_assert_msg(parent != NULL, "create root %s: %s", root,
                          reglint_last_error());
        } else {
            parent = keys[below((uint32_t)nkeys)];
        }
        char *name = rand_name(1 + below(12), key_char);
        reglint_key *k = reglint_key_add_subkey(reg, parent, name, NO_ORIGIN);
        ck_assert_msg(k != NULL, "add_subkey: %s", reglint_last_error());
        free(name);
        /* A case variant of an existing sibling merges with it. */
        int known = 0;
        for (size_t j = 0; j < nkeys; j++)
            if (keys[j] == k)
                known = 1;
        if (!known)
            keys[nkeys++] = k;
    }
    for (size_t i = 0; i < nkeys; i++)
        add_random_values(reg, keys[i], below(100) < 20 ? 0 : below(8));

    /* Roots: sometimes values of their own; an empty root would not be
    ** written (and so not read back), so every root holds something. */
    reglint_key *top = reglint_registry_top(reg);
    for (size_t i = 0; i < reglint_key_subkey_count(top); i++) {
        reglint_key *root = reglint_key_subkey_at(top, i);
        if (chance(25) || (reglint_key_subkey_count(root) == 0 &&
                           reglint_key_value_count(root) == 0))
            add_random_values(reg, root, 1 + below(3));
    }
    return reg;
}

/* ---------------------------------------------------------------- */
/* Comparison and reporting                                           */
/* ---------------------------------------------------------------- */

static void dump_bytes(FILE *out, const uint8_t *p, size_t n)
{
    size_t shown = n < 96 ? n : 96;
    for (size_t i = 0; i < shown; i++)
        fprintf(out, "%s%02x", i ? "," : "", p[i]);
    if (shown < n)
        fprintf(out, ",... (%zu bytes)", n);
}

static void dump_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == '"' || *p == '\\')
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void dump_value(FILE *out, const char *label, const reglint_value *v)
{
    size_t len;
    const uint8_t *d = reglint_value_data(v, &len);
    fprintf(out, "    %s: name=", label);
    dump_str(out, reglint_value_name(v));
    fprintf(out, " type=0x%" PRIx32 " len=%zu data=", reglint_value_type(v), len);
    dump_bytes(out, d, len);
    fputc('\n', out);
}

/* Compare key a (original) with key b (read back); report the first
** difference to out.  Returns 1 if equal. */
static int same_key(const reglint_key *a, const reglint_key *b, FILE *out)
{
    char *path = reglint_key_path(a);
    int ok = 1;
    if (strcmp(reglint_key_name(a), reglint_key_name(b)) != 0) {
        fprintf(out, "  key name differs under parent of %s: want ", path);
        dump_str(out, reglint_key_name(a));
        fprintf(out, " got ");
        dump_str(out, reglint_key_name(b));
        fputc('\n', out);
        ok = 0;
        goto done;
    }
    size_t na = reglint_key_value_count(a), nb = reglint_key_value_count(b);
    for (size_t i = 0; i < na || i < nb; i++) {
        const reglint_value *va = i < na ? reglint_key_value_at(a, i) : NULL;
        const reglint_value *vb = i < nb ? reglint_key_value_at(b, i) : NULL;
        if (!va || !vb) {
            fprintf(out, "  key %s: value count differs (want %zu, got %zu)\n",
                    path, na, nb);
            if (va)
                dump_value(out, "missing", va);
            if (vb)
                dump_value(out, "extra", vb);
            ok = 0;
            goto done;
        }
        size_t la, lb;
        const uint8_t *da = reglint_value_data(va, &la);
        const uint8_t *db = reglint_value_data(vb, &lb);
        if (strcmp(reglint_value_name(va), reglint_value_name(vb)) != 0 ||
            reglint_value_type(va) != reglint_value_type(vb) || la != lb ||
            (la && memcmp(da, db, la) != 0)) {
            fprintf(out, "  key %s: value %zu differs\n", path, i);
            dump_value(out, "want", va);
            dump_value(out, "got ", vb);
            ok = 0;
            goto done;
        }
    }
    size_t ka = reglint_key_subkey_count(a), kb = reglint_key_subkey_count(b);
    for (size_t i = 0; i < ka || i < kb; i++) {
        const reglint_key *sa = i < ka ? reglint_key_subkey_at(a, i) : NULL;
        const reglint_key *sb = i < kb ? reglint_key_subkey_at(b, i) : NULL;
        if (!sa || !sb) {
            fprintf(out, "  key %s: subkey count differs (want %zu, got %zu); ",
                    *path ? path : "(top)", ka, kb);
            fprintf(out, "%s ", sa ? "missing" : "extra");
            dump_str(out, reglint_key_name(sa ? sa : sb));
            fputc('\n', out);
            ok = 0;
            goto done;
        }
        if (!same_key(sa, sb, out)) {
            ok = 0;
            goto done;
        }
    }
done:
    free(path);
    return ok;
}

/* Print the lines of the UTF-8 output around line `line` (1-based). */
static void show_lines(FILE *out, const char *text, size_t len, uint64_t line)
{
    uint64_t cur = 1;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        if (cur + 2 >= line && cur <= line + 2) {
            fprintf(out, "    %5" PRIu64 "%s ", cur, cur == line ? ">" : ":");
            for (const char *q = p; q < stop; q++) {
                unsigned char c = (unsigned char)*q;
                if (c == '\r')
                    fputs("\\r", out);
                else if (c < 0x20)
                    fprintf(out, "\\x%02x", c);
                else
                    fputc(c, out);
            }
            fputc('\n', out);
        }
        if (!nl)
            break;
        p = nl + 1;
        cur++;
    }
}

static int n_failures;

static void check_one(uint64_t seed, unsigned iter, reglint_registry *orig,
                      reglint_encoding enc)
{
    const char *encname = enc == REGLINT_ENC_UTF8 ? "utf8" : "utf16le";
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(f);
    int rc = reglint_reg_write(orig, NULL, enc, f);
    ck_assert_int_eq(fclose(f), 0);

    char *report = NULL;
    size_t rlen = 0;
    FILE *out = open_memstream(&report, &rlen);
    int ok = 1;

    if (rc != 0) {
        fprintf(out, "  reglint_reg_write returned %d: %s\n", rc,
                reglint_last_error());
        ok = 0;
    } else {
        reglint_registry *back = reglint_registry_new();
        reglint_diags *diags = reglint_diags_new();
        reglint_reg_info info;
        memset(&info, 0, sizeof info);
        rc = reglint_reg_read_buffer(back, "roundtrip.reg", text, len, NULL,
                                     diags, &info);
        if (rc != 0) {
            fprintf(out, "  reglint_reg_read_buffer returned %d: %s\n", rc,
                    reglint_last_error());
            ok = 0;
        }
        size_t nd = reglint_diags_count(diags);
        if (nd != 0) {
            fprintf(out, "  %zu diagnostics on reading back:\n", nd);
            for (size_t i = 0; i < nd && i < 5; i++) {
                const reglint_diag *dg = reglint_diags_at(diags, i);
                fputs("    ", out);
                reglint_diag_print(dg, out);
            }
            if (enc == REGLINT_ENC_UTF8 && nd)
                show_lines(out, text, len, reglint_diags_at(diags, 0)->line);
            ok = 0;
        }
        if (info.version != 5) {
            fprintf(out, "  info.version %d, want 5\n", info.version);
            ok = 0;
        }
        if (info.encoding != enc) {
            fprintf(out, "  info.encoding %s, want %s\n",
                    reglint_encoding_name(info.encoding),
                    reglint_encoding_name(enc));
            ok = 0;
        }
        if (!same_key(reglint_registry_top(orig), reglint_registry_top(back),
                      out))
            ok = 0;
        reglint_diags_free(diags);
        reglint_registry_free(back);
    }
    fclose(out);
    if (!ok) {
        n_failures++;
        if (n_failures <= MAX_REPORTS)
            fprintf(stderr,
                    "roundtrip FAIL: seed=0x%016" PRIx64 " tree=%u encoding=%s\n%s",
                    seed, iter, encname, report);
    }
    free(report);
    free(text);
}

static uint64_t env_u64(const char *name, uint64_t def)
{
    const char *s = getenv(name);
    if (!s || !*s)
        return def;
    return strtoull(s, NULL, 0);
}

START_TEST(test_roundtrip_random_trees)
{
    uint64_t seed = env_u64("ROUNDTRIP_SEED", DEFAULT_SEED);
    unsigned trees = (unsigned)env_u64("ROUNDTRIP_TREES", DEFAULT_TREES);
    n_failures = 0;
    n_values_total = 0;
    for (unsigned iter = 0; iter < trees; iter++) {
        /* Each tree has its own seed, so one can be replayed alone. */
        rng_state = seed ^ (UINT64_C(0x9E3779B97F4A7C15) * (iter + 1));
        if (rng_state == 0)
            rng_state = 1;
        reglint_registry *reg = random_tree();
        check_one(seed, iter, reg, REGLINT_ENC_UTF16LE);
        check_one(seed, iter, reg, REGLINT_ENC_UTF8);
        reglint_registry_free(reg);
    }
    fprintf(stderr, "roundtrip: %u trees, %zu values, %d failures\n", trees,
            n_values_total, n_failures);
    ck_assert_uint_ge(n_values_total, trees >= DEFAULT_TREES ? 50000u : 0u);
    ck_assert_msg(n_failures == 0,
                  "%d of %u write/read round trips differ (seed 0x%016" PRIx64
                  "; first %d reported above)",
                  n_failures, trees * 2, seed, MAX_REPORTS);
}
END_TEST

/* A few hand-picked trees that the random ones might hit rarely. */
START_TEST(test_roundtrip_edge_cases)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = reglint_key_create(reg, "HKEY_LOCAL_MACHINE\\]\\[\\;\\ \\\"",
                                        NO_ORIGIN);
    ck_assert_ptr_nonnull(k);
    reglint_key *k2 = reglint_key_create(
        reg, "HKEY_CURRENT_USER\\a]b]\\-x\\ ;c\\=\\@", NO_ORIGIN);
    ck_assert_ptr_nonnull(k2);
    static const uint8_t sz_nl[] = {'a', 0, '\n', 0, 0, 0};
    static const uint8_t dw[4] = {0xff, 0xff, 0xff, 0xff};
    ck_assert_int_eq(reglint_key_set_value(reg, k, "", REGLINT_REG_SZ, "", 0,
                                           NO_ORIGIN), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "\\", REGLINT_REG_SZ, sz_nl,
                                           sizeof sz_nl, NO_ORIGIN), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "\"", REGLINT_REG_DWORD, dw, 4,
                                           NO_ORIGIN), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "=", REGLINT_REG_DWORD, dw, 3,
                                           NO_ORIGIN), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "@", 0xffffffffu, dw, 0,
                                           NO_ORIGIN), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k, "\\\"", REGLINT_REG_SZ,
                                           "\\\0\"\0\0\0", 6, NO_ORIGIN), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k2, "-", REGLINT_REG_SZ,
                                           "-\0\0\0", 4, NO_ORIGIN), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k2, "x", REGLINT_REG_SZ,
                                           "-\0", 2, NO_ORIGIN), 0);
    ck_assert_int_eq(reglint_key_set_value(reg, k2, ";", REGLINT_REG_SZ,
                                           ";\0\0\0", 4, NO_ORIGIN), 0);
    n_failures = 0;
    check_one(0, 0, reg, REGLINT_ENC_UTF16LE);
    check_one(0, 0, reg, REGLINT_ENC_UTF8);
    ck_assert_msg(n_failures == 0, "edge-case tree did not round-trip (see above)");
    reglint_registry_free(reg);
}
END_TEST

/* Windows' limits: the deepest path, the longest names. */
START_TEST(test_roundtrip_limits)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = reglint_key_create(reg, "HKEY_LOCAL_MACHINE", NO_ORIGIN);
    ck_assert_ptr_nonnull(k);
    char name[REGLINT_MAX_KEY_NAME + 1];
    for (int depth = 1; depth <= REGLINT_MAX_DEPTH; depth++) {
        snprintf(name, sizeof name, "%c%d]", "aZ;[ "[depth % 5], depth);
        k = reglint_key_add_subkey(reg, k, name, NO_ORIGIN);
        ck_assert_msg(k != NULL, "depth %d: %s", depth, reglint_last_error());
    }
    static const uint8_t d[4] = {1, 2, 3, 4};
    ck_assert_int_eq(reglint_key_set_value(reg, k, "deep", REGLINT_REG_DWORD, d,
                                           4, NO_ORIGIN), 0);
    memset(name, 'n', REGLINT_MAX_KEY_NAME);
    name[0] = ']';
    name[REGLINT_MAX_KEY_NAME - 1] = '[';
    name[REGLINT_MAX_KEY_NAME] = 0;
    reglint_key *wide = reglint_key_create(reg, "HKEY_CURRENT_USER\\w", NO_ORIGIN);
    ck_assert_ptr_nonnull(wide);
    wide = reglint_key_add_subkey(reg, wide, name, NO_ORIGIN);
    ck_assert_msg(wide != NULL, "255-character key name: %s", reglint_last_error());
    char *vname = malloc(REGLINT_MAX_VALUE_NAME + 1);
    ck_assert_ptr_nonnull(vname);
    for (int i = 0; i < REGLINT_MAX_VALUE_NAME; i++)
        vname[i] = "ab\"\\=]@ "[i % 8];
    vname[REGLINT_MAX_VALUE_NAME] = 0;
    uint8_t big[5000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)(i * 7);
    ck_assert_int_eq(reglint_key_set_value(reg, wide, vname, REGLINT_REG_BINARY,
                                           big, sizeof big, NO_ORIGIN), 0);
    vname[100] = 0;
    ck_assert_int_eq(reglint_key_set_value(reg, wide, vname, REGLINT_REG_SZ,
                                           big, sizeof big, NO_ORIGIN), 0);
    free(vname);
    n_failures = 0;
    check_one(0, 0, reg, REGLINT_ENC_UTF16LE);
    check_one(0, 0, reg, REGLINT_ENC_UTF8);
    ck_assert_msg(n_failures == 0, "limit tree did not round-trip (see above)");
    reglint_registry_free(reg);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("roundtrip");
    TCase *tc = tcase_create("roundtrip");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_roundtrip_edge_cases);
    tcase_add_test(tc, test_roundtrip_limits);
    tcase_add_test(tc, test_roundtrip_random_trees);
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
