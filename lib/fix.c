/*
** fix.c — from findings to a fix: the .reg file that turns every fixable
** fail of a check into a pass, and the steps no registry value can do.
**
** Each failed rule carries its fix as .reg lines.  They are parsed (with
** the library's own .reg reader) into one set of key changes, merged per
** key, and then completed the way both Microsoft guides write them: a
** Schannel role key gets the Enabled / DisabledByDefault pair together,
** and a .NET or WinHTTP value goes into both registry views of 64-bit
** Windows.  Keys that the fix creates are written parents first, so the
** file reads like the guides' own steps; key paths say CurrentControlSet,
** which is what `reg import` on the live machine means.
*/
#include "internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct fix_value {
    const char *name;
    bool del;
    uint32_t type;
    const uint8_t *data;
    size_t len;
    const char *rule;   /* whose value this is                      */
    bool common;        /* that rule is a common REG-* rule          */
} fix_value;

typedef struct fix_key {
    const char *path;   /* normalised; CurrentControlSet spelled out  */
    bool del;           /* [-KEY] first                               */
    bool parent;        /* written only because a fix needs it below  */
    bool dropped;       /* a WOW6432Node key on 32-bit Windows        */
    fix_value *val;
    size_t nval, valcap;
    const char **rules; /* the rules this block fixes                 */
    size_t nrules, rulecap;
    const char *note;   /* why the block holds more than the rules' lines */
} fix_key;

typedef struct fix_manual {
    const reglint_result *res;
    const char *what;   /* the remedy, or why no fix could be made    */
} fix_manual;

struct reglint_fix {
    arena mem;
    fix_key *key;
    size_t nkey, keycap;
    fix_manual *manual;
    size_t nmanual, manualcap;
    const char **clash; /* comments on values two rules want differently */
    size_t nclash, clashcap;
    const char **loser; /* rules whose value lost a clash              */
    size_t nloser, losercap;
    size_t fixed;
    bool staging;       /* one rule's lines: a later line wins        */
    char header[300];   /* who wrote it, for which Windows          */
    const char *sources; /* "Sources: A, B" (arena)                   */
    reglint_results **owned; /* checks whose fails it took in          */
    size_t nowned;
};

int reglint_result_fixable(const reglint_result *r)
{
    return r && r->result == REGLINT_FAIL && r->fix && *r->fix;
}

/* Grow an array of n elements of size sz to hold one more.  -1 ENOMEM. */
static int grow(void *arrp, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 8;
    void *na = realloc(*(void **)arrp, nc * sz);
    if (!na)
        return reglint__fail(ENOMEM, "out of memory");
    *(void **)arrp = na;
    *cap = nc;
    return 0;
}

/* snprintf into a fixed buffer, but a text too long for it is cut at a
** character's start: names and targets are UTF-8, and a comment cut inside
** a character would make the fix a file that does not read back as UTF-8
** (the reader warns, and reads the bytes as Windows-1252). */
static void textf(char *buf, size_t len, const char *fmt, ...) RL_PRINTF(3, 4);
static void textf(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n < len)
        return;
    size_t end = strlen(buf), i = end;
    while (i > 0 && ((unsigned char)buf[i - 1] & 0xc0) == 0x80)
        i--;
    uint32_t cp;
    if (i > 0 && (unsigned char)buf[i - 1] >= 0xc0 &&
        utf8_decode(buf + i - 1, end - (i - 1), &cp) == 0)
        buf[i - 1] = '\0';
}

static bool rule_is_common(const reglint_rule_info *info)
{
    for (size_t i = 0; i < info->nprofiles; i++)
        if (strcmp(info->profiles[i], "common") == 0)
            return true;
    return false;
}

/* ---- keys ---- */

/* Compare key paths component by component, as Windows compares names,
** so that a parent sorts right before its children. */
static int path_order(const char *a, const char *b)
{
    for (;;) {
        size_t an = strcspn(a, "\\"), bn = strcspn(b, "\\");
        int c = name_compare_n(a, an, b, bn);
        if (c)
            return c;
        a += an;
        b += bn;
        if (!*a || !*b)
            return (*a != 0) - (*b != 0);
        a++;
        b++;
    }
}

static int key_cmp(const void *x, const void *y)
{
    return path_order(((const fix_key *)x)->path, ((const fix_key *)y)->path);
}

static fix_key *key_find(reglint_fix *f, const char *path)
{
    size_t n = strlen(path);
    for (size_t i = 0; i < f->nkey; i++) {
        const char *p = f->key[i].path;
        if (name_compare_n(p, strlen(p), path, n) == 0)
            return &f->key[i];
    }
    return NULL;
}

static fix_key *key_get(reglint_fix *f, const char *path)
{
    fix_key *k = key_find(f, path);
    if (k)
        return k;
    if (grow(&f->key, &f->keycap, f->nkey, sizeof *f->key) < 0)
        return NULL;
    const char *copy = arena_strndup(&f->mem, path, strlen(path));
    if (!copy)
        return reglint__fail_null(ENOMEM, "out of memory");
    k = &f->key[f->nkey++];
    memset(k, 0, sizeof *k);
    k->path = copy;
    return k;
}

static int key_add_rule(fix_key *k, const char *rule)
{
    for (size_t i = 0; i < k->nrules; i++)
        if (strcmp(k->rules[i], rule) == 0)
            return 0;
    if (grow(&k->rules, &k->rulecap, k->nrules, sizeof *k->rules) < 0)
        return -1;
    k->rules[k->nrules++] = rule;
    return 0;
}

