/*
** rules_builtin.c — the checks a declarative test cannot say, named by
** `builtin:` in a rule file and parameterised there:
**
**   value-types        REG-TYPE        a value some rule reads has a type
**                                      Windows ignores
**   key-names          REG-KEYNAME     a near-miss key or value name that
**                                      Windows silently ignores
**   value-range        REG-RANGE       a DWORD outside its allowed values
**   contradictions     REG-CONTRADICT  Enabled and DisabledByDefault that
**                                      contradict each other
**   control-set-drift  REG-CCS-DRIFT   SCHANNEL differs between control sets
**   sql-server-builds  AP-SQL-TLS12    SQL Server builds without TLS 1.2
**   key-paths          REG-KEYPATH     a SCHANNEL, protocol or .NET key
**                                      where no Windows reads it
**   view-twins         REG-WOW-TWIN    a .NET value set in one registry
**                                      view only, or differently in both
**
** Each gives one result per thing it flags (target = that key, value or
** instance), in the order found, or a single pass when it flags nothing.
** The semantics are rule-packs.md's and the issue-4 design notes'.
*/
#include "rules_eval.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* Shared                                                               */
/* ------------------------------------------------------------------ */

/* A set of pointers ("already judged"), open addressing, so that a
** source with many thousands of keys under a watched pattern costs linear
** time, not quadratic.  NULL is never a member. */
typedef struct ptrset {
    const void **slot;
    size_t n, cap;      /* cap: 0 or a power of two */
} ptrset;

static size_t ptr_hash(const void *p, size_t cap)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (size_t)x & (cap - 1);
}

static bool ptrset_has(const ptrset *s, const void *x)
{
    if (!s->cap)
        return false;
    for (size_t i = ptr_hash(x, s->cap);; i = (i + 1) & (s->cap - 1)) {
        if (!s->slot[i])
            return false;
        if (s->slot[i] == x)
            return true;
    }
}

static int ptrset_add(ptrset *s, const void *x)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        const void **ns = calloc(nc, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i]) {
                size_t j = ptr_hash(s->slot[i], nc);
                while (ns[j])
                    j = (j + 1) & (nc - 1);
                ns[j] = s->slot[i];
            }
        free(s->slot);
        s->slot = ns;
        s->cap = nc;
    }
    size_t i = ptr_hash(x, s->cap);
    while (s->slot[i] && s->slot[i] != x)
        i = (i + 1) & (s->cap - 1);
    if (!s->slot[i]) {
        s->slot[i] = x;
        s->n++;
    }
    return 0;
}

static void ptrset_free(ptrset *s)
{
    free(s->slot);
    s->slot = NULL;
    s->n = s->cap = 0;
}

static void emit_simple(eval_ctx *c, reglint_verdict v, const char *key,
                        const char *reason)
{
    outcome o;
    memset(&o, 0, sizeof o);
    o.verdict = v;
    o.key = key;
    o.reason = reason;
    ev_emit(c, &o);
}

/* "key\value" for a target. */
static const char *value_target(eval_ctx *c, const char *keypath,
                                const char *name)
{
    return ev_printf(c, "%s\\%s", keypath ? keypath : "",
                     ev_value_label(name));
}

/* A key path for a .reg fix: the current control set's real name is put
** back as CurrentControlSet, which is what `reg import` on the machine
** means. */
static const char *fix_key_path(eval_ctx *c, const reglint_key *k)
{
    const char *p = ev_key_path(c, k);
    static const char sys[] = "HKEY_LOCAL_MACHINE\\SYSTEM\\";
    unsigned cur = reglint_view_control_set(c->v);
    if (!p || !cur || strncasecmp(p, sys, sizeof sys - 1) != 0)
        return p;
    const char *cs = p + sizeof sys - 1;
    const char *end = strchr(cs, '\\');
    size_t n = end ? (size_t)(end - cs) : strlen(cs);
    if (control_set_number(cs, n) != cur)
        return p;
    return ev_printf(c, "%sCurrentControlSet%s", sys, end ? end : "");
}

/* Can a .reg line carry this name or key path?  Not with a line break in
** it (a hive may hold one, and a .reg line a lone CR): regedit's syntax
** has no escape for it, so no fix can name it, and fix lines holding it
** would be cut into other lines. */
static bool reg_can_carry(const char *s)
{
    return s && !strpbrk(s, "\r\n");
}

/* A value name as a .reg file quotes it. */
static const char *reg_quoted(eval_ctx *c, const char *name)
{
    if (!*name)
        return "@";
    size_t n = strlen(name), extra = 0;
    for (size_t i = 0; i < n; i++)
        extra += name[i] == '"' || name[i] == '\\';
    char *out = ev_printf(c, "%*s", (int)(n + extra + 2), "");
    if (!out)
        return NULL;
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (name[i] == '"' || name[i] == '\\')
            out[o++] = '\\';
        out[o++] = name[i];
    }
    out[o++] = '"';
    out[o] = '\0';
    return out;
}

/* ------------------------------------------------------------------ */
/* value-types (REG-TYPE)                                               */
/* ------------------------------------------------------------------ */

typedef struct read_fn_ctx {
    int (*value)(void *ctx, const char *key, const char *value,
                 uint32_t type);
    void *ctx;
    bool protocol;   /* some rule reads a protocol's effective state */
} read_fn_ctx;

/* Visit every value test in t (nested ones too) and note protocol tests. */
static int reads_walk(const rule_test *t, read_fn_ctx *r, int depth)
{
    if (depth > EVAL_MAX_NEST)
        return 0;
    switch (t->kind) {
    case T_VALUE:
        for (size_t i = 0; i < t->nkeys; i++)
            if (r->value(r->ctx, t->keys[i], t->value ? t->value : "",
                         t->type) < 0)
                return -1;
        return 0;
    case T_PROTOCOL:
        r->protocol = true;
        return 0;
    case T_ALL_OF:
    case T_ANY_OF:
        for (size_t i = 0; i < t->nsub; i++)
            if (reads_walk(&t->sub[i], r, depth + 1) < 0)
                return -1;
        return 0;
    default:
        return 0;
    }
}

/* Every value any loaded rule reads, selected or not: a wrong type is
** wrong whatever profile runs. */
static int reads_all(const reglint_rules *rs, read_fn_ctx *r)
{
    for (size_t i = 0; i < rs->n; i++) {
        if (reads_walk(&rs->rules[i].test, r, 0) < 0)
            return -1;
        if (rs->rules[i].escalate &&
            reads_walk(&rs->rules[i].escalate->when, r, 0) < 0)
            return -1;
    }
    return 0;
}

typedef struct types_ctx {
    eval_ctx *c;
    ptrset seen;       /* values already judged                          */
    const char *name;  /* the value looked for                           */
    uint32_t type;
    size_t flagged;
} types_ctx;

static void type_flag(types_ctx *tc, const reglint_key *k,
                      const reglint_value *v, uint32_t want)
{
    eval_ctx *c = tc->c;
    char tb[REGLINT_TYPE_NAME_MAX], wb[REGLINT_TYPE_NAME_MAX];
    uint32_t have = reglint_value_type(v);
    size_t len = 0;
    reglint_value_data(v, &len);
    const char *name = reglint_value_name(v);
    const char *label = ev_value_label(name);
    outcome o;
    memset(&o, 0, sizeof o);
    o.verdict = REGLINT_FAIL;
    o.key = ev_key_path(c, k);
    o.value = name;
    o.target = value_target(c, o.key, name);
    o.found_key = k;
    o.found_value = v;
    o.origin = reglint_value_origin(v);
    o.actual = ev_value_text(c, v);
    const char *wn = reglint_type_name(want, wb);
    o.expected = want == REGLINT_REG_DWORD ? "REG_DWORD (4 bytes)"
                 : want == REGLINT_REG_QWORD ? "REG_QWORD (8 bytes)"
                                             : wn;
    if (have == want)
        o.reason = ev_printf(c, "%s is a %s of %zu bytes; Windows reads "
                             "only %s and ignores it, so the default "
                             "applies", label, wn, len,
                             want == REGLINT_REG_QWORD ? "8" : "4");
    else
        o.reason = ev_printf(c, "%s is %s; Windows reads only a %s here and "
                             "ignores it, so the default applies", label,
                             reglint_type_name(have, tb), wn);
    /* A number written as a string ("1") says what was meant. */
    if (want == REGLINT_REG_DWORD &&
        (have == REGLINT_REG_SZ || have == REGLINT_REG_EXPAND_SZ)) {
        char *s = reglint_value_get_string(v);
        char *end = NULL;
        unsigned long long x = s && *s ? strtoull(s, &end, 0) : 0;
        if (s && *s && end && !*end && x <= 0xffffffffull &&
            reg_can_carry(o.key) && reg_can_carry(name))
            o.fix = ev_printf(c, "[%s]\n%s=dword:%08llx\n",
                              fix_key_path(c, k), reg_quoted(c, name), x);
        free(s);
    }
    if (c->ntypes_memo == c->types_memo_cap) {
        size_t cap = c->types_memo_cap ? 2 * c->types_memo_cap : 16;
        outcome *m = realloc(c->types_memo, cap * sizeof *m);
        if (!m) {
            c->oom = true;
            return;
        }
        c->types_memo = m;
        c->types_memo_cap = cap;
    }
    c->types_memo[c->ntypes_memo++] = o;
    ev_emit(c, &o);
    tc->flagged++;
}

