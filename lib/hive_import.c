/*
** hive_import.c — .reg files applied to a regf hive, as importing them
** into a loaded hive with regedit would: reglint_hive_import().
**
** libhivex does the cell work.  It reads the whole base hive into memory
** in its write mode, so the base file is only read (from a snapshot, so
** that not even its access time changes) and the result goes to a new
** file beside `out`, renamed into place only when complete.  The .reg
** parser drives a sink whose callbacks apply each line to the hive.
**
** Where hivex falls short of Windows, this file does the work itself:
**   - names compare as Windows compares them (name_compare_n), not with
**     hivex's ASCII-only strcasecmp, when finding a subkey or a value;
**   - hivex has no call to delete one value, and sets one by rewriting
**     all of the key's values: the values of the key being changed are
**     kept in memory and written once (hivex_node_set_values), raw bytes
**     and types as they were;
**   - finding a subkey in hivex decodes every sibling's name, so the
**     children of each key visited are indexed once by name hash.
**
** Any error (in a .reg line, the base hive, or hivex) means nothing is
** written: a hive half-applied is worse than none.
*/
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Data hivex can store in one allocation (HIVEX_MAX_ALLOCATION less the
** cell's size field). */
#define HIVEX_MAX_DATA 999996u
/* Over this many bytes, a version 1.4+ hive keeps data in a big-data (db)
** record, which hivex cannot write (it writes one cell). */
#define BIG_DATA 16344u

/* The parser's handle of a key outside the hive: its values are dropped
** (the key line already has its error).  Node offsets are >= 0x1000, so
** no node is ever 1. */
#define SKIP_KEY ((void *)(uintptr_t)1)

/* One child of one key, in the index of names. */
typedef struct child_slot {
    hive_node_h parent, node; /* node 0: empty slot */
    uint32_t hash;            /* name_hash_n of the name */
} child_slot;

/* One value of the key being changed. */
typedef struct pending_value {
    hive_set_value v; /* name and data malloc'd */
    uint64_t line;    /* the line that set it; 0: as read from the hive */
} pending_value;

typedef struct importer {
    hive_h *h;
    hive_node_h root;
    const char *out;
    char *prefix_str;   /* normalised, e.g. HKEY_LOCAL_MACHINE\SYSTEM   */
    path_split prefix;  /* its parts point into prefix_str             */
    bool system;        /* the prefix is HKLM\SYSTEM: map CurrentControlSet */
    bool ccs_warned;
    unsigned minor;     /* the hive's format version 1.minor            */
    reglint_diags *diags;
    const char *file;   /* the .reg file being applied                   */
    bool failed;        /* hivex failed, or no hive could be started:
                           the hive is left alone from then on          */
    int fail_errno;
    /* The values of the key being changed, written when it is done. */
    pending_value *pend;
    size_t npend, cappend;
    hive_node_h pend_node; /* 0: none */
    uint64_t pend_line;    /* the first line that changed them */
    bool pend_dirty;
    /* The children of each key in `loaded`, by (parent, name hash). */
    child_slot *kids;
    size_t nkids, capkids;
    hive_node_h *loaded;
    size_t nloaded, caploaded;
} importer;

/* ---- diagnostics ---- */

static void idiag(importer *im, reglint_severity sev, const char *file,
                  uint64_t line, const char *code, const char *fmt, ...)
    RL_PRINTF(6, 7);

static void idiag(importer *im, reglint_severity sev, const char *file,
                  uint64_t line, const char *code, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Text diagnostics read FILE:LINE:COL; this one is about the line. */
    reglint_diags_add(im->diags, sev, file, line, line ? 1 : 0, -1, code,
                      msg);
}

/* hivex failed in the middle of a change: the hive in memory may be
** inconsistent, so it will not be written.  Says so once per failure. */
static void hive_failed(importer *im, uint64_t line, const char *what)
{
    int e = errno ? errno : EIO;
    im->failed = true;
    im->fail_errno = e;
    idiag(im, REGLINT_ERROR, im->file, line,
          e == ENOMEM ? "internal" : "hive-error", "%s: %s", what,
          strerror(e));
}

/* "ROOT\A\B" of a split path, for messages. */
static void path_text(const path_split *ps, char *buf, size_t n)
{
    size_t used = (size_t)snprintf(buf, n, "%s", ps->root);
    for (size_t i = 0; i < ps->nparts && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "\\%.*s",
                                 (int)ps->parts[i].n, ps->parts[i].s);
}

/* ---- the index of children ---- */

static size_t slot_of(hive_node_h parent, uint32_t hash, size_t cap)
{
    uint64_t k = (uint64_t)parent * 0x9e3779b97f4a7c15ull ^ hash;
    k ^= k >> 29;
    return (size_t)(k & (cap - 1));
}

static int kids_put(importer *im, hive_node_h parent, hive_node_h node,
                    uint32_t hash)
{
    if ((im->nkids + 1) * 2 > im->capkids) {
        size_t cap = im->capkids ? im->capkids * 2 : 256;
        child_slot *t = calloc(cap, sizeof *t);
        if (!t)
            return reglint__fail(ENOMEM, "out of memory");
        for (size_t i = 0; i < im->capkids; i++) {
            child_slot *s = &im->kids[i];
            if (!s->node)
                continue;
            size_t j = slot_of(s->parent, s->hash, cap);
            while (t[j].node)
                j = (j + 1) & (cap - 1);
            t[j] = *s;
        }
        free(im->kids);
        im->kids = t;
        im->capkids = cap;
    }
    size_t j = slot_of(parent, hash, im->capkids);
    while (im->kids[j].node)
        j = (j + 1) & (im->capkids - 1);
    im->kids[j] = (child_slot){parent, node, hash};
    im->nkids++;
    return 0;
}

static bool is_loaded(const importer *im, hive_node_h parent)
{
    if (!im->caploaded)
        return false;
    size_t j = slot_of(parent, 0, im->caploaded);
    while (im->loaded[j]) {
        if (im->loaded[j] == parent)
            return true;
        j = (j + 1) & (im->caploaded - 1);
    }
    return false;
}

static int mark_loaded(importer *im, hive_node_h parent)
{
    if ((im->nloaded + 1) * 2 > im->caploaded) {
        size_t cap = im->caploaded ? im->caploaded * 2 : 64;
        hive_node_h *t = calloc(cap, sizeof *t);
        if (!t)
            return reglint__fail(ENOMEM, "out of memory");
        for (size_t i = 0; i < im->caploaded; i++) {
            if (!im->loaded[i])
                continue;
            size_t j = slot_of(im->loaded[i], 0, cap);
            while (t[j])
                j = (j + 1) & (cap - 1);
            t[j] = im->loaded[i];
        }
        free(im->loaded);
        im->loaded = t;
        im->caploaded = cap;
    }
    size_t j = slot_of(parent, 0, im->caploaded);
    while (im->loaded[j])
        j = (j + 1) & (im->caploaded - 1);
    im->loaded[j] = parent;
    im->nloaded++;
    return 0;
}

/* After a delete, freed cells may come back as other keys: forget all. */
static void index_reset(importer *im)
{
    if (im->kids)
        memset(im->kids, 0, im->capkids * sizeof *im->kids);
    if (im->loaded)
        memset(im->loaded, 0, im->caploaded * sizeof *im->loaded);
    im->nkids = im->nloaded = 0;
}

/* Index the children of parent.  -1 with errno (ENOMEM, or hivex's). */
static int index_load(importer *im, hive_node_h parent)
{
    errno = 0;
    hive_node_h *kids = hivex_node_children(im->h, parent);
    if (!kids)
        return -1;
    int rc = 0;
    for (size_t i = 0; kids[i] && rc == 0; i++) {
        errno = 0;
        char *name = hivex_node_name(im->h, kids[i]);
        if (!name) {
            rc = -1;
            break;
        }
        rc = kids_put(im, parent, kids[i], name_hash_n(name, strlen(name)));
        free(name);
    }
    free(kids);
    if (rc == 0)
        rc = mark_loaded(im, parent);
    return rc;
}

/* The child of parent named name[0..n) (Windows' comparison), 0 if none.
** 0 with errno set on a failure. */
static hive_node_h child_find(importer *im, hive_node_h parent,
                              const char *name, size_t n)
{
    if (!is_loaded(im, parent) && index_load(im, parent) < 0)
        return 0;
    errno = 0;
    if (!im->capkids)
        return 0; /* no key indexed has children */
    uint32_t hash = name_hash_n(name, n);
    size_t j = slot_of(parent, hash, im->capkids);
    for (; im->kids[j].node; j = (j + 1) & (im->capkids - 1)) {
        child_slot *s = &im->kids[j];
        if (s->parent != parent || s->hash != hash)
            continue;
        errno = 0;
        char *kn = hivex_node_name(im->h, s->node);
        if (!kn)
            return 0;
        bool same = name_compare_n(kn, strlen(kn), name, n) == 0;
        free(kn);
        if (same)
            return s->node;
    }
    errno = 0;
    return 0;
}

/* ---- values ---- */

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* Each value change makes hivex write all of a key's values again, and
** hivex 1.3 never reuses the cells it frees: set one by one, a key's n
** values would cost n*n cells.  So the values of the key being changed
** are kept here and written once, when the next key line (or the end of
** the file) comes. */

static void pending_clear(importer *im)
{
    for (size_t i = 0; i < im->npend; i++) {
        free(im->pend[i].v.key);
        free(im->pend[i].v.value);
    }
    im->npend = 0;
    im->pend_node = 0;
    im->pend_line = 0;
    im->pend_dirty = false;
}

static int pending_grow(importer *im)
{
    if (im->npend < im->cappend)
        return 0;
    size_t cap = im->cappend ? im->cappend * 2 : 16;
    pending_value *p = realloc(im->pend, cap * sizeof *p);
    if (!p)
        return reglint__fail(ENOMEM, "out of memory");
    im->pend = p;
    im->cappend = cap;
    return 0;
}

static int pending_flush(importer *im);

/* Make node's values the pending ones, read from the hive.  -1 with errno
** (ENOMEM, or hivex's). */
static int pending_load(importer *im, hive_node_h node)
{
    if (im->pend_node == node)
        return 0;
    if (pending_flush(im) < 0)
        return -1;
    errno = 0;
    hive_value_h *vals = hivex_node_values(im->h, node);
    if (!vals)
        return -1;
    int rc = 0;
    for (size_t i = 0; vals[i] && rc == 0; i++) {
        if ((rc = pending_grow(im)) < 0)
            break;
        pending_value *pv = &im->pend[im->npend];
        memset(pv, 0, sizeof *pv);
        hive_type t;
        size_t len = 0;
        errno = 0;
        pv->v.key = hivex_value_key(im->h, vals[i]);
        if (pv->v.key) {
            errno = 0;
            pv->v.value = hivex_value_value(im->h, vals[i], &t, &len);
        }
        if (!pv->v.key || (!pv->v.value && (len != 0 || errno != 0))) {
            int e = errno ? errno : EIO;
            free(pv->v.key);
            free(pv->v.value);
            errno = e;
            rc = -1;
            break;
        }
        /* hivex copies from value even for empty data: never NULL. */
        if (!pv->v.value && !(pv->v.value = malloc(1))) {
            free(pv->v.key);
            rc = reglint__fail(ENOMEM, "out of memory");
            break;
        }
        pv->v.t = t;
        pv->v.len = len;
        im->npend++;
    }
    free(vals);
    if (rc < 0) {
        int e = errno;
        pending_clear(im);
        errno = e;
        return -1;
    }
    im->pend_node = node;
    return 0;
}

/* The pending value named name[0..nlen) (Windows' comparison). */
static size_t pending_find(const importer *im, const char *name, size_t nlen)
{
    for (size_t i = 0; i < im->npend; i++) {
        const char *k = im->pend[i].v.key;
        if (name_compare_n(k, strlen(k), name, nlen) == 0)
            return i;
    }
    return SIZE_MAX;
}

/* Set a value of node: a new one goes last, one overwritten keeps its
** place and spelling, as in Windows.  -1 with errno. */
static int pending_set(importer *im, hive_node_h node, const char *name,
                       size_t nlen, uint32_t type, const void *data,
                       size_t len, uint64_t line)
{
    if (pending_load(im, node) < 0)
        return -1;
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return reglint__fail(ENOMEM, "out of memory");
    if (len)
        memcpy(copy, data, len);
    size_t i = pending_find(im, name, nlen);
    if (i == SIZE_MAX) {
        char *key = strndup(name, nlen);
        if (!key || pending_grow(im) < 0) {
            free(key);
            free(copy);
            return reglint__fail(ENOMEM, "out of memory");
        }
        i = im->npend++;
        im->pend[i].v.key = key;
    } else {
        free(im->pend[i].v.value);
    }
    im->pend[i].v.value = copy;
    im->pend[i].v.t = (hive_type)type;
    im->pend[i].v.len = len;
    im->pend[i].line = line;
    if (!im->pend_line)
        im->pend_line = line;
    im->pend_dirty = true;
    return 0;
}

/* Delete a value of node; absent is not an error, as in regedit. */
static int pending_delete(importer *im, hive_node_h node, const char *name,
                          size_t nlen)
{
    if (pending_load(im, node) < 0)
        return -1;
    size_t i = pending_find(im, name, nlen);
    if (i == SIZE_MAX)
        return 0;
    free(im->pend[i].v.key);
    free(im->pend[i].v.value);
    memmove(im->pend + i, im->pend + i + 1,
            (im->npend - i - 1) * sizeof *im->pend);
    im->npend--;
    im->pend_dirty = true;
    return 0;
}

/* Write the pending values into their key.  A hivex failure is reported
** (and the hive left alone from then on); -1 only on ENOMEM. */
static int pending_flush(importer *im)
{
    if (!im->pend_node)
        return 0;
    if (!im->pend_dirty || im->failed) {
        pending_clear(im);
        return 0;
    }
    size_t n = im->npend;
    hive_set_value *set = calloc(n + 1, sizeof *set);
    if (!set) {
        pending_clear(im);
        return reglint__fail(ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        set[i] = im->pend[i].v;
        if (im->minor >= 4 && set[i].len > BIG_DATA)
            idiag(im, REGLINT_WARNING, im->file,
                  im->pend[i].line ? im->pend[i].line : im->pend_line,
                  "hive-big-value",
                  "value '%s' holds %zu bytes; hivex stores it in one cell, "
                  "which Windows and reglookup read wrongly in a version "
                  "1.%u hive (they expect a big-data record over %u bytes)",
                  set[i].key, set[i].len, im->minor, BIG_DATA);
    }
    errno = 0;
    int rc = hivex_node_set_values(im->h, im->pend_node, n, set, 0);
    int e = errno;
    free(set);
    uint64_t line = im->pend_line;
    pending_clear(im);
    if (rc < 0) {
        if (e == ENOMEM)
            return reglint__fail(ENOMEM, "out of memory");
        errno = e;
        hive_failed(im, line, "cannot write the values of a key");
    }
    return 0;
}

/* Select\Current of a SYSTEM hive now (it may have been set by an earlier
** line), or 0 if absent or not a REG_DWORD from 1 to 999. */
static unsigned current_control_set(importer *im)
{
    hive_node_h sel = child_find(im, im->root, "Select", 6);
    if (!sel)
        return 0;
    hive_value_h *vals = hivex_node_values(im->h, sel);
    unsigned ccs = 0;
    for (size_t i = 0; vals && vals[i]; i++) {
        char *k = hivex_value_key(im->h, vals[i]);
        bool is_current = k && name_compare_n(k, strlen(k), "Current", 7) == 0;
        free(k);
        if (!is_current)
            continue;
        hive_type t;
        size_t len = 0;
        char *d = hivex_value_value(im->h, vals[i], &t, &len);
        if (d && t == hive_t_REG_DWORD && len == 4) {
            uint32_t v = le32((const uint8_t *)d);
            ccs = v >= 1 && v <= 999 ? v : 0;
        }
        free(d);
        break;
    }
    free(vals);
    return ccs;
}

/* ---- where a .reg key lands in the hive ---- */

typedef struct target {
    mapped_path m;         /* the key, CurrentControlSet mapped         */
    const path_part *rel;  /* the parts below the hive's root            */
    size_t nrel;
} target;

enum place { INSIDE, OUTSIDE, ABOVE };

static enum place place_of(const importer *im, const path_split *ps)
{
    const path_split *pf = &im->prefix;
    if (strcmp(ps->root, pf->root) != 0)
        return OUTSIDE;
    size_t n = ps->nparts < pf->nparts ? ps->nparts : pf->nparts;
    for (size_t i = 0; i < n; i++)
        if (name_compare_n(ps->parts[i].s, ps->parts[i].n, pf->parts[i].s,
                           pf->parts[i].n) != 0)
            return OUTSIDE;
    return ps->nparts < pf->nparts ? ABOVE : INSIDE;
}

static int start_new_hive(importer *im);

/* The key path the hive's root stands for. */
static int set_prefix(importer *im, const char *path)
{
    im->prefix_str = reglint_path_normalize(path);
    if (!im->prefix_str ||
        path_split_parse(im->prefix_str, strlen(im->prefix_str),
                         &im->prefix) < 0)
        return -1;
    /* Only there does Windows link CurrentControlSet to a control set. */
    im->system = im->prefix.nparts == 1 &&
                 strcmp(im->prefix.root, "HKEY_LOCAL_MACHINE") == 0 &&
                 name_compare_n(im->prefix.parts[0].s, im->prefix.parts[0].n,
                                "SYSTEM", 6) == 0;
    return 0;
}

/* Where ps lands; CurrentControlSet becomes ControlSetNNN in a SYSTEM
** hive.  Returns 0; 1 when the hive is not to be touched (a failure
** already reported); -1 with errno ENOMEM. */
static int locate(importer *im, const path_split *ps, uint64_t line,
                  target *t)
{
    t->m.ps = *ps;
    t->m.heap = NULL;
    if (im->failed)
        return 1;
    if (!im->prefix_str) {
        /* A new hive stands for the first key's root and first name. */
        path_split first = *ps;
        if (first.nparts > 1)
            first.nparts = 1;
        /* Room for a root and a name of 255 UTF-16 units in UTF-8. */
        char text[32 + 4 * REGLINT_MAX_KEY_NAME];
        path_text(&first, text, sizeof text);
        if (set_prefix(im, text) < 0)
            return -1;
    }
    if (!im->h && start_new_hive(im) < 0) {
        if (errno == ENOMEM)
            return -1;
        im->failed = true; /* reported; the lines are still read */
        im->fail_errno = errno;
        return 1;
    }
    if (im->system && path_is_current_control_set(ps)) {
        unsigned ccs = current_control_set(im);
        if (ccs) {
            if (path_map_control_set(ps, ccs, &t->m) < 0)
                return -1;
        } else if (!im->ccs_warned) {
            im->ccs_warned = true;
            idiag(im, REGLINT_WARNING, im->file, line,
                  "no-current-control-set",
                  "the hive has no Select\\Current (a REG_DWORD from 1 to "
                  "999), so CurrentControlSet is written as a key of that "
                  "name (Windows links it to ControlSetNNN)");
        }
    }
    t->rel = t->m.ps.parts + im->prefix.nparts;
    t->nrel = t->m.ps.nparts >= im->prefix.nparts
                  ? t->m.ps.nparts - im->prefix.nparts
                  : 0;
    return 0;
}

/* ---- the sink ---- */

static void *hs_create_key(void *ctx, const path_split *ps, reglint_origin o)
{
    importer *im = ctx;
    target t;
    if (pending_flush(im) < 0)
        return NULL;
    if (ps->nparts > REGLINT_MAX_DEPTH)
        return reglint__fail_null(EINVAL, "key deeper than %d levels",
                                  REGLINT_MAX_DEPTH);
    int r = locate(im, ps, o.line, &t);
    if (r != 0)
        return r > 0 ? SKIP_KEY : NULL;
    enum place where = place_of(im, &t.m.ps);
    if (where != INSIDE) {
        char text[600];
        path_text(&t.m.ps, text, sizeof text);
        idiag(im, REGLINT_ERROR, im->file, o.line, "outside-prefix",
              "%s is outside the hive, whose root is %s; not applied", text,
              im->prefix_str);
        free(t.m.heap);
        return SKIP_KEY;
    }
    hive_node_h node = im->root;
    char name[4 * REGLINT_MAX_KEY_NAME + 1];
    void *ret = NULL;
    for (size_t i = 0; i < t.nrel; i++) {
        const path_part *p = &t.rel[i];
        if (utf8_utf16_units(p->s, p->n) > REGLINT_MAX_KEY_NAME) {
            reglint__fail(EINVAL, "key name longer than %d characters: "
                                  "'%.32s...'", REGLINT_MAX_KEY_NAME, p->s);
            goto out;
        }
        if (memchr(p->s, '\0', p->n)) {
            reglint__fail(EINVAL, "key name holds a NUL character");
            goto out;
        }
        hive_node_h child = child_find(im, node, p->s, p->n);
        if (!child && errno) {
            hive_failed(im, o.line, "cannot read the subkeys of a key");
            ret = SKIP_KEY;
            goto out;
        }
        if (!child) {
            memcpy(name, p->s, p->n);
            name[p->n] = '\0';
            errno = 0;
            child = hivex_node_add_child(im->h, node, name);
            if (!child) {
                char what[700];
                snprintf(what, sizeof what, "cannot add key '%.600s'", name);
                hive_failed(im, o.line, what);
                ret = SKIP_KEY;
                goto out;
            }
            if (is_loaded(im, node) &&
                kids_put(im, node, child, name_hash_n(p->s, p->n)) < 0)
                goto out;
        }
        node = child;
    }
    ret = (void *)(uintptr_t)node;
out:
    free(t.m.heap);
    return ret;
}

static int hs_delete_key(void *ctx, const path_split *ps, reglint_origin o)
{
    importer *im = ctx;
    target t;
    if (pending_flush(im) < 0)
        return -1;
    int r = locate(im, ps, o.line, &t);
    if (r != 0)
        return r > 0 ? 0 : -1;
    char text[600];
    enum place where = place_of(im, &t.m.ps);
    if (where != INSIDE || t.nrel == 0) {
        path_text(&t.m.ps, text, sizeof text);
        if (where == OUTSIDE)
            idiag(im, REGLINT_ERROR, im->file, o.line, "outside-prefix",
                  "[-%s]: outside the hive, whose root is %s; not applied",
                  text, im->prefix_str);
        else
            idiag(im, REGLINT_ERROR, im->file, o.line, "delete-root",
                  "[-%s]: would delete the hive's root key (%s); not "
                  "applied", text, im->prefix_str);
        goto out;
    }
    hive_node_h node = im->root;
    for (size_t i = 0; i < t.nrel && node; i++) {
        hive_node_h child = child_find(im, node, t.rel[i].s, t.rel[i].n);
        if (!child && errno) {
            path_text(&t.m.ps, text, sizeof text);
            char what[700];
            snprintf(what, sizeof what, "[-%s]: cannot read the subkeys of "
                                        "a key", text);
            hive_failed(im, o.line, what);
            goto out;
        }
        node = child;
    }
    if (!node)
        goto out; /* absent: nothing to do, as regedit */
    errno = 0;
    if (hivex_node_delete_child(im->h, node) < 0) {
        path_text(&t.m.ps, text, sizeof text);
        char what[700];
        snprintf(what, sizeof what, "[-%s]: cannot delete the key", text);
        hive_failed(im, o.line, what);
    }
    index_reset(im);
out:
    free(t.m.heap);
    return 0;
}

static int check_value_name(const char *name, size_t nlen)
{
    if (utf8_utf16_units(name, nlen) > REGLINT_MAX_VALUE_NAME)
        return reglint__fail(EINVAL, "value name longer than %d characters",
                             REGLINT_MAX_VALUE_NAME);
    if (memchr(name, '\0', nlen))
        return reglint__fail(EINVAL, "value name holds a NUL character");
    return 0;
}

static int hs_set_value(void *ctx, void *key, const char *name, size_t nlen,
                        uint32_t type, const void *data, size_t len,
                        reglint_origin o)
{
    importer *im = ctx;
    if (key == SKIP_KEY || im->failed)
        return 0;
    if (check_value_name(name, nlen) < 0)
        return -1;
    if (len > HIVEX_MAX_DATA)
        return reglint__fail(EINVAL, "value data of %zu bytes; libhivex "
                                     "writes at most %u", len,
                             HIVEX_MAX_DATA);
    if (pending_set(im, (hive_node_h)(uintptr_t)key, name, nlen, type, data,
                    len, o.line) < 0) {
        if (errno == ENOMEM)
            return -1;
        hive_failed(im, o.line, "cannot read the values of the key");
    }
    return 0;
}

static int hs_delete_value(void *ctx, void *key, const char *name,
                           size_t nlen, reglint_origin o)
{
    importer *im = ctx;
    if (key == SKIP_KEY || im->failed)
        return 0;
    if (check_value_name(name, nlen) < 0)
        return -1;
    if (pending_delete(im, (hive_node_h)(uintptr_t)key, name, nlen) < 0) {
        if (errno == ENOMEM)
            return -1;
        char what[300];
        snprintf(what, sizeof what, "\"%.*s\"=-: cannot read the values of "
                                    "the key", (int)(nlen > 200 ? 200 : nlen),
                 name);
        hive_failed(im, o.line, what);
    }
    return 0;
}

/* ---- opening the hive ---- */

/* A private copy of the file in an anonymous memory file, read once
** through a descriptor that leaves the access time alone.  -1 (errno). */
static int snapshot(const char *path)
{
    int fd = hive_open_evidence(path);
    if (fd < 0)
        return -1;
    struct stat st;
    int mfd = -1, e = 0;
    if (fstat(fd, &st) != 0)
        e = errno;
    else if (!S_ISREG(st.st_mode))
        e = EINVAL;
    else if ((mfd = hive_snapshot(fd, (uint64_t)st.st_size)) < 0)
        e = errno;
    close(fd);
    errno = e;
    return e ? -1 : mfd;
}

static hive_h *open_fd(int fd)
{
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    return hivex_open(p, HIVEX_OPEN_WRITE);
}

/* The base hive: checked and recognised as the view does it, then opened
** for writing from a snapshot. */
static int open_base(importer *im, const char *base, const char *prefix)
{
    reglint_diags *scratch = reglint_diags_new();
    if (!scratch)
        return reglint__fail(ENOMEM, "out of memory");
    hive_source *hs = hive_source_open(base, scratch);
    int e = errno;
    /* The view's fallbacks for CurrentControlSet (Select\Default, the
    ** lowest set) do not apply here: a missing Select\Current keeps the
    ** name, with its own warning. */
    for (size_t i = 0; i < reglint_diags_count(scratch); i++) {
        const reglint_diag *g = reglint_diags_at(scratch, i);
        if (strcmp(g->code, "control-set") != 0)
            reglint_diags_add(im->diags, g->severity, g->file, g->line,
                              g->column, g->offset, g->code, g->message);
    }
    reglint_diags_free(scratch);
    if (!hs) {
        errno = e;
        return -1;
    }
    reglint_hive_type type = hs->type;
    im->minor = hs->hdr.minor;
    hive_source_close(hs);

    const char *mount = prefix ? prefix : reglint_hive_type_mount(type);
    if (!mount) {
        reglint_diags_add(im->diags, REGLINT_ERROR, base, 0, 0, -1,
                          "hive-type-unknown",
                          "not a hive type reglint recognises, so which key "
                          "its root stands for is not known; give it as the "
                          "prefix (--prefix ROOTPATH)");
        return reglint__fail(EINVAL, "%s: unknown hive type", base);
    }
    if (set_prefix(im, mount) < 0)
        return -1;

    int mfd = snapshot(base);
    if (mfd >= 0) {
        im->h = open_fd(mfd);
        e = errno;
        close(mfd);
    } else {
        e = errno;
    }
    if (!im->h) {
        reglint_diags_add(im->diags, REGLINT_ERROR, base, 0, 0, -1,
                          e == ENOMEM ? "internal" : "hive-corrupt",
                          e == ENOMEM ? "out of memory"
                                      : "libhivex cannot open this hive for "
                                        "writing (it is damaged); reglint "
                                        "does not build on it");
        return reglint__fail(e, "%s: %s", base, strerror(e));
    }
    return 0;
}

/* The file-name field Windows would give a hive standing for the prefix:
** "\SystemRoot\System32\Config\SYSTEM" for HKLM\SYSTEM. */
static void header_name_for(const importer *im, char *buf, size_t n)
{
    static const struct {
        reglint_hive_type type;
        const char *dir;
    } dirs[] = {
        {REGLINT_HIVE_NTUSER, "\\??\\C:\\Users\\Default\\"},
        {REGLINT_HIVE_USRCLASS,
         "\\??\\C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\"},
        {REGLINT_HIVE_BCD, "\\Device\\HarddiskVolume1\\Boot\\"},
        {REGLINT_HIVE_AMCACHE, "\\??\\C:\\Windows\\AppCompat\\Programs\\"},
    };
    const char *dir = "\\SystemRoot\\System32\\Config\\";
    const char *file = NULL;
    for (int t = REGLINT_HIVE_SYSTEM; t <= REGLINT_HIVE_ELAM; t++) {
        const char *m = reglint_hive_type_mount((reglint_hive_type)t);
        if (!m || reglint_name_compare(m, im->prefix_str) != 0)
            continue;
        file = hive_type_file_name((reglint_hive_type)t);
        for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
            if (dirs[i].type == (reglint_hive_type)t)
                dir = dirs[i].dir;
        break;
    }
    if (file) {
        snprintf(buf, n, "%s%s", dir, file);
    } else if (im->prefix.nparts) {
        const path_part *last = &im->prefix.parts[im->prefix.nparts - 1];
        snprintf(buf, n, "%s%.*s", dir, (int)last->n, last->s);
    } else {
        snprintf(buf, n, "%s", "");
    }
}

/* A new empty hive for the prefix, opened for writing.  hivex opens
** files only, so it is written to a temporary file beside out, read, and
** removed. */
static int start_new_hive(importer *im)
{
    uint8_t hive[HIVE_EMPTY_SIZE];
    char hname[300];
    header_name_for(im, hname, sizeof hname);
    if (hive_build_empty(hive, hname, NULL) < 0)
        return -1;
    atomic_file af;
    if (atomic_file_begin(&af, im->out) < 0) {
        reglint_diags_add(im->diags, REGLINT_ERROR, im->out, 0, 0, -1,
                          "write-failed", reglint_last_error());
        return -1;
    }
    int e = 0;
    bool written = false;
    if (pwrite(af.fd, hive, sizeof hive, 0) != (ssize_t)sizeof hive) {
        e = errno ? errno : EIO;
    } else {
        written = true;
        im->h = open_fd(af.fd);
        e = im->h ? 0 : errno;
    }
    atomic_file_abort(&af);
    if (e) {
        /* hivex refusing the hive built above is reglint's own fault. */
        reglint_diags_add(im->diags, REGLINT_ERROR, im->out, 0, 0, -1,
                          written || e == ENOMEM ? "internal"
                                                 : "write-failed",
                          strerror(e));
        return reglint__fail(e, "%s: cannot start a new hive: %s", im->out,
                             strerror(e));
    }
    im->minor = 3;
    im->root = hivex_root(im->h);
    return 0;
}

/* ---- the whole import ---- */

static bool same_file(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

static int refuse_same(importer *im, const char *out, const char *input,
                       const char *what)
{
    reglint_diags_add(im->diags, REGLINT_ERROR, out, 0, 0, -1, "same-file",
                      what);
    return reglint__fail(EINVAL, "%s is the same file as the input %s; "
                                 "nothing is written", out, input);
}

static int commit(importer *im, const char *out)
{
    atomic_file af;
    if (atomic_file_begin(&af, out) < 0) {
        reglint_diags_add(im->diags, REGLINT_ERROR, out, 0, 0, -1,
                          "write-failed", reglint_last_error());
        return -1;
    }
    /* hivex writes by name; the temporary file is that name. */
    errno = 0;
    if (hivex_commit(im->h, af.tmp, 0) < 0) {
        int e = errno ? errno : EIO;
        reglint__fail(e, "%s: cannot write: %s", out, strerror(e));
        reglint_diags_add(im->diags, REGLINT_ERROR, out, 0, 0, -1,
                          e == ENOMEM ? "internal" : "write-failed",
                          reglint_last_error());
        atomic_file_abort(&af);
        errno = e;
        return -1;
    }
    if (atomic_file_commit(&af) < 0) {
        int e = errno;
        reglint_diags_add(im->diags, REGLINT_ERROR, out, 0, 0, -1,
                          "write-failed", reglint_last_error());
        errno = e;
        return -1;
    }
    return 0;
}

int reglint_hive_import(const char *base, const char *out,
                        const char *const *reg_files, size_t nfiles,
                        const reglint_import_options *opts,
                        reglint_diags *diags)
{
    if (!out || !*out || (nfiles && !reg_files))
        return reglint__fail(EINVAL, "reglint_hive_import: no output file "
                                     "or no input list");
    importer im;
    memset(&im, 0, sizeof im);
    im.out = out;
    reglint_diags *own = NULL;
    if (!diags && !(diags = own = reglint_diags_new()))
        return reglint__fail(ENOMEM, "out of memory");
    im.diags = diags;
    size_t errors_before = reglint_diags_count_severity(diags, REGLINT_ERROR);
    int rc = -1;
    const char *prefix = opts ? opts->prefix : NULL;

    /* Writing over an input would destroy it before it is read. */
    if (base && same_file(out, base)) {
        refuse_same(&im, out, base, "the output is the base hive; the base "
                                    "is never written, give another file");
        goto done;
    }
    for (size_t i = 0; i < nfiles; i++)
        if (same_file(out, reg_files[i])) {
            refuse_same(&im, out, reg_files[i], "the output is one of the "
                                                ".reg files read");
            goto done;
        }
    if (prefix) {
        path_split ps;
        if (path_split_parse(prefix, strlen(prefix), &ps) < 0) {
            reglint_diags_add(diags, REGLINT_ERROR, out, 0, 0, -1,
                              "bad-prefix", reglint_last_error());
            goto done;
        }
        path_split_free(&ps);
    }
    if (base) {
        if (open_base(&im, base, prefix) < 0)
            goto done;
        im.root = hivex_root(im.h);
    } else if (prefix && set_prefix(&im, prefix) < 0) {
        goto done;
    }

    reg_sink sink = {&im, hs_create_key, hs_delete_key, hs_set_value,
                     hs_delete_value};
    reglint_reg_options ro = {opts ? opts->strict : 0, 0};
    bool oom = false;
    for (size_t i = 0; i < nfiles && !oom; i++) {
        im.file = reg_files[i];
        if (reg_parse_file(&sink, (uint32_t)(i + 1), reg_files[i], &ro, diags,
                           NULL) < 0 &&
            errno == ENOMEM)
            oom = true;
        /* The last key's values, reported against this file. */
        if (pending_flush(&im) < 0)
            oom = true;
    }
    if (oom || (im.failed && im.fail_errno == ENOMEM)) {
        reglint__fail(ENOMEM, "out of memory");
        goto done;
    }
    if (!im.h) {
        /* No key line at all: an empty hive of the default kind. */
        if (!im.prefix_str &&
            set_prefix(&im, "HKEY_LOCAL_MACHINE\\SOFTWARE") < 0)
            goto done;
        if (!im.failed && start_new_hive(&im) < 0)
            goto done;
    }
    size_t errors =
        reglint_diags_count_severity(diags, REGLINT_ERROR) - errors_before;
    if (errors || im.failed) {
        reglint__fail(EINVAL, "%zu error%s in the input; %s is not written",
                      errors, errors == 1 ? "" : "s", out);
        goto done;
    }
    rc = commit(&im, out);

done:;
    int e = errno;
    if (im.h)
        hivex_close(im.h);
    path_split_free(&im.prefix);
    free(im.prefix_str);
    pending_clear(&im);
    free(im.pend);
    free(im.kids);
    free(im.loaded);
    reglint_diags_free(own);
    errno = rc < 0 && e == 0 ? EINVAL : e;
    return rc;
}
