/*
** source_reg.c — the .reg reader: text lines -> keys and values applied to
** a registry, exactly as importing the file with regedit would apply them.
**
** Regedit is lenient in some places (blanks around "=", a short dword) and
** silently drops lines in others (an unquoted name, text after the data).
** The reader reads what regedit reads, drops what regedit drops, and says
** so every time: each deviation from what regedit itself writes is a
** warning with file, line, column and a short code; each line regedit would
** refuse is an error.  After an error it goes on with the next line.
**
** With a filter (a view's scope), a key line the filter does not want has
** its section passed over raw: the lines up to the next key line are
** looked at as code units, never decoded, by a small machine that knows
** only what decides where a key line can start -- which lines are
** continuations of a hex value, exactly as parse_hex() and
** skip_continuations() would take them.  Key lines themselves are always
** parsed, with all their diagnostics.
*/
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAX_VALUE_DATA (64u << 20)
#define DEFAULT_MAX_DIAGS 200

enum key_state {
    KS_START,   /* no key line yet                       */
    KS_KEY,     /* values go to p->key                    */
    KS_DELETED, /* after [-KEY]: regedit ignores values   */
    KS_INVALID, /* the key line was refused               */
    KS_SKIP     /* the filter passes over this section    */
};

typedef struct parser {
    const reg_sink *sink;
    const reg_filter *filter; /* NULL: every key line is read */
    text_source *ts;
    const char *file;
    reglint_diags *diags;
    bool strict;
    size_t max_diags, ndiags;
    uint32_t source;
    int version;
    bool header_done;
    enum key_state kstate;
    void *key; /* the sink's handle of the current key */
    const char *line;
    size_t len;
    uint64_t lineno;
    bytebuf name, data, conv;
    reglint_reg_info info;
    bool io_error;
    bool pending; /* p->line, already read while skipping, is a key line */
    /* The key path part filter_key() last created, as spelled: created
    ** again only when it changes or a line was applied in between (which
    ** may delete it, or change what CurrentControlSet means). */
    bytebuf made;
    bool made_valid;
} parser;

/* ---- diagnostics ---- */

static void diag_at(parser *p, reglint_severity sev, uint64_t line,
                    uint64_t col, const char *code, const char *fmt, ...)
    RL_PRINTF(6, 7);