static fix_value *value_find(fix_key *k, const char *name)
{
    for (size_t i = 0; i < k->nval; i++)
        if (name_compare_n(k->val[i].name, strlen(k->val[i].name), name,
                           strlen(name)) == 0)
            return &k->val[i];
    return NULL;
}

static bool value_same(const fix_value *a, const fix_value *b)
{
    return a->del == b->del &&
           (a->del || (a->type == b->type && a->len == b->len &&
                       (a->len == 0 || memcmp(a->data, b->data, a->len) == 0)));
}

static const char *value_text(reglint_fix *f, const fix_value *v)
{
    char buf[80];
    if (v->del)
        snprintf(buf, sizeof buf, "deleted");
    else if (v->type == REGLINT_REG_DWORD && v->len == 4)
        snprintf(buf, sizeof buf, "dword:%08x",
                 (unsigned)(v->data[0] | v->data[1] << 8 | v->data[2] << 16 |
                            (uint32_t)v->data[3] << 24));
    else {
        char tb[REGLINT_TYPE_NAME_MAX];
        snprintf(buf, sizeof buf, "%s of %zu bytes",
                 reglint_type_name(v->type, tb), v->len);
    }
    return arena_strndup(&f->mem, buf, strlen(buf));
}

int reglint_fix_conflicted(const reglint_fix *f, const char *rule_id)
{
    for (size_t i = 0; i < f->nloser; i++)
        if (strcmp(f->loser[i], rule_id) == 0)
            return 1;
    return 0;
}

static int add_clash(reglint_fix *f, const char *loser, const char *text)
{
    if (!reglint_fix_conflicted(f, loser)) {
        if (grow(&f->loser, &f->losercap, f->nloser, sizeof *f->loser) < 0)
            return -1;
        f->loser[f->nloser++] = loser;
    }
    if (grow(&f->clash, &f->clashcap, f->nclash, sizeof *f->clash) < 0)
        return -1;
    const char *c = arena_strndup(&f->mem, text, strlen(text));
    if (!c)
        return reglint__fail(ENOMEM, "out of memory");
    f->clash[f->nclash++] = c;
    return 0;
}

/* Put a value into a key.  Two rules wanting the same value differently:
** a profile's rule wins over a common REG-* rule (which only says what
** was meant). */
static int value_put(reglint_fix *f, fix_key *k, const fix_value *nv)
{
    fix_value *old = value_find(k, nv->name);
    if (!old) {
        if (grow(&k->val, &k->valcap, k->nval, sizeof *k->val) < 0)
            return -1;
        k->val[k->nval++] = *nv;
        return 0;
    }
    /* Clashes between rules that both stand were settled before the merge
    ** (stage_clashes): what is left is a later line of the same rule, or
    ** a common rule giving way to a profile's. */
    if (f->staging || (old->common && !nv->common))
        *old = *nv;
    return 0;
}

/* ---- reading the fix lines of one result ---- */

typedef struct fix_sink {
    reglint_fix *f;
    const reglint_view *v;
    const char *rule;
    bool common;
} fix_sink;

/* The path of ps as a fix says it: the current control set's real name
** (ControlSetNNN) is put back as CurrentControlSet. */
static char *sink_path(const fix_sink *fs, const path_split *ps)
{
    bytebuf b = {0};
    unsigned cur = reglint_view_control_set(fs->v);
    int rc = bytebuf_append(&b, ps->root, strlen(ps->root));
    for (size_t i = 0; rc == 0 && i < ps->nparts; i++) {
        const path_part *p = &ps->parts[i];
        rc = bytebuf_putc(&b, '\\');
        if (rc == 0 && i == 1 && cur &&
            strcmp(ps->root, "HKEY_LOCAL_MACHINE") == 0 &&
            name_compare_n(ps->parts[0].s, ps->parts[0].n, "SYSTEM", 6) == 0 &&
            control_set_number(p->s, p->n) == cur)
            rc = bytebuf_append(&b, "CurrentControlSet", 17);
        else if (rc == 0)
            rc = bytebuf_append(&b, p->s, p->n);
    }
    if (rc == 0)
        rc = bytebuf_putc(&b, 0);
    if (rc < 0) {
        bytebuf_free(&b);
        return reglint__fail_null(ENOMEM, "out of memory");
    }
    return (char *)b.data;
}

static void *fs_create_key(void *ctx, const path_split *ps, reglint_origin o)
{
    (void)o;
    fix_sink *fs = ctx;
    char *p = sink_path(fs, ps);
    fix_key *k = p ? key_get(fs->f, p) : NULL;
    free(p);
    if (k && key_add_rule(k, fs->rule) < 0)
        return NULL;
    return k;
}

static int fs_delete_key(void *ctx, const path_split *ps, reglint_origin o)
{
    (void)o;
    fix_sink *fs = ctx;
    char *p = sink_path(fs, ps);
    fix_key *k = p ? key_get(fs->f, p) : NULL;
    free(p);
    if (!k || key_add_rule(k, fs->rule) < 0)
        return -1;
    k->del = true;
    return 0;
}

