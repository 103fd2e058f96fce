/*
** view.c — many sources, one namespace: hives and .reg files layered in
** the order given, as importing them one after another would layer them.
**
** Adding a source opens and checks it; loading copies what a scope asks
** for into one registry.  The one thing Windows adds on top of the files
** is the CurrentControlSet link: in a SYSTEM hive it does not exist, and
** Windows shows ControlSetNNN (NNN = Select\Current) under that name.  The
** view stores the real ControlSetNNN and maps CurrentControlSet onto it
** wherever a path comes in: .reg key lines, scopes and queries.  Without a
** SYSTEM hive a .reg file's CurrentControlSet stays literal, and queries
** fall back from one spelling to the other.
**
** A scope limits what is loaded from both kinds of source: a hive is
** walked only along the scope's paths, a .reg file has every key line
** parsed but the sections of keys outside the scope skipped undecoded
** (the reader asks vs_key_line() about each).  Every key line, and every
** hive's mount point, also goes into the coverage set that
** reglint_view_covers() answers from.
*/
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct scope_item {
    char *path;
    int depth;
};

struct reglint_scope {
    struct scope_item *items;
    size_t n, cap;
    size_t *slot;       /* open addressing by folded path: item + 1, 0 empty */
    size_t nslot;       /* a power of two, at least twice n              */
};

/* Coverage: the keys whose whole subtree some source states -- a hive's
** mount point, every top-most key line of a .reg file.  A trie of key
** names (parent, folded name) in one hash table, so that adding a key line
** and asking about a path cost one lookup per component whatever the
** number of entries.  A node marked covered ends every walk: nothing below
** it is ever added, so the set stays as small as the top-most keys. */
typedef struct cover_node {
    const struct cover_node *parent; /* NULL for a root                   */
    uint32_t len;
    bool covered;
    char name[];                     /* as first spelled, not terminated  */
} cover_node;

typedef struct cover_slot {
    uint32_t hash; /* of parent and folded name: most probes stop here */
    cover_node *node;
} cover_slot;

typedef struct cover_set {
    arena mem;
    cover_slot *slot; /* open addressing; cap is a power of two */
    size_t cap, count;
} cover_set;

typedef struct source_rec {
    reglint_source_info info;
    char *path;
    char *mount;          /* normalised; hives only */
    hive_source *hive;
} source_rec;

struct reglint_view {
    reglint_view_options opts;
    reglint_registry *reg;
    source_rec *src;
    size_t n, cap;
    unsigned ccs;         /* from the last SYSTEM hive added (0: none)  */
    unsigned ccs_model;   /* from Select\Current in the loaded view     */
    cover_set covers;
};

/* ---- coverage ---- */

static uint32_t cover_hash(const cover_node *parent, const char *s, size_t n)
{
    uint64_t p = (uint64_t)(uintptr_t)parent;
    uint64_t h = name_hash_n(s, n) ^ (p * 0x9e3779b97f4a7c15ull);
    return (uint32_t)(h ^ h >> 32);
}

static cover_node *cover_find(const cover_set *cs, const cover_node *parent,
                              const char *s, size_t n, uint32_t h)
{
    if (!cs->cap)
        return NULL;
    for (size_t i = h & (cs->cap - 1);; i = (i + 1) & (cs->cap - 1)) {
        const cover_slot *sl = &cs->slot[i];
        if (!sl->node)
            return NULL;
        if (sl->hash == h && sl->node->parent == parent &&
            name_compare_n(sl->node->name, sl->node->len, s, n) == 0)
            return sl->node;
    }
}

static int cover_grow(cover_set *cs)
{
    size_t nc = cs->cap ? cs->cap * 2 : 64;
    cover_slot *ns = calloc(nc, sizeof *ns);
    if (!ns)
        return reglint__fail(ENOMEM, "out of memory");
    for (size_t i = 0; i < cs->cap; i++) {
        if (!cs->slot[i].node)
            continue;
        size_t j = cs->slot[i].hash & (nc - 1);
        while (ns[j].node)
            j = (j + 1) & (nc - 1);
        ns[j] = cs->slot[i];
    }
    free(cs->slot);
    cs->slot = ns;
    cs->cap = nc;
    return 0;
}