static void diag_at(parser *p, reglint_severity sev, uint64_t line,
                    uint64_t col, const char *code, const char *fmt, ...)
{
    if (!p->diags)
        return;
    if (line && !col)
        col = 1; /* text diagnostics always read FILE:LINE:COL */
    if (sev == REGLINT_WARNING && p->strict)
        sev = REGLINT_ERROR;
    if (p->ndiags > p->max_diags)
        return;
    if (p->ndiags == p->max_diags) {
        p->ndiags++;
        reglint_diags_add(p->diags, REGLINT_ERROR, p->file, line, col, -1,
                          "too-many-diagnostics",
                          "too many diagnostics; the rest of this file's are "
                          "not shown");
        return;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->ndiags++;
    reglint_diags_add(p->diags, sev, p->file, line, col, -1, code, msg);
}

/* A diagnostic at byte offset off of the current line. */
#define DIAG(p, sev, off, code, ...)                                        \
    diag_at((p), (sev), (p)->lineno,                                        \
            utf8_count((p)->line, (size_t)(off) < (p)->len ? (size_t)(off)  \
                                                           : (p)->len) + 1, \
            (code), __VA_ARGS__)
#define WARN(p, off, code, ...) DIAG(p, REGLINT_WARNING, off, code, __VA_ARGS__)
#define ERR(p, off, code, ...) DIAG(p, REGLINT_ERROR, off, code, __VA_ARGS__)

/* ---- small scanners ---- */

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static size_t skip_blanks(const parser *p, size_t i)
{
    while (i < p->len && (is_blank(p->line[i]) || p->line[i] == '\0'))
        i++;
    return i;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || c == '_';
}

/* Case-insensitive prefix match of an ASCII word at line[i]; *exact tells
** whether it was spelled in lower case. */
static bool prefix_at(const parser *p, size_t i, const char *word, bool *exact)
{
    size_t n = strlen(word);
    if (p->len - i < n)
        return false;
    *exact = true;
    for (size_t k = 0; k < n; k++) {
        char c = p->line[i + k];
        char lc = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        if (lc != word[k])
            return false;
        if (c != word[k])
            *exact = false;
    }
    return true;
}

/* After the data: blanks and a ;comment are fine.  Anything else makes
** regedit ignore the whole line. */
static bool rest_is_clean(parser *p, size_t i)
{
    i = skip_blanks(p, i);
    if (i >= p->len || p->line[i] == ';')
        return true;
    WARN(p, i, "value-trailing-text",
         "unexpected text after the value data; regedit ignores this line");
    return false;
}

/* Read a quoted string starting after its opening quote at i, unescaping
** \\ and \" into out (UTF-8, no NUL).  Returns the offset after the closing
** quote, or 0 if it is not closed. */
static size_t read_quoted(parser *p, size_t i, bytebuf *out)
{
    out->len = 0;
    while (i < p->len) {
        /* Copy the run up to the next quote or backslash in one go. */
        size_t j = i;
        while (j < p->len && p->line[j] != '"' && p->line[j] != '\\')
            j++;
        if (j > i && bytebuf_append(out, p->line + i, j - i) < 0)
            return 0;
        i = j;
        if (i >= p->len)
            break;
        char c = p->line[i];
        if (c == '"')
            return i + 1;
        if (c == '\\' && i + 1 < p->len) {
            char e = p->line[i + 1];
            if (e == '\\' || e == '"') {
                if (bytebuf_putc(out, (uint8_t)e) < 0)
                    return 0;
                i += 2;
                continue;
            }
            WARN(p, i, "unknown-escape",
                 "'\\%c' is not an escape regedit knows; read as the two "
                 "characters", e);
            if (bytebuf_append(out, p->line + i, 2) < 0)
                return 0;
            i += 2;
            continue;
        }
        if (bytebuf_putc(out, (uint8_t)c) < 0)
            return 0;
        i++;
    }
    return 0;
}

/* ---- key lines ---- */

/* The checks registry.c's subkey_add() makes of each new key name, with
** its messages: a skipped key line whose tail is never created still gets
** the diagnostic a full read gives it.  -1 (message set) at the first name
** that fails, from parts[from] on. */
static int key_limits(const path_split *ps, size_t from)
{
    for (size_t i = from; i < ps->nparts; i++) {
        const char *name = ps->parts[i].s;
        size_t len = ps->parts[i].n;
        if (memchr(name, '\0', len))
            return reglint__fail(EINVAL, "invalid key name '%.*s'",
                                 (int)(len > 64 ? 64 : len), name);
        /* A UTF-8 name has at most as many UTF-16 units as bytes. */
        if (len > REGLINT_MAX_KEY_NAME &&
            utf8_utf16_units(name, len) > REGLINT_MAX_KEY_NAME)
            return reglint__fail(EINVAL,
                                 "key name longer than %d characters: "
                                 "'%.32s...'", REGLINT_MAX_KEY_NAME, name);
        if (i + 1 > REGLINT_MAX_DEPTH)
            return reglint__fail(EINVAL, "key deeper than %d levels",
                                 REGLINT_MAX_DEPTH);
    }
    return 0;
}

/* Ask the filter about a key line; true when it is not to be read (the
** section is then skipped), after creating the part of the key it keeps. */
static bool filter_key(parser *p, size_t j, const path_split *ps, bool del)
{
    size_t keep = 0;
    int f = p->filter->key_line(p->filter->ctx, ps, del, &keep);
    if (f < 0) {
        ERR(p, j, errno == ENOMEM ? "internal" : "limit", "%s",
            reglint_last_error());
        return true; /* KS_INVALID: its values are refused */
    }
    if (f == REG_KEY_READ) {
        p->made_valid = false;
        return false;
    }
    p->key = NULL;
    p->kstate = KS_SKIP;
    if (del)
        return true;
    if (keep > ps->nparts + 1)
        keep = ps->nparts + 1;
    if (keep > 0) {
        path_split head = *ps;
        head.nparts = keep - 1;
        const char *from = p->line + j;
        const char *to = keep == 1 ? from + ps->root_len
                                   : ps->parts[keep - 2].s +
                                         ps->parts[keep - 2].n;
        size_t n = (size_t)(to - from);
        if (!p->made_valid || p->made.len != n ||
            memcmp(p->made.data, from, n) != 0) {
            reglint_origin o = {p->source, (uint32_t)p->lineno, 0};
            p->made_valid = false;
            if (!p->sink->create_key(p->sink->ctx, &head, o)) {
                ERR(p, j, errno == ENOMEM ? "internal" : "limit", "%s",
                    reglint_last_error());
                return true;
            }
            p->made.len = 0;
            p->made_valid = bytebuf_append(&p->made, from, n) == 0;
        }
    }
    if (key_limits(ps, keep ? keep - 1 : 0) < 0)
        ERR(p, j, "limit", "%s", reglint_last_error());
    return true;
}

static void parse_key(parser *p, size_t i)
{
    size_t j = i + 1;
    bool del = false;
    p->key = NULL;
    p->kstate = KS_INVALID;
    if (j < p->len && p->line[j] == '-') {
        del = true;
        j++;
    }
    if (j >= p->len || is_blank(p->line[j]) || p->line[j] == ']') {
        ERR(p, j, "bad-key", "no key path after '['; regedit ignores this line");
        return;
    }
    const char *close = NULL;
    for (size_t k = p->len; k > j; k--)
        if (p->line[k - 1] == ']') {
            close = p->line + k - 1;
            break;
        }
    if (!close) {
        ERR(p, p->len, "bad-key", "key line has no closing ']'");
        return;
    }
    size_t r = (size_t)(close - p->line);
    size_t t = r + 1;
    if (t < p->len) {
        size_t u = skip_blanks(p, t);
        if (u >= p->len)
            WARN(p, t, "key-trailing-text", "blanks after the closing ']'");
        else if (p->line[u] != ';')
            WARN(p, t, "key-trailing-text",
                 "text after the closing ']' is ignored");
    }
    path_split ps;
    if (path_split_parse(p->line + j, r - j, &ps) < 0) {
        size_t rl = 0;
        while (j + rl < r && p->line[j + rl] != '\\')
            rl++;
        ERR(p, j, "unknown-root", "'%.*s' is not a registry root",
            (int)(rl > 64 ? 64 : rl), p->line + j);
        return;
    }
    if (ps.root_abbrev)
        WARN(p, j, "abbreviated-root",
             "abbreviated root '%.*s' read as %s; regedit itself wants the "
             "full name", (int)ps.root_len, p->line + j, ps.root);
    else if (ps.root_case)
        WARN(p, j, "root-case", "root '%.*s' is not in upper case",
             (int)ps.root_len, p->line + j);
    if (ps.empty_parts)
        WARN(p, j, "key-empty-component",
             "doubled or trailing backslash in the key path; empty names "
             "are dropped");
    if (p->filter && filter_key(p, j, &ps, del)) {
        path_split_free(&ps);
        return;
    }
    if (del) {
        reglint_origin o = {p->source, (uint32_t)p->lineno, 0};
        if (p->sink->delete_key(p->sink->ctx, &ps, o) < 0)
            ERR(p, j, errno == ENOMEM ? "internal" : "limit", "%s",
                reglint_last_error());
        p->kstate = KS_DELETED;
        p->info.keys++;
    } else {
        reglint_origin o = {p->source, (uint32_t)p->lineno, 0};
        void *k = p->sink->create_key(p->sink->ctx, &ps, o);
        if (!k) {
            ERR(p, j, errno == ENOMEM ? "internal" : "limit", "%s",
                reglint_last_error());
        } else {
            p->key = k;
            p->kstate = KS_KEY;
            p->info.keys++;
        }
    }
    path_split_free(&ps);
}

/* ---- value data ---- */

/* The line ends in a continuation?  Skip the continued lines after an
** error so that they are not read as lines of their own. */
static void skip_continuations(parser *p)
{
    for (;;) {
        size_t e = p->len;
        while (e > 0 && is_blank(p->line[e - 1]))
            e--;
        if (e == 0 || p->line[e - 1] != '\\')
            return;
        bool overlong;
        int r = text_source_next_line(p->ts, &p->line, &p->len, &p->lineno,
                                      &overlong);
        if (r <= 0) {
            p->io_error = r < 0;
            return;
        }
    }
}

/* hex: / hex(N): data, with continuation lines.  Returns 1 and fills
** p->data and *type on success, 0 on a diagnosed problem. */
static int parse_hex(parser *p, size_t i, uint32_t *type, bool *clean)
{
    bool exact;
    prefix_at(p, i, "hex", &exact);
    if (!exact)
        WARN(p, i, "prefix-case", "'%.3s' is not in lower case", p->line + i);
    size_t k = i + 3;
    *type = REGLINT_REG_BINARY;
    if (k < p->len && p->line[k] == '(') {
        size_t s = ++k;
        uint64_t t = 0;
        while (k < p->len && hexval(p->line[k]) >= 0 && k - s < 9)
            t = t << 4 | (uint64_t)hexval(p->line[k++]);
        if (k == s || k - s > 8 || k >= p->len || p->line[k] != ')') {
            ERR(p, s, "bad-hex", "hex(N) needs a hex type number of 1 to 8 "
                                 "digits and a ')'");
            skip_continuations(p);
            return 0;
        }
        *type = (uint32_t)t;
        k++;
    }
    if (k >= p->len || p->line[k] != ':') {
        ERR(p, k, "bad-hex", "expected ':' after '%.*s'", (int)(k - i),
            p->line + i);
        skip_continuations(p);
        return 0;
    }
    k++;
    p->data.len = 0;
    bool want_byte = false; /* after a comma */
    size_t comma = 0;
    for (;;) {
        k = skip_blanks(p, k);
        if (k >= p->len || p->line[k] == ';') {
            if (want_byte)
                WARN(p, comma, "hex-trailing-comma", "trailing ',' after the "
                                                     "last byte");
            break;
        }
        if (p->line[k] == '\\') {
            bool overlong;
            int r = text_source_next_line(p->ts, &p->line, &p->len, &p->lineno,
                                          &overlong);
            if (r <= 0) {
                p->io_error = r < 0;
                diag_at(p, REGLINT_ERROR, p->lineno, 0, "bad-hex",
                        "the file ends inside a continued value");
                return 0;
            }
            if (overlong) {
                ERR(p, 0, "line-too-long", "line longer than %u bytes",
                    TEXT_MAX_LINE);
                skip_continuations(p);
                return 0;
            }
            k = 0;
            continue;
        }
        /* A line holds at most len/3+1 more bytes: reserve them once. */
        if (p->data.cap - p->data.len < 8 &&
            bytebuf_reserve(&p->data, (p->len - k) / 3 + 8) < 0) {
            ERR(p, k, "internal", "out of memory");
            return 0;
        }
        int hi = hexval(p->line[k]);
        if (hi < 0) {
            if (!want_byte && p->data.len > 0) {
                *clean = rest_is_clean(p, k);
                return 1;
            }
            ERR(p, k, "bad-hex", "expected a hex byte");
            skip_continuations(p);
            return 0;
        }
        int lo = k + 1 < p->len ? hexval(p->line[k + 1]) : -1;
        size_t after = k + (lo < 0 ? 1 : 2);
        if (after < p->len && is_alnum(p->line[after])) {
            ERR(p, k, "bad-hex", "'%.*s' is not a hex byte",
                (int)(after + 1 - k), p->line + k);
            skip_continuations(p);
            return 0;
        }
        uint8_t byte;
        if (lo < 0) {
            WARN(p, k, "hex-short-byte", "byte with one hex digit");
            byte = (uint8_t)hi;
            k += 1;
        } else {
            byte = (uint8_t)(hi << 4 | lo);
            k += 2;
        }
        if (p->data.len >= MAX_VALUE_DATA) {
            ERR(p, k, "limit", "value data larger than %u bytes",
                MAX_VALUE_DATA);
            skip_continuations(p);
            return 0;
        }
        p->data.data[p->data.len++] = byte;
        k = skip_blanks(p, k);
        want_byte = false;
        if (k < p->len && p->line[k] == ',') {
            want_byte = true;
            comma = k++;
        } else if (k < p->len && p->line[k] != '\\' && p->line[k] != ';') {
            *clean = rest_is_clean(p, k);
            return 1;
        }
    }
    *clean = true;
    return 1;
}

/* dword:XXXXXXXX.  Returns 1 on success. */
static int parse_dword(parser *p, size_t i, bool *clean)
{
    bool exact;
    prefix_at(p, i, "dword:", &exact);
    if (!exact)
        WARN(p, i, "prefix-case", "'%.6s' is not in lower case", p->line + i);
    size_t k = i + 6;
    if (k < p->len && is_blank(p->line[k])) {
        WARN(p, k, "dword-space", "blank after 'dword:'");
        k = skip_blanks(p, k);
    }
    size_t s = k;
    uint64_t v = 0;
    while (k < p->len && hexval(p->line[k]) >= 0 && k - s <= 8)
        v = v << 4 | (uint64_t)hexval(p->line[k++]);
    if (k == s) {
        ERR(p, s, "bad-dword", "dword: needs 1 to 8 hex digits");
        return 0;
    }
    if (k - s > 8 || (k < p->len && is_alnum(p->line[k]))) {
        ERR(p, s, "bad-dword", "dword: takes at most 8 hex digits and "
                               "nothing else (no 0x)");
        return 0;
    }
    if (k - s < 8)
        WARN(p, s, "dword-short", "dword with %zu hex digit%s; regedit writes 8",
             k - s, k - s == 1 ? "" : "s");
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                    (uint8_t)(v >> 24)};
    p->data.len = 0;
    if (bytebuf_append(&p->data, b, 4) < 0)
        return 0;
    *clean = rest_is_clean(p, k);
    return 1;
}