static int type_key_cb(const reglint_key *k, void *ctx)
{
    types_ctx *tc = ctx;
    const reglint_value *v = reglint_key_value(k, tc->name);
    if (!v || ptrset_has(&tc->seen, v))
        return 0;
    if (ptrset_add(&tc->seen, v) < 0) {
        tc->c->oom = true;
        return -1;
    }
    if (!ev_type_ok(v, tc->type))
        type_flag(tc, k, v, tc->type);
    return 0;
}

static int type_read_cb(void *ctx, const char *key, const char *value,
                        uint32_t type)
{
    types_ctx *tc = ctx;
    tc->name = value;
    tc->type = type;
    /* The callbacks stop a walk only when memory runs out. */
    if (ev_glob_keys(tc->c->v, key, type_key_cb, tc) < 0) {
        tc->c->oom = true;
        return -1;
    }
    return 0;
}

static int protocol_role_cb(const reglint_key *k, void *ctx)
{
    types_ctx *tc = ctx;
    const char *nm = reglint_key_name(k);
    if (reglint_name_compare(nm, "Client") != 0 &&
        reglint_name_compare(nm, "Server") != 0)
        return 0;
    static const char *const names[] = {"Enabled", "DisabledByDefault"};
    for (size_t i = 0; i < 2; i++) {
        tc->name = names[i];
        tc->type = REGLINT_REG_DWORD;
        if (type_key_cb(k, tc) < 0)
            return -1;
    }
    return 0;
}

static void run_value_types(eval_ctx *c)
{
    if (c->types_done) {
        for (size_t i = 0; i < c->ntypes_memo; i++)
            ev_emit(c, &c->types_memo[i]);
        if (!c->ntypes_memo)
            emit_simple(c, REGLINT_PASS, NULL,
                        "every value the rules read that is present has "
                        "the type Windows reads");
        return;
    }
    types_ctx tc = {c, {0}, NULL, 0, 0};
    read_fn_ctx r = {type_read_cb, &tc, false};
    reads_all(c->rs, &r);
    if (r.protocol && !c->oom)
        if (ev_glob_keys(c->v, KEY_PROTOCOLS "\\*\\*", protocol_role_cb,
                         &tc) < 0)
            c->oom = true;
    ptrset_free(&tc.seen);
    c->types_done = !c->oom;
    if (!tc.flagged)
        emit_simple(c, REGLINT_PASS, NULL,
                    "every value the rules read that is present has the "
                    "type Windows reads");
}

/* ------------------------------------------------------------------ */
/* key-names (REG-KEYNAME)                                              */
/* ------------------------------------------------------------------ */

#define NAME_CHARS_MAX 96 /* longer names are never near a watched one */

typedef struct char_slices {
    const char *s[NAME_CHARS_MAX];
    uint8_t n[NAME_CHARS_MAX];
    size_t count;
} char_slices;

/* Split s into characters; false when it has more than NAME_CHARS_MAX. */
static bool split_chars(const char *s, size_t len, char_slices *out)
{
    out->count = 0;
    for (size_t i = 0; i < len;) {
        if (out->count == NAME_CHARS_MAX)
            return false;
        uint32_t cp;
        size_t l = utf8_decode(s + i, len - i, &cp);
        if (!l)
            l = 1;
        out->s[out->count] = s + i;
        out->n[out->count++] = (uint8_t)l;
        i += l;
    }
    return true;
}

/* Levenshtein distance over characters compared as Windows compares
** names; anything over limit comes back as limit + 1. */
static int distance(const char *a, const char *b, int limit)
{
    char_slices x, y;
    if (!split_chars(a, strlen(a), &x) || !split_chars(b, strlen(b), &y))
        return limit + 1;
    size_t diff = x.count > y.count ? x.count - y.count : y.count - x.count;
    if (diff > (size_t)limit)
        return limit + 1;
    int prev[NAME_CHARS_MAX + 1], cur[NAME_CHARS_MAX + 1];
    for (size_t j = 0; j <= y.count; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= x.count; i++) {
        cur[0] = (int)i;
        int best = cur[0];
        for (size_t j = 1; j <= y.count; j++) {
            int same = name_compare_n(x.s[i - 1], x.n[i - 1], y.s[j - 1],
                                      y.n[j - 1]) == 0;
            int v = prev[j - 1] + !same;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            cur[j] = v;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
        memcpy(prev, cur, (y.count + 1) * sizeof *prev);
    }
    return prev[y.count] > limit ? limit + 1 : prev[y.count];
}

/* s with the characters in drop removed (ASCII), into buf. */
static size_t squeeze(const char *s, const char *drop, char *buf, size_t len)
{
    size_t o = 0;
    for (; *s && o + 1 < len; s++)
        if (!strchr(drop, *s))
            buf[o++] = *s;
    buf[o] = '\0';
    return o;
}

static bool is_blank(char ch) { return ch == ' ' || ch == '\t'; }

/* How near name is to watched, a name Windows reads: -1 not near (or
** equal, which is no miss at all); else a score, lower is nearer.  Near:
** equal after trimming blanks, or after dropping blanks . , _ - (and
** case), or within Levenshtein distance 2 (1 when watched is shorter than
** 6 characters). */
static int near_score(const char *name, const char *watched)
{
    if (reglint_name_compare(name, watched) == 0)
        return -1;
    const char *b = name, *e = name + strlen(name);
    while (b < e && is_blank(*b))
        b++;
    while (e > b && is_blank(e[-1]))
        e--;
    if (name_compare_n(b, (size_t)(e - b), watched, strlen(watched)) == 0)
        return 0;
    char sn[1024], sw[1024];
    size_t ln = squeeze(name, " \t.,_-", sn, sizeof sn);
    size_t lw = squeeze(watched, " \t.,_-", sw, sizeof sw);
    if (ln && name_compare_n(sn, ln, sw, lw) == 0)
        return 0;
    int limit = utf8_count(watched, strlen(watched)) < 6 ? 1 : 2;
    int d = distance(name, watched, limit);
    return d <= limit ? d : -1;
}

/* The nearest of names to name (NULL: none is near); *exact when one
** equals it. */
static const char *nearest(const char *name, const char *const *names,
                           size_t n, bool *exact)
{
    const char *best = NULL;
    int best_score = 1 << 20;
    for (size_t i = 0; i < n; i++) {
        if (reglint_name_compare(name, names[i]) == 0) {
            *exact = true;
            return names[i];
        }
        int s = near_score(name, names[i]);
        if (s >= 0 && s < best_score) {
            best = names[i];
            best_score = s;
        }
    }
    return best;
}

/* Is name flagged?  Against a closed set every name not in it is; against
** near-only names only near misses are.  *suggest gets the name meant. */
static bool name_flagged(const char *name, const char *const *closed,
                         size_t nclosed, const char *const *near,
                         size_t nnear, const char **suggest)
{
    bool exact = false;
    *suggest = NULL;
    const char *a = nearest(name, closed, nclosed, &exact);
    if (exact)
        return false;
    const char *b = nearest(name, near, nnear, &exact);
    if (exact)
        return false;
    *suggest = a ? a : b;
    return nclosed > 0 || *suggest != NULL;
}

static const char *names_text(eval_ctx *c, const char *const *names,
                              size_t n)
{
    char buf[600];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o + 8 < sizeof buf; i++) {
        int w = snprintf(buf + o, sizeof buf - o, "%s\"%s\"", i ? ", " : "",
                         names[i]);
        if (w < 0 || (size_t)w >= sizeof buf - o) {
            snprintf(buf + o, sizeof buf - o, ", ...");
            break;
        }
        o += (size_t)w;
    }
    return ev_strdup(c, buf);
}

typedef struct names_ctx {
    eval_ctx *c;
    const name_watch *w;
    ptrset flagged_keys;   /* nothing below these is examined          */
    ptrset seen;           /* keys and values already judged           */
    size_t flagged;
} names_ctx;

static bool below_flagged(const names_ctx *nc, const reglint_key *k)
{
    for (const reglint_key *p = k; p; p = reglint_key_parent(p))
        if (ptrset_has(&nc->flagged_keys, p))
            return true;
    return false;
}

