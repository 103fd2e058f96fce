/*
** corpus_reg.c — every .reg file of the shared corpus reads as expected.
**
** Usage: corpus_reg CORPUS_DIR.  CORPUS_DIR/MANIFEST.tsv (tab-separated,
** with a header row naming the columns) lists the files; every row whose
** `kind` starts with "reg text" is read with reglint_reg_read_file and
** default options:
**   - a valid file must give no error diagnostic (warnings are fine);
**   - a file whose notes say it is invalid ("invalid", "not regedit") must
**     give at least one error: for "... invalid value line TEXT and ..."
**     an error on exactly the line holding TEXT and no error elsewhere; for
**     the WINE format an `unsupported-format` error at line 1.
** Prints `ok FILE` or `FAIL FILE: why` per file (with the diagnostics of a
** failing file), then `N passed, M failed`.  Exit 0, 1 if any failed, 77
** (skip) if the manifest is absent.
*/
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reglint.h"

#define SKIP 77

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        if (r == 0)
            break;
        n += r;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* Split a line in place on tabs; returns the number of fields. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *t = strchr(p, '\t');
        if (n < max)
            fields[n] = p;
        n++;
        if (!t)
            break;
        *t = 0;
        p = t + 1;
    }
    return n < max ? n : max;
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = 0;
}

static void put_u8(char **o, uint32_t c)
{
    unsigned char *p = (unsigned char *)*o;
    if (c < 0x80) {
        *p++ = (unsigned char)c;
    } else if (c < 0x800) {
        *p++ = (unsigned char)(0xc0 | (c >> 6));
        *p++ = (unsigned char)(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        *p++ = (unsigned char)(0xe0 | (c >> 12));
        *p++ = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
        *p++ = (unsigned char)(0x80 | (c & 0x3f));
    } else {
        *p++ = (unsigned char)(0xf0 | (c >> 18));
        *p++ = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
        *p++ = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
        *p++ = (unsigned char)(0x80 | (c & 0x3f));
    }
    *o = (char *)p;
}

/* The file's text as UTF-8 (good enough to find an ASCII needle): UTF-16
** (either order, BOM or not) is converted, 8-bit text is taken as is. */
static char *file_text(const char *data, size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    int be = -1;
    size_t start = 0;
    if (len >= 2 && d[0] == 0xff && d[1] == 0xfe) {
        be = 0;
        start = 2;
    } else if (len >= 2 && d[0] == 0xfe && d[1] == 0xff) {
        be = 1;
        start = 2;
    } else if (len >= 2 && d[0] != 0 && d[1] == 0) {
        be = 0;
    }
    if (be < 0) {
        size_t s = (len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf) ? 3 : 0;
        char *t = malloc(len - s + 1);
        if (!t)
            return NULL;
        memcpy(t, data + s, len - s);
        t[len - s] = 0;
        return t;
    }
    char *t = malloc((len / 2) * 3 + 8), *o = t;
    if (!t)
        return NULL;
    for (size_t i = start; i + 1 < len; i += 2) {
        uint32_t u = be ? (uint32_t)(d[i] << 8 | d[i + 1])
                        : (uint32_t)(d[i] | d[i + 1] << 8);
        if (u >= 0xd800 && u < 0xdc00 && i + 3 < len) {
            uint32_t lo = be ? (uint32_t)(d[i + 2] << 8 | d[i + 3])
                             : (uint32_t)(d[i + 2] | d[i + 3] << 8);
            if (lo >= 0xdc00 && lo < 0xe000) {
                u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                i += 2;
            }
        }
        if (u == 0)
            u = ' '; /* keep strings NUL-free */
        put_u8(&o, u);
    }
    *o = 0;
    return t;
}

/* 1-based number of the first line holding needle, 0 if none. */
static uint64_t find_line(const char *text, const char *needle)
{
    uint64_t line = 1;
    const char *p = text;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t k = strlen(needle);
        for (size_t i = 0; i + k <= n; i++)
            if (memcmp(p + i, needle, k) == 0)
                return line;
        if (!nl)
            return 0;
        p = nl + 1;
        line++;
    }
}

/* The text after "invalid value line " up to the next " and " or the end. */
static char *invalid_line_text(const char *notes)
{
    static const char marker[] = "invalid value line ";
    const char *p = strstr(notes, marker);
    if (!p)
        return NULL;
    p += sizeof marker - 1;
    const char *e = strstr(p, " and ");
    size_t n = e ? (size_t)(e - p) : strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == ';' || p[n - 1] == ','))
        n--;
    return n ? strndup(p, n) : NULL;
}

static void print_diags(const reglint_diags *d)
{
    for (size_t i = 0; i < reglint_diags_count(d); i++) {
        fputs("    ", stdout);
        reglint_diag_print(reglint_diags_at(d, i), stdout);
    }
}