static void apply_value(parser *p, size_t name_off, bool del, uint32_t type,
                        bool hex)
{
    if (p->kstate == KS_START) {
        ERR(p, name_off, "value-outside-key",
            "value line before any [KEY] line");
        return;
    }
    if (p->kstate == KS_DELETED) {
        WARN(p, name_off, "value-in-deleted-key",
             "value after a [-KEY] line; regedit ignores it");
        return;
    }
    if (p->kstate == KS_INVALID) {
        WARN(p, name_off, "value-without-key",
             "value of a key line that was refused; ignored");
        return;
    }
    if (p->kstate == KS_SKIP)
        return; /* not reached: skip_section() passes over such lines */
    const char *name = (const char *)p->name.data;
    size_t nlen = p->name.len;
    if (!name)
        name = "";
    if (del) {
        reglint_origin o = {p->source, (uint32_t)p->lineno, 0};
        if (p->sink->delete_value(p->sink->ctx, p->key, name, nlen, o) < 0)
            ERR(p, name_off, errno == ENOMEM ? "internal" : "limit", "%s",
                reglint_last_error());
        p->info.values++;
        return;
    }
    const uint8_t *data = p->data.data;
    size_t len = p->data.len;
    /* REGEDIT4 files carry the hex data of string types as ANSI bytes;
    ** regedit converts it to UTF-16 when it imports. */
    if (hex && p->version == 4 && (type == REGLINT_REG_SZ ||
                            type == REGLINT_REG_EXPAND_SZ ||
                            type == REGLINT_REG_MULTI_SZ) &&
        data != NULL) {
        p->conv.len = 0;
        if (cp1252_to_utf16le(data, len, &p->conv) < 0) {
            ERR(p, name_off, "internal", "out of memory");
            return;
        }
        data = p->conv.data;
        len = p->conv.len;
    }
    reglint_origin o = {p->source, (uint32_t)p->lineno, 0};
    if (p->sink->set_value(p->sink->ctx, p->key, name, nlen, type, data, len,
                           o) < 0) {
        ERR(p, name_off, errno == ENOMEM ? "internal" : "limit", "%s",
            reglint_last_error());
        return;
    }
    p->info.values++;
}

