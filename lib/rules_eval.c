/*
** rules_eval.c — running rules on a view: which rules a check selects,
** their `applies` conditions on OS facts, the declarative tests (value,
** key exists / absent, effective protocol state, all-of / any-of), what an
** absent value means per build, coverage, escalation, and the result set
** the reports read.  The built-in checks are in rules_builtin.c; the
** Schannel state in schannel.c.  The semantics are those of
** ../shared/docs/rule-packs.md and the design notes of issue 4.
**
** A verdict is only as good as what the sources say: whatever a rule reads
** from a key that no source covers is `unknown`, with the export that
** would settle it, never a pass or a fail on a guess; and a verdict that
** depends on an OS fact nobody knows is `unknown` too, naming the fact.
*/
#include "rules_eval.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct reglint_results {
    arena mem;           /* every string of every result                  */
    reglint_result *r;   /* malloc'd                                      */
    size_t n, cap;
};

/* ------------------------------------------------------------------ */
/* Small things                                                         */
/* ------------------------------------------------------------------ */

const char *reglint_verdict_name(reglint_verdict r)
{
    switch (r) {
    case REGLINT_PASS: return "pass";
    case REGLINT_FAIL: return "fail";
    case REGLINT_UNKNOWN: return "unknown";
    case REGLINT_NA: return "n/a";
    default: return "unknown";
    }
}