static int fs_value(fix_sink *fs, fix_key *k, const char *name, size_t nlen,
                    bool del, uint32_t type, const void *data, size_t len)
{
    fix_value nv = {0};
    nv.name = arena_strndup(&fs->f->mem, name, nlen);
    nv.data = len ? arena_alloc(&fs->f->mem, len) : NULL;
    if (!nv.name || (len && !nv.data))
        return reglint__fail(ENOMEM, "out of memory");
    if (len)
        memcpy((uint8_t *)nv.data, data, len);
    nv.del = del;
    nv.type = type;
    nv.len = len;
    nv.rule = fs->rule;
    nv.common = fs->common;
    return value_put(fs->f, k, &nv);
}

static int fs_set_value(void *ctx, void *key, const char *name, size_t nlen,
                        uint32_t type, const void *data, size_t len,
                        reglint_origin o)
{
    (void)o;
    return fs_value(ctx, key, name, nlen, false, type, data, len);
}

static int fs_delete_value(void *ctx, void *key, const char *name,
                           size_t nlen, reglint_origin o)
{
    (void)o;
    return fs_value(ctx, key, name, nlen, true, 0, NULL, 0);
}

static int add_manual(reglint_fix *f, const reglint_result *r,
                      const char *what)
{
    if (grow(&f->manual, &f->manualcap, f->nmanual, sizeof *f->manual) < 0)
        return -1;
    f->manual[f->nmanual++] = (fix_manual){r, what};
    return 0;
}

static void stage_free(reglint_fix *st)
{
    for (size_t i = 0; i < st->nkey; i++) {
        free(st->key[i].val);
        free(st->key[i].rules);
    }
    free(st->key);
    free(st->clash);
    free(st->loser);
}

/* Would one of the staged values change what f already sets, for a rule
** whose claim stands (a profile's rule; a common REG-* rule gives way)?
** Then the clash is written down and the staged rule loses. */
static int stage_clashes(reglint_fix *f, reglint_fix *st, const char *rule,
                         bool common, bool *lost)
{
    *lost = false;
    for (size_t i = 0; i < st->nkey; i++) {
        fix_key *sk = &st->key[i];
        fix_key *k = key_find(f, sk->path);
        for (size_t j = 0; k && j < sk->nval; j++) {
            fix_value *old = value_find(k, sk->val[j].name);
            if (!old || value_same(old, &sk->val[j]) || old->common || common)
                continue;
            char text[700];
            textf(text, sizeof text,
                  "clash: %s wants [%s] \"%s\" %s; %s's %s is kept, and "
                  "%s is left failing (the profiles disagree: choose one)",
                  rule, k->path, sk->val[j].name, value_text(f, &sk->val[j]),
                  old->rule, value_text(f, old), rule);
            *lost = true;
            return add_clash(f, rule, text);
        }
    }
    return 0;
}

static int stage_merge(reglint_fix *f, reglint_fix *st)
{
    for (size_t i = 0; i < st->nkey; i++) {
        fix_key *sk = &st->key[i];
        fix_key *k = key_get(f, sk->path);
        if (!k)
            return -1;
        k->del |= sk->del;
        for (size_t r = 0; r < sk->nrules; r++)
            if (key_add_rule(k, sk->rules[r]) < 0)
                return -1;
        for (size_t j = 0; j < sk->nval; j++)
            if (value_put(f, k, &sk->val[j]) < 0)
                return -1;
    }
    arena_adopt(&f->mem, &st->mem); /* the staged names and data */
    return 0;
}

/* Parse one result's fix lines, then take them whole or not at all: lines
** that do not read as .reg, or that would change a value another rule's
** fix sets, make the result one for the user to decide. */
static int add_result(reglint_fix *f, const reglint_view *v,
                      const reglint_result *r)
{
    static const char head[] = "Windows Registry Editor Version 5.00\n\n";
    size_t flen = strlen(r->fix);
    char *text = malloc(sizeof head + flen + 1);
    reglint_diags *d = reglint_diags_new();
    reglint_fix st;
    memset(&st, 0, sizeof st);
    arena_init(&st.mem);
    st.staging = true;
    int rc = 0;
    if (!text || !d) {
        rc = reglint__fail(ENOMEM, "out of memory");
        goto out;
    }
    memcpy(text, head, sizeof head - 1);
    memcpy(text + sizeof head - 1, r->fix, flen);
    text[sizeof head - 1 + flen] = '\n';
    bool common = rule_is_common(r->rule);
    fix_sink fs = {&st, v, r->rule->id, common};
    reg_sink sink = {&fs, fs_create_key, fs_delete_key, fs_set_value,
                     fs_delete_value};
    if (reg_parse_buffer(&sink, 0, r->rule->id, text, sizeof head + flen,
                         NULL, d, NULL) < 0 &&
        errno == ENOMEM) {
        rc = -1;
        goto out;
    }
    if (reglint_diags_count_severity(d, REGLINT_ERROR) > 0) {
        const reglint_diag *e = NULL;
        for (size_t i = 0; !e && i < reglint_diags_count(d); i++)
            if (reglint_diags_at(d, i)->severity == REGLINT_ERROR)
                e = reglint_diags_at(d, i);
        char why[400];
        textf(why, sizeof why, "its fix lines do not read as a .reg file "
              "(line %llu: %s); apply it by hand",
              (unsigned long long)(e->line > 2 ? e->line - 2 : e->line),
              e->message);
        const char *w = arena_strndup(&f->mem, why, strlen(why));
        rc = w ? add_manual(f, r, w) : reglint__fail(ENOMEM, "out of memory");
        goto out;
    }
    /* A name a .reg file cannot hold (a user's rule may write one) stays
    ** out: one such line would make the whole file unwritable. */
    for (size_t i = 0; i < st.nkey; i++) {
        bool bad = strpbrk(st.key[i].path, "\r\n") != NULL;
        for (size_t j = 0; !bad && j < st.key[i].nval; j++)
            bad = strpbrk(st.key[i].val[j].name, "\r\n") != NULL;
        if (bad) {
            rc = add_manual(f, r, "its fix names a key or value with a line "
                                  "break, which a .reg file cannot carry; "
                                  "apply it by hand");
            goto out;
        }
    }
    bool lost;
    if ((rc = stage_clashes(f, &st, r->rule->id, common, &lost)) < 0)
        goto out;
    if (lost) {
        rc = add_manual(f, r, "the profiles disagree on a value this rule "
                              "sets (see the clash at the top); choose the "
                              "guide that applies to this machine");
        goto out;
    }
    if ((rc = stage_merge(f, &st)) == 0)
        f->fixed++;
out:
    stage_free(&st);
    arena_free(&st.mem);
    free(text);
    reglint_diags_free(d);
    return rc;
}