/* The child of parent named s[0..n), made if absent.  NULL on ENOMEM. */
static cover_node *cover_child(cover_set *cs, const cover_node *parent,
                               const char *s, size_t n)
{
    uint32_t h = cover_hash(parent, s, n);
    cover_node *c = cover_find(cs, parent, s, n, h);
    if (c)
        return c;
    if ((cs->count + 1) * 4 > cs->cap * 3 && cover_grow(cs) < 0)
        return NULL;
    /* Names are at most REGLINT_MAX_KEY_NAME characters once in the model;
    ** a longer one (a refused line) is still a name here. */
    if (n > UINT32_MAX || !(c = arena_alloc(&cs->mem, sizeof *c + n)))
        return reglint__fail_null(ENOMEM, "out of memory");
    c->parent = parent;
    c->len = (uint32_t)n;
    c->covered = false;
    memcpy(c->name, s, n);
    size_t i = h & (cs->cap - 1);
    while (cs->slot[i].node)
        i = (i + 1) & (cs->cap - 1);
    cs->slot[i] = (cover_slot){h, c};
    cs->count++;
    return c;
}

/* Record that a source states the whole subtree at ps.  -1 on ENOMEM. */
static int cover_add(cover_set *cs, const path_split *ps)
{
    cover_node *c = cover_child(cs, NULL, ps->root, strlen(ps->root));
    for (size_t i = 0; c && !c->covered && i < ps->nparts; i++)
        c = cover_child(cs, c, ps->parts[i].s, ps->parts[i].n);
    if (!c)
        return -1;
    c->covered = true; /* a no-op when an ancestor already is */
    return 0;
}

/* Is ps at or below a covered key? */
static bool cover_test(const cover_set *cs, const path_split *ps)
{
    const char *r = ps->root;
    const cover_node *c = cover_find(cs, NULL, r, strlen(r),
                                     cover_hash(NULL, r, strlen(r)));
    for (size_t i = 0; c && !c->covered && i < ps->nparts; i++) {
        const path_part *p = &ps->parts[i];
        c = cover_find(cs, c, p->s, p->n, cover_hash(c, p->s, p->n));
    }
    return c && c->covered;
}

static void cover_free(cover_set *cs)
{
    free(cs->slot);
    arena_free(&cs->mem);
    memset(cs, 0, sizeof *cs);
}

/* ---- scopes ---- */

reglint_scope *reglint_scope_new(void)
{
    return calloc(1, sizeof(reglint_scope));
}

void reglint_scope_free(reglint_scope *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i].path);
    free(s->items);
    free(s->slot);
    free(s);
}

/* The slot of path in the table: where it is, or the empty one where it
** would go. */
static size_t *scope_slot(const reglint_scope *s, const char *path)
{
    size_t mask = s->nslot - 1;
    for (size_t i = name_hash_n(path, strlen(path)) & mask;; i = (i + 1) & mask)
        if (!s->slot[i] ||
            reglint_name_compare(s->items[s->slot[i] - 1].path, path) == 0)
            return &s->slot[i];
}

static int scope_grow(reglint_scope *s)
{
    size_t nn = s->nslot ? s->nslot * 2 : 64;
    size_t *ns = calloc(nn, sizeof *ns);
    if (!ns)
        return reglint__fail(ENOMEM, "out of memory");
    free(s->slot);
    s->slot = ns;
    s->nslot = nn;
    for (size_t i = 0; i < s->n; i++)
        *scope_slot(s, s->items[i].path) = i + 1;
    return 0;
}

int reglint_scope_add(reglint_scope *s, const char *path, int depth)
{
    char *norm = reglint_path_normalize(path);
    if (!norm)
        return -1;
    depth = depth < 0 ? REGLINT_SCOPE_SUBTREE : depth;
    if ((s->n + 1) * 2 > s->nslot && scope_grow(s) < 0) {
        free(norm);
        return -1;
    }
    /* Many rules read the same key: each hive walk is paid once. */
    size_t *slot = scope_slot(s, norm);
    if (*slot) {
        struct scope_item *it = &s->items[*slot - 1];
        if (it->depth != REGLINT_SCOPE_SUBTREE &&
            (depth == REGLINT_SCOPE_SUBTREE || depth > it->depth))
            it->depth = depth;
        free(norm);
        return 0;
    }
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 8;
        struct scope_item *ni = realloc(s->items, nc * sizeof *ni);
        if (!ni) {
            free(norm);
            return reglint__fail(ENOMEM, "out of memory");
        }
        s->items = ni;
        s->cap = nc;
    }
    s->items[s->n].path = norm;
    s->items[s->n].depth = depth;
    s->n++;
    *slot = s->n;
    return 0;
}

/* ---- matching .reg key lines against a scope ---- */

/* The scope as a tree of names, so that a key line is matched against all
** items at once, one component at a time.  "*" matches any name.  Under
** HKEY_LOCAL_MACHINE\SYSTEM, CurrentControlSet and ControlSetNNN match each
** other: which set is current may be said only later in the file (Select
** sorts after ControlSet001), and a query in either spelling may find a
** key stored in the other. */
enum { SN_NAME, SN_GLOB, SN_CSET };
#define SN_NO_ITEM (-2) /* no scope item ends at this node */