char *ev_printf(eval_ctx *c, const char *fmt, ...)
{
    if (c->oom)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        c->oom = true;
        return NULL;
    }
    char *out = arena_alloc(&c->res->mem, (size_t)n + 1);
    if (!out) {
        c->oom = true;
        return NULL;
    }
    if ((size_t)n < sizeof small) {
        memcpy(out, small, (size_t)n + 1);
    } else {
        va_start(ap, fmt);
        vsnprintf(out, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return out;
}

char *ev_strdup(eval_ctx *c, const char *s)
{
    if (!s || c->oom)
        return NULL;
    char *out = arena_strndup(&c->res->mem, s, strlen(s));
    if (!out)
        c->oom = true;
    return out;
}

const char *ev_key_path(eval_ctx *c, const reglint_key *k)
{
    char *p = reglint_key_path(k);
    if (!p) {
        c->oom = true;
        return NULL;
    }
    char *out = ev_strdup(c, p);
    free(p);
    return out;
}

const char *ev_value_label(const char *name)
{
    return !name || !*name ? "(Default)" : name;
}

bool ev_dword(const reglint_value *v, uint32_t *out)
{
    size_t len = 0;
    const uint8_t *d = reglint_value_data(v, &len);
    if (reglint_value_type(v) != REGLINT_REG_DWORD || len != 4)
        return false;
    *out = (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 |
           (uint32_t)d[3] << 24;
    return true;
}

/* Printable copy of s in buf: at most max bytes (cut on a character
** boundary, "..." added), control characters shown as '?', so that a
** value's text stays on one line of a report. */
static void printable(const char *s, char *buf, size_t bufsz, size_t max)
{
    size_t n = strlen(s), o = 0;
    bool cut = false;
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
        cut = true;
    }
    for (size_t i = 0; i < n && o + 4 < bufsz; i++)
        buf[o++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    if (cut && o + 4 < bufsz) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
}

#define SHOW_MAX 160 /* bytes of string data shown in a result */

const char *ev_value_text(eval_ctx *c, const reglint_value *v)
{
    char tb[REGLINT_TYPE_NAME_MAX];
    uint32_t type = reglint_value_type(v);
    const char *tn = reglint_type_name(type, tb);
    size_t len = 0;
    const uint8_t *d = reglint_value_data(v, &len);
    uint32_t dw;
    uint64_t qw;
    if ((type == REGLINT_REG_DWORD || type == REGLINT_REG_DWORD_BIG_ENDIAN) &&
        len == 4 && reglint_value_get_dword(v, &dw) == 0)
        return ev_printf(c, "%s 0x%08x (%u)", tn, (unsigned)dw,
                         (unsigned)dw);
    if (type == REGLINT_REG_QWORD && len == 8 &&
        reglint_value_get_qword(v, &qw) == 0)
        return ev_printf(c, "%s 0x%016llx (%llu)", tn, (unsigned long long)qw,
                         (unsigned long long)qw);
    if (type == REGLINT_REG_SZ || type == REGLINT_REG_EXPAND_SZ ||
        type == REGLINT_REG_LINK) {
        char *s = reglint_value_get_string(v);
        if (s) {
            char show[SHOW_MAX + 8];
            printable(s, show, sizeof show, SHOW_MAX);
            free(s);
            return ev_printf(c, "%s \"%s\"", tn, show);
        }
    }
    if (type == REGLINT_REG_MULTI_SZ) {
        size_t cnt = 0;
        char **sv = reglint_value_get_multi_sz(v, &cnt);
        if (sv) {
            char show[SHOW_MAX + 8];
            char all[SHOW_MAX * 2] = "";
            size_t o = 0;
            for (size_t i = 0; i < cnt && o < SHOW_MAX; i++) {
                printable(sv[i], show, sizeof show, SHOW_MAX);
                int w = snprintf(all + o, sizeof all - o, "%s\"%s\"",
                                 i ? ", " : "", show);
                if (w < 0 || (size_t)w >= sizeof all - o)
                    break;
                o += (size_t)w;
            }
            reglint_strv_free(sv);
            return ev_printf(c, "%s %s%s", tn, cnt ? all : "(empty)",
                             o >= SHOW_MAX ? " ..." : "");
        }
    }
    char hex[16 * 3 + 4] = "";
    size_t o = 0;
    for (size_t i = 0; i < len && i < 16; i++)
        o += (size_t)snprintf(hex + o, sizeof hex - o, "%s%02x", i ? " " : "",
                              d[i]);
    return ev_printf(c, "%s %s%s(%zu byte%s)", tn, hex,
                     len > 16 ? " ... " : len ? " " : "", len,
                     len == 1 ? "" : "s");
}

/* ------------------------------------------------------------------ */
/* Globs and key lookup                                                 */
/* ------------------------------------------------------------------ */

typedef struct glob_walk {
    const path_split *ps;
    ev_key_fn fn;
    void *ctx;
    /* One name at a time, NUL-terminated for the lookup; shared by every
    ** level so that the recursion's frames stay small. */
    char name[REGLINT_MAX_KEY_NAME * 4 + 1];
} glob_walk;

/* Depth is bounded by the path's components and, since it only goes
** where keys exist, by the model's REGLINT_MAX_DEPTH. */
static int glob_descend(glob_walk *g, const reglint_key *k, size_t i)
{
    if (i == g->ps->nparts)
        return g->fn(k, g->ctx);
    const path_part *part = &g->ps->parts[i];
    if (!name_has_glob(part->s, part->n)) {
        if (part->n >= sizeof g->name)
            return 0;
        memcpy(g->name, part->s, part->n);
        g->name[part->n] = '\0';
        const reglint_key *sub = reglint_key_subkey(k, g->name);
        return sub ? glob_descend(g, sub, i + 1) : 0;
    }
    size_t n = reglint_key_subkey_count(k);
    for (size_t j = 0; j < n; j++) {
        const reglint_key *sub = reglint_key_subkey_at(k, j);
        const char *nm = reglint_key_name(sub);
        if (name_glob_match(part->s, part->n, nm, strlen(nm)) &&
            glob_descend(g, sub, i + 1) < 0)
            return -1;
    }
    return 0;
}

/* The path up to (not including) its first globbed component, to free();
** the whole path when none globs.  NULL on ENOMEM or a bad path. */
static char *glob_prefix(const char *path, size_t *first_glob,
                         path_split *ps)
{
    if (path_split_parse(path, strlen(path), ps) < 0)
        return NULL;
    size_t g = 0;
    while (g < ps->nparts && !name_has_glob(ps->parts[g].s, ps->parts[g].n))
        g++;
    *first_glob = g;
    size_t len = strlen(ps->root);
    for (size_t i = 0; i < g; i++)
        len += 1 + ps->parts[i].n;
    char *out = malloc(len + 1);
    if (!out) {
        path_split_free(ps);
        return NULL;
    }
    size_t o = strlen(ps->root);
    memcpy(out, ps->root, o);
    for (size_t i = 0; i < g; i++) {
        out[o++] = '\\';
        memcpy(out + o, ps->parts[i].s, ps->parts[i].n);
        o += ps->parts[i].n;
    }
    out[o] = '\0';
    return out;
}

int ev_glob_keys(const reglint_view *v, const char *path, ev_key_fn fn,
                 void *ctx)
{
    path_split ps;
    size_t g;
    char *prefix = glob_prefix(path, &g, &ps);
    if (!prefix)
        return errno == ENOMEM ? -1 : 0;
    int rc = 0;
    /* The view maps CurrentControlSet in the fixed part; globs come
    ** below it. */
    const reglint_key *k = reglint_view_key_open(v, prefix);
    if (k) {
        glob_walk *gw = malloc(sizeof *gw);
        if (!gw) {
            errno = ENOMEM;
            rc = -1;
        } else {
            gw->ps = &ps;
            gw->fn = fn;
            gw->ctx = ctx;
            rc = glob_descend(gw, k, g);
            free(gw);
        }
    }
    free(prefix);
    path_split_free(&ps);
    return rc;
}

bool ev_covered(const eval_ctx *c, const char *path)
{
    path_split ps;
    size_t g;
    char *prefix = glob_prefix(path, &g, &ps);
    if (!prefix)
        return false;
    path_split_free(&ps);
    int r = reglint_view_covers(c->v, prefix);
    free(prefix);
    return r > 0;
}

/* ------------------------------------------------------------------ */
/* Coverage hints                                                       */
/* ------------------------------------------------------------------ */

/* Keys whose whole subtree one export should bring: the rule's key is
** cut after the first of these, because one `reg export` of the anchor
** settles every rule below it (all protocols, ciphers and hashes under
** SCHANNEL; both .NET versions). */
static const char *const export_anchors[] = {
    "SCHANNEL", ".NETFramework", "SystemCertificates", "Microsoft SQL Server",
    "WinHttp", "Packages"};

const char *ev_export_hint(eval_ctx *c, const char *path)
{
    path_split ps;
    size_t g;
    char *prefix = glob_prefix(path, &g, &ps);
    if (!prefix)
        return ev_printf(c, "give a source that covers it");
    size_t cut = g;
    for (size_t i = 0; i < g && cut == g; i++)
        for (size_t a = 0; a < sizeof export_anchors / sizeof *export_anchors;
             a++)
            if (name_compare_n(ps.parts[i].s, ps.parts[i].n, export_anchors[a],
                               strlen(export_anchors[a])) == 0) {
                cut = i + 1;
                break;
            }
    bool hklm = strcmp(ps.root, "HKEY_LOCAL_MACHINE") == 0;
    /* As long as the prefix it is cut from: a fixed buffer cut long paths
    ** (rule paths reach 16 KiB, SQL ids are registry data) into a wrong
    ** command, and inside a UTF-8 character, which made the JSON report
    ** invalid. */
    size_t keysz = strlen(ps.root) + strlen(prefix) + 2;
    char *key = malloc(keysz);
    if (!key) {
        free(prefix);
        path_split_free(&ps);
        c->oom = true;
        return NULL;
    }
    size_t o = (size_t)snprintf(key, keysz, "%s", hklm ? "HKLM" : ps.root);
    for (size_t i = 0; i < cut && o < keysz; i++)
        o += (size_t)snprintf(key + o, keysz - o, "\\%.*s",
                              (int)ps.parts[i].n, ps.parts[i].s);
    /* The file name: the last component, letters and digits only. */
    char file[64];
    size_t f = 0;
    if (cut > 0) {
        const path_part *last = &ps.parts[cut - 1];
        for (size_t i = 0; i < last->n && f < 40; i++) {
            char ch = last->s[i];
            if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                (ch >= '0' && ch <= '9'))
                file[f++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a'
                                                          : ch);
        }
    }
    if (!f)
        f = (size_t)snprintf(file, sizeof file, "export");
    file[f] = '\0';
    const char *hive = NULL;
    if (hklm && ps.nparts > 0) {
        if (name_compare_n(ps.parts[0].s, ps.parts[0].n, "SYSTEM", 6) == 0)
            hive = "SYSTEM";
        else if (name_compare_n(ps.parts[0].s, ps.parts[0].n, "SOFTWARE",
                                8) == 0)
            hive = "SOFTWARE";
    }
    free(prefix);
    path_split_free(&ps);
    const char *hint =
        hive ? ev_printf(c, "reg export \"%s\" %s.reg, or give the %s hive",
                         key, file, hive)
             : ev_printf(c, "reg export \"%s\" %s.reg", key, file);
    free(key);
    return hint;
}

/* "HKLM\..." for people: the long root name is noise in one line. */
const char *ev_short_path(eval_ctx *c, const char *path)
{
    static const char hklm[] = "HKEY_LOCAL_MACHINE";
    if (path && strncmp(path, hklm, sizeof hklm - 1) == 0 &&
        (path[sizeof hklm - 1] == '\\' || path[sizeof hklm - 1] == '\0'))
        return ev_printf(c, "HKLM%s", path + sizeof hklm - 1);
    return path;
}

static void set_uncovered(eval_ctx *c, outcome *o, const char *path)
{
    o->verdict = REGLINT_UNKNOWN;
    o->actual = "not read: no source covers this key";
    o->reason = ev_printf(c, "no source covers %s: %s", ev_short_path(c, path),
                          ev_export_hint(c, path));
}

/* ------------------------------------------------------------------ */
/* Conditions on OS facts                                               */
/* ------------------------------------------------------------------ */

enum { MISS_BUILD = 1, MISS_ROLE = 2, MISS_ARCH = 4 };

static bool os_is_server(const reglint_os *os)
{
    return os->role == REGLINT_ROLE_SERVER || os->role == REGLINT_ROLE_DC;
}

static bool os_is_64(const reglint_os *os)
{
    return os->arch == REGLINT_ARCH_X64 || os->arch == REGLINT_ARCH_ARM64 ||
           os->arch == REGLINT_ARCH_IA64;
}

/* 1 holds, 0 does not, -1 unknown (the facts it needed added to *miss).
** A part that is false makes the whole false even when another part's
** fact is unknown. */
static int cond_eval(const cond *cd, const reglint_os *os, unsigned *miss)
{
    unsigned m = 0;
    if (cd->builds.n) {
        if (!os->build)
            m |= MISS_BUILD;
        else if (!build_set_has(&cd->builds, os->build))
            return 0;
    }
    if (cd->role != ROLE_ANY) {
        if (os->role == REGLINT_ROLE_UNKNOWN)
            m |= MISS_ROLE;
        else if ((cd->role == ROLE_SERVER) != os_is_server(os))
            return 0;
    }
    if (cd->bits != BITS_ANY) {
        if (os->arch == REGLINT_ARCH_UNKNOWN)
            m |= MISS_ARCH;
        else if ((cd->bits == BITS_64) != os_is_64(os))
            return 0;
    }
    if (m) {
        *miss |= m;
        return -1;
    }
    return 1;
}

/* Any of cs; an alternative that holds decides even when another is
** unknown. */
static int conds_eval(const conds *cs, const reglint_os *os, unsigned *miss)
{
    if (cs->n == 0)
        return 1;
    unsigned m = 0;
    bool unknown = false;
    for (size_t i = 0; i < cs->n; i++) {
        int r = cond_eval(&cs->c[i], os, &m);
        if (r > 0)
            return 1;
        if (r < 0)
            unknown = true;
    }
    if (unknown) {
        *miss |= m;
        return -1;
    }
    return 0;
}

/* Both must hold. */
static int and3(int a, int b)
{
    if (a == 0 || b == 0)
        return 0;
    return a < 0 || b < 0 ? -1 : 1;
}

/* What to supply for each missing fact. */
static const char *missing_reason(eval_ctx *c, unsigned miss)
{
    const char *b = miss & MISS_BUILD
        ? "the OS build is unknown: give --os (e.g. --os 2012r2), or include "
          "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
        : NULL;
    const char *r = miss & MISS_ROLE
        ? "whether the OS is a client or a server is unknown: give --os (e.g. "
          "--os server:17763), or include SYSTEM\\CurrentControlSet\\Control"
          "\\ProductOptions"
        : NULL;
    const char *a = miss & MISS_ARCH
        ? "whether the OS is 64-bit is unknown: give --os with an "
          "architecture (e.g. --os 2019/x64), or include SYSTEM\\"
          "CurrentControlSet\\Control\\Session Manager\\Environment"
        : NULL;
    return ev_printf(c, "%s%s%s%s%s", b ? b : "", b && (r || a) ? "; " : "",
                     r ? r : "", r && a ? "; " : "", a ? a : "");
}

/* "Windows Server 2012 R2 (build 9600)" */
static const char *os_text(eval_ctx *c)
{
    char rel[128];
    if (!c->os->build)
        return "an unknown OS build";
    return ev_printf(c, "%s (build %u)",
                     reglint_os_release_name(c->os, rel, sizeof rel),
                     c->os->build);
}

/* ------------------------------------------------------------------ */
/* Expectations                                                         */
/* ------------------------------------------------------------------ */

static bool type_is_string(uint32_t t)
{
    return t == REGLINT_REG_SZ || t == REGLINT_REG_EXPAND_SZ ||
           t == REGLINT_REG_LINK || t == REGLINT_REG_MULTI_SZ;
}

static bool type_is_number(uint32_t t)
{
    return t == REGLINT_REG_DWORD || t == REGLINT_REG_DWORD_BIG_ENDIAN ||
           t == REGLINT_REG_QWORD;
}

/* Is v of the type the rule expects, as Windows would read it?  A DWORD
** is 4 bytes and a QWORD 8: anything else the API refuses. */
bool ev_type_ok(const reglint_value *v, uint32_t want)
{
    size_t len = 0;
    reglint_value_data(v, &len);
    uint32_t t = reglint_value_type(v);
    if (t != want)
        return false;
    if (want == REGLINT_REG_DWORD || want == REGLINT_REG_DWORD_BIG_ENDIAN)
        return len == 4;
    if (want == REGLINT_REG_QWORD)
        return len == 8;
    return true;
}

static uint64_t value_number(const reglint_value *v)
{
    uint32_t d;
    uint64_t q = 0;
    if (reglint_value_get_dword(v, &d) == 0)
        return d;
    reglint_value_get_qword(v, &q);
    return q;
}

/* A number for people: small ones in decimal, masks and big ones in hex. */
static const char *num_text(eval_ctx *c, uint64_t x)
{
    if (x < 65536)
        return ev_printf(c, "%llu", (unsigned long long)x);
    return ev_printf(c, "0x%llx", (unsigned long long)x);
}

static const char *hex_text(eval_ctx *c, uint64_t x)
{
    return ev_printf(c, "0x%llx", (unsigned long long)x);
}

static bool single_bit(uint64_t x) { return x && !(x & (x - 1)); }

/* "not 0", "= 1", "bit 0x800 set" ... ; NULL for EX_NONE. */
static const char *expect_text(eval_ctx *c, const expectation *e)
{
    switch (e->kind) {
    case EX_EQUALS:
        return e->str ? ev_printf(c, "= \"%s\"", e->str)
                      : ev_printf(c, "= %s", num_text(c, e->num));
    case EX_ONE_OF: {
        char buf[512] = "";
        size_t o = 0;
        for (size_t i = 0; i < e->nnums && o < sizeof buf; i++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
                                  i ? ", " : "", num_text(c, e->nums[i]));
        return ev_printf(c, "one of %s", buf);
    }
    case EX_NONZERO:
        return "not 0";
    case EX_BITS:
        if (e->set_bits && e->clear_bits)
            return ev_printf(c, "%s %s set, %s %s clear",
                             single_bit(e->set_bits) ? "bit" : "bits",
                             hex_text(c, e->set_bits),
                             single_bit(e->clear_bits) ? "bit" : "bits",
                             hex_text(c, e->clear_bits));
        if (e->set_bits)
            return ev_printf(c, "%s %s set",
                             single_bit(e->set_bits) ? "bit" : "bits",
                             hex_text(c, e->set_bits));
        return ev_printf(c, "%s %s clear",
                         single_bit(e->clear_bits) ? "bit" : "bits",
                         hex_text(c, e->clear_bits));
    case EX_MIN:
        return ev_printf(c, ">= %s", num_text(c, e->num));
    case EX_TOKENS_EXCLUDE: {
        char buf[512] = "";
        size_t o = 0;
        for (size_t i = 0; i < e->ntokens && o < sizeof buf; i++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
                                  i ? ", " : "", e->tokens[i]);
        return ev_printf(c, "naming none of %s", buf);
    }
    default:
        return NULL;
    }
}

static const char *expected_text(eval_ctx *c, uint32_t type,
                                 const expectation *e)
{
    char tb[REGLINT_TYPE_NAME_MAX];
    const char *tn = reglint_type_name(type, tb);
    const char *x = expect_text(c, e);
    return x ? ev_printf(c, "%s, %s", tn, x) : ev_strdup(c, tn);
}

/* Test a number: 1 holds, 0 not. */
static int expect_number(const expectation *e, uint64_t d)
{
    switch (e->kind) {
    case EX_NONE: return 1;
    case EX_EQUALS: return d == e->num;
    case EX_ONE_OF:
        for (size_t i = 0; i < e->nnums; i++)
            if (d == e->nums[i])
                return 1;
        return 0;
    case EX_NONZERO: return d != 0;
    case EX_BITS:
        return (d & e->set_bits) == e->set_bits && (d & e->clear_bits) == 0;
    case EX_MIN: return d >= e->num;
    default: return -1;
    }
}

/* Does a token (split on ',', '_' and blanks) of s equal or start with
** one of e's tokens?  The first such token goes to *hit, to say which. */
static bool has_excluded_token(const expectation *e, const char *s,
                               const char **hit, size_t *hitlen,
                               const char **which)
{
    const char *p = s;
    while (*p) {
        while (*p && strchr(",_ \t;", *p))
            p++;
        const char *q = p;
        while (*q && !strchr(",_ \t;", *q))
            q++;
        size_t n = (size_t)(q - p);
        for (size_t i = 0; n && i < e->ntokens; i++) {
            size_t tl = strlen(e->tokens[i]);
            if (tl && tl <= n && strncasecmp(p, e->tokens[i], tl) == 0) {
                *hit = p;
                *hitlen = n;
                *which = e->tokens[i];
                return true;
            }
        }
        p = q;
    }
    return false;
}

/* Test string data: 1 holds, 0 not, -1 the expectation does not apply to
** strings.  *note says which token or string decided, for the reason. */
static int expect_strings(eval_ctx *c, const expectation *e,
                          char *const *sv, size_t n, const char **note)
{
    switch (e->kind) {
    case EX_NONE:
        return 1;
    case EX_EQUALS:
        if (!e->str)
            return -1;
        /* Windows reads these settings case-insensitively; for a list,
        ** any one string equal is enough. */
        for (size_t i = 0; i < n; i++)
            if (reglint_name_compare(sv[i], e->str) == 0)
                return 1;
        return 0;
    case EX_NONZERO:
        for (size_t i = 0; i < n; i++)
            if (sv[i][0])
                return 1;
        return 0;
    case EX_TOKENS_EXCLUDE:
        for (size_t i = 0; i < n; i++) {
            const char *hit, *which;
            size_t hl;
            if (has_excluded_token(e, sv[i], &hit, &hl, &which)) {
                /* The whole suite name that holds the token. */
                const char *st = hit, *en = hit + hl;
                while (st > sv[i] && !strchr(", \t;", st[-1]))
                    st--;
                while (*en && !strchr(", \t;", *en))
                    en++;
                *note = ev_printf(c, "names %s (%.*s)", which,
                                  (int)(en - st), st);
                return 0;
            }
        }
        return 1;
    default:
        return -1;
    }
}

/* Test present data of the expected type.  1 holds, 0 not, -1 the rule's
** expectation cannot test this type. */
static int expect_value(eval_ctx *c, const expectation *e,
                        const reglint_value *v, const char **note)
{
    uint32_t t = reglint_value_type(v);
    if (type_is_number(t))
        return expect_number(e, value_number(v));
    if (t == REGLINT_REG_MULTI_SZ) {
        size_t n = 0;
        char **sv = reglint_value_get_multi_sz(v, &n);
        if (!sv) {
            c->oom = errno == ENOMEM;
            return -1;
        }
        int r = expect_strings(c, e, sv, n, note);
        reglint_strv_free(sv);
        return r;
    }
    if (type_is_string(t)) {
        char *s = reglint_value_get_string(v);
        if (!s) {
            c->oom = errno == ENOMEM;
            return -1;
        }
        int r = expect_strings(c, e, &s, 1, note);
        free(s);
        return r;
    }
    return e->kind == EX_NONE ? 1 : -1;
}

/* Short data for a reason: "0", "0xffffffff", "\"text\"". */
static const char *short_data(eval_ctx *c, const reglint_value *v)
{
    uint32_t t = reglint_value_type(v);
    if (type_is_number(t)) {
        uint64_t x = value_number(v);
        return x <= 9 ? ev_printf(c, "%llu", (unsigned long long)x)
                      : hex_text(c, x);
    }
    if (t == REGLINT_REG_SZ || t == REGLINT_REG_EXPAND_SZ) {
        char *s = reglint_value_get_string(v);
        if (s) {
            char show[SHOW_MAX + 8];
            printable(s, show, sizeof show, 60);
            free(s);
            return ev_printf(c, "\"%s\"", show);
        }
    }
    return ev_value_text(c, v);
}

/* ------------------------------------------------------------------ */
/* Value tests                                                          */
/* ------------------------------------------------------------------ */

/* The value is absent (or ignored): the rule's absent cases decide.
** what: "Enabled is absent", "the key is absent", "REG_SZ is ignored by
** Windows; read as absent". */
static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

static void apply_absent(eval_ctx *c, const rule_test *t, outcome *o,
                         const char *what)
{
    for (size_t i = 0; i < t->absent.n; i++) {
        const absent_case *ac = &t->absent.c[i];
        unsigned miss = 0;
        int h = conds_eval(&ac->when, c->os, &miss);
        if (h == 0)
            continue;
        if (h < 0) {
            o->verdict = REGLINT_UNKNOWN;
            o->reason = ev_printf(c, "%s, and what that means depends on "
                                  "the OS: %s", what,
                                  missing_reason(c, miss));
            return;
        }
        const char *on = ac->when.n ? ev_printf(c, " on %s", os_text(c))
                                    : "";
        if (ac->use_default) {
            int r = expect_number(&t->expect, ac->default_num);
            o->verdict = r > 0 ? REGLINT_PASS : REGLINT_FAIL;
            o->severity = ac->severity;
            o->os_default = ev_printf(c, "default %s%s%s%s",
                                      num_text(c, ac->default_num), on,
                                      ac->reason ? ": " : "",
                                      ac->reason ? ac->reason : "");
            o->reason = ev_printf(c, "%s, so the default %s applies, "
                                  "which %s %s", what,
                                  num_text(c, ac->default_num),
                                  r > 0 ? "meets" : "is not",
                                  expect_text(c, &t->expect)
                                      ? expect_text(c, &t->expect)
                                      : "the expectation");
            return;
        }
        o->verdict = ac->result;
        o->severity = ac->severity;
        /* Which build range's reading of absence applied, said once; the
        ** rule's own words about it go in the reason. */
        if (ac->when.n)
            o->os_default = ev_printf(
                c, "absent%s: %s%s%s", on, reglint_verdict_name(ac->result),
                ac->result == REGLINT_FAIL && ac->severity ? ", " : "",
                ac->result == REGLINT_FAIL && ac->severity
                    ? reglint_level_name((reglint_level)ac->severity)
                    : "");
        if (!ac->reason)
            o->reason = ev_strdup(c, what);
        else if (ends_with(what, " is absent"))
            o->reason = ev_strdup(c, ac->reason); /* "actual" says absent */
        else
            o->reason = ev_printf(c, "%s; %s", what, ac->reason);
        return;
    }
    o->verdict = REGLINT_FAIL;
    o->reason = ev_printf(c, "%s; expected %s", what, o->expected);
}

/* Test t's value in key k (NULL: absent), found at (or looked for as)
** path. */
static void value_at(eval_ctx *c, const rule_test *t, const char *path,
                     const reglint_key *k, outcome *o)
{
    memset(o, 0, sizeof *o);
    const char *label = ev_value_label(t->value);
    o->value = ev_strdup(c, t->value ? t->value : "");
    o->expected = expected_text(c, t->type, &t->expect);
    o->found_key = k;
    o->key = k ? ev_key_path(c, k) : ev_strdup(c, path);
    if (k)
        o->origin = reglint_key_origin(k);
    if (!k) {
        if (!ev_covered(c, path)) {
            set_uncovered(c, o, path);
            return;
        }
        o->actual = "key absent";
        if (t->has_key_absent) {
            o->verdict = t->key_absent;
            o->reason = t->key_absent_reason
                            ? ev_strdup(c, t->key_absent_reason)
                            : ev_printf(c, "the key %s is absent",
                                        ev_short_path(c, path));
            return;
        }
        apply_absent(c, t, o, ev_printf(c, "the key %s is absent",
                                        ev_short_path(c, path)));
        return;
    }
    const reglint_value *v = reglint_key_value(k, t->value ? t->value : "");
    char tb[REGLINT_TYPE_NAME_MAX], wb[REGLINT_TYPE_NAME_MAX];
    if (v) {
        o->found_value = v;
        o->origin = reglint_value_origin(v);
        o->value = ev_strdup(c, reglint_value_name(v));
        if (ev_type_ok(v, t->type)) {
            o->actual = ev_value_text(c, v);
            const char *note = NULL;
            int r = expect_value(c, &t->expect, v, &note);
            if (r < 0) {
                o->verdict = REGLINT_UNKNOWN;
                o->reason = ev_printf(c, "the rule's expectation cannot test "
                                      "a %s value",
                                      reglint_type_name(t->type, tb));
                return;
            }
            o->verdict = r ? REGLINT_PASS : REGLINT_FAIL;
            const char *x = expect_text(c, &t->expect);
            if (!x)
                o->reason = ev_printf(c, "%s is a %s", label,
                                      reglint_type_name(t->type, tb));
            else if (r)
                o->reason = ev_printf(c, "%s is %s: %s, as expected", label,
                                      short_data(c, v), x);
            else
                o->reason = ev_printf(c, "%s is %s, expected %s%s%s", label,
                                      short_data(c, v), x, note ? ": " : "",
                                      note ? note : "");
            return;
        }
        /* Windows asks for one type and ignores any other. */
        const char *why = reglint_value_type(v) == t->type
                              ? "wrong length"
                              : ev_printf(c, "not a %s",
                                          reglint_type_name(t->type, wb));
        o->actual = ev_printf(c, "%s (ignored by Windows: %s)",
                              ev_value_text(c, v), why);
        size_t len = 0;
        reglint_value_data(v, &len);
        apply_absent(c, t, o,
                     reglint_value_type(v) == t->type
                         ? ev_printf(c, "%s is a %s of %zu bytes, which "
                                     "Windows ignores; read as absent",
                                     label, reglint_type_name(t->type, tb),
                                     len)
                         : ev_printf(c, "%s is %s, which Windows ignores; "
                                     "read as absent", label,
                                     reglint_type_name(reglint_value_type(v),
                                                       tb)));
        return;
    }
    if (!ev_covered(c, path)) {
        set_uncovered(c, o, path);
        return;
    }
    o->actual = "absent";
    apply_absent(c, t, o, ev_printf(c, "%s is absent", label));
}

/* Worst first: fail > unknown > pass > n/a. */
static int verdict_rank(reglint_verdict v)
{
    switch (v) {
    case REGLINT_FAIL: return 3;
    case REGLINT_UNKNOWN: return 2;
    case REGLINT_PASS: return 1;
    default: return 0;
    }
}

typedef struct value_walk {
    eval_ctx *c;
    const rule_test *t;
    const char *path;
    outcome *worst;
    bool any;          /* worst holds an outcome                          */
    size_t matched;    /* keys the current path's glob found              */
} value_walk;

static void keep_worse(value_walk *w, const outcome *o)
{
    if (!w->any ||
        verdict_rank(o->verdict) > verdict_rank(w->worst->verdict))
        *w->worst = *o;
    w->any = true;
}

static int value_key_cb(const reglint_key *k, void *ctx)
{
    value_walk *w = ctx;
    outcome o;
    w->matched++;
    value_at(w->c, w->t, w->path, k, &o);
    keep_worse(w, &o);
    return 0;
}

/* Every key is tested (each key a glob finds, too); the worst result is
** the test's, with the details of the first key that gave it. */
static void eval_value(eval_ctx *c, const rule_test *t, outcome *o)
{
    memset(o, 0, sizeof *o);
    value_walk w = {c, t, NULL, o, false, 0};
    for (size_t i = 0; i < t->nkeys; i++) {
        const char *path = t->keys[i];
        outcome one;
        w.path = path;
        w.matched = 0;
        if (name_has_glob(path, strlen(path))) {
            if (ev_glob_keys(c->v, path, value_key_cb, &w) < 0)
                c->oom = true;
            if (w.matched)
                continue;
            /* No key matches: the key is absent. */
            value_at(c, t, path, NULL, &one);
        } else {
            value_at(c, t, path, reglint_view_key_open(c->v, path), &one);
        }
        keep_worse(&w, &one);
    }
    if (!w.any) {
        o->verdict = REGLINT_UNKNOWN;
        o->reason = "the rule names no key";
    }
}

/* ------------------------------------------------------------------ */
/* Key tests                                                            */
/* ------------------------------------------------------------------ */

static int first_key_cb(const reglint_key *k, void *ctx)
{
    *(const reglint_key **)ctx = k;
    return -1; /* stop at the first */
}

/* path without its last component, in the arena. */
static const char *parent_path(eval_ctx *c, const char *path)
{
    const char *bs = strrchr(path, '\\');
    if (!bs)
        return ev_strdup(c, path);
    return ev_printf(c, "%.*s", (int)(bs - path), path);
}

static const char *key_list_text(eval_ctx *c, const rule_test *t)
{
    if (t->nkeys == 1)
        return ev_short_path(c, t->keys[0]);
    size_t len = 1;
    for (size_t i = 0; i < t->nkeys; i++)
        len += strlen(t->keys[i]) + 2;
    char *buf = arena_alloc(&c->res->mem, len);
    if (!buf) {
        c->oom = true;
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < t->nkeys; i++) {
        const char *p = ev_short_path(c, t->keys[i]);
        if (!p)
            return NULL;
        size_t pl = strlen(p);
        if (o + pl + 3 > len)
            break;
        if (i) {
            memcpy(buf + o, "; ", 2);
            o += 2;
        }
        memcpy(buf + o, p, pl);
        o += pl;
    }
    buf[o] = '\0';
    return buf;
}

static void eval_keys(eval_ctx *c, const rule_test *t, outcome *o,
                      bool want_exist)
{
    memset(o, 0, sizeof *o);
    const reglint_key *found = NULL;
    const char *uncovered = NULL;
    for (size_t i = 0; i < t->nkeys && !found; i++) {
        const reglint_key *k = NULL;
        /* first_key_cb stops the walk with -1 once it has a key. */
        if (ev_glob_keys(c->v, t->keys[i], first_key_cb, &k) < 0 && !k)
            c->oom = true;
        if (k) {
            found = k;
            break;
        }
        const char *parent = parent_path(c, t->keys[i]);
        if (!uncovered && parent && !ev_covered(c, parent))
            uncovered = parent;
    }
    const char *list = key_list_text(c, t);
    if (t->nkeys == 1)
        o->expected = ev_printf(c, "the key %s %s", list,
                                want_exist ? "exists" : "does not exist");
    else
        o->expected = ev_printf(c, "%s of the keys %s exists",
                                want_exist ? "one" : "none", list);
    if (found) {
        o->found_key = found;
        o->key = ev_key_path(c, found);
        o->origin = reglint_key_origin(found);
        o->actual = ev_printf(c, "key %s exists", ev_short_path(c, o->key));
        o->verdict = want_exist ? REGLINT_PASS : REGLINT_FAIL;
        o->reason = want_exist
            ? ev_printf(c, "%s exists", ev_short_path(c, o->key))
            : ev_printf(c, "%s exists, and should not", ev_short_path(c, o->key));
        return;
    }
    o->key = ev_strdup(c, t->nkeys ? t->keys[0] : "");
    if (uncovered) {
        set_uncovered(c, o, uncovered);
        o->key = ev_strdup(c, uncovered);
        return;
    }
    o->actual = "no such key";
    o->verdict = want_exist ? REGLINT_FAIL : REGLINT_PASS;
    o->reason = t->nkeys == 1
        ? ev_printf(c, "%s does not exist", list)
        : ev_printf(c, "none of %s exists", list);
}

/* ------------------------------------------------------------------ */
/* Protocol tests                                                       */
/* ------------------------------------------------------------------ */

static const char *states_text(eval_ctx *c, unsigned mask)
{
    static const reglint_protocol_state order[] = {
        REGLINT_STATE_ON, REGLINT_STATE_ON_REQUEST, REGLINT_STATE_OFF,
        REGLINT_STATE_UNSUPPORTED, REGLINT_STATE_UNKNOWN};
    char buf[96] = "";
    size_t o = 0, n = 0, total = 0;
    for (size_t i = 0; i < 5; i++)
        total += (mask & STATE_BIT(order[i])) != 0;
    for (size_t i = 0; i < 5; i++) {
        if (!(mask & STATE_BIT(order[i])))
            continue;
        n++;
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
                              n == 1 ? "" : n == total ? " or " : ", ",
                              reglint_protocol_state_name(order[i]));
    }
    return ev_strdup(c, buf);
}