static void parse_value(parser *p, size_t i)
{
    size_t name_off = i;
    uint64_t name_line = p->lineno;
    size_t k;
    p->name.len = 0;
    if (p->line[i] == '@') {
        k = i + 1;
    } else {
        k = read_quoted(p, i + 1, &p->name);
        if (k == 0) {
            ERR(p, i, "bad-name", "the value name has no closing '\"'");
            return;
        }
    }
    size_t blank = k;
    bool spaced = false;
    if (k < p->len && is_blank(p->line[k])) {
        spaced = true;
        k = skip_blanks(p, k);
    }
    if (k >= p->len || p->line[k] != '=') {
        ERR(p, k, "bad-name", "expected '=' after the value name");
        return;
    }
    k++;
    if (k < p->len && is_blank(p->line[k])) {
        if (!spaced)
            blank = k;
        spaced = true;
        k = skip_blanks(p, k);
    }
    if (spaced)
        WARN(p, blank, "space-around-equals",
             "blanks around '='; regedit writes none");

    bool del = false, clean = true, exact, is_hex = false;
    uint32_t type = 0;
    if (k < p->len && p->line[k] == '-') {
        del = true;
        clean = rest_is_clean(p, k + 1);
    } else if (k < p->len && p->line[k] == '"') {
        size_t e = read_quoted(p, k + 1, &p->data);
        if (e == 0) {
            ERR(p, k, "bad-string", "the string has no closing '\"'");
            return;
        }
        /* Stored as UTF-16LE with its terminating NUL, as regedit does. */
        p->conv.len = 0;
        if (utf8_to_utf16le((const char *)p->data.data, p->data.len,
                            &p->conv) < 0 ||
            bytebuf_append(&p->conv, "\0", 2) < 0) {
            ERR(p, k, "internal", "out of memory");
            return;
        }
        bytebuf t = p->data;
        p->data = p->conv;
        p->conv = t;
        type = REGLINT_REG_SZ;
        clean = rest_is_clean(p, e);
    } else if (prefix_at(p, k, "dword:", &exact)) {
        if (!parse_dword(p, k, &clean))
            return;
        type = REGLINT_REG_DWORD;
    } else if (prefix_at(p, k, "hex:", &exact) ||
               prefix_at(p, k, "hex(", &exact)) {
        if (!parse_hex(p, k, &type, &clean))
            return;
        is_hex = true;
    } else {
        ERR(p, k, "bad-data",
            "unrecognised value data; expected \"string\", dword:, hex:, "
            "hex(N): or -");
        return;
    }
    if (!clean)
        return;
    if (p->lineno != name_line) {
        /* A continued value: report against the line its name is on. */
        uint64_t cur = p->lineno;
        p->lineno = name_line;
        apply_value(p, 0, del, type, is_hex);
        p->lineno = cur;
        return;
    }
    apply_value(p, name_off, del, type, is_hex);
}