typedef struct snode {
    const char *name; /* SN_NAME, SN_GLOB: in the item's path string */
    size_t len;
    uint32_t hash;
    int kind;
    int depth;        /* of the items ending here: the deepest (-1: all) */
    struct snode **kid;
    size_t nkids, capkids;
} snode;

typedef struct scope_match {
    snode top;          /* its children are the roots */
    char **paths;       /* the items' normalised paths, which names point into */
    size_t npaths;
} scope_match;

static void snode_free(snode *n)
{
    for (size_t i = 0; i < n->nkids; i++) {
        snode_free(n->kid[i]);
        free(n->kid[i]);
    }
    free(n->kid);
}

static void scope_match_free(scope_match *m)
{
    if (!m)
        return;
    snode_free(&m->top);
    for (size_t i = 0; i < m->npaths; i++)
        free(m->paths[i]);
    free(m->paths);
    free(m);
}


/* Is this component a control set's name (CurrentControlSet or
** ControlSetNNN)? */
static bool part_is_cset(const char *s, size_t n)
{
    return name_compare_n(s, n, "CurrentControlSet", 17) == 0 ||
           control_set_number(s, n) != 0;
}

static snode *snode_child(snode *n, int kind, const char *s, size_t len)
{
    uint32_t h = kind != SN_CSET ? name_hash_n(s, len) : 0;
    for (size_t i = 0; i < n->nkids; i++) {
        snode *k = n->kid[i];
        if (k->kind == kind &&
            (kind == SN_CSET ||
             (k->hash == h && name_compare_n(k->name, k->len, s, len) == 0)))
            return k;
    }
    if (n->nkids == n->capkids) {
        size_t nc = n->capkids ? n->capkids * 2 : 4;
        snode **nk = realloc(n->kid, nc * sizeof *nk);
        if (!nk)
            return reglint__fail_null(ENOMEM, "out of memory");
        n->kid = nk;
        n->capkids = nc;
    }
    snode *k = calloc(1, sizeof *k);
    if (!k)
        return reglint__fail_null(ENOMEM, "out of memory");
    *k = (snode){s, len, h, kind, SN_NO_ITEM, NULL, 0, 0};
    n->kid[n->nkids++] = k;
    return k;
}

static int scope_match_add(scope_match *m, const char *path, int depth)
{
    char *own = strdup(path);
    char **np = own ? realloc(m->paths, (m->npaths + 1) * sizeof *np) : NULL;
    if (!np) {
        free(own);
        return reglint__fail(ENOMEM, "out of memory");
    }
    m->paths = np;
    m->paths[m->npaths++] = own;
    path_split ps;
    if (path_split_parse(own, strlen(own), &ps) < 0)
        return errno == ENOMEM ? -1 : 0; /* normalised when added */
    snode *n = snode_child(&m->top, SN_NAME, ps.root, strlen(ps.root));
    for (size_t i = 0; n && i < ps.nparts; i++) {
        const path_part *p = &ps.parts[i];
        int kind = SN_NAME;
        if (name_has_glob(p->s, p->n))
            kind = SN_GLOB;
        else if (i == 1 && strcmp(ps.root, "HKEY_LOCAL_MACHINE") == 0 &&
                 name_compare_n(ps.parts[0].s, ps.parts[0].n, "SYSTEM", 6) ==
                     0 &&
                 part_is_cset(p->s, p->n))
            kind = SN_CSET;
        n = snode_child(n, kind, p->s, p->n);
    }
    path_split_free(&ps);
    if (!n)
        return -1;
    if (n->depth == SN_NO_ITEM ||
        (n->depth >= 0 && (depth < 0 || depth > n->depth)))
        n->depth = depth;
    return 0;
}

/* The matcher for a non-empty scope, or NULL (errno ENOMEM on failure,
** 0 for an empty scope). */
static scope_match *scope_match_new(const reglint_scope *scope)
{
    errno = 0;
    if (!scope || scope->n == 0)
        return NULL;
    scope_match *m = calloc(1, sizeof *m);
    if (!m) {
        reglint__fail(ENOMEM, "out of memory");
        return NULL;
    }
    m->top.depth = SN_NO_ITEM;
    /* Always Select: which control set a later CurrentControlSet means is
    ** read from it, as a full read would. */
    int rc = scope_match_add(m, "HKEY_LOCAL_MACHINE\\SYSTEM\\Select", 0);
    for (size_t i = 0; rc == 0 && i < scope->n; i++)
        rc = scope_match_add(m, scope->items[i].path, scope->items[i].depth);
    if (rc < 0) {
        scope_match_free(m);
        errno = ENOMEM;
        return NULL;
    }
    return m;
}

