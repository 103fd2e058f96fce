/*
** registry_path.c — root names and key paths.
**
** A path is a root ("HKEY_LOCAL_MACHINE", or an abbreviation such as
** "HKLM", in any case) followed by backslash-separated key names.  Empty
** components (doubled or trailing backslashes) are dropped, as regedit
** drops them.
*/
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct root_name {
    const char *full;
    const char *abbrev;
} roots[] = {
    {"HKEY_LOCAL_MACHINE", "HKLM"},
    {"HKEY_CURRENT_USER", "HKCU"},
    {"HKEY_CLASSES_ROOT", "HKCR"},
    {"HKEY_USERS", "HKU"},
    {"HKEY_CURRENT_CONFIG", "HKCC"},
    {"HKEY_PERFORMANCE_DATA", NULL},
    {"HKEY_DYN_DATA", "HKDD"},
};

static const struct root_name *find_root(const char *s, size_t n, bool *abbrev,
                                         bool *exact)
{
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        const struct root_name *r = &roots[i];
        if (strlen(r->full) == n && strncasecmp(r->full, s, n) == 0) {
            *abbrev = false;
            *exact = memcmp(r->full, s, n) == 0;
            return r;
        }
        if (r->abbrev && strlen(r->abbrev) == n &&
            strncasecmp(r->abbrev, s, n) == 0) {
            *abbrev = true;
            *exact = false;
            return r;
        }
    }
    return NULL;
}

const char *reglint_root_canonical(const char *name, size_t len)
{
    bool abbrev, exact;
    const struct root_name *r = find_root(name, len, &abbrev, &exact);
    return r ? r->full : NULL;
}

int path_split_parse(const char *path, size_t n, path_split *out)
{
    memset(out, 0, sizeof *out);
    const char *sep = memchr(path, '\\', n);
    size_t rlen = sep ? (size_t)(sep - path) : n;
    bool abbrev, exact;
    const struct root_name *r = find_root(path, rlen, &abbrev, &exact);
    if (!r)
        return reglint__fail(EINVAL, "'%.*s' is not a registry root",
                             (int)(rlen > 64 ? 64 : rlen), path);
    out->root = r->full;
    out->root_len = rlen;
    out->root_abbrev = abbrev;
    out->root_case = !abbrev && !exact;

    size_t cap = 0;
    for (size_t i = rlen; i < n; i++)
        cap += path[i] == '\\';
    if (cap) {
        out->parts = malloc(cap * sizeof *out->parts);
        if (!out->parts)
            return reglint__fail(ENOMEM, "out of memory");
    }
    size_t i = rlen;
    while (i < n) {
        i++; /* the backslash */
        size_t start = i;
        while (i < n && path[i] != '\\')
            i++;
        if (i == start) {
            out->empty_parts = true;
            continue;
        }
        out->parts[out->nparts].s = path + start;
        out->parts[out->nparts].n = i - start;
        out->nparts++;
    }
    return 0;
}

void path_split_free(path_split *ps)
{
    free(ps->parts);
    ps->parts = NULL;
    ps->nparts = 0;
}

char *reglint_path_normalize(const char *path)
{
    path_split ps;
    if (path_split_parse(path, strlen(path), &ps) < 0)
        return NULL;
    size_t len = strlen(ps.root) + 1;
    for (size_t i = 0; i < ps.nparts; i++)
        len += ps.parts[i].n + 1;
    char *s = malloc(len);
    if (!s) {
        path_split_free(&ps);
        return reglint__fail_null(ENOMEM, "out of memory");
    }
    char *p = s;
    size_t rl = strlen(ps.root);
    memcpy(p, ps.root, rl);
    p += rl;
    for (size_t i = 0; i < ps.nparts; i++) {
        *p++ = '\\';
        memcpy(p, ps.parts[i].s, ps.parts[i].n);
        p += ps.parts[i].n;
    }
    *p = '\0';
    path_split_free(&ps);
    return s;
}

/* ---- CurrentControlSet ---- */

unsigned control_set_number(const char *s, size_t n)
{
    static const char word[] = "ControlSet";
    const size_t wl = sizeof word - 1;
    if (n < wl + 1 || n > wl + 3 || name_compare_n(s, wl, word, wl) != 0)
        return 0;
    unsigned v = 0;
    for (size_t i = wl; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    /* Windows names them with three digits: ControlSet001 ... ControlSet999. */
    return n == wl + 3 ? v : 0;
}

static bool part_is(const path_part *p, const char *word)
{
    size_t n = strlen(word);
    return name_compare_n(p->s, p->n, word, n) == 0;
}

bool path_is_current_control_set(const path_split *ps)
{
    return ps->nparts >= 2 && strcmp(ps->root, "HKEY_LOCAL_MACHINE") == 0 &&
           part_is(&ps->parts[0], "SYSTEM") &&
           part_is(&ps->parts[1], "CurrentControlSet");
}

int path_map_control_set(const path_split *in, unsigned ccs,
                         mapped_path *out)
{
    out->ps = *in;
    out->heap = NULL;
    if (ccs == 0 || ccs > 999 || !path_is_current_control_set(in))
        return 0;
    /* The caller's parts stay as they are: map a copy. */
    out->heap = malloc(in->nparts * sizeof *out->heap);
    if (!out->heap)
        return reglint__fail(ENOMEM, "out of memory");
    memcpy(out->heap, in->parts, in->nparts * sizeof *out->heap);
    int n = snprintf(out->buf, sizeof out->buf, "ControlSet%03u", ccs);
    out->heap[1].s = out->buf;
    out->heap[1].n = (size_t)n;
    out->ps.parts = out->heap;
    return 0;
}

/* ---- globs in names ---- */

static size_t char_len(const char *s, size_t n)
{
    uint32_t cp;
    size_t l = utf8_decode(s, n, &cp);
    return l ? l : 1;
}

bool name_has_glob(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '*' || s[i] == '?')
            return true;
    return false;
}

bool name_glob_match(const char *p, size_t pn, const char *s, size_t sn)
{
    /* Iterative matching with one backtrack point: linear in practice,
    ** O(pn * sn) at worst, no recursion. */
    size_t pi = 0, si = 0, star_p = SIZE_MAX, star_s = 0;
    while (si < sn) {
        if (pi < pn && p[pi] == '*') {
            star_p = ++pi;
            star_s = si;
            continue;
        }
        if (pi < pn) {
            size_t sl = char_len(s + si, sn - si);
            if (p[pi] == '?') {
                pi++;
                si += sl;
                continue;
            }
            size_t pl = char_len(p + pi, pn - pi);
            if (name_compare_n(p + pi, pl, s + si, sl) == 0) {
                pi += pl;
                si += sl;
                continue;
            }
        }
        if (star_p == SIZE_MAX)
            return false;
        star_s += char_len(s + star_s, sn - star_s);
        si = star_s;
        pi = star_p;
    }
    while (pi < pn && p[pi] == '*')
        pi++;
    return pi == pn;
}