/* ---- skipping a section undecoded ---- */

/* What the lines of a skipped section would have been read as, carried
** from one line to the next: only whether the next line is a continuation
** matters, since a continuation line is never a key line. */
typedef struct skip_state {
    enum {
        SK_TOP,  /* the next line is read on its own                   */
        SK_HEX,  /* parse_hex() goes on at the start of the next line  */
        SK_CONT  /* skip_continuations() takes the next line           */
    } st;
    bool want_byte;  /* SK_HEX: after a comma                         */
    uint64_t bytes;  /* SK_HEX: data bytes so far                      */
} skip_state;

/* The lines are looked at as code units, the character itself when it is
** ASCII and 0x80 for anything else: all the syntax that decides
** continuations is ASCII, and a non-ASCII character is "other" to every
** test below, as its UTF-8 bytes are to the parser.  This runs over every
** byte of every skipped hex value, so the functions are written once and
** compiled once per code unit form (mode), with the unit fetch inlined:
** no pass over the line but the one that reads it. */
enum { SKM_BYTE, SKM_LE, SKM_BE };

#if defined(__GNUC__)
#define SK_INLINE static inline __attribute__((always_inline))
#else
#define SK_INLINE static inline
#endif

typedef struct sk_line {
    const uint8_t *p;
    size_t n; /* units */
} sk_line;

SK_INLINE unsigned sk_ch(const sk_line *l, size_t i, int mode)
{
    if (mode == SKM_BYTE)
        return l->p[i];
    const uint8_t *q = l->p + 2 * i;
    unsigned u = mode == SKM_LE ? (unsigned)q[0] | (unsigned)q[1] << 8
                                : (unsigned)q[0] << 8 | (unsigned)q[1];
    return u < 0x80 ? u : 0x80;
}