/* Where a key stands to a scope.  Its components are counted with the
** root as the first; the region -- keys at or above an item, or within an
** item's depth below it -- holds each ancestor of a key it holds. */
typedef struct scope_class {
    size_t keep;   /* the key's leading components in the region      */
    bool in_depth; /* the key is at an item or within its depth        */
} scope_class;

static bool snode_matches(const snode *k, const char *s, size_t n,
                          uint32_t *hash, bool *hashed)
{
    if (k->kind == SN_GLOB)
        return name_glob_match(k->name, k->len, s, n);
    if (k->kind == SN_CSET)
        return part_is_cset(s, n);
    if (!*hashed) {
        *hash = name_hash_n(s, n);
        *hashed = true;
    }
    return k->hash == *hash && name_compare_n(k->name, k->len, s, n) == 0;
}

/* node matches the key's first l components; L is the key's count. */
static void scope_visit(const snode *node, const path_split *ps, size_t l,
                        size_t L, scope_class *c)
{
    if (l > c->keep)
        c->keep = l;
    if (node->depth != SN_NO_ITEM) {
        size_t d = (size_t)node->depth;
        if (node->depth < 0 || L - l <= d) {
            c->in_depth = true;
            c->keep = L;
            return; /* nothing can say more */
        }
        if (l + d > c->keep)
            c->keep = l + d;
    }
    if (l == L)
        return;
    if (l == 0) {
        /* Roots are canonical names on both sides. */
        for (size_t i = 0; i < node->nkids && !c->in_depth; i++)
            if (strcmp(node->kid[i]->name, ps->root) == 0)
                scope_visit(node->kid[i], ps, 1, L, c);
        return;
    }
    const char *s = ps->parts[l - 1].s;
    size_t n = ps->parts[l - 1].n;
    uint32_t h = 0;
    bool hashed = false;
    for (size_t i = 0; i < node->nkids && !c->in_depth; i++)
        if (snode_matches(node->kid[i], s, n, &h, &hashed))
            scope_visit(node->kid[i], ps, l + 1, L, c);
}

static scope_class scope_classify(const scope_match *m, const path_split *ps)
{
    scope_class c = {0, false};
    scope_visit(&m->top, ps, 0, ps->nparts + 1, &c);
    return c;
}

/* ---- the view ---- */

reglint_view *reglint_view_new(const reglint_view_options *opts)
{
    reglint_view *v = calloc(1, sizeof *v);
    if (!v)
        return reglint__fail_null(ENOMEM, "out of memory");
    if (opts)
        v->opts = *opts;
    arena_init(&v->covers.mem);
    v->reg = reglint_registry_new();
    if (!v->reg) {
        free(v);
        return reglint__fail_null(ENOMEM, "out of memory");
    }
    return v;
}

void reglint_view_free(reglint_view *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        hive_source_close(v->src[i].hive);
        free(v->src[i].path);
        free(v->src[i].mount);
    }
    free(v->src);
    cover_free(&v->covers);
    reglint_registry_free(v->reg);
    free(v);
}

reglint_registry *reglint_view_registry(const reglint_view *v)
{
    return v->reg;
}

size_t reglint_view_source_count(const reglint_view *v) { return v->n; }

const reglint_source_info *reglint_view_source(const reglint_view *v,
                                               size_t i)
{
    return i < v->n ? &v->src[i].info : NULL;
}

unsigned reglint_view_control_set(const reglint_view *v)
{
    return v->ccs ? v->ccs : v->ccs_model;
}

static void count_diags(source_rec *s, const reglint_diags *d, size_t from)
{
    for (size_t i = from; d && i < reglint_diags_count(d); i++) {
        if (reglint_diags_at(d, i)->severity == REGLINT_ERROR)
            s->info.errors++;
        else
            s->info.warnings++;
    }
}

/* Is the file a hive?  1 yes, 0 no (text), -1 unreadable. */
static int sniff_hive(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME);
    if (fd < 0 && errno == EPERM)
        fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    /* A pipe cannot be read twice; only a regular file can be a hive. */
    struct stat st;
    if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
        close(fd);
        return 0;
    }
    char magic[4];
    ssize_t n = pread(fd, magic, 4, 0);
    int e = errno;
    close(fd);
    if (n < 0) {
        errno = e;
        return -1;
    }
    return n == 4 && memcmp(magic, "regf", 4) == 0;
}