/* ---- completing what the rules' lines leave half done ---- */

static const char role_glob[] =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
    "SecurityProviders\\SCHANNEL\\Protocols\\*\\*";

/* Does path match pattern, component by component, each pattern component
** a name glob? */
static bool path_glob(const char *pat, const char *path)
{
    for (;;) {
        size_t pn = strcspn(pat, "\\"), n = strcspn(path, "\\");
        if (!name_glob_match(pat, pn, path, n))
            return false;
        pat += pn;
        path += n;
        if (!*pat || !*path)
            return !*pat && !*path;
        pat++;
        path++;
    }
}

static bool dword_of(const fix_value *v, uint32_t *out)
{
    if (!v || v->del || v->type != REGLINT_REG_DWORD || v->len != 4)
        return false;
    *out = (uint32_t)v->data[0] | (uint32_t)v->data[1] << 8 |
           (uint32_t)v->data[2] << 16 | (uint32_t)v->data[3] << 24;
    return true;
}

/* A Schannel role key with one value of the pair gets the other, so that
** the protocol is wholly on (1/0) or wholly off (0/1): a half-disabled
** role is what REG-CONTRADICT flags, and both guides write the pair. */
static int complete_pair(reglint_fix *f, fix_key *k)
{
    if (k->del && !k->nval)
        return 0;
    if (!path_glob(role_glob, k->path))
        return 0;
    fix_value *en = value_find(k, "Enabled");
    fix_value *dbd = value_find(k, "DisabledByDefault");
    uint32_t e, d;
    bool has_e = dword_of(en, &e), has_d = dword_of(dbd, &d);
    if (has_e == has_d)
        return 0;
    fix_value nv = has_e ? *en : *dbd;
    nv.name = has_e ? "DisabledByDefault" : "Enabled";
    uint8_t *data = arena_alloc(&f->mem, 4);
    if (!data)
        return reglint__fail(ENOMEM, "out of memory");
    uint32_t x = has_e ? (e ? 0 : 1) : (d ? 0 : 1);
    data[0] = (uint8_t)x;
    data[1] = data[2] = data[3] = 0;
    nv.data = data;
    if (value_put(f, k, &nv) < 0)
        return -1;
    k->note = has_e ? "with DisabledByDefault, so the pair agrees"
                    : "with Enabled, so the pair agrees";
    return 0;
}

/* The keys whose 32-bit view is WOW6432Node's twin on 64-bit Windows. */
static const char *const twin_roots[] = {
    "Microsoft\\.NETFramework",
    "Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp",
};

/* If path is under a twinned key in either view, its twin (to free);
** *wow says whether path itself is the WOW6432Node one. */
static char *twin_path(const char *path, bool *wow)
{
    static const char sw[] = "HKEY_LOCAL_MACHINE\\SOFTWARE\\";
    static const char w6[] = "WOW6432Node\\";
    size_t sl = sizeof sw - 1, wl = sizeof w6 - 1;
    if (strlen(path) <= sl || name_compare_n(path, sl, sw, sl) != 0)
        return NULL;
    const char *rest = path + sl;
    *wow = strlen(rest) > wl && name_compare_n(rest, wl, w6, wl) == 0;
    const char *inner = *wow ? rest + wl : rest;
    for (size_t i = 0; i < sizeof twin_roots / sizeof *twin_roots; i++) {
        size_t n = strlen(twin_roots[i]);
        if (strlen(inner) >= n && name_compare_n(inner, n, twin_roots[i], n) == 0 &&
            (inner[n] == 0 || inner[n] == '\\')) {
            char *out = NULL;
            if (asprintf(&out, "%s%s%s", sw, *wow ? "" : w6, inner) < 0)
                return reglint__fail_null(ENOMEM, "out of memory");
            return out;
        }
    }
    return NULL;
}

static bool os_is_32bit(const reglint_os *os)
{
    return os && (os->arch == REGLINT_ARCH_X86 || os->arch == REGLINT_ARCH_ARM);
}