/* "on (Enabled=1, DisabledByDefault absent)" */
static const char *value_brief(eval_ctx *c, const char *name,
                               const reglint_value *v)
{
    uint32_t d;
    if (!v)
        return ev_printf(c, "%s absent", name);
    if (ev_dword(v, &d))
        return d <= 9 ? ev_printf(c, "%s=%u", name, (unsigned)d)
                      : ev_printf(c, "%s=0x%x", name, (unsigned)d);
    return ev_printf(c, "%s %s (ignored)", name, ev_value_text(c, v));
}

static void eval_protocol(eval_ctx *c, const rule_test *t, outcome *o)
{
    memset(o, 0, sizeof *o);
    reglint_protocol_eval pe;
    const char *role = t->role ? t->role : "";
    const char *path = ev_printf(c, "%s\\%s\\%s", KEY_PROTOCOLS,
                                 t->protocol ? t->protocol : "", role);
    o->key = path;
    if (t->explicit_state)
        o->expected = t->explicit_state == 1
            ? "Enabled=1 and DisabledByDefault=0 set explicitly"
            : "Enabled=0 and DisabledByDefault=1 set explicitly";
    else
        o->expected = ev_printf(c, "effective state %s",
                                states_text(c, t->states));
    if (reglint_protocol_effective(c->rs, c->v, c->os,
                                   t->protocol ? t->protocol : "", role,
                                   &pe) < 0) {
        o->verdict = REGLINT_UNKNOWN;
        o->reason = ev_printf(c, "cannot evaluate: %s", reglint_last_error());
        return;
    }
    o->found_key = pe.key;
    if (pe.key) {
        o->key = ev_key_path(c, pe.key);
        o->origin = reglint_key_origin(pe.key);
    }
    const reglint_value *first = pe.enabled ? pe.enabled
                                            : pe.disabled_by_default;
    if (first) {
        o->found_value = first;
        o->origin = reglint_value_origin(first);
    }
    const char *state = reglint_protocol_state_name(pe.state);
    o->actual = ev_printf(c, "%s (%s%s, %s)", state,
                          pe.key ? "" : "key absent: ",
                          value_brief(c, "Enabled", pe.enabled),
                          value_brief(c, "DisabledByDefault",
                                      pe.disabled_by_default));
    /* Which default applied and why, with the table's reference. */
    size_t pi = 0;
    for (size_t i = 0; i < c->rs->nprotocols; i++)
        if (reglint_name_compare(c->rs->protocols[i], t->protocol) == 0)
            pi = i;
    const default_row *row;
    default_state def = schannel_default(c->rs, c->os, pi,
                                         reglint_name_compare(role,
                                                              "server") == 0,
                                         &row);
    static const char *const def_names[] = {"no default known", "enabled",
                                            "disabled", "not supported"};
    const char *ref = c->rs->defaults_ref
                          ? ev_printf(c, " [%s]", c->rs->defaults_ref)
                          : "";
    if (!c->os->build)
        o->os_default = ev_printf(c, "%s %s: no default: the OS build is "
                                  "unknown", t->protocol, role);
    else if (!row && c->os->role == REGLINT_ROLE_UNKNOWN)
        o->os_default = ev_printf(c, "%s %s: no default: the table's client "
                                  "and server rows for build %u differ, and "
                                  "the role is unknown%s", t->protocol, role,
                                  c->os->build, ref);
    else if (!row)
        o->os_default = ev_printf(c, "%s %s: the default table has no row "
                                  "for build %u%s", t->protocol, role,
                                  c->os->build, ref);
    else
        o->os_default = ev_printf(c, "%s %s: %s%s on %s%s%s", t->protocol,
                                  role, def_names[def],
                                  def == DEF_ENABLED || def == DEF_DISABLED
                                      ? " by default" : "",
                                  os_text(c),
                                  row->release ? ev_printf(c, " (table row "
                                                 "\"%s\")", row->release)
                                               : "",
                                  ref);
    /* What would settle an unknown state. */
    const char *settle =
        !c->os->build ? missing_reason(c, MISS_BUILD)
        : !row && c->os->role == REGLINT_ROLE_UNKNOWN
            ? missing_reason(c, MISS_ROLE)
        : row ? "the documents give no default for this build (the "
                "default table says unknown): set Enabled and "
                "DisabledByDefault explicitly"
              : "the default table has no row for this build: set Enabled "
                "and DisabledByDefault explicitly";

    if (pe.state != REGLINT_STATE_UNSUPPORTED && !pe.covered) {
        set_uncovered(c, o, path);
        return;
    }
    if (t->explicit_state) {
        uint32_t e, d;
        bool he = pe.enabled && ev_dword(pe.enabled, &e);
        bool hd = pe.disabled_by_default &&
                  ev_dword(pe.disabled_by_default, &d);
        /* Windows reads Enabled as a boolean, so 0xffffffff (the legacy
        ** "on") is set explicitly too; REG-RANGE reports it. */
        bool met = t->explicit_state == 1 ? he && hd && e != 0 && d == 0
                                          : he && hd && e == 0 && d != 0;
        if (met) {
            o->verdict = REGLINT_PASS;
            o->reason = ev_printf(c, "%s and %s set explicitly",
                                  value_brief(c, "Enabled", pe.enabled),
                                  value_brief(c, "DisabledByDefault",
                                              pe.disabled_by_default));
            return;
        }
        for (size_t i = 0; i < t->nimplicit; i++) {
            const implicit_case *ic = &t->implicit[i];
            if (!(ic->states & STATE_BIT(pe.state)))
                continue;
            o->verdict = ic->result;
            o->severity = ic->severity;
            o->reason = ic->reason
                ? ev_printf(c, "%s: effective state %s (%s)", ic->reason,
                            state, pe.why)
                : ev_printf(c, "not set explicitly; effective state %s (%s)",
                            state, pe.why);
            return;
        }
        if (pe.state == REGLINT_STATE_UNKNOWN) {
            o->verdict = REGLINT_UNKNOWN;
            o->reason = ev_printf(c, "not set explicitly, and the effective "
                                  "state is unknown (%s): %s", pe.why,
                                  settle);
            return;
        }
        o->verdict = REGLINT_FAIL;
        o->reason = ev_printf(c, "not set explicitly as required; effective "
                              "state %s (%s)", state, pe.why);
        return;
    }
    if (t->states & STATE_BIT(pe.state)) {
        o->verdict = REGLINT_PASS;
        o->reason = ev_printf(c, "effective state %s (%s)", state, pe.why);
    } else if (pe.state == REGLINT_STATE_UNKNOWN) {
        o->verdict = REGLINT_UNKNOWN;
        o->reason = ev_printf(c, "the effective state is unknown (%s): %s",
                              pe.why, settle);
    } else {
        o->verdict = REGLINT_FAIL;
        o->reason = ev_printf(c, "effective state %s, expected %s (%s)",
                              state, states_text(c, t->states), pe.why);
        /* This build cannot do the protocol whatever the values say: the
        ** rule's fix lines would change nothing ("" for none). */
        if (pe.state == REGLINT_STATE_UNSUPPORTED)
            o->fix = "";
    }
}