uint32_t reglint_view_add(reglint_view *v, const char *path,
                          const char *mount, reglint_diags *diags)
{
    if (v->n == v->cap) {
        size_t nc = v->cap ? v->cap * 2 : 8;
        source_rec *ns = realloc(v->src, nc * sizeof *ns);
        if (!ns) {
            reglint__fail(ENOMEM, "out of memory");
            return 0;
        }
        v->src = ns;
        v->cap = nc;
    }
    source_rec *s = &v->src[v->n];
    memset(s, 0, sizeof *s);
    s->path = strdup(path);
    uint32_t id = reglint_registry_add_source(v->reg, path);
    if (!s->path || !id) {
        free(s->path);
        reglint__fail(ENOMEM, "out of memory");
        return 0;
    }
    v->n++;
    s->info.id = id;
    s->info.path = s->path;
    size_t first = diags ? reglint_diags_count(diags) : 0;
    int kind = sniff_hive(path);
    if (kind < 0) {
        int e = errno;
        s->info.kind = REGLINT_SOURCE_UNKNOWN;
        s->info.failed = 1;
        if (diags)
            reglint_diags_add(diags, REGLINT_ERROR, path, 0, 0, -1,
                              "unreadable", strerror(e));
        count_diags(s, diags, first);
        reglint__fail(e, "%s: %s", path, strerror(e));
        return 0;
    }
    if (!kind) {
        s->info.kind = REGLINT_SOURCE_REG;
        if (mount && diags)
            reglint_diags_add(diags, REGLINT_WARNING, path, 0, 0, -1,
                              "mount-ignored",
                              "a .reg file names its own keys; the mount "
                              "point is ignored");
        count_diags(s, diags, first);
        return id;
    }
    s->info.kind = REGLINT_SOURCE_HIVE;
    s->hive = hive_source_open(path, diags);
    if (!s->hive) {
        s->info.failed = 1;
        count_diags(s, diags, first);
        return 0;
    }
    hive_source *hs = s->hive;
    const char *where = mount ? mount : reglint_hive_type_mount(hs->type);
    char fallback[300];
    if (!where) {
        /* Not a hive Windows mounts by a known name: under HKLM, named
        ** after the file, as "Load Hive" in regedit would ask for. */
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        snprintf(fallback, sizeof fallback, "HKEY_LOCAL_MACHINE\\%s", base);
        for (char *c = fallback; *c; c++)
            if (*c == '.')
                *c = '_';
        where = fallback;
        if (diags)
            reglint_diags_add(diags, REGLINT_WARNING, path, 0, 0, -1,
                              "hive-type-unknown",
                              "not a hive type reglint recognises; mounted "
                              "under HKEY_LOCAL_MACHINE by its file name "
                              "(--mount ROOTPATH=FILE to choose)");
    }
    s->mount = reglint_path_normalize(where);
    if (!s->mount) {
        s->info.failed = 1;
        if (diags)
            reglint_diags_add(diags, REGLINT_ERROR, path, 0, 0, -1,
                              "bad-mount",
                              "the mount point is not a key path, such as "
                              "HKLM\\SOFTWARE");
        count_diags(s, diags, first);
        hive_source_close(s->hive);
        s->hive = NULL;
        return 0;
    }
    s->info.hive_type = hs->type;
    s->info.mount = s->mount;
    s->info.header_name = hs->hdr.name;
    s->info.major = hs->hdr.major;
    s->info.minor = hs->hdr.minor;
    s->info.seq1 = hs->hdr.seq1;
    s->info.seq2 = hs->hdr.seq2;
    s->info.dirty = hs->dirty;
    s->info.nlogs = hs->nlogs;
    s->info.logs = (const char *const *)hs->logs;
    s->info.unsafe = hs->unsafe;
    s->info.last_written = hs->hdr.last_written;
    s->info.size = hs->size;
    s->info.control_set = hs->control_set;
    s->info.control_set_from = hs->control_set_from;
    /* The link is Windows' notion for HKLM\SYSTEM only. */
    if (hs->type == REGLINT_HIVE_SYSTEM && hs->control_set &&
        strcmp(s->mount, "HKEY_LOCAL_MACHINE\\SYSTEM") == 0) {
        if (v->ccs && v->ccs != hs->control_set && diags)
            reglint_diags_add(diags, REGLINT_WARNING, path, 0, 0, -1,
                              "control-set",
                              "another SYSTEM hive given earlier uses a "
                              "different current control set; the last "
                              "SYSTEM hive's applies to every source");
        v->ccs = hs->control_set;
    }
    count_diags(s, diags, first);
    return id;
}