/* Every value set in one view goes into the other too: on 64-bit Windows
** 32-bit processes read WOW6432Node, and a change in one view leaves the
** other kind of process as it was.  On 32-bit Windows there is one view,
** and a profile's setting under WOW6432Node would be read by nothing. */
static int complete_twins(reglint_fix *f, const reglint_os *os)
{
    size_t n = f->nkey; /* keys added here need no twin of their own */
    for (size_t i = 0; i < n; i++) {
        bool wow = false;
        char *tp = twin_path(f->key[i].path, &wow);
        if (!tp) {
            if (errno == ENOMEM)
                return -1;
            continue;
        }
        if (os_is_32bit(os)) {
            /* Nothing reads a profile's setting there; a common REG-*
            ** repair of a value the source has (a misspelt name) stays. */
            if (wow) {
                fix_key *k = &f->key[i];
                size_t kept = 0;
                for (size_t j = 0; j < k->nval; j++)
                    if (k->val[j].common)
                        k->val[kept++] = k->val[j];
                k->nval = kept;
                k->dropped = !kept && !k->del;
            }
            free(tp);
            continue;
        }
        fix_key *t = key_get(f, tp);
        free(tp);
        if (!t)
            return -1;
        fix_key *k = &f->key[i]; /* key_get may have moved the array */
        /* A twin value its own rule already sets stays that rule's, unless
        ** a common REG-* rule set it and a profile's rule this one: then
        ** it follows this one, as value_put() decides (REG-WOW-TWIN copies
        ** the other view's value as it is now, and a profile's rule may be
        ** changing that value). */
        bool added = false;
        for (size_t j = 0; j < k->nval; j++) {
            const fix_value *tv = value_find(t, k->val[j].name);
            if (tv && !(tv->common && !k->val[j].common))
                continue;
            if (value_put(f, t, &k->val[j]) < 0)
                return -1;
            added = true;
        }
        if (!added)
            continue;
        for (size_t r = 0; r < k->nrules; r++)
            if (key_add_rule(t, k->rules[r]) < 0)
                return -1;
        t->note = wow ? "the 64-bit view's twin" : "the 32-bit view's twin";
    }
    return 0;
}

/* Every key the fix creates gets its own block, parents first, as the
** guides create them one by one: each ancestor the sources do not have. */
static int add_parents(reglint_fix *f, const reglint_view *v)
{
    size_t n = f->nkey;
    for (size_t i = 0; i < n; i++) {
        if (f->key[i].parent || f->key[i].dropped ||
            (f->key[i].del && !f->key[i].nval))
            continue;
        char *p = strdup(f->key[i].path);
        if (!p)
            return reglint__fail(ENOMEM, "out of memory");
        /* From the root down: the first missing ancestor and every one
        ** below it. */
        bool missing = false;
        for (char *c = strchr(p, '\\'); c; c = strchr(c + 1, '\\')) {
            *c = 0;
            bool root_level = !strchr(p, '\\'); /* HKEY_LOCAL_MACHINE */
            if (!root_level && !missing && !reglint_view_key_open(v, p))
                missing = true;
            if (missing && !key_find(f, p)) {
                fix_key *k = key_get(f, p);
                if (!k) {
                    free(p);
                    return -1;
                }
                k->parent = true;
            }
            *c = '\\';
        }
        free(p);
    }
    return 0;
}

/* A rule left out of the fix because its lines would make a passing
** rule fail. */
typedef struct excluded {
    const char *rule;
    char *clash;        /* the comment at the top */
} excluded;

static bool is_excluded(const excluded *ex, size_t nex, const char *rule,
                        const char **clash)
{
    for (size_t i = 0; i < nex; i++)
        if (strcmp(ex[i].rule, rule) == 0) {
            *clash = ex[i].clash;
            return true;
        }
    return false;
}

static int add_fail(reglint_fix *f, const reglint_view *v,
                    const reglint_result *res, const excluded *ex, size_t nex)
{
    const char *clash = NULL;
    if (!reglint_result_fixable(res))
        return add_manual(f, res, res->remedy);
    if (!is_excluded(ex, nex, res->rule->id, &clash))
        return add_result(f, v, res);
    if (!reglint_fix_conflicted(f, res->rule->id) &&
        add_clash(f, res->rule->id, clash) < 0)
        return -1;
    return add_manual(f, res, "its fix would make a rule that passes fail "
                              "(see the clash at the top); choose the guide "
                              "that applies to this machine");
}