/* hexval() + 1 by table (0: not a hex digit). */
static const signed char hex_table[256] = {
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
    ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12,
    ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
    ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

SK_INLINE bool sk_is_hex(unsigned c) { return c < 256 && hex_table[c] != 0; }
SK_INLINE bool sk_blank(unsigned c) { return c == ' ' || c == '\t'; }
SK_INLINE bool sk_alnum(unsigned c) { return c < 0x80 && is_alnum((char)c); }

/* skip_blanks(): blanks and NUL characters. */
SK_INLINE size_t sk_skip(const sk_line *l, size_t i, int mode)
{
    while (i < l->n) {
        unsigned c = sk_ch(l, i, mode);
        if (!sk_blank(c) && c != 0)
            break;
        i++;
    }
    return i;
}

/* skip_continuations() on this line: does it take the next one? */
SK_INLINE bool sk_continued(const sk_line *l, int mode)
{
    size_t e = l->n;
    while (e > 0 && sk_blank(sk_ch(l, e - 1, mode)))
        e--;
    return e > 0 && sk_ch(l, e - 1, mode) == '\\';
}

/* After an error parse_hex() skips the continuations of the line. */
SK_INLINE void sk_hex_error(skip_state *s, const sk_line *l, int mode)
{
    s->st = sk_continued(l, mode) ? SK_CONT : SK_TOP;
}

/* parse_hex()'s loop over the data from k on. */
SK_INLINE void sk_hex_data(skip_state *s, const sk_line *l, size_t k,
                           int mode)
{
    size_t n = l->n;
    for (;;) {
        /* What regedit writes, "xx," again and again, in one stride. */
        while (k + 2 < n && sk_is_hex(sk_ch(l, k, mode)) &&
               sk_is_hex(sk_ch(l, k + 1, mode)) &&
               sk_ch(l, k + 2, mode) == ',' && s->bytes < MAX_VALUE_DATA) {
            s->bytes++;
            s->want_byte = true;
            k += 3;
        }
        k = sk_skip(l, k, mode);
        unsigned c = k < n ? sk_ch(l, k, mode) : 0;
        if (k >= n || c == ';') {
            s->st = SK_TOP;
            return;
        }
        if (c == '\\') {
            s->st = SK_HEX; /* the next line goes on from its start */
            return;
        }
        if (!sk_is_hex(c)) {
            if (!s->want_byte && s->bytes > 0)
                s->st = SK_TOP; /* the value ends; trailing text */
            else
                sk_hex_error(s, l, mode);
            return;
        }
        size_t after = k + (k + 1 < n && sk_is_hex(sk_ch(l, k + 1, mode))
                                ? 2 : 1);
        if ((after < n && sk_alnum(sk_ch(l, after, mode))) ||
            s->bytes >= MAX_VALUE_DATA) {
            sk_hex_error(s, l, mode);
            return;
        }
        s->bytes++;
        k = sk_skip(l, after, mode);
        s->want_byte = false;
        c = k < n ? sk_ch(l, k, mode) : 0;
        if (k < n && c == ',') {
            s->want_byte = true;
            k++;
        } else if (k < n && c != '\\' && c != ';') {
            s->st = SK_TOP;
            return;
        }
    }
}

/* Case-insensitive ASCII word at i, as prefix_at() matches it. */
SK_INLINE bool sk_prefix(const sk_line *l, size_t i, const char *word,
                         int mode)
{
    for (; *word; word++, i++) {
        if (i >= l->n)
            return false;
        unsigned c = sk_ch(l, i, mode);
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != (unsigned char)*word)
            return false;
    }
    return true;
}

/* One line of a skipped section.  true: it starts a key line (left for
** the parser); false: it is passed over, and s says how the next one is
** taken.  Mirrors run(), parse_value() and parse_hex() up to where each
** decides whether a line is continued. */
SK_INLINE bool sk_line_in(skip_state *s, const sk_line *l, int mode)
{
    if (s->st == SK_CONT) {
        s->st = sk_continued(l, mode) ? SK_CONT : SK_TOP;
        return false;
    }
    if (s->st == SK_HEX) {
        sk_hex_data(s, l, 0, mode);
        return false;
    }
    size_t n = l->n;
    size_t i = sk_skip(l, 0, mode);
    if (i >= n)
        return false;
    unsigned c = sk_ch(l, i, mode);
    if (c == '[')
        return true;
    if (c != '@' && c != '"')
        return false; /* a comment, or a line read on its own */
    size_t k = i + 1;
    if (c == '"') {
        /* read_quoted(): \\ and \" escapes; any "\x" is two characters. */
        unsigned q;
        while (k < n && (q = sk_ch(l, k, mode)) != '"')
            k += q == '\\' && k + 1 < n ? 2 : 1;
        if (k >= n)
            return false; /* no closing quote: refused, nothing taken */
        k++;
    }
    if (k < n && sk_blank(sk_ch(l, k, mode)))
        k = sk_skip(l, k, mode);
    if (k >= n || sk_ch(l, k, mode) != '=')
        return false;
    k++;
    if (k < n && sk_blank(sk_ch(l, k, mode)))
        k = sk_skip(l, k, mode);
    if (!sk_prefix(l, k, "hex:", mode) && !sk_prefix(l, k, "hex(", mode))
        return false; /* "string", dword:, -: one line each */
    /* parse_hex()'s prefix: hex, an optional (N), ':'. */
    k += 3;
    if (sk_ch(l, k, mode) == '(') {
        size_t st = ++k;
        while (k < n && sk_is_hex(sk_ch(l, k, mode)) && k - st < 9)
            k++;
        if (k == st || k - st > 8 || k >= n || sk_ch(l, k, mode) != ')') {
            sk_hex_error(s, l, mode);
            return false;
        }
        k++;
    }
    if (k >= n || sk_ch(l, k, mode) != ':') {
        sk_hex_error(s, l, mode);
        return false;
    }
    s->bytes = 0;
    s->want_byte = false;
    sk_hex_data(s, l, k + 1, mode);
    return false;
}

static bool skip_line_byte(skip_state *s, const sk_line *l)
{
    return sk_line_in(s, l, SKM_BYTE);
}

static bool skip_line_le(skip_state *s, const sk_line *l)
{
    return sk_line_in(s, l, SKM_LE);
}

static bool skip_line_be(skip_state *s, const sk_line *l)
{
    return sk_line_in(s, l, SKM_BE);
}