/* ------------------------------------------------------------------ */
/* Any test                                                             */
/* ------------------------------------------------------------------ */

/* The key a test is about, for results that read nothing (n/a, unknown
** facts). */
static const char *test_key(const rule_test *t, int depth)
{
    switch (t->kind) {
    case T_VALUE:
    case T_KEY_EXISTS:
    case T_KEY_ABSENT:
        return t->nkeys ? t->keys[0] : NULL;
    case T_ALL_OF:
    case T_ANY_OF:
        for (size_t i = 0; i < t->nsub && depth < EVAL_MAX_NEST; i++) {
            const char *k = test_key(&t->sub[i], depth + 1);
            if (k)
                return k;
        }
        return NULL;
    case T_BUILTIN:
        return builtin_key(t);
    default:
        return NULL;
    }
}

static void eval_test(eval_ctx *c, const rule_test *t, outcome *o, int depth);

/* Join the reasons of outcomes (bounded: a few hundred bytes each). */
static const char *join_reasons(eval_ctx *c, const outcome *os, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += (os[i].reason ? strlen(os[i].reason) : 0) + 2;
    char *buf = arena_alloc(&c->res->mem, len);
    if (!buf) {
        c->oom = true;
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (!os[i].reason)
            continue;
        if (o) {
            memcpy(buf + o, "; ", 2);
            o += 2;
        }
        size_t l = strlen(os[i].reason);
        memcpy(buf + o, os[i].reason, l);
        o += l;
    }
    buf[o] = '\0';
    return buf;
}