static void flag_name(names_ctx *nc, const reglint_key *parent,
                      const reglint_key *sub, const reglint_value *v,
                      const char *suggest, const char *const *closed,
                      size_t nclosed)
{
    eval_ctx *c = nc->c;
    const char *name = sub ? reglint_key_name(sub) : reglint_value_name(v);
    const char *where = ev_short_path(c, ev_key_path(c, parent));
    outcome o;
    memset(&o, 0, sizeof o);
    o.verdict = REGLINT_FAIL;
    if (sub) {
        o.key = ev_key_path(c, sub);
        o.target = o.key;
        o.found_key = sub;
        o.origin = reglint_key_origin(sub);
        o.actual = ev_printf(c, "key \"%s\"", name);
    } else {
        o.key = ev_key_path(c, parent);
        o.value = name;
        o.target = value_target(c, o.key, name);
        o.found_key = parent;
        o.found_value = v;
        o.origin = reglint_value_origin(v);
        o.actual = ev_printf(c, "value \"%s\" (%s)", name,
                             ev_value_text(c, v));
    }
    const char *kind = sub ? "key" : "value";
    if (suggest) {
        o.expected = ev_printf(c, "\"%s\"", suggest);
        o.reason = ev_printf(c, "%s \"%s\" under %s is not a name Windows "
                             "reads, so it is ignored; did you mean \"%s\"?",
                             kind, name, where, suggest);
    } else {
        o.expected = ev_printf(c, "one of %s",
                               names_text(c, closed, nclosed));
        o.reason = ev_printf(c, "%s \"%s\" under %s is not a name Windows "
                             "reads there, so it is ignored", kind, name,
                             where);
    }
    /* A DWORD under the wrong name: the fix moves it to the right one. */
    uint32_t d;
    if (!sub && suggest && ev_dword(v, &d) && reg_can_carry(o.key) &&
        reg_can_carry(name))
        o.fix = ev_printf(c, "[%s]\n%s=-\n%s=dword:%08x\n",
                          fix_key_path(c, parent), reg_quoted(c, name),
                          reg_quoted(c, suggest), (unsigned)d);
    ev_emit(c, &o);
    nc->flagged++;
}

static int names_key_cb(const reglint_key *k, void *ctx)
{
    names_ctx *nc = ctx;
    const name_watch *w = nc->w;
    if (below_flagged(nc, k))
        return 0;
    size_t ns = reglint_key_subkey_count(k);
    for (size_t i = 0; i < ns; i++) {
        const reglint_key *sub = reglint_key_subkey_at(k, i);
        const char *suggest;
        if (ptrset_has(&nc->seen, sub) ||
            !name_flagged(reglint_key_name(sub), w->subkeys, w->nsubkeys,
                          w->near_subkeys, w->nnear_subkeys, &suggest))
            continue;
        if (ptrset_add(&nc->seen, sub) < 0 ||
            ptrset_add(&nc->flagged_keys, sub) < 0) {
            nc->c->oom = true;
            return -1;
        }
        flag_name(nc, k, sub, NULL, suggest, w->subkeys, w->nsubkeys);
    }
    size_t nv = reglint_key_value_count(k);
    for (size_t i = 0; i < nv; i++) {
        const reglint_value *v = reglint_key_value_at(k, i);
        const char *suggest;
        if (ptrset_has(&nc->seen, v) ||
            !name_flagged(reglint_value_name(v), w->values, w->nvalues,
                          w->near_values, w->nnear_values, &suggest))
            continue;
        if (ptrset_add(&nc->seen, v) < 0) {
            nc->c->oom = true;
            return -1;
        }
        flag_name(nc, k, NULL, v, suggest, w->values, w->nvalues);
    }
    return 0;
}

static size_t path_depth(const char *p)
{
    size_t n = 0;
    for (; *p; p++)
        n += *p == '\\';
    return n;
}