/* The fix for the fails of r, and for extra: fails that earlier rounds'
** fixes brought about (a key created makes a rule apply), whose own lines
** go in too. */
static reglint_fix *build(const reglint_results *r,
                          const reglint_result *const *extra, size_t nextra,
                          const reglint_view *v, const reglint_os *os,
                          const excluded *ex, size_t nex)
{
    reglint_fix *f = calloc(1, sizeof *f);
    if (!f)
        return reglint__fail_null(ENOMEM, "out of memory");
    arena_init(&f->mem);
    size_t n = reglint_results_count(r);
    for (size_t i = 0; i < n; i++) {
        const reglint_result *res = reglint_results_at(r, i);
        if (res->result == REGLINT_FAIL && add_fail(f, v, res, ex, nex) < 0)
            goto fail;
    }
    for (size_t i = 0; i < nextra; i++)
        if (add_fail(f, v, extra[i], ex, nex) < 0)
            goto fail;
    for (size_t i = 0; i < f->nkey; i++)
        if (complete_pair(f, &f->key[i]) < 0)
            goto fail;
    if (complete_twins(f, os) < 0 || add_parents(f, v) < 0)
        goto fail;
    if (f->nkey)
        qsort(f->key, f->nkey, sizeof *f->key, key_cmp);
    char rel[96];
    reglint_os_release_name(os, rel, sizeof rel);
    snprintf(f->header, sizeof f->header,
             "Written by reglint %s for %s%s%s.", reglint_version(), rel,
             os->arch ? ", " : "", os->arch ? reglint_os_arch_name(os->arch)
                                            : "");
    /* Evidence is named in what is made from it. */
    bytebuf b = {0};
    int rc = bytebuf_append(&b, "From: ", 6);
    for (size_t i = 0; rc == 0 && i < reglint_view_source_count(v); i++) {
        const reglint_source_info *si = reglint_view_source(v, i);
        if (i)
            rc = bytebuf_append(&b, ", ", 2);
        if (rc == 0)
            rc = bytebuf_append(&b, si->path, strlen(si->path));
        if (rc == 0 && si->change)
            rc = bytebuf_append(&b, " (a change applied)", 19);
    }
    f->sources = rc == 0 ? arena_strndup(&f->mem, (const char *)b.data, b.len)
                         : NULL;
    bytebuf_free(&b);
    if (!f->sources) {
        reglint__fail(ENOMEM, "out of memory");
        goto fail;
    }
    return f;
fail:
    reglint_fix_free(f);
    return NULL;
}

reglint_fix *reglint_fix_build(const reglint_results *r, const reglint_view *v,
                               const reglint_os *os)
{
    return build(r, NULL, 0, v, os, NULL, 0);
}

static bool failed_before(const reglint_results *r, const char *rule)
{
    for (size_t i = 0; i < reglint_results_count(r); i++) {
        const reglint_result *x = reglint_results_at(r, i);
        if (x->result == REGLINT_FAIL && strcmp(x->rule->id, rule) == 0)
            return true;
    }
    return false;
}

/* The check again, on v's sources with f layered on top as a change file
** (written to an anonymous memory file, so nothing touches the disk). */
static reglint_results *check_with(const reglint_fix *f,
                                   const reglint_rules *rs,
                                   const reglint_check_options *opts,
                                   const reglint_view *v, const reglint_os *os,
                                   reglint_view **after)
{
    *after = NULL;
    int fd = memfd_create("reglint-fix", MFD_CLOEXEC);
    if (fd < 0)
        return reglint__fail_null(errno, "memfd_create: %s", strerror(errno));
    reglint_results *res = NULL;
    reglint_scope *scope = reglint_scope_new();
    int wfd = dup(fd);
    FILE *out = wfd >= 0 ? fdopen(wfd, "wb") : NULL;
    if (!out && wfd >= 0)
        close(wfd);
    int wr = out ? reglint_fix_write(f, NULL, out) : -1;
    if (out && fclose(out) != 0)
        wr = -1;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (wr == 0 && scope && reglint_rules_scope(rs, opts, scope) == 0 &&
        (*after = view_reopen(v, NULL)) &&
        reglint_view_add_change(*after, path, NULL) &&
        reglint_view_load(*after, scope, NULL) == 0)
        res = reglint_check(rs, *after, os, opts);
    reglint_scope_free(scope);
    close(fd);
    return res;
}

/* A rule that passed before and fails with f applied: the rules whose
** values in f differ from what its own fix lines set are the ones that
** broke it.  Each is added to *ex. */
static int blame(reglint_fix *f, const reglint_view *v,
                 const reglint_result *broken, excluded **ex, size_t *nex,
                 size_t *cap, size_t *added)
{
    reglint_fix st;
    memset(&st, 0, sizeof st);
    arena_init(&st.mem);
    st.staging = true;
    fix_sink fs = {&st, v, broken->rule->id, false};
    reg_sink sink = {&fs, fs_create_key, fs_delete_key, fs_set_value,
                     fs_delete_value};
    static const char head[] = "Windows Registry Editor Version 5.00\n\n";
    char *text = NULL;
    int rc = 0;
    if (asprintf(&text, "%s%s\n", head, broken->fix) < 0) {
        text = NULL;
        rc = reglint__fail(ENOMEM, "out of memory");
    } else if (reg_parse_buffer(&sink, 0, broken->rule->id, text,
                                strlen(text), NULL, NULL, NULL) < 0 &&
               errno == ENOMEM) {
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < st.nkey; i++) {
        fix_key *k = key_find(f, st.key[i].path);
        for (size_t j = 0; k && rc == 0 && j < st.key[i].nval; j++) {
            const fix_value *want = &st.key[i].val[j];
            const fix_value *have = value_find(k, want->name);
            const char *clash;
            if (!have || value_same(have, want) ||
                strcmp(have->rule, broken->rule->id) == 0 ||
                is_excluded(*ex, *nex, have->rule, &clash))
                continue;
            if (grow(ex, cap, *nex, sizeof **ex) < 0) {
                rc = -1;
                break;
            }
            char *c = NULL;
            if (asprintf(&c, "clash: %s wants [%s] \"%s\" %s, which makes "
                         "%s (it passes now) fail; %s is left failing (the "
                         "profiles disagree: choose one)", have->rule,
                         k->path, have->name, value_text(f, have),
                         broken->rule->id, have->rule) < 0) {
                rc = reglint__fail(ENOMEM, "out of memory");
                break;
            }
            (*ex)[(*nex)++] = (excluded){have->rule, c};
            (*added)++;
        }
    }
    free(text);
    stage_free(&st);
    arena_free(&st.mem);
    return rc;
}