static void eval_group(eval_ctx *c, const rule_test *t, outcome *o, int depth,
                       bool all)
{
    memset(o, 0, sizeof *o);
    outcome *subs = t->nsub ? calloc(t->nsub, sizeof *subs) : NULL;
    if (t->nsub && !subs) {
        c->oom = true;
        return;
    }
    size_t n = 0;
    int first[4] = {-1, -1, -1, -1}; /* by verdict */
    for (size_t i = 0; i < t->nsub; i++) {
        const rule_test *s = &t->sub[i];
        unsigned miss = 0;
        int a = conds_eval(&s->applies, c->os, &miss);
        if (a == 0)
            continue; /* left out */
        outcome *so = &subs[n];
        if (a < 0) {
            memset(so, 0, sizeof *so);
            so->verdict = REGLINT_UNKNOWN;
            so->key = test_key(s, depth + 1);
            so->reason = ev_printf(c, "whether a part of this check applies "
                                   "is unknown: %s", missing_reason(c, miss));
        } else {
            eval_test(c, s, so, depth + 1);
        }
        if (so->verdict == REGLINT_NA)
            continue; /* a sub-test that says n/a is left out too */
        if (first[so->verdict] < 0)
            first[so->verdict] = (int)n;
        n++;
    }
    int pick;
    if (all) {
        pick = first[REGLINT_FAIL] >= 0      ? first[REGLINT_FAIL]
               : first[REGLINT_UNKNOWN] >= 0 ? first[REGLINT_UNKNOWN]
                                             : first[REGLINT_PASS];
    } else {
        pick = first[REGLINT_PASS] >= 0      ? first[REGLINT_PASS]
               : first[REGLINT_UNKNOWN] >= 0 ? first[REGLINT_UNKNOWN]
                                             : first[REGLINT_FAIL];
    }
    if (pick < 0) {
        o->verdict = REGLINT_NA;
        o->key = test_key(t, depth);
        o->reason = "no part of this check applies to this OS";
        free(subs);
        return;
    }
    *o = subs[pick];
    /* A pass of all-of and a fail of any-of rest on every part: say all
    ** of them. */
    if ((all && o->verdict == REGLINT_PASS && n > 1) ||
        (!all && o->verdict == REGLINT_FAIL && n > 1))
        o->reason = join_reasons(c, subs, n);
    free(subs);
}

