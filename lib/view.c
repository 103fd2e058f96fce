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
};

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
};

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
    free(s);
}

int reglint_scope_add(reglint_scope *s, const char *path, int depth)
{
    char *norm = reglint_path_normalize(path);
    if (!norm)
        return -1;
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
    s->items[s->n].depth = depth < 0 ? REGLINT_SCOPE_SUBTREE : depth;
    s->n++;
    return 0;
}

/* ---- the view ---- */

reglint_view *reglint_view_new(const reglint_view_options *opts)
{
    reglint_view *v = calloc(1, sizeof *v);
    if (!v)
        return reglint__fail_null(ENOMEM, "out of memory");
    if (opts)
        v->opts = *opts;
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

/* ---- loading ---- */

/* .reg lines go through this sink so that CurrentControlSet lands in the
** control set a SYSTEM hive links it to. */
typedef struct view_sink {
    reg_sink inner;
    reglint_view *v;
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

static int load_hive(reglint_view *v, source_rec *s,
                     const reglint_scope *scope, reglint_diags *diags)
{
    path_split mount;
    if (path_split_parse(s->mount, strlen(s->mount), &mount) < 0)
        return 0;
    int rc = 0;
    if (!scope || scope->n == 0) {
        rc = hive_source_load(s->hive, v->reg, s->info.id, &mount, NULL,
                              REGLINT_SCOPE_SUBTREE, diags);
    } else {
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
    reg_sink sink = {&vs, vs_create_key, vs_delete_key, vs_set_value,
                     vs_delete_value};
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
            rc = reg_parse_file(&sink, s->info.id, s->path, &ro, diags,
                                &s->info.reg);
            if (rc < 0) {
                s->info.failed = 1;
                rc = errno == ENOMEM ? -1 : 0;
            }
        }
        count_diags(s, diags, first);
        if (rc < 0)
            return reglint__fail(ENOMEM, "out of memory");
    }
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