uint32_t reglint_view_add_change(reglint_view *v, const char *path,
                                 reglint_diags *diags)
{
    int kind = sniff_hive(path);
    if (kind != 0) {
        int e = kind < 0 ? errno : EINVAL;
        const char *why = kind < 0 ? strerror(e)
                                   : "a change file is a .reg file, and this "
                                     "is a hive";
        if (diags)
            reglint_diags_add(diags, REGLINT_ERROR, path, 0, 0, -1,
                              kind < 0 ? "unreadable" : "change-not-reg", why);
        reglint__fail(e, "%s: %s", path, why);
        return 0;
    }
    uint32_t id = reglint_view_add(v, path, NULL, diags);
    if (id)
        v->src[v->n - 1].info.change = 1;
    return id;
}

reglint_view *view_reopen(const reglint_view *v, reglint_diags *diags)
{
    reglint_view *nv = reglint_view_new(&v->opts);
    for (size_t i = 0; nv && i < v->n; i++) {
        const source_rec *s = &v->src[i];
        /* The mount a hive was given, or where its type put it: the same
        ** either way. */
        uint32_t id = s->info.change
                          ? reglint_view_add_change(nv, s->path, diags)
                          : reglint_view_add(nv, s->path, s->mount, diags);
        if (!id && errno == ENOMEM) {
            reglint_view_free(nv);
            return NULL;
        }
    }
    return nv;
}

/* ---- loading ---- */

/* .reg lines go through this sink so that CurrentControlSet lands in the
** control set a SYSTEM hive links it to. */
typedef struct view_sink {
    reg_sink inner;
    reglint_view *v;
    scope_match *match; /* NULL: no scope, read everything */
    bool change;        /* the source is a change file: no coverage    */
} view_sink;

/* Select\Current as the registry holds it now (a SYSTEM export read as
** .reg), or 0. */
static unsigned model_control_set(const reglint_registry *reg)
{
    reglint_key *sel = reglint_key_open(reg,
                                        "HKEY_LOCAL_MACHINE\\SYSTEM\\Select");
    const reglint_value *cur = sel ? reglint_key_value(sel, "Current") : NULL;
    uint32_t n;
    if (cur && reglint_value_get_dword(cur, &n) == 0 && n >= 1 && n <= 999)
        return n;
    return 0;
}

/* The control set a .reg line's CurrentControlSet means: a SYSTEM hive's,
** else what the sources read so far say (as on the live machine, where a
** .reg imported after another changes the same keys). */
static unsigned sink_control_set(const view_sink *vs, const path_split *ps)
{
    if (vs->v->ccs || !path_is_current_control_set(ps))
        return vs->v->ccs;
    return model_control_set(vs->v->reg);
}


static void *vs_create_key(void *ctx, const path_split *ps, reglint_origin o)
{
    view_sink *vs = ctx;
    mapped_path m;
    if (path_map_control_set(ps, sink_control_set(vs, ps), &m) < 0)
        return NULL;
    void *k = vs->inner.create_key(vs->inner.ctx, &m.ps, o);
    free(m.heap);
    return k;
}

static int vs_delete_key(void *ctx, const path_split *ps, reglint_origin o)
{
    view_sink *vs = ctx;
    mapped_path m;
    if (path_map_control_set(ps, sink_control_set(vs, ps), &m) < 0)
        return -1;
    int rc = vs->inner.delete_key(vs->inner.ctx, &m.ps, o);
    /* A source read before Select\Current was known left the key at a
    ** literal CurrentControlSet, where queries still find it once the
    ** mapped one is gone: it is the same key, and goes too. */
    if (rc == 0 && m.heap)
        rc = vs->inner.delete_key(vs->inner.ctx, ps, o);
    free(m.heap);
    return rc;
}

static int vs_set_value(void *ctx, void *key, const char *name, size_t nlen,
                        uint32_t type, const void *data, size_t len,
                        reglint_origin o)
{
    view_sink *vs = ctx;
    return vs->inner.set_value(vs->inner.ctx, key, name, nlen, type, data,
                               len, o);
}

static int vs_delete_value(void *ctx, void *key, const char *name,
                           size_t nlen, reglint_origin o)
{
    view_sink *vs = ctx;
    return vs->inner.delete_value(vs->inner.ctx, key, name, nlen, o);
}