static void eval_test(eval_ctx *c, const rule_test *t, outcome *o, int depth)
{
    memset(o, 0, sizeof *o);
    if (depth > EVAL_MAX_NEST) {
        o->verdict = REGLINT_UNKNOWN;
        o->reason = "the rule nests all-of / any-of too deeply";
        return;
    }
    switch (t->kind) {
    case T_VALUE:
        eval_value(c, t, o);
        return;
    case T_KEY_EXISTS:
        eval_keys(c, t, o, true);
        return;
    case T_KEY_ABSENT:
        eval_keys(c, t, o, false);
        return;
    case T_PROTOCOL:
        eval_protocol(c, t, o);
        return;
    case T_ALL_OF:
    case T_ANY_OF:
        eval_group(c, t, o, depth, t->kind == T_ALL_OF);
        return;
    case T_BUILTIN:
    default:
        o->verdict = REGLINT_UNKNOWN;
        o->reason = "a built-in check cannot be part of all-of / any-of";
        return;
    }
}

/* ------------------------------------------------------------------ */
/* Results                                                              */
/* ------------------------------------------------------------------ */

void ev_emit(eval_ctx *c, const outcome *o)
{
    reglint_results *res = c->res;
    if (c->oom)
        return;
    if (res->n == res->cap) {
        size_t nc = res->cap ? res->cap * 2 : 64;
        reglint_result *nr = realloc(res->r, nc * sizeof *nr);
        if (!nr) {
            c->oom = true;
            return;
        }
        res->r = nr;
        res->cap = nc;
    }
    const reglint_rule_info *info = &c->r->info;
    reglint_result *r = &res->r[res->n];
    memset(r, 0, sizeof *r);
    r->rule = info;
    r->profile = c->profile;
    r->result = o->verdict;
    r->severity = o->verdict == REGLINT_FAIL && o->severity
                      ? (reglint_level)o->severity
                      : info->severity;
    /* Strings are copied unless already ours: outcomes may hold literals
    ** and pointers into the rule set, which the results must not need. */
    r->target = ev_strdup(c, o->target);
    r->key = ev_strdup(c, o->key);
    r->value = ev_strdup(c, o->value);
    r->found_key = o->found_key;
    r->found_value = o->found_value;
    r->origin = o->origin;
    r->actual = ev_strdup(c, o->actual);
    r->expected = ev_strdup(c, o->expected);
    r->os_default = ev_strdup(c, o->os_default);
    r->reason = ev_strdup(c, o->reason);
    const char *fix = o->fix ? o->fix : info->fix;
    r->fix = fix && *fix ? ev_strdup(c, fix) : NULL;
    /* A remedy is for a fail no registry value fixes: with a fix there
    ** is nothing else to do, and other results have nothing to do. */
    if (o->verdict == REGLINT_FAIL && !(fix && *fix))
        r->remedy = ev_strdup(c, o->remedy ? o->remedy : info->remedy);
    if (!c->oom)
        res->n++;
}