static bool skip_line(skip_state *s, const text_raw_line *rl)
{
    sk_line l = {rl->p, rl->n};
    if (rl->width == 1)
        return skip_line_byte(s, &l);
    return rl->be ? skip_line_be(s, &l) : skip_line_le(s, &l);
}

/* Pass over the lines of a section the filter does not want, up to the
** next line that starts a key line.  Lines are looked at raw; one that
** cannot be (longer than the read buffer) is decoded and looked at the
** same way.  1: the next line is to be read as usual (p->pending: it has
** been read already and is in p->line); 0 at the end; -1 on an error. */
static int skip_section(parser *p)
{
    skip_state s = {SK_TOP, false, 0};
    for (;;) {
        text_raw_line rl;
        int r = text_source_raw_line(p->ts, &rl);
        if (r < 0 || r == 0)
            return r;
        if (r == 1) {
            if (skip_line(&s, &rl))
                return 1; /* left unconsumed, for text_source_next_line() */
            p->lineno = text_source_raw_skip(p->ts);
            continue;
        }
        bool overlong;
        r = text_source_next_line(p->ts, &p->line, &p->len, &p->lineno,
                                  &overlong);
        if (r <= 0)
            return r;
        /* Decoded UTF-8: its non-ASCII bytes are >= 0x80, "other". */
        sk_line dl = {(const uint8_t *)p->line, p->len};
        if (overlong) {
            /* run() drops it whole; inside a continued value parse_hex()
            ** and skip_continuations() look at what is left of it. */
            if (s.st == SK_TOP)
                ERR(p, 0, "line-too-long",
                    "line longer than %u bytes; the rest of it is skipped",
                    TEXT_MAX_LINE);
            else
                s.st = sk_continued(&dl, SKM_BYTE) ? SK_CONT : SK_TOP;
            continue;
        }
        if (skip_line_byte(&s, &dl)) {
            p->pending = true;
            return 1;
        }
    }
}

/* ---- the file ---- */

static bool header_tail_ok(const parser *p, size_t i)
{
    return i >= p->len || is_blank(p->line[i]) || p->line[i] == ';';
}

/* The first non-blank line: a header, or not. Returns false to stop. */
static bool parse_header(parser *p, size_t i)
{
    static const char v5[] = "Windows Registry Editor Version 5.00";
    p->header_done = true;
    if (p->len - i >= sizeof v5 - 1 && memcmp(p->line + i, v5, sizeof v5 - 1) == 0 &&
        header_tail_ok(p, i + sizeof v5 - 1)) {
        p->version = 5;
        return true;
    }
    if (p->len - i >= 8 && memcmp(p->line + i, "REGEDIT4", 8) == 0 &&
        header_tail_ok(p, i + 8)) {
        p->version = 4;
        return true;
    }
    bool exact;
    if (prefix_at(p, i, "wine registry", &exact)) {
        ERR(p, i, "unsupported-format",
            "a WINE registry file, not a regedit .reg file; not read");
        return false;
    }
    WARN(p, 0, "missing-header",
         "no 'Windows Registry Editor Version 5.00' header; regedit refuses "
         "such a file");
    return true;
}

static int run(parser *p)
{
    bool overlong;
    int r;
    for (;;) {
        if (p->kstate == KS_SKIP && !p->pending &&
            (r = skip_section(p)) <= 0)
            break;
        if (p->pending) {
            p->pending = false;
            overlong = false;
        } else if ((r = text_source_next_line(p->ts, &p->line, &p->len,
                                              &p->lineno, &overlong)) <= 0) {
            break;
        }
        if (overlong) {
            ERR(p, 0, "line-too-long",
                "line longer than %u bytes; the rest of it is skipped",
                TEXT_MAX_LINE);
            continue;
        }
        size_t i = skip_blanks(p, 0);
        if (i >= p->len)
            continue;
        if (!p->header_done) {
            if (!parse_header(p, i))
                return 0;
            if (p->version)
                continue;
        }
        switch (p->line[i]) {
        case ';':
            break;
        case '[':
            parse_key(p, i);
            break;
        case '@':
        case '"':
            parse_value(p, i);
            break;
        default: {
            /* NAME=... without quotes: chntpw reads it, regedit does not. */
            size_t k = i;
            while (k < p->len && p->line[k] != '=' && p->line[k] != '[')
                k++;
            if (k < p->len && p->line[k] == '=')
                ERR(p, i, "unquoted-name",
                    "value name without quotes; regedit ignores this line");
            else
                ERR(p, i, "syntax", "not a key, value or comment line");
            break;
        }
        }
        if (p->io_error)
            break;
    }
    if (r < 0 || p->io_error)
        return -1;
    return 0;
}