reglint_fix *reglint_fix_build_checked(const reglint_rules *rs,
                                       const reglint_check_options *opts,
                                       const reglint_results *r,
                                       const reglint_view *v,
                                       const reglint_os *os)
{
    excluded *ex = NULL;
    size_t nex = 0, cap = 0;
    const reglint_result **extra = NULL;
    size_t nextra = 0, extracap = 0;
    reglint_results **kept = NULL; /* the checks extra points into */
    size_t nkept = 0, keptcap = 0;
    reglint_fix *f = NULL;
    /* Each round leaves out one more rule or takes in one more, so this
    ** ends; a few rounds settle every pack shipped. */
    for (int round = 0; round < 16; round++) {
        f = build(r, extra, nextra, v, os, ex, nex);
        if (!f || f->fixed == 0)
            break;
        reglint_view *after;
        reglint_results *ra = check_with(f, rs, opts, v, os, &after);
        if (!ra) {
            reglint_view_free(after);
            reglint_fix_free(f);
            f = NULL;
            break;
        }
        size_t added = 0, taken = 0;
        int rc = 0;
        for (size_t i = 0; rc == 0 && i < reglint_results_count(ra); i++) {
            const reglint_result *x = reglint_results_at(ra, i);
            if (!reglint_result_fixable(x) ||
                reglint_fix_conflicted(f, x->rule->id) ||
                failed_before(r, x->rule->id))
                continue;
            size_t before = added;
            rc = blame(f, v, x, &ex, &nex, &cap, &added);
            /* Nothing of the fix stands against it: the fix made it apply
            ** (created the key it reads), and its own lines join. */
            if (rc == 0 && added == before) {
                if (grow(&extra, &extracap, nextra, sizeof *extra) < 0)
                    rc = -1;
                else
                    extra[nextra++] = x, taken++;
            }
        }
        reglint_view_free(after);
        if (rc == 0 && taken &&
            grow(&kept, &keptcap, nkept, sizeof *kept) < 0)
            rc = -1;
        if (rc == 0 && taken)
            kept[nkept++] = ra;
        else
            reglint_results_free(ra);
        if (rc < 0) {
            reglint_fix_free(f);
            f = NULL;
            break;
        }
        /* The last round's fix stands as it is: what it still breaks,
        ** the verification after writing it reports. */
        if ((!added && !taken) || round == 15)
            break;
        reglint_fix_free(f);
        f = NULL;
    }
    free(extra);
    if (f) { /* its steps by hand may point into them */
        f->owned = kept;
        f->nowned = nkept;
    } else {
        for (size_t i = 0; i < nkept; i++)
            reglint_results_free(kept[i]);
        free(kept);
    }
    for (size_t i = 0; i < nex; i++)
        free(ex[i].clash);
    free(ex);
    return f;
}

void reglint_fix_free(reglint_fix *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nkey; i++) {
        free(f->key[i].val);
        free(f->key[i].rules);
    }
    free(f->key);
    free(f->manual);
    free(f->clash);
    free(f->loser);
    for (size_t i = 0; i < f->nowned; i++)
        reglint_results_free(f->owned[i]);
    free(f->owned);
    arena_free(&f->mem);
    free(f);
}

/* ---- writing ---- */

static bool key_written(const fix_key *k)
{
    return !k->dropped && (k->del || k->nval || k->parent);
}

static bool under_prefix(const char *path, const char *prefix)
{
    if (!prefix)
        return true;
    size_t n = strlen(prefix);
    return strlen(path) >= n && name_compare_n(path, n, prefix, n) == 0 &&
           (path[n] == 0 || path[n] == '\\');
}

/* The path as written: CurrentControlSet becomes ControlSetNNN when asked.
** *out gets a copy to free, or NULL for the path as it is.  -1 ENOMEM. */
static int written_path(const char *path, unsigned cs, char **out)
{
    *out = NULL;
    static const char ccs[] = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet";
    size_t n = sizeof ccs - 1;
    if (!cs || strlen(path) < n || name_compare_n(path, n, ccs, n) != 0 ||
        (path[n] && path[n] != '\\'))
        return 0;
    if (asprintf(out, "HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet%03u%s", cs,
                 path + n) < 0) {
        *out = NULL;
        return reglint__fail(ENOMEM, "out of memory");
    }
    return 0;
}

int reglint_fix_each_key(const reglint_fix *f,
                         int (*fn)(const char *path, void *ctx), void *ctx)
{
    for (size_t i = 0; i < f->nkey; i++)
        if (key_written(&f->key[i]) && fn(f->key[i].path, ctx) != 0)
            return -1;
    return 0;
}

void reglint_fix_stats_get(const reglint_fix *f, reglint_fix_stats *st)
{
    memset(st, 0, sizeof *st);
    st->fixed = f->fixed;
    st->manual = f->nmanual;
    st->conflicts = f->nclash;
    for (size_t i = 0; i < f->nkey; i++) {
        if (!key_written(&f->key[i]))
            continue;
        st->keys++;
        st->values += f->key[i].nval;
    }
}