static bool is_common(const reglint_rule_info *info)
{
    for (size_t i = 0; i < info->nprofiles; i++)
        if (strcmp(info->profiles[i], "common") == 0)
            return true;
    return false;
}

/* The profile a rule runs for under opts, or NULL when it does not run:
** "common" rules always; with "all" every rule, for its first profile;
** else the first of the rule's profiles that opts names (azure-backup
** when opts names none). */
static const char *rule_profile(const rule *r,
                                const reglint_check_options *opts)
{
    const reglint_rule_info *info = &r->info;
    if (is_common(info))
        return "common";
    static const char *const dflt[] = {"azure-backup"};
    const char *const *want = dflt;
    size_t nwant = 1;
    if (opts && opts->nprofiles) {
        want = opts->profiles;
        nwant = opts->nprofiles;
    }
    for (size_t j = 0; j < nwant; j++)
        if (want[j] && strcmp(want[j], "all") == 0)
            return info->nprofiles ? info->profiles[0] : "all";
    for (size_t i = 0; i < info->nprofiles; i++)
        for (size_t j = 0; j < nwant; j++)
            if (want[j] && strcmp(info->profiles[i], want[j]) == 0)
                return info->profiles[i];
    return NULL;
}

/* "this OS: Windows 7 (build 7601), client, x86" */
static const char *os_facts_text(eval_ctx *c)
{
    return ev_printf(c, "this OS: %s, %s, %s", os_text(c),
                     c->os->role ? reglint_os_role_name(c->os->role)
                                 : "role unknown",
                     os_is_64(c->os) ? "64-bit"
                     : c->os->arch   ? "32-bit"
                                     : "architecture unknown");
}