static void run_key_names(eval_ctx *c, const builtin_params *bp)
{
    names_ctx nc = {c, NULL, {0}, {0}, 0};
    /* Shallow watches first, so that a key flagged there (TLS1.2 under
    ** Protocols) is not examined again by a deeper watch (Protocols\*). */
    size_t *order = bp->nwatch ? malloc(bp->nwatch * sizeof *order) : NULL;
    if (bp->nwatch && !order) {
        c->oom = true;
        return;
    }
    for (size_t i = 0; i < bp->nwatch; i++)
        order[i] = i;
    for (size_t i = 1; i < bp->nwatch; i++) /* stable insertion sort */
        for (size_t j = i; j > 0 && path_depth(bp->watch[order[j - 1]].key) >
                                        path_depth(bp->watch[order[j]].key);
             j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (size_t i = 0; i < bp->nwatch && !c->oom; i++) {
        nc.w = &bp->watch[order[i]];
        if (ev_glob_keys(c->v, nc.w->key, names_key_cb, &nc) < 0)
            c->oom = true;
    }
    free(order);
    ptrset_free(&nc.flagged_keys);
    ptrset_free(&nc.seen);
    if (!nc.flagged)
        emit_simple(c, REGLINT_PASS, bp->nwatch ? bp->watch[0].key : NULL,
                    "no key or value name under the watched keys is one "
                    "Windows would ignore");
}

/* ------------------------------------------------------------------ */
/* value-range (REG-RANGE)                                              */
/* ------------------------------------------------------------------ */

typedef struct range_ctx {
    eval_ctx *c;
    const builtin_params *bp;
    const range_watch *w;
    ptrset seen;
    size_t flagged;
} range_ctx;

static const char *allowed_text(eval_ctx *c, const builtin_params *bp)
{
    char buf[256] = "";
    size_t o = 0;
    for (size_t i = 0; i < bp->nallowed && o < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%llu",
                              i ? ", " : "",
                              (unsigned long long)bp->allowed[i]);
    return ev_printf(c, "one of %s", buf);
}

static int range_key_cb(const reglint_key *k, void *ctx)
{
    range_ctx *rc = ctx;
    eval_ctx *c = rc->c;
    const builtin_params *bp = rc->bp;
    for (size_t i = 0; i < rc->w->nnames; i++) {
        const reglint_value *v = reglint_key_value(k, rc->w->names[i]);
        uint32_t d;
        /* Only what Windows reads: a wrong type is REG-TYPE's. */
        if (!v || !ev_dword(v, &d) || ptrset_has(&rc->seen, v))
            continue;
        if (ptrset_add(&rc->seen, v) < 0) {
            c->oom = true;
            return -1;
        }
        bool ok = false;
        for (size_t j = 0; j < bp->nallowed && !ok; j++)
            ok = bp->allowed[j] == d;
        if (ok)
            continue;
        const range_exception *ex = NULL;
        for (size_t j = 0; j < bp->nexceptions && !ex; j++)
            if (bp->exceptions[j].equals == d &&
                reglint_name_compare(bp->exceptions[j].value,
                                     reglint_value_name(v)) == 0)
                ex = &bp->exceptions[j];
        outcome o;
        memset(&o, 0, sizeof o);
        o.verdict = REGLINT_FAIL;
        o.severity = ex ? ex->severity : 0;
        o.key = ev_key_path(c, k);
        o.value = reglint_value_name(v);
        o.target = value_target(c, o.key, o.value);
        o.found_key = k;
        o.found_value = v;
        o.origin = reglint_value_origin(v);
        o.actual = ev_value_text(c, v);
        o.expected = allowed_text(c, bp);
        o.reason = ex && ex->reason
            ? ev_printf(c, "%s is 0x%x: %s", o.value, (unsigned)d, ex->reason)
            : ev_printf(c, "%s is %u (0x%x), outside %s", o.value,
                        (unsigned)d, (unsigned)d, o.expected);
        ev_emit(c, &o);
        rc->flagged++;
    }
    return 0;
}

static void run_value_range(eval_ctx *c, const builtin_params *bp)
{
    range_ctx rc = {c, bp, NULL, {0}, 0};
    for (size_t i = 0; i < bp->nrange && !c->oom; i++) {
        rc.w = &bp->range[i];
        if (ev_glob_keys(c->v, rc.w->key, range_key_cb, &rc) < 0)
            c->oom = true;
    }
    ptrset_free(&rc.seen);
    if (!rc.flagged)
        emit_simple(c, REGLINT_PASS, bp->nrange ? bp->range[0].key : NULL,
                    "every watched value that is set is in its allowed "
                    "range");
}

/* ------------------------------------------------------------------ */
/* contradictions (REG-CONTRADICT)                                      */
/* ------------------------------------------------------------------ */

typedef struct contra_ctx {
    eval_ctx *c;
    ptrset seen;
    size_t flagged;
} contra_ctx;

static int contra_key_cb(const reglint_key *k, void *ctx)
{
    contra_ctx *cc = ctx;
    eval_ctx *c = cc->c;
    if (ptrset_has(&cc->seen, k))
        return 0;
    if (ptrset_add(&cc->seen, k) < 0) {
        c->oom = true;
        return -1;
    }
    const reglint_value *en = reglint_key_value(k, "Enabled");
    const reglint_value *dbd = reglint_key_value(k, "DisabledByDefault");
    uint32_t e, d;
    if (!en || !dbd || !ev_dword(en, &e) || !ev_dword(dbd, &d))
        return 0;
    const char *why = NULL;
    if (e != 0 && d != 0)
        why = "enabled, yet DisabledByDefault keeps it from being used "
              "unless an application asks for it: set both to enable "
              "(Enabled=1, DisabledByDefault=0) or both to disable "
              "(Enabled=0, DisabledByDefault=1)";
    else if (e == 0 && d == 0)
        why = "half disabled: Enabled=0 turns it off while "
              "DisabledByDefault=0 says to use it; set DisabledByDefault=1 "
              "to disable, or Enabled=1 to enable";
    if (!why)
        return 0;
    outcome o;
    memset(&o, 0, sizeof o);
    o.verdict = REGLINT_FAIL;
    o.key = ev_key_path(c, k);
    o.target = o.key;
    o.found_key = k;
    o.found_value = en;
    o.origin = reglint_value_origin(en);
    o.actual = ev_printf(c, "Enabled=%s, DisabledByDefault=%s",
                         e <= 9 ? ev_printf(c, "%u", (unsigned)e)
                                : ev_printf(c, "0x%x", (unsigned)e),
                         d <= 9 ? ev_printf(c, "%u", (unsigned)d)
                                : ev_printf(c, "0x%x", (unsigned)d));
    o.expected = "Enabled=1 with DisabledByDefault=0, or Enabled=0 with "
                 "DisabledByDefault=1";
    o.reason = why;
    ev_emit(c, &o);
    cc->flagged++;
    return 0;
}

static void run_contradictions(eval_ctx *c, const builtin_params *bp)
{
    contra_ctx cc = {c, {0}, 0};
    for (size_t i = 0; i < bp->nrange && !c->oom; i++)
        if (ev_glob_keys(c->v, bp->range[i].key, contra_key_cb, &cc) < 0)
            c->oom = true;
    ptrset_free(&cc.seen);
    if (!cc.flagged)
        emit_simple(c, REGLINT_PASS, bp->nrange ? bp->range[0].key : NULL,
                    "no role sets Enabled and DisabledByDefault against "
                    "each other");
}

/* ------------------------------------------------------------------ */
/* control-set-drift (REG-CCS-DRIFT)                                    */
/* ------------------------------------------------------------------ */

#define SYSTEM_KEY "HKEY_LOCAL_MACHINE\\SYSTEM"

typedef struct drift_ctx {
    eval_ctx *c;
    const char *cur_name;    /* "ControlSet002"                          */
    const char *oth_name;    /* "ControlSet001"                          */
    const char *oth_root;    /* its subtree's full path                  */
    bytebuf rel;             /* the path below the subtree, "\A\B"       */
    size_t flagged;
} drift_ctx;

/* The subtree under a control set key, or NULL. */
static const reglint_key *descend(const reglint_key *k, const char *sub)
{
    char part[REGLINT_MAX_KEY_NAME * 4 + 1];
    while (k && *sub) {
        const char *e = strchr(sub, '\\');
        size_t n = e ? (size_t)(e - sub) : strlen(sub);
        if (n && n < sizeof part) {
            memcpy(part, sub, n);
            part[n] = '\0';
            k = reglint_key_subkey(k, part);
        } else if (n) {
            return NULL;
        }
        sub += n + (e ? 1 : 0);
    }
    return k;
}

static bool same_value(const reglint_value *a, const reglint_value *b)
{
    size_t la, lb;
    const uint8_t *da = reglint_value_data(a, &la);
    const uint8_t *db = reglint_value_data(b, &lb);
    return reglint_value_type(a) == reglint_value_type(b) && la == lb &&
           (la == 0 || memcmp(da, db, la) == 0);
}

static void drift_flag(drift_ctx *d, const reglint_key *ck,
                       const reglint_key *ok, const reglint_value *cv,
                       const reglint_value *ov)
{
    eval_ctx *c = d->c;
    const char *name = ov ? reglint_value_name(ov) : reglint_value_name(cv);
    outcome o;
    memset(&o, 0, sizeof o);
    o.verdict = REGLINT_FAIL;
    o.key = ok ? ev_key_path(c, ok)
               : ev_printf(c, "%s%.*s", d->oth_root, (int)d->rel.len,
                           (const char *)d->rel.data);
    o.value = name;
    o.target = value_target(c, o.key, name);
    o.found_key = ok ? ok : ck;
    o.found_value = ov ? ov : cv;
    o.origin = ov ? reglint_value_origin(ov) : reglint_value_origin(cv);
    o.actual = ev_printf(c, "%s: %s; %s (current): %s", d->oth_name,
                         ov ? ev_value_text(c, ov) : "absent", d->cur_name,
                         cv ? ev_value_text(c, cv) : "absent");
    o.expected = ev_printf(c, "the same as in %s (current)", d->cur_name);
    o.reason = ev_printf(c, "%s differs between %s and the current %s: a "
                         "boot into %s (Last Known Good) would use other "
                         "Schannel settings", ev_value_label(name),
                         d->oth_name, d->cur_name, d->oth_name);
    ev_emit(c, &o);
    d->flagged++;
}

static void drift_diff(drift_ctx *d, const reglint_key *ck,
                       const reglint_key *ok, int depth)
{
    eval_ctx *c = d->c;
    if (c->oom || depth > REGLINT_MAX_DEPTH + 1)
        return;
    size_t n = ok ? reglint_key_value_count(ok) : 0;
    for (size_t i = 0; i < n; i++) {
        const reglint_value *ov = reglint_key_value_at(ok, i);
        const reglint_value *cv =
            ck ? reglint_key_value(ck, reglint_value_name(ov)) : NULL;
        if (!cv || !same_value(cv, ov))
            drift_flag(d, ck, ok, cv, ov);
    }
    n = ck ? reglint_key_value_count(ck) : 0;
    for (size_t i = 0; i < n; i++) {
        const reglint_value *cv = reglint_key_value_at(ck, i);
        if (!ok || !reglint_key_value(ok, reglint_value_name(cv)))
            drift_flag(d, ck, ok, cv, NULL);
    }
    /* Subkeys: the other set's first, then those only the current has. */
    for (int side = 0; side < 2; side++) {
        const reglint_key *from = side == 0 ? ok : ck;
        const reglint_key *other = side == 0 ? ck : ok;
        n = from ? reglint_key_subkey_count(from) : 0;
        for (size_t i = 0; i < n; i++) {
            const reglint_key *s = reglint_key_subkey_at(from, i);
            const char *nm = reglint_key_name(s);
            const reglint_key *t = other ? reglint_key_subkey(other, nm)
                                         : NULL;
            if (side == 1 && t)
                continue; /* seen from the other side */
            size_t mark = d->rel.len;
            if (bytebuf_putc(&d->rel, '\\') < 0 ||
                bytebuf_append(&d->rel, nm, strlen(nm)) < 0) {
                c->oom = true;
                return;
            }
            if (side == 0)
                drift_diff(d, t, s, depth + 1);
            else
                drift_diff(d, s, NULL, depth + 1);
            d->rel.len = mark;
        }
    }
}

static void run_drift(eval_ctx *c, const builtin_params *bp)
{
    const char *sub = bp->subtree ? bp->subtree : "";
    unsigned cur = reglint_view_control_set(c->v);
    const reglint_key *sys = reglint_view_key_open(c->v, SYSTEM_KEY);
    if (!cur || !sys) {
        emit_simple(c, REGLINT_NA, SYSTEM_KEY,
                    "no current control set is known (no SYSTEM hive and "
                    "no SYSTEM\\Select\\Current in the sources)");
        return;
    }
    char cur_name[32];
    snprintf(cur_name, sizeof cur_name, "ControlSet%03u", cur);
    const reglint_key *cur_root = reglint_key_subkey(sys, cur_name);
    if (!cur_root) {
        /* A .reg export keeps CurrentControlSet literally. */
        cur_root = reglint_key_subkey(sys, "CurrentControlSet");
        if (cur_root)
            snprintf(cur_name, sizeof cur_name, "CurrentControlSet");
    }
    if (!cur_root) {
        emit_simple(c, REGLINT_NA, SYSTEM_KEY,
                    ev_printf(c, "Select\\Current names %s, which no source "
                              "holds", cur_name));
        return;
    }
    drift_ctx d = {c, cur_name, NULL, NULL, {0}, 0};
    const reglint_key *cur_sub = descend(cur_root, sub);
    size_t others = 0;
    size_t n = reglint_key_subkey_count(sys);
    for (size_t i = 0; i < n && !c->oom; i++) {
        const reglint_key *cs = reglint_key_subkey_at(sys, i);
        const char *nm = reglint_key_name(cs);
        unsigned num = control_set_number(nm, strlen(nm));
        if (!num || num == cur)
            continue;
        others++;
        d.oth_name = ev_strdup(c, nm);
        d.oth_root = ev_printf(c, "%s\\%s%s%s", SYSTEM_KEY, nm,
                               *sub ? "\\" : "", sub);
        d.rel.len = 0;
        drift_diff(&d, cur_sub, descend(cs, sub), 0);
    }
    bytebuf_free(&d.rel);
    if (d.flagged)
        return;
    emit_simple(c, REGLINT_PASS, ev_printf(c, "%s\\%s", SYSTEM_KEY, cur_name),
                others ? ev_printf(c, "every other control set has the same "
                                   "values under %s as %s", sub, cur_name)
                       : ev_printf(c, "no control set other than %s is in "
                                   "the sources", cur_name));
}

/* ------------------------------------------------------------------ */
/* sql-server-builds (AP-SQL-TLS12)                                     */
/* ------------------------------------------------------------------ */

/* "12.0.4439.1" -> {12, 0, 4439, 1}; 1 to 4 numbers, as the rule file
** writes them.  false otherwise. */
static bool parse_sql_version(const char *s, sql_version *v)
{
    memset(v, 0, sizeof *v);
    size_t n = 0;
    while (n < 4) {
        if (*s < '0' || *s > '9')
            return false;
        unsigned long x = 0;
        while (*s >= '0' && *s <= '9') {
            x = x * 10 + (unsigned long)(*s++ - '0');
            if (x > 999999999ul)
                return false;
        }
        v->part[n++] = (unsigned)x;
        if (*s != '.')
            break;
        s++;
    }
    return *s == '\0' && n >= 1;
}

static int sql_cmp(const sql_version *a, const sql_version *b)
{
    for (int i = 0; i < 4; i++)
        if (a->part[i] != b->part[i])
            return a->part[i] < b->part[i] ? -1 : 1;
    return 0;
}

static const char *sql_text(eval_ctx *c, const sql_version *v)
{
    int n = 4;
    while (n > 2 && v->part[n - 1] == 0)
        n--;
    return n == 2 ? ev_printf(c, "%u.%u", v->part[0], v->part[1])
           : n == 3 ? ev_printf(c, "%u.%u.%u", v->part[0], v->part[1],
                                v->part[2])
                    : ev_printf(c, "%u.%u.%u.%u", v->part[0], v->part[1],
                                v->part[2], v->part[3]);
}

/* A REG_SZ as text (NULL: absent, another type, or empty). */
static char *sz_value(const reglint_key *k, const char *name,
                      const reglint_value **out)
{
    const reglint_value *v = k ? reglint_key_value(k, name) : NULL;
    *out = v;
    if (!v || (reglint_value_type(v) != REGLINT_REG_SZ &&
               reglint_value_type(v) != REGLINT_REG_EXPAND_SZ))
        return NULL;
    char *s = reglint_value_get_string(v);
    if (s && !*s) {
        free(s);
        return NULL;
    }
    return s;
}

/* "SQL Server 2014 SP1 CU" from a branch name ("2014 SP1 CU"); names
** that already say it ("SQL Server 2000 and earlier") are kept. */
static const char *sql_branch_label(eval_ctx *c, const sql_branch *br)
{
    return strncasecmp(br->name, "SQL Server", 10) == 0
               ? br->name
               : ev_printf(c, "SQL Server %s", br->name);
}

/* What to install on a failing instance: the first build of its branch
** with TLS 1.2 (a later one when the build is flagged past it), or, when
** the branch has none or no branch is known, a move to one that has. */
static const char *sql_remedy(eval_ctx *c, const builtin_params *bp,
                              const char *inst, const sql_version *ver,
                              const sql_branch *br)
{
    const char *vt = sql_text(c, ver);
    if (br && br->has_min && sql_cmp(ver, &br->min) < 0)
        return ev_printf(c, "Update SQL Server instance %s (build %s, %s) "
                         "to build %s or later, the first of %s with TLS "
                         "1.2 support (KB3135244 lists the update), or to a "
                         "later service pack; then restart the instance",
                         inst, vt, sql_branch_label(c, br),
                         sql_text(c, &br->min), sql_branch_label(c, br));
    if (br && br->has_min)
        return ev_printf(c, "Update SQL Server instance %s (build %s, %s) "
                         "to a later build of %s (KB3135244 lists the "
                         "updates), or to a later service pack; then "
                         "restart the instance", inst, vt,
                         sql_branch_label(c, br), sql_branch_label(c, br));
    return ev_printf(c, "Upgrade SQL Server instance %s (build %s%s%s): no "
                     "update brings TLS 1.2 to %s; upgrade to a supported "
                     "branch (version %s or later, or a service pack "
                     "KB3135244 lists)", inst, vt, br ? ", " : "",
                     br ? sql_branch_label(c, br) : "",
                     br ? sql_branch_label(c, br) : "this build",
                     sql_text(c, &bp->pass_from));
}

static void sql_instance(eval_ctx *c, const builtin_params *bp,
                         const char *root, bool wow, const char *inst,
                         const reglint_value *idv)
{
    outcome o;
    memset(&o, 0, sizeof o);
    o.target = wow ? ev_printf(c, "%s (32-bit)", inst) : ev_strdup(c, inst);
    o.expected = ev_printf(c, "a build with TLS 1.2 support (%s or later, or "
                           "the minimum of its branch per KB3135244)",
                           sql_text(c, &bp->pass_from));
    char *id = NULL;
    if (reglint_value_type(idv) == REGLINT_REG_SZ ||
        reglint_value_type(idv) == REGLINT_REG_EXPAND_SZ)
        id = reglint_value_get_string(idv);
    if (!id || !*id || strchr(id, '\\')) {
        o.verdict = REGLINT_UNKNOWN;
        o.key = ev_printf(c, "%s\\Instance Names\\SQL", root);
        o.value = inst;
        /* The key holding idv too: a hive origin is described by its key's
        ** path, so without it the reports lose where the value is. */
        o.found_key = reglint_view_key_open(c->v, o.key);
        o.found_value = idv;
        o.origin = reglint_value_origin(idv);
        o.actual = ev_value_text(c, idv);
        o.reason = "the instance's id (the data of its value under Instance "
                   "Names\\SQL) is not a string naming a key";
        free(id);
        ev_emit(c, &o);
        return;
    }
    const char *cv_path = ev_printf(c, "%s\\%s\\MSSQLServer\\CurrentVersion",
                                    root, id);
    const char *setup_path = ev_printf(c, "%s\\%s\\Setup", root, id);
    const char *id_path = ev_printf(c, "%s\\%s", root, id);
    free(id);
    if (!cv_path || !setup_path || !id_path)
        return;
    const reglint_key *cvk = reglint_view_key_open(c->v, cv_path);
    const reglint_key *suk = reglint_view_key_open(c->v, setup_path);
    const reglint_value *bv;
    const reglint_key *bk = cvk;
    char *build = sz_value(cvk, "CurrentVersion", &bv);
    o.value = "CurrentVersion";
    if (!build) {
        bk = suk;
        build = sz_value(suk, "PatchLevel", &bv);
        o.value = "PatchLevel";
    }
    sql_version ver;
    if (!build || !parse_sql_version(build, &ver)) {
        o.verdict = REGLINT_UNKNOWN;
        o.key = bk ? ev_key_path(c, bk) : cv_path;
        o.found_key = bk;
        o.found_value = bv;
        if (bv)
            o.origin = reglint_value_origin(bv);
        if (!build && !ev_covered(c, id_path)) {
            o.actual = "not read: no source covers this key";
            o.reason = ev_printf(c, "no source covers %s: %s",
                                 ev_short_path(c, id_path),
                                 ev_export_hint(c, id_path));
        } else {
            o.actual = bv ? ev_value_text(c, bv) : "absent";
            o.reason = ev_printf(c, "the instance's build is unreadable: "
                                 "neither MSSQLServer\\CurrentVersion "
                                 "CurrentVersion nor Setup PatchLevel holds "
                                 "a version such as 12.0.4439.1");
        }
        free(build);
        ev_emit(c, &o);
        return;
    }
    o.key = ev_key_path(c, bk);
    o.found_key = bk;
    o.found_value = bv;
    o.origin = reglint_value_origin(bv);
    o.actual = ev_printf(c, "%s (%s)", build, o.value);
    free(build);
    const char *vt = sql_text(c, &ver);
    if (sql_cmp(&ver, &bp->pass_from) >= 0) {
        o.verdict = REGLINT_PASS;
        o.reason = ev_printf(c, "build %s is %s or later, which supports TLS "
                             "1.2 without an update", vt,
                             sql_text(c, &bp->pass_from));
        ev_emit(c, &o);
        return;
    }
    const sql_branch *br = NULL;
    for (size_t i = 0; i < bp->nbranches && !br; i++)
        if (sql_cmp(&bp->branches[i].from, &ver) <= 0 &&
            sql_cmp(&ver, &bp->branches[i].to) < 0)
            br = &bp->branches[i];
    for (size_t i = 0; i < bp->nflagged; i++)
        if (sql_cmp(&ver, &bp->flagged[i]) == 0) {
            o.verdict = REGLINT_FAIL;
            o.reason = ev_printf(c, "build %s is one KB3135244 flags (it "
                                 "has the service-termination issue "
                                 "3146034): install a later update", vt);
            o.remedy = sql_remedy(c, bp, o.target, &ver, br);
            ev_emit(c, &o);
            return;
        }
    if (!br) {
        o.verdict = REGLINT_FAIL;
        o.reason = ev_printf(c, "build %s: no TLS 1.2 support known for "
                             "this build (below %s and in no branch "
                             "KB3135244 lists)", vt,
                             sql_text(c, &bp->pass_from));
    } else if (!br->has_min) {
        o.verdict = REGLINT_FAIL;
        o.reason = ev_printf(c, "build %s is SQL Server %s, which has no "
                             "build with TLS 1.2 support", vt, br->name);
    } else if (sql_cmp(&ver, &br->min) >= 0) {
        o.verdict = REGLINT_PASS;
        o.reason = ev_printf(c, "build %s is at least %s, the first build "
                             "of %s with TLS 1.2 support", vt,
                             sql_text(c, &br->min), br->name);
    } else {
        o.verdict = REGLINT_FAIL;
        o.expected = ev_printf(c, ">= %s (%s)", sql_text(c, &br->min),
                               br->name);
        o.reason = ev_printf(c, "build %s is below %s, the first build of "
                             "%s with TLS 1.2 support", vt,
                             sql_text(c, &br->min), br->name);
    }
    if (o.verdict == REGLINT_FAIL)
        o.remedy = sql_remedy(c, bp, o.target, &ver, br);
    ev_emit(c, &o);
}

static void run_sql(eval_ctx *c, const builtin_params *bp)
{
    size_t found = 0;
    const char *uncovered = NULL;
    bool is32 = c->os->arch == REGLINT_ARCH_X86 ||
                c->os->arch == REGLINT_ARCH_ARM;
    for (size_t r = 0; r < bp->nroots && !c->oom; r++) {
        const char *root = bp->instance_roots[r];
        bool wow = strcasestr(root, "\\WOW6432Node") != NULL;
        if (wow && is32)
            continue; /* a 32-bit Windows has no 32-bit view */
        const char *names = ev_printf(c, "%s\\Instance Names\\SQL", root);
        if (!names)
            return;
        const reglint_key *k = reglint_view_key_open(c->v, names);
        if (!k) {
            if (!uncovered && !ev_covered(c, names))
                uncovered = names;
            continue;
        }
        size_t nv = reglint_key_value_count(k);
        for (size_t i = 0; i < nv; i++) {
            const reglint_value *v = reglint_key_value_at(k, i);
            found++;
            sql_instance(c, bp, root, wow, reglint_value_name(v), v);
        }
    }
    if (found)
        return;
    if (uncovered) {
        outcome o;
        memset(&o, 0, sizeof o);
        o.verdict = REGLINT_UNKNOWN;
        o.key = uncovered;
        o.actual = "not read: no source covers this key";
        o.reason = ev_printf(c, "whether SQL Server is installed is unknown: "
                             "no source covers %s: %s",
                             ev_short_path(c, uncovered),
                             ev_export_hint(c, uncovered));
        ev_emit(c, &o);
        return;
    }
    emit_simple(c, REGLINT_NA,
                bp->nroots ? ev_printf(c, "%s\\Instance Names\\SQL",
                                       bp->instance_roots[0])
                           : NULL,
                "no SQL Server instance is installed (nothing under "
                "Instance Names\\SQL)");
}

/* ------------------------------------------------------------------ */
/* key-paths (REG-KEYPATH)                                              */
/* ------------------------------------------------------------------ */

/* A place's paths split once per run, so that every key is matched by
** its chain of ancestors, without building its path. */
typedef struct split_paths {
    path_split *ps;
    size_t n;
} split_paths;

typedef struct place_run {
    const key_place *pl;
    split_paths at, look, except;
} place_run;

/* Every watched name, hashed once (any case), with the places that
** watch it in the order given: each key loaded is looked up once,
** however many names and places a rule file gives. */
typedef struct name_slot {
    const char *name;          /* NULL: empty                            */
    uint32_t hash;
    uint32_t first, last;      /* its places, a list in occ[]            */
} name_slot;
typedef struct name_occ {
    uint32_t place, next;      /* next: UINT32_MAX ends the list         */
} name_occ;

typedef struct paths_ctx {
    eval_ctx *c;
    place_run *runs;
    name_slot *names;
    size_t cap;                /* a power of two, over twice the names   */
    name_occ *occ;
    /* The keys from a root down to the one visited: anc[0] is the root. */
    const reglint_key *anc[REGLINT_MAX_DEPTH + 2];
    size_t flagged;
} paths_ctx;

/* The slot of name: where it is, or the empty one for it. */
static name_slot *name_find(const paths_ctx *pc, const char *name, size_t len,
                            uint32_t h)
{
    size_t k = h & (pc->cap - 1);
    while (pc->names[k].name &&
           (pc->names[k].hash != h ||
            name_compare_n(pc->names[k].name, strlen(pc->names[k].name),
                           name, len) != 0))
        k = (k + 1) & (pc->cap - 1);
    return &pc->names[k];
}

static int names_index(paths_ctx *pc, const builtin_params *bp)
{
    size_t total = 0;
    for (size_t i = 0; i < bp->nplaces; i++)
        total += bp->places[i].nnames;
    if (total >= UINT32_MAX / 4)
        return -1;
    pc->cap = 16;
    while (pc->cap < 2 * total + 2)
        pc->cap *= 2;
    pc->names = calloc(pc->cap, sizeof *pc->names);
    pc->occ = malloc((total ? total : 1) * sizeof *pc->occ);
    if (!pc->names || !pc->occ)
        return -1;
    uint32_t nocc = 0;
    for (size_t i = 0; i < bp->nplaces; i++)
        for (size_t j = 0; j < bp->places[i].nnames; j++) {
            const char *nm = bp->places[i].names[j];
            size_t len = strlen(nm);
            uint32_t h = name_hash_n(nm, len);
            name_slot *ns = name_find(pc, nm, len, h);
            if (!ns->name) {
                *ns = (name_slot){nm, h, nocc, nocc};
            } else if (pc->occ[ns->last].place == i) {
                continue; /* named twice by one place */
            } else {
                pc->occ[ns->last].next = nocc;
                ns->last = nocc;
            }
            pc->occ[nocc++] = (name_occ){(uint32_t)i, UINT32_MAX};
        }
    return 0;
}

static int split_all(const char *const *paths, size_t n, split_paths *out)
{
    out->n = 0;
    out->ps = n ? calloc(n, sizeof *out->ps) : NULL;
    if (n && !out->ps)
        return -1;
    for (size_t i = 0; i < n; i++) {
        /* The loader normalised every path: only ENOMEM fails here. */
        if (path_split_parse(paths[i], strlen(paths[i]), &out->ps[i]) < 0)
            return -1;
        out->n++;
    }
    return 0;
}

static void split_free(split_paths *sp)
{
    for (size_t i = 0; i < sp->n; i++)
        path_split_free(&sp->ps[i]);
    free(sp->ps);
    sp->ps = NULL;
    sp->n = 0;
}

/* Does component i of ps, as Windows resolves it, match name?
** CurrentControlSet (HKLM\SYSTEM\CurrentControlSet) matches every
** ControlSetNNN and a literal CurrentControlSet: a .reg export keeps
** the literal, and every control set is read when Windows boots from it. */
static bool part_matches(const path_split *ps, size_t i, const char *name)
{
    const path_part *p = &ps->parts[i];
    size_t nl = strlen(name);
    if (i == 1 && strcmp(ps->root, "HKEY_LOCAL_MACHINE") == 0 &&
        name_compare_n(ps->parts[0].s, ps->parts[0].n, "SYSTEM", 6) == 0 &&
        name_compare_n(p->s, p->n, "CurrentControlSet", 17) == 0 &&
        control_set_number(name, nl))
        return true;
    return name_glob_match(p->s, p->n, name, nl);
}

/* Does ps name exactly the key anc[n - 1] (anc[0] its root)? */
static bool chain_is(const path_split *ps, const reglint_key *const *anc,
                     size_t n)
{
    if (ps->nparts + 1 != n ||
        reglint_name_compare(reglint_key_name(anc[0]), ps->root) != 0)
        return false;
    for (size_t i = 0; i < ps->nparts; i++)
        if (!part_matches(ps, i, reglint_key_name(anc[i + 1])))
            return false;
    return true;
}

/* Is anc[n - 1] at or below a key one of sp names? */
static bool chain_within(const split_paths *sp, const reglint_key *const *anc,
                         size_t n)
{
    for (size_t i = 0; i < sp->n; i++)
        if (sp->ps[i].nparts + 1 <= n && chain_is(&sp->ps[i], anc,
                                                  sp->ps[i].nparts + 1))
            return true;
    return false;
}

/* A path of sp for people: HKLM, the components as written, and name. */
static const char *place_text(eval_ctx *c, const path_split *ps,
                              const char *name)
{
    bytebuf b = {0};
    bool ok = bytebuf_append(&b, ps->root, strlen(ps->root)) == 0;
    for (size_t i = 0; ok && i < ps->nparts; i++)
        ok = bytebuf_putc(&b, '\\') == 0 &&
             bytebuf_append(&b, ps->parts[i].s, ps->parts[i].n) == 0;
    ok = ok && bytebuf_putc(&b, '\\') == 0 &&
         bytebuf_append(&b, name, strlen(name)) == 0 &&
         bytebuf_putc(&b, '\0') == 0;
    if (!ok) {
        bytebuf_free(&b);
        c->oom = true;
        return NULL;
    }
    const char *out = ev_short_path(c, (const char *)b.data);
    out = out == (const char *)b.data ? ev_strdup(c, out) : out;
    bytebuf_free(&b);
    return out;
}

/* The `at` path nearest to where the key is: the most leading
** components in common (the WOW6432Node one for a key under
** WOW6432Node), the first on a tie. */
static size_t nearest_at(const split_paths *at, const reglint_key *const *anc,
                         size_t n)
{
    size_t best = 0, best_n = 0;
    for (size_t i = 0; i < at->n; i++) {
        const path_split *ps = &at->ps[i];
        size_t k = 0;
        while (k < ps->nparts && k + 1 < n &&
               part_matches(ps, k, reglint_key_name(anc[k + 1])))
            k++;
        if (k > best_n) {
            best = i;
            best_n = k;
        }
    }
    return best;
}

static void path_flag(paths_ctx *pc, const place_run *pr, const char *name,
                      size_t n)
{
    eval_ctx *c = pc->c;
    const reglint_key *k = pc->anc[n - 1];
    const char *where = NULL;
    for (size_t i = 0; i < pr->at.n; i++) {
        const char *t = place_text(c, &pr->at.ps[i], name);
        where = !where ? t
                : i + 1 < pr->at.n ? ev_printf(c, "%s, %s", where, t)
                                   : ev_printf(c, "%s and %s", where, t);
    }
    const char *meant =
        place_text(c, &pr->at.ps[nearest_at(&pr->at, pc->anc, n)], name);
    outcome o;
    memset(&o, 0, sizeof o);
    o.verdict = REGLINT_FAIL;
    o.key = ev_key_path(c, k);
    o.target = o.key;
    o.found_key = k;
    o.origin = reglint_key_origin(k);
    o.actual = ev_printf(c, "key at %s", ev_short_path(c, o.key));
    o.expected = ev_printf(c, "%s", meant);
    o.reason = pr->at.n == 1
        ? ev_printf(c, "Windows reads %s only at %s; did you mean that? No "
                    "Windows version reads %s: it and everything below it "
                    "are ignored", name, where, ev_short_path(c, o.key))
        : ev_printf(c, "Windows reads %s only at %s; did you mean %s? No "
                    "Windows version reads %s: it and everything below it "
                    "are ignored", name, where, meant,
                    ev_short_path(c, o.key));
    if (reg_can_carry(o.key))
        o.fix = ev_printf(c, "[-%s]\n", fix_key_path(c, k));
    ev_emit(c, &o);
    pc->flagged++;
}

/* Is the key anc[n - 1] misplaced?  Flagged keys are not descended.  A
** name several places watch is judged by each, in the order given. */
static bool path_check(paths_ctx *pc, size_t n)
{
    const char *name = reglint_key_name(pc->anc[n - 1]);
    size_t len = strlen(name);
    const name_slot *ns = name_find(pc, name, len, name_hash_n(name, len));
    if (!ns->name)
        return false;
    for (uint32_t o = ns->first; o != UINT32_MAX; o = pc->occ[o].next) {
        const place_run *pr = &pc->runs[pc->occ[o].place];
        if (!chain_within(&pr->look, pc->anc, n) ||
            chain_within(&pr->except, pc->anc, n - 1))
            continue;
        bool placed = false;
        for (size_t i = 0; i < pr->at.n && !placed; i++)
            placed = chain_is(&pr->at.ps[i], pc->anc, n - 1);
        if (placed)
            continue;
        path_flag(pc, pr, ns->name, n);
        return true;
    }
    return false;
}

/* Every key loaded, parents first: what a scope left out is not there
** to look at, and a view loaded whole (a change file) is looked at
** whole.  Depth is bounded by the model's REGLINT_MAX_DEPTH. */
static void path_walk(paths_ctx *pc, const reglint_key *k, size_t n)
{
    if (pc->c->oom || n > REGLINT_MAX_DEPTH + 1)
        return;
    pc->anc[n - 1] = k;
    if (path_check(pc, n))
        return;
    size_t ns = reglint_key_subkey_count(k);
    for (size_t i = 0; i < ns; i++)
        path_walk(pc, reglint_key_subkey_at(k, i), n + 1);
}

static void run_key_paths(eval_ctx *c, const builtin_params *bp)
{
    paths_ctx *pc = calloc(1, sizeof *pc);
    place_run *runs = bp->nplaces ? calloc(bp->nplaces, sizeof *runs) : NULL;
    bool ok = pc && (runs || !bp->nplaces) && names_index(pc, bp) == 0;
    for (size_t i = 0; ok && i < bp->nplaces; i++) {
        const key_place *pl = &bp->places[i];
        runs[i].pl = pl;
        ok = split_all(pl->at, pl->nat, &runs[i].at) == 0 &&
             split_all(pl->look, pl->nlook, &runs[i].look) == 0 &&
             split_all(pl->except, pl->nexcept, &runs[i].except) == 0;
    }
    if (ok) {
        pc->c = c;
        pc->runs = runs;
        const reglint_key *top =
            reglint_registry_top(reglint_view_registry(c->v));
        size_t nroots = reglint_key_subkey_count(top);
        for (size_t i = 0; i < nroots && !c->oom; i++)
            path_walk(pc, reglint_key_subkey_at(top, i), 1);
        if (!pc->flagged)
            emit_simple(c, REGLINT_PASS,
                        bp->nplaces ? bp->places[0].at[0] : NULL,
                        "no key of a watched name stands where Windows "
                        "does not read it");
    } else {
        c->oom = true;
    }
    for (size_t i = 0; runs && i < bp->nplaces; i++) {
        split_free(&runs[i].at);
        split_free(&runs[i].look);
        split_free(&runs[i].except);
    }
    free(runs);
    if (pc) {
        free(pc->names);
        free(pc->occ);
    }
    free(pc);
}

/* ------------------------------------------------------------------ */
/* view-twins (REG-WOW-TWIN)                                            */
/* ------------------------------------------------------------------ */

typedef struct twins_ctx {
    eval_ctx *c;
    bool arch_known;
    size_t flagged;
    const char *uncovered;   /* the first key nobody covers, for unknown */
} twins_ctx;

/* The .reg lines that set key's name to v's data, when v is a DWORD as
** Windows reads it; NULL otherwise (a wrong type is REG-TYPE's). */
static const char *twin_fix(eval_ctx *c, const char *key, const char *name,
                            const reglint_value *v)
{
    uint32_t d;
    if (!ev_dword(v, &d) || !reg_can_carry(key) || !reg_can_carry(name))
        return NULL;
    return ev_printf(c, "[%s]\n%s=dword:%08x\n", key, reg_quoted(c, name),
                     (unsigned)d);
}

/* Data for a reason: a DWORD as a number, anything else with its type. */
static const char *twin_data(eval_ctx *c, const reglint_value *v)
{
    uint32_t d;
    if (!ev_dword(v, &d))
        return ev_value_text(c, v);
    return d <= 9 ? ev_printf(c, "%u", (unsigned)d)
                  : ev_printf(c, "0x%x", (unsigned)d);
}

/* One value of one pair: set on one side only (the other covered), or
** different on both. */
static void twin_value(twins_ctx *tc, const view_twin *tw, const char *name)
{
    eval_ctx *c = tc->c;
    const reglint_key *nk = reglint_view_key_open(c->v, tw->native);
    const reglint_key *wk = reglint_view_key_open(c->v, tw->wow);
    const reglint_value *nv = nk ? reglint_key_value(nk, name) : NULL;
    const reglint_value *wv = wk ? reglint_key_value(wk, name) : NULL;
    if ((!nv && !wv) || (nv && wv && same_value(nv, wv))) {
        /* Alike, or absent from both: unless one side is not known. */
        if (!nv && !tc->uncovered)
            tc->uncovered = !ev_covered(c, tw->native) ? tw->native
                            : !ev_covered(c, tw->wow)  ? tw->wow
                                                       : NULL;
        return;
    }
    /* The side set (the 64-bit one when both are), and the one to set. */
    bool from_native = nv != NULL;
    const reglint_key *sk = from_native ? nk : wk;
    const reglint_value *sv = from_native ? nv : wv;
    const char *to = from_native ? tw->wow : tw->native;
    const reglint_value *tv = from_native ? wv : nv;
    const char *label = ev_value_label(name);
    const char *arch = tc->arch_known ? ""
        : "; whether this Windows is 64-bit is unknown (on 32-bit Windows "
          "there is one view, and this does not apply)";
    outcome o;
    memset(&o, 0, sizeof o);
    o.key = ev_key_path(c, tv ? wk : sk);
    o.value = reglint_value_name(tv ? tv : sv);
    o.target = value_target(c, to, name);
    o.found_key = tv ? wk : sk;
    o.found_value = tv ? tv : sv;
    o.origin = reglint_value_origin(o.found_value);
    o.actual = ev_printf(c, "64-bit view: %s; 32-bit view (WOW6432Node): %s",
                         nv ? ev_value_text(c, nv) : "absent",
                         wv ? ev_value_text(c, wv) : "absent");
    o.expected = "the same data in both views";
    if (!tv && !ev_covered(c, to)) {
        o.verdict = REGLINT_UNKNOWN;
        o.reason = ev_printf(c, "%s is set in the %s view, and no source "
                             "covers its twin %s: %s", label,
                             from_native ? "64-bit" : "32-bit (WOW6432Node)",
                             ev_short_path(c, to), ev_export_hint(c, to));
        ev_emit(c, &o);
        tc->flagged++;
        return;
    }
    o.verdict = REGLINT_FAIL;
    if (!tv)
        o.reason = ev_printf(c, "%s is set only in the %s view: on 64-bit "
                             "Windows %s-bit .NET applications read %s, "
                             "where it is absent, and keep their "
                             "defaults%s", label,
                             from_native ? "64-bit" : "32-bit (WOW6432Node)",
                             from_native ? "32" : "64", ev_short_path(c, to),
                             arch);
    else
        o.reason = ev_printf(c, "%s is %s in the 64-bit view and %s in the "
                             "32-bit view (WOW6432Node): on 64-bit Windows "
                             "64-bit and 32-bit .NET applications then "
                             "behave differently%s", label,
                             twin_data(c, nv), twin_data(c, wv), arch);
    o.fix = twin_fix(c, to, name, sv);
    ev_emit(c, &o);
    tc->flagged++;
}

static void run_view_twins(eval_ctx *c, const builtin_params *bp)
{
    const char *first = bp->ntwins ? bp->twins[0].native : NULL;
    /* Known to be 32-bit; unknown is evaluated, as a 64-bit one. */
    if (c->os->arch == REGLINT_ARCH_X86 || c->os->arch == REGLINT_ARCH_ARM) {
        emit_simple(c, REGLINT_NA, first,
                    ev_printf(c, "a 32-bit Windows (%s) has one registry "
                              "view: no WOW6432Node twin to keep alike",
                              reglint_os_arch_name(c->os->arch)));
        return;
    }
    twins_ctx tc = {c, c->os->arch != REGLINT_ARCH_UNKNOWN, 0, NULL};
    for (size_t i = 0; i < bp->ntwins && !c->oom; i++)
        for (size_t j = 0; j < bp->twins[i].nnames && !c->oom; j++)
            twin_value(&tc, &bp->twins[i], bp->twins[i].names[j]);
    if (tc.flagged)
        return;
    if (tc.uncovered) {
        outcome o;
        memset(&o, 0, sizeof o);
        o.verdict = REGLINT_UNKNOWN;
        o.key = tc.uncovered;
        o.actual = "not read: no source covers this key";
        o.reason = ev_printf(c, "whether both views agree is unknown: no "
                             "source covers %s: %s",
                             ev_short_path(c, tc.uncovered),
                             ev_export_hint(c, tc.uncovered));
        ev_emit(c, &o);
        return;
    }
    emit_simple(c, REGLINT_PASS, first,
                "every watched value is set alike in the 64-bit and the "
                "32-bit (WOW6432Node) view, or in neither");
}

/* ------------------------------------------------------------------ */
/* Dispatch and scope                                                   */
/* ------------------------------------------------------------------ */

void builtin_run(eval_ctx *c, const rule_test *t)
{
    const builtin_params *bp = &t->params;
    switch (t->builtin) {
    case B_VALUE_TYPES: run_value_types(c); return;
    case B_KEY_NAMES: run_key_names(c, bp); return;
    case B_VALUE_RANGE: run_value_range(c, bp); return;
    case B_CONTRADICTIONS: run_contradictions(c, bp); return;
    case B_CONTROL_SET_DRIFT: run_drift(c, bp); return;
    case B_SQL_SERVER_BUILDS: run_sql(c, bp); return;
    case B_KEY_PATHS: run_key_paths(c, bp); return;
    case B_VIEW_TWINS: run_view_twins(c, bp); return;
    default:
        emit_simple(c, REGLINT_UNKNOWN, NULL,
                    "this version of reglint does not know the built-in "
                    "check");
        return;
    }
}

const char *builtin_key(const rule_test *t)
{
    const builtin_params *bp = &t->params;
    switch (t->builtin) {
    case B_KEY_NAMES: return bp->nwatch ? bp->watch[0].key : NULL;
    case B_VALUE_RANGE:
    case B_CONTRADICTIONS: return bp->nrange ? bp->range[0].key : NULL;
    case B_CONTROL_SET_DRIFT: return SYSTEM_KEY;
    case B_SQL_SERVER_BUILDS:
        return bp->nroots ? bp->instance_roots[0] : NULL;
    case B_KEY_PATHS: return bp->nplaces ? bp->places[0].at[0] : NULL;
    case B_VIEW_TWINS: return bp->ntwins ? bp->twins[0].native : NULL;
    default: return NULL;
    }
}

static int scope_read_cb(void *ctx, const char *key, const char *value,
                         uint32_t type)
{
    (void)value;
    (void)type;
    return reglint_scope_add(ctx, key, 0);
}

/* A scope item for a watched path: scopes take a component that is
** exactly '*', not other globs; a path with one ("v4*") is loaded from the
** parent of that component down. */
static int scope_add_watch(reglint_scope *s, const char *path, int depth)
{
    const char *c = path, *cut = NULL;
    while (*c && !cut) {
        const char *e = strchr(c, '\\');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if (name_has_glob(c, n) && !(n == 1 && *c == '*'))
            cut = c;
        c = e ? e + 1 : c + n;
    }
    if (!cut)
        return reglint_scope_add(s, path, depth);
    char *prefix = strndup(path, (size_t)(cut - path) - 1);
    if (!prefix)
        return reglint__fail(ENOMEM, "out of memory");
    int rc = reglint_scope_add(s, prefix, REGLINT_SCOPE_SUBTREE);
    free(prefix);
    return rc;
}

int builtin_scope(const reglint_rules *rs, const rule_test *t,
                  reglint_scope *s)
{
    const builtin_params *bp = &t->params;
    switch (t->builtin) {
    case B_VALUE_TYPES: {
        read_fn_ctx r = {scope_read_cb, s, false};
        if (reads_all(rs, &r) < 0)
            return -1;
        return r.protocol ? reglint_scope_add(s, KEY_PROTOCOLS,
                                              REGLINT_SCOPE_SUBTREE)
                          : 0;
    }
    case B_KEY_NAMES:
        /* A watch reads the names of the key's subkeys and values: one
        ** level down, not the subtree (.NETFramework's is large). */
        for (size_t i = 0; i < bp->nwatch; i++)
            if (scope_add_watch(s, bp->watch[i].key, 1) < 0)
                return -1;
        return 0;
    case B_VALUE_RANGE:
    case B_CONTRADICTIONS:
        for (size_t i = 0; i < bp->nrange; i++)
            if (scope_add_watch(s, bp->range[i].key, 0) < 0)
                return -1;
        return 0;
    case B_CONTROL_SET_DRIFT: {
        /* Every control set's copy of the subtree ('*' in a scope is each
        ** subkey), and Select, which says which one is current. */
        char *p = NULL;
        if (asprintf(&p, "%s\\*%s%s", SYSTEM_KEY,
                     bp->subtree && *bp->subtree ? "\\" : "",
                     bp->subtree ? bp->subtree : "") < 0)
            return reglint__fail(ENOMEM, "out of memory");
        int rc = reglint_scope_add(s, p, REGLINT_SCOPE_SUBTREE);
        free(p);
        if (rc < 0 || reglint_scope_add(s, SYSTEM_KEY "\\Select", 0) < 0)
            return -1;
        return 0;
    }
    case B_SQL_SERVER_BUILDS:
        for (size_t i = 0; i < bp->nroots; i++) {
            char *p = NULL;
            /* <root>\<id>\MSSQLServer\CurrentVersion is 3 levels down. */
            if (reglint_scope_add(s, bp->instance_roots[i], 3) < 0)
                return -1;
            if (asprintf(&p, "%s\\Instance Names\\SQL",
                         bp->instance_roots[i]) < 0)
                return reglint__fail(ENOMEM, "out of memory");
            int rc = reglint_scope_add(s, p, 0);
            free(p);
            if (rc < 0)
                return -1;
        }
        return 0;
    case B_KEY_PATHS:
        /* Only where the rule file says: the places are looked for in
        ** whatever is loaded, and all of SYSTEM and SOFTWARE is far more
        ** than one check should read. */
        for (size_t i = 0; i < bp->nreads; i++)
            if (reglint_scope_add(s, bp->reads[i].key, bp->reads[i].depth) <
                0)
                return -1;
        return 0;
    case B_VIEW_TWINS:
        for (size_t i = 0; i < bp->ntwins; i++)
            if (reglint_scope_add(s, bp->twins[i].native, 0) < 0 ||
                reglint_scope_add(s, bp->twins[i].wow, 0) < 0)
                return -1;
        return 0;
    default:
        return 0;
    }
}