static int write_block(reg_writer *w, const fix_key *k, unsigned cs,
                       bytebuf *line)
{
    line->len = 0;
    int rc = 0;
    if (k->parent && !k->nval && !k->del) {
        rc = bytebuf_append(line, "created for the keys below", 26);
    } else {
        for (size_t i = 0; rc == 0 && i < k->nrules; i++)
            rc = (i ? bytebuf_append(line, ", ", 2) : 0) ||
                 bytebuf_append(line, k->rules[i], strlen(k->rules[i]));
        if (rc == 0 && k->note)
            rc = bytebuf_append(line, " (", 2) ||
                 bytebuf_append(line, k->note, strlen(k->note)) ||
                 bytebuf_putc(line, ')');
    }
    if (rc != 0 || bytebuf_putc(line, 0) < 0)
        return reglint__fail(ENOMEM, "out of memory");
    char *mapped;
    if (written_path(k->path, cs, &mapped) < 0)
        return -1;
    const char *path = mapped ? mapped : k->path;
    size_t plen = strlen(path);
    rc = reg_writer_comment(w, (const char *)line->data);
    if (rc == 0 && k->del)
        rc = reg_writer_key(w, path, plen, true) < 0 ||
                     (k->nval && reg_writer_blank(w) < 0)
                 ? -1
                 : 0;
    if (rc == 0 && (k->nval || !k->del))
        rc = reg_writer_key(w, path, plen, false);
    free(mapped);
    if (rc < 0)
        return -1;
    if (k->nval || !k->del) {
        for (size_t i = 0; i < k->nval; i++) {
            const fix_value *v = &k->val[i];
            if ((v->del ? reg_writer_delete_value(w, v->name)
                        : reg_writer_value(w, v->name, v->type, v->data,
                                           v->len)) < 0)
                return -1;
        }
    }
    return reg_writer_blank(w);
}

static int write_manual(reg_writer *w, const fix_manual *m, char *buf,
                        size_t len)
{
    const reglint_result *r = m->res;
    textf(buf, len, "%s (%s): %s", r->rule->id,
          reglint_level_name(r->severity), r->rule->title);
    if (reg_writer_comment(w, buf) < 0)
        return -1;
    if (r->target) {
        textf(buf, len, "  target: %s", r->target);
        if (reg_writer_comment(w, buf) < 0)
            return -1;
    }
    if (m->what)
        textf(buf, len, "  to do: %s", m->what);
    else
        textf(buf, len, "  no automatic fix: %s",
              r->reason ? r->reason : "see the rule's description");
    return reg_writer_comment(w, buf);
}

int reglint_fix_write(const reglint_fix *f,
                      const reglint_fix_write_options *opts, FILE *out)
{
    reglint_fix_write_options dflt = {REGLINT_ENC_UTF16LE, NULL, 0};
    if (!opts)
        opts = &dflt;
    const char *prefix = opts->prefix;
    char *norm = NULL;
    if (prefix && !(prefix = norm = reglint_path_normalize(prefix)))
        return reglint__fail(EINVAL, "'%s' is not a key path", opts->prefix);
    reg_writer w;
    bytebuf line = {0};
    char buf[1200];
    if (reg_writer_begin(&w, opts->encoding, out) < 0)
        goto fail;
    snprintf(buf, sizeof buf, "%s Fixes %zu failed rule%s with registry "
             "values; %zu need%s other steps (at the end).", f->header,
             f->fixed, f->fixed == 1 ? "" : "s", f->nmanual,
             f->nmanual == 1 ? "s" : "");
    if (reg_writer_comment(&w, buf) < 0 ||
        reg_writer_comment(&w, f->sources) < 0 ||
        reg_writer_comment(&w, "Each block names the rules it fixes.  "
                               "Import as Administrator (reg import FILE), "
                               "then restart Windows.") < 0 ||
        reg_writer_blank(&w) < 0)
        goto fail;
    for (size_t i = 0; i < f->nclash; i++)
        if (reg_writer_comment(&w, f->clash[i]) < 0)
            goto fail;
    if (f->nclash && reg_writer_blank(&w) < 0)
        goto fail;
    for (size_t i = 0; i < f->nkey; i++) {
        if (!key_written(&f->key[i]))
            continue;
        /* The prefix may name the key as written (ControlSet002) or as
        ** the fix holds it (CurrentControlSet). */
        char *as_written;
        if (written_path(f->key[i].path, opts->control_set, &as_written) < 0)
            goto fail;
        bool in = under_prefix(f->key[i].path, prefix) ||
                  (as_written && under_prefix(as_written, prefix));
        free(as_written);
        if (in && write_block(&w, &f->key[i], opts->control_set, &line) < 0)
            goto fail;
    }
    if (f->nmanual) {
        if (reg_writer_comment(&w, "Not registry values -- do these by "
                                   "hand:") < 0)
            goto fail;
        for (size_t i = 0; i < f->nmanual; i++)
            if (write_manual(&w, &f->manual[i], buf, sizeof buf) < 0)
                goto fail;
    }
    bytebuf_free(&line);
    free(norm);
    return reg_writer_end(&w);
fail:
    bytebuf_free(&line);
    free(norm);
    reg_writer_free(&w);
    return -1;
}

typedef struct save_args {
    const reglint_fix *f;
    const reglint_fix_write_options *opts;
} save_args;

static int save_to(void *ctx, FILE *out)
{
    const save_args *a = ctx;
    return reglint_fix_write(a->f, a->opts, out);
}

int reglint_fix_save(const reglint_fix *f,
                     const reglint_fix_write_options *opts, const char *path)
{
    save_args a = {f, opts};
    return atomic_file_write(path, save_to, &a);
}