static void run_rule(eval_ctx *c)
{
    const rule *r = c->r;
    outcome o;
    memset(&o, 0, sizeof o);
    unsigned miss = 0;
    int a = and3(conds_eval(&r->applies, c->os, &miss),
                 conds_eval(&r->test.applies, c->os, &miss));
    if (a == 0) {
        o.verdict = REGLINT_NA;
        o.key = test_key(&r->test, 0);
        o.reason = ev_printf(c, "does not apply%s%s; %s",
                             r->info.applies ? " here: the rule is for " : "",
                             r->info.applies ? r->info.applies : "",
                             os_facts_text(c));
        ev_emit(c, &o);
        return;
    }
    if (a < 0) {
        o.verdict = REGLINT_UNKNOWN;
        o.key = test_key(&r->test, 0);
        o.reason = ev_printf(c, "whether this rule applies is unknown: %s",
                             missing_reason(c, miss));
        ev_emit(c, &o);
        return;
    }
    if (r->test.kind == T_BUILTIN) {
        builtin_run(c, &r->test);
        return;
    }
    eval_test(c, &r->test, &o, 0);
    if (o.verdict == REGLINT_FAIL && r->escalate) {
        outcome w;
        eval_test(c, &r->escalate->when, &w, 1);
        if (w.verdict == REGLINT_PASS) {
            o.severity = r->escalate->severity;
            o.reason = ev_printf(c, "%s; %s", o.reason ? o.reason : "",
                                 r->escalate->reason
                                     ? r->escalate->reason
                                     : w.reason ? w.reason : "escalated");
        }
    }
    ev_emit(c, &o);
}

reglint_results *reglint_check(const reglint_rules *rs, const reglint_view *v,
                               const reglint_os *os,
                               const reglint_check_options *opts)
{
    if (!rs || !v || !os)
        return reglint__fail_null(EINVAL, "reglint_check: NULL argument");
    if (reglint_rules_check_profiles(rs, opts) < 0)
        return NULL;
    reglint_results *res = calloc(1, sizeof *res);
    if (!res)
        return reglint__fail_null(ENOMEM, "out of memory");
    arena_init(&res->mem);
    eval_ctx c = {rs, v, os, res, NULL, NULL, false, NULL, 0, 0, false};
    for (size_t i = 0; i < rs->n && !c.oom; i++) {
        const char *prof = rule_profile(&rs->rules[i], opts);
        if (!prof)
            continue;
        c.r = &rs->rules[i];
        c.profile = ev_strdup(&c, prof);
        run_rule(&c);
    }
    free(c.types_memo);
    if (c.oom) {
        reglint_results_free(res);
        return reglint__fail_null(ENOMEM, "out of memory");
    }
    return res;
}

void reglint_results_free(reglint_results *r)
{
    if (!r)
        return;
    arena_free(&r->mem);
    free(r->r);
    free(r);
}

size_t reglint_results_count(const reglint_results *r)
{
    return r ? r->n : 0;
}

const reglint_result *reglint_results_at(const reglint_results *r, size_t i)
{
    return r && i < r->n ? &r->r[i] : NULL;
}

/* ------------------------------------------------------------------ */
/* Scope                                                                */
/* ------------------------------------------------------------------ */

static int scope_test(const reglint_rules *rs, const rule_test *t,
                      reglint_scope *s, int depth)
{
    if (depth > EVAL_MAX_NEST)
        return 0;
    switch (t->kind) {
    case T_VALUE:
        for (size_t i = 0; i < t->nkeys; i++)
            if (reglint_scope_add(s, t->keys[i], 0) < 0)
                return -1;
        return 0;
    case T_KEY_EXISTS:
    case T_KEY_ABSENT:
        /* The key itself, its last component perhaps a glob: scopes glob
        ** too, so the 3000 servicing packages of a real SOFTWARE hive are
        ** not loaded to find one. */
        for (size_t i = 0; i < t->nkeys; i++)
            if (reglint_scope_add(s, t->keys[i], 0) < 0)
                return -1;
        return 0;
    case T_PROTOCOL:
        return reglint_scope_add(s, KEY_PROTOCOLS, REGLINT_SCOPE_SUBTREE);
    case T_ALL_OF:
    case T_ANY_OF:
        for (size_t i = 0; i < t->nsub; i++)
            if (scope_test(rs, &t->sub[i], s, depth + 1) < 0)
                return -1;
        return 0;
    case T_BUILTIN:
        return builtin_scope(rs, t, s);
    default:
        return 0;
    }
}

int reglint_rules_scope(const reglint_rules *rs,
                        const reglint_check_options *opts, reglint_scope *s)
{
    if (!rs || !s)
        return reglint__fail(EINVAL, "reglint_rules_scope: NULL argument");
    if (reglint_rules_check_profiles(rs, opts) < 0)
        return -1;
    bool types_scoped = false;
    for (size_t i = 0; i < rs->n; i++) {
        const rule *r = &rs->rules[i];
        if (!rule_profile(r, opts))
            continue;
        /* value-types reads every value any rule reads: the same keys for
        ** each value-types rule.  Added once per such rule, they made the
        ** scope (and its memory) grow with the square of the rules. */
        bool types = r->test.kind == T_BUILTIN &&
                     r->test.builtin == B_VALUE_TYPES;
        if (!(types && types_scoped) && scope_test(rs, &r->test, s, 0) < 0)
            return -1;
        types_scoped = types_scoped || types;
        if (r->escalate && scope_test(rs, &r->escalate->when, s, 0) < 0)
            return -1;
    }
    if (reglint_os_scope(s) < 0 ||
        reglint_scope_add(s, "HKEY_LOCAL_MACHINE\\SYSTEM\\Select", 0) < 0)
        return -1;
    return 0;
}