/* Check one file; returns 1 if it passes, with `why` filled otherwise. */
static int check_file(const char *dir, const char *rel, const char *notes,
                      reglint_diags **diags_out, char *why, size_t whylen)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    reglint_registry *reg = reglint_registry_new();
    reglint_diags *d = reglint_diags_new();
    reglint_reg_info info;
    *diags_out = d;
    if (!reg || !d) {
        snprintf(why, whylen, "out of memory");
        reglint_registry_free(reg);
        return 0;
    }
    memset(&info, 0, sizeof info);
    errno = 0;
    int rc = reglint_reg_read_file(reg, path, NULL, d, &info);
    int saved = errno;
    reglint_registry_free(reg);

    size_t nerr = reglint_diags_count_severity(d, REGLINT_ERROR);
    int is_wine = strstr(notes, "not regedit") != NULL;
    int is_invalid = is_wine || strstr(notes, "invalid") != NULL;

    if (!is_invalid) {
        if (rc != 0) {
            snprintf(why, whylen, "could not be read (%s): %s", strerror(saved),
                     reglint_last_error());
            return 0;
        }
        if (nerr != 0) {
            snprintf(why, whylen, "%zu error diagnostic(s) in a valid file", nerr);
            return 0;
        }
        return 1;
    }

    if (nerr == 0) {
        snprintf(why, whylen, "invalid file (notes: %s) gave no error", notes);
        return 0;
    }
    if (is_wine) {
        for (size_t i = 0; i < reglint_diags_count(d); i++) {
            const reglint_diag *g = reglint_diags_at(d, i);
            if (g->severity == REGLINT_ERROR && g->line == 1 && g->code &&
                strcmp(g->code, "unsupported-format") == 0)
                return 1;
        }
        snprintf(why, whylen, "no unsupported-format error at line 1");
        return 0;
    }

    char *needle = invalid_line_text(notes);
    if (!needle)
        return 1; /* invalid, nothing more specific to check */
    size_t len = 0;
    char *raw = slurp(path, &len);
    char *text = raw ? file_text(raw, len) : NULL;
    free(raw);
    if (!text) {
        snprintf(why, whylen, "cannot read the file to find `%s`", needle);
        free(needle);
        return 0;
    }
    uint64_t want = find_line(text, needle);
    free(text);
    if (want == 0) {
        snprintf(why, whylen, "`%s` (from the notes) is not in the file", needle);
        free(needle);
        return 0;
    }
    int on_line = 0, elsewhere = 0;
    uint64_t other = 0;
    for (size_t i = 0; i < reglint_diags_count(d); i++) {
        const reglint_diag *g = reglint_diags_at(d, i);
        if (g->severity != REGLINT_ERROR)
            continue;
        if (g->line == want) {
            on_line = 1;
        } else if (!elsewhere) {
            elsewhere = 1;
            other = g->line;
        }
    }
    if (!on_line || elsewhere) {
        if (!on_line)
            snprintf(why, whylen, "no error on line %" PRIu64 " (`%s`)", want, needle);
        else
            snprintf(why, whylen,
                     "error on line %" PRIu64 ", want errors only on line %" PRIu64
                     " (`%s`)",
                     other, want, needle);
        free(needle);
        return 0;
    }
    free(needle);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    char mpath[8192];
    snprintf(mpath, sizeof mpath, "%s/MANIFEST.tsv", dir);
    FILE *m = fopen(mpath, "r");
    if (!m) {
        printf("skip: %s: %s\n", mpath, strerror(errno));
        return SKIP;
    }

    char *line = NULL;
    size_t cap = 0;
    char *fields[64];
    int col_path = -1, col_kind = -1, col_notes = -1;
    if (getline(&line, &cap, m) < 0) {
        printf("skip: %s is empty\n", mpath);
        fclose(m);
        free(line);
        return SKIP;
    }
    chomp(line);
    size_t nf = split_tabs(line, fields, 64);
    for (size_t i = 0; i < nf; i++) {
        if (strcmp(fields[i], "path") == 0)
            col_path = (int)i;
        else if (strcmp(fields[i], "kind") == 0)
            col_kind = (int)i;
        else if (strcmp(fields[i], "notes") == 0)
            col_notes = (int)i;
    }
    if (col_path < 0 || col_kind < 0) {
        printf("FAIL %s: no path/kind columns in the header\n", mpath);
        printf("0 passed, 1 failed\n");
        fclose(m);
        free(line);
        return 1;
    }

    unsigned passed = 0, failed = 0;
    while (getline(&line, &cap, m) >= 0) {
        chomp(line);
        if (!*line)
            continue;
        nf = split_tabs(line, fields, 64);
        if ((size_t)col_kind >= nf || (size_t)col_path >= nf)
            continue;
        if (strncmp(fields[col_kind], "reg text", 8) != 0)
            continue;
        const char *rel = fields[col_path];
        const char *notes =
            col_notes >= 0 && (size_t)col_notes < nf ? fields[col_notes] : "";
        char why[1024] = "";
        reglint_diags *d = NULL;
        if (check_file(dir, rel, notes, &d, why, sizeof why)) {
            printf("ok %s\n", rel);
            passed++;
        } else {
            printf("FAIL %s: %s\n", rel, why);
            if (d)
                print_diags(d);
            failed++;
        }
        reglint_diags_free(d);
    }
    free(line);
    fclose(m);
    printf("%u passed, %u failed\n", passed, failed);
    if (passed + failed == 0)
        return SKIP;
    return failed ? 1 : 0;
}