/* Every key line of a .reg source comes here first: it is recorded for
** coverage, and with a scope, the section of a key outside it is skipped
** unread.  A key line inside the region (at or above a scope path, or
** within its depth below it) is applied as without a scope, deletions
** included; one above only creates the key, as a hive load creates the
** keys on the way to a scope path; one that leaves the region creates
** the part of its path inside it (the parents a full read would create
** there) and nothing else. */
static int vs_key_line(void *ctx, const path_split *ps, bool del,
                       size_t *keep)
{
    view_sink *vs = ctx;
    mapped_path m;
    if (path_map_control_set(ps, sink_control_set(vs, ps), &m) < 0)
        return -1;
    int rc = REG_KEY_READ;
    if (vs->change) {
        /* A change file is read whole and states nothing about the keys
        ** it does not set. */
    } else if (!vs->match) {
        if (cover_add(&vs->v->covers, &m.ps) < 0)
            rc = -1;
    } else {
        scope_class c = scope_classify(vs->match, &m.ps);
        size_t L = m.ps.nparts + 1;
        /* Coverage of the region only: exact for what the scope can ask
        ** about, and no bigger than the keys loaded (plus the few above
        ** the scope paths), whatever the file holds outside. */
        if (c.keep == L && cover_add(&vs->v->covers, &m.ps) < 0)
            rc = -1;
        else if (del ? c.keep < L : !c.in_depth) {
            *keep = c.keep;
            rc = REG_KEY_SKIP;
        }
    }
    free(m.heap);
    return rc;
}

static int load_hive(reglint_view *v, source_rec *s,
                     const reglint_scope *scope, reglint_diags *diags)
{
    path_split mount;
    if (path_split_parse(s->mount, strlen(s->mount), &mount) < 0)
        return 0;
    /* A hive states everything in its namespace, whatever is loaded. */
    int rc = cover_add(&v->covers, &mount);
    if (rc == 0 && (!scope || scope->n == 0)) {
        rc = hive_source_load(s->hive, v->reg, s->info.id, &mount, NULL,
                              REGLINT_SCOPE_SUBTREE, diags);
    } else if (rc == 0) {
        for (size_t i = 0; i < scope->n && rc == 0; i++) {
            const char *p = scope->items[i].path;
            path_split want;
            mapped_path m;
            if (path_split_parse(p, strlen(p), &want) < 0)
                continue;
            if (path_map_control_set(&want, v->ccs, &m) < 0)
                rc = -1;
            else
                rc = hive_source_load(s->hive, v->reg, s->info.id, &mount,
                                      &m.ps, scope->items[i].depth, diags);
            free(m.heap);
            path_split_free(&want);
        }
    }
    path_split_free(&mount);
    return rc;
}

int reglint_view_load(reglint_view *v, const reglint_scope *scope,
                      reglint_diags *diags)
{
    view_sink vs;
    registry_sink_init(&vs.inner, v->reg);
    vs.v = v;
    vs.change = false;
    /* Without skim a .reg file is read whole, every line checked; only
    ** hives are walked along the scope. */
    vs.match = v->opts.skim ? scope_match_new(scope) : NULL;
    if (!vs.match && errno == ENOMEM)
        return reglint__fail(ENOMEM, "out of memory");
    reg_sink sink = {&vs, vs_create_key, vs_delete_key, vs_set_value,
                     vs_delete_value};
    reg_filter filter = {&vs, vs_key_line, vs.match != NULL};
    reglint_reg_options ro = {v->opts.strict, v->opts.max_diags};
    for (size_t i = 0; i < v->n; i++) {
        source_rec *s = &v->src[i];
        if (s->info.failed)
            continue;
        size_t first = diags ? reglint_diags_count(diags) : 0;
        int rc;
        if (s->hive) {
            rc = load_hive(v, s, scope, diags);
        } else {
            vs.change = s->info.change;
            filter.skips = vs.match != NULL && !vs.change;
            rc = reg_parse_file_filtered(&sink, &filter, s->info.id, s->path,
                                         &ro, diags, &s->info.reg);
            if (rc < 0) {
                s->info.failed = 1;
                rc = errno == ENOMEM ? -1 : 0;
            }
        }
        count_diags(s, diags, first);
        if (rc < 0) {
            scope_match_free(vs.match);
            return reglint__fail(ENOMEM, "out of memory");
        }
    }
    scope_match_free(vs.match);
    /* A SYSTEM export read as .reg carries its own Select\Current. */
    v->ccs_model = model_control_set(v->reg);
    return 0;
}

/* ---- queries ---- */