static int read_source(const reg_sink *sink, const reg_filter *filter,
                       uint32_t source, const char *name, text_source *ts,
                       const reglint_reg_options *opts, reglint_diags *diags,
                       reglint_reg_info *info)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.sink = sink;
    p.filter = filter;
    p.ts = ts;
    p.file = name;
    p.diags = diags;
    p.strict = opts && opts->strict;
    p.max_diags = opts && opts->max_diags ? opts->max_diags : DEFAULT_MAX_DIAGS;
    p.source = source;
    if (filter && filter->skips)
        text_source_lazy(ts);
    p.info.encoding = text_source_encoding(ts);
    if (p.info.encoding == REGLINT_ENC_UTF16LE_NOBOM)
        diag_at(&p, REGLINT_WARNING, 1, 1, "missing-bom",
                "UTF-16LE without a byte-order mark; regedit writes one");
    int rc = run(&p);
    if (rc < 0)
        diag_at(&p, REGLINT_ERROR, p.lineno, 0, "unreadable",
                "read error: %s", reglint_last_error());
    const char *code;
    uint64_t col;
    uint64_t line = text_source_decode_problem(ts, &code, &col);
    if (line)
        diag_at(&p, REGLINT_WARNING, line, col, code,
                strcmp(code, "invalid-utf8") == 0
                    ? "bytes that are not UTF-8 (first here), read as "
                      "Windows-1252"
                    : "an unpaired UTF-16 surrogate (first here), read as "
                      "U+FFFD");
    p.info.version = p.version;
    p.info.lines = p.lineno;
    if (info)
        *info = p.info;
    bytebuf_free(&p.name);
    bytebuf_free(&p.data);
    bytebuf_free(&p.conv);
    bytebuf_free(&p.made);
    return rc;
}

static int open_failed(const char *name, reglint_diags *diags,
                       reglint_reg_info *info)
{
    int e = errno;
    if (diags)
        reglint_diags_add(diags, REGLINT_ERROR, name, 0, 0, -1,
                          e == EINVAL ? "not-text" : "unreadable",
                          reglint_last_error());
    if (info)
        memset(info, 0, sizeof *info);
    errno = e;
    return -1;
}

int reg_parse_file(const reg_sink *sink, uint32_t source, const char *path,
                   const reglint_reg_options *opts, reglint_diags *diags,
                   reglint_reg_info *info)
{
    return reg_parse_file_filtered(sink, NULL, source, path, opts, diags,
                                   info);
}

int reg_parse_file_filtered(const reg_sink *sink, const reg_filter *filter,
                            uint32_t source, const char *path,
                            const reglint_reg_options *opts,
                            reglint_diags *diags, reglint_reg_info *info)
{
    text_source *ts = text_source_open_file(path);
    if (!ts)
        return open_failed(path, diags, info);
    int rc = read_source(sink, filter, source, path, ts, opts, diags, info);
    text_source_close(ts);
    return rc;
}

int reg_parse_buffer(const reg_sink *sink, uint32_t source, const char *name,
                     const void *data, size_t len,
                     const reglint_reg_options *opts, reglint_diags *diags,
                     reglint_reg_info *info)
{
    text_source *ts = text_source_open_buffer(data, len);
    if (!ts)
        return open_failed(name, diags, info);
    int rc = read_source(sink, NULL, source, name, ts, opts, diags, info);
    text_source_close(ts);
    return rc;
}

/* ---- applying to a registry ---- */

static void *registry_sink_create_key(void *ctx, const path_split *ps,
                                      reglint_origin o)
{
    return registry_key_create_parts(ctx, ps, o);
}

static int registry_sink_delete_key(void *ctx, const path_split *ps,
                                    reglint_origin o)
{
    (void)o;
    return registry_key_delete_parts(ctx, ps);
}

static int registry_sink_set_value(void *ctx, void *key, const char *name,
                                   size_t nlen, uint32_t type,
                                   const void *data, size_t len,
                                   reglint_origin o)
{
    return registry_set_value_n(ctx, key, name, nlen, type, data, len, o);
}

static int registry_sink_delete_value(void *ctx, void *key, const char *name,
                                      size_t nlen, reglint_origin o)
{
    (void)o;
    return registry_delete_value_n(ctx, key, name, nlen);
}

void registry_sink_init(reg_sink *sink, reglint_registry *reg)
{
    sink->ctx = reg;
    sink->create_key = registry_sink_create_key;
    sink->delete_key = registry_sink_delete_key;
    sink->set_value = registry_sink_set_value;
    sink->delete_value = registry_sink_delete_value;
}

int reglint_reg_read_file(reglint_registry *reg, const char *path,
                          const reglint_reg_options *opts,
                          reglint_diags *diags, reglint_reg_info *info)
{
    reg_sink sink;
    registry_sink_init(&sink, reg);
    uint32_t source = reglint_registry_add_source(reg, path);
    return reg_parse_file(&sink, source, path, opts, diags, info);
}

int reglint_reg_read_buffer(reglint_registry *reg, const char *name,
                            const void *data, size_t len,
                            const reglint_reg_options *opts,
                            reglint_diags *diags, reglint_reg_info *info)
{
    reg_sink sink;
    registry_sink_init(&sink, reg);
    uint32_t source = reglint_registry_add_source(reg, name);
    return reg_parse_buffer(&sink, source, name, data, len, opts, diags,
                            info);
}

const char *reglint_encoding_name(reglint_encoding e)
{
    switch (e) {
    case REGLINT_ENC_UTF16LE: return "UTF-16LE";
    case REGLINT_ENC_UTF8: return "UTF-8";
    case REGLINT_ENC_UTF8_BOM: return "UTF-8 with BOM";
    case REGLINT_ENC_UTF16LE_NOBOM: return "UTF-16LE without BOM";
    case REGLINT_ENC_UTF16BE: return "UTF-16BE";
    case REGLINT_ENC_CP1252: return "Windows-1252";
    }
    return "unknown";
}