reglint_key *reglint_view_key_open(const reglint_view *v, const char *path)
{
    path_split ps;
    if (path_split_parse(path, strlen(path), &ps) < 0)
        return NULL;
    unsigned ccs = reglint_view_control_set(v);
    reglint_key *k = NULL;
    bool is_ccs = path_is_current_control_set(&ps);
    if (is_ccs && ccs) {
        mapped_path m;
        if (path_map_control_set(&ps, ccs, &m) == 0) {
            k = registry_key_open_parts(v->reg, &m.ps);
            free(m.heap);
        }
    }
    if (!k)
        k = registry_key_open_parts(v->reg, &ps);
    if (!k && !is_ccs && ps.nparts >= 2 &&
        strcmp(ps.root, "HKEY_LOCAL_MACHINE") == 0 &&
        name_compare_n(ps.parts[0].s, ps.parts[0].n, "SYSTEM", 6) == 0) {
        /* ControlSetNNN asked for, stored as a literal CurrentControlSet
        ** (a .reg export): the same key when NNN is the current one, or
        ** when nothing says which one is. */
        unsigned n = control_set_number(ps.parts[1].s, ps.parts[1].n);
        if (n && (ccs == 0 || n == ccs)) {
            path_part saved = ps.parts[1];
            ps.parts[1].s = "CurrentControlSet";
            ps.parts[1].n = 17;
            k = registry_key_open_parts(v->reg, &ps);
            ps.parts[1] = saved;
        }
    }
    path_split_free(&ps);
    if (!k)
        errno = ENOENT;
    return k;
}

int reglint_view_covers(const reglint_view *v, const char *path)
{
    path_split ps;
    if (path_split_parse(path, strlen(path), &ps) < 0)
        return -1;
    if (v->opts.whole) {
        path_split_free(&ps);
        return 1;
    }
    /* The same spellings as reglint_view_key_open() tries, so that what is
    ** covered is what a query can find. */
    int cov = cover_test(&v->covers, &ps);
    unsigned ccs = reglint_view_control_set(v);
    if (!cov && path_is_current_control_set(&ps) && ccs) {
        mapped_path m;
        if (path_map_control_set(&ps, ccs, &m) < 0) {
            cov = -1;
        } else {
            cov = cover_test(&v->covers, &m.ps);
            free(m.heap);
        }
    } else if (!cov && ps.nparts >= 2 &&
               strcmp(ps.root, "HKEY_LOCAL_MACHINE") == 0 &&
               name_compare_n(ps.parts[0].s, ps.parts[0].n, "SYSTEM", 6) == 0) {
        unsigned n = control_set_number(ps.parts[1].s, ps.parts[1].n);
        if (n && (ccs == 0 || n == ccs)) {
            ps.parts[1].s = "CurrentControlSet";
            ps.parts[1].n = 17;
            cov = cover_test(&v->covers, &ps);
        }
    }
    path_split_free(&ps);
    return cov;
}

/* ---- origins ---- */

char *reglint_view_describe_origin(const reglint_view *v,
                                   const reglint_key *key,
                                   reglint_origin origin)
{
    char *out = NULL;
    if (origin.source == 0 || origin.source > v->n) {
        out = strdup("(no source)");
        return out ? out : reglint__fail_null(ENOMEM, "out of memory");
    }
    const source_rec *s = &v->src[origin.source - 1];
    if (!s->hive) {
        if (asprintf(&out, "%s:%u", s->path, origin.line) < 0)
            return reglint__fail_null(ENOMEM, "out of memory");
        return out;
    }
    char *inner = reglint_view_origin_hive_path(v, key, origin);
    if (!inner)
        return NULL;
    int r = asprintf(&out, "%s:%s (cell 0x%x)", s->path, inner,
                     origin.offset);
    free(inner);
    if (r < 0)
        return reglint__fail_null(ENOMEM, "out of memory");
    return out;
}

char *reglint_view_origin_hive_path(const reglint_view *v,
                                    const reglint_key *key,
                                    reglint_origin origin)
{
    if (origin.source == 0 || origin.source > v->n ||
        !v->src[origin.source - 1].hive || !key)
        return reglint__fail_null(EINVAL, "not a hive origin");
    const source_rec *s = &v->src[origin.source - 1];
    char *kp = reglint_key_path(key);
    if (!kp)
        return reglint__fail_null(ENOMEM, "out of memory");
    /* The model path is the mount point followed by the path in the hive. */
    const char *inner = "";
    size_t ml = strlen(s->mount);
    if (strlen(kp) >= ml && name_compare_n(kp, ml, s->mount, ml) == 0)
        inner = kp + ml;
    char *out = NULL;
    int r = asprintf(&out, "\\%s", inner[0] == '\\' ? inner + 1 : inner);
    free(kp);
    if (r < 0)
        return reglint__fail_null(ENOMEM, "out of memory");
    return out;
}
