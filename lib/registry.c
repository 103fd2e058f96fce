/*
** registry.c — the in-memory registry: keys, values, lookup, deletion.
**
** This is the "registry view" every source is applied to and every rule
** reads.  Names keep the spelling first seen and compare case-insensitively
** as Windows compares them.  Subkeys and values keep their creation order;
** past a few entries a small open-addressing index makes lookups O(1), so a
** key with 100,000 subkeys costs no more per lookup than one with ten.
*/
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct reglint_value {
    const char *name;
    uint32_t name_len;
    uint32_t hash;
    uint32_t type;
    uint32_t len;
    const uint8_t *data;
    reglint_origin origin;
};

/* An index over an array of named entries: slot = position + 1, 0 = free. */
typedef struct name_index {
    uint32_t *slots;
    uint32_t cap; /* 0 = no index: scan the array */
} name_index;

struct reglint_key {
    reglint_key *parent;
    const char *name;
    uint32_t name_len;
    uint32_t hash;
    uint32_t depth; /* 0 for roots */
    uint32_t nsubs, capsubs, nvals, capvals;
    reglint_key **subs;
    reglint_value **vals;
    name_index subidx, validx;
    reglint_origin origin;
};

struct reglint_registry {
    arena mem;
    reglint_key top;
    char **sources;
    uint32_t nsources, capsources;
    size_t nkeys;
};

#define INDEX_FROM 8 /* entries before an index pays for itself */

/* ---- name index ---- */

typedef struct entry_view {
    const char *name;
    uint32_t len, hash;
} entry_view;

static entry_view key_entry(void *const *arr, uint32_t i)
{
    const reglint_key *k = arr[i];
    return (entry_view){k->name, k->name_len, k->hash};
}

static entry_view value_entry(void *const *arr, uint32_t i)
{
    const reglint_value *v = arr[i];
    return (entry_view){v->name, v->name_len, v->hash};
}

typedef entry_view (*entry_fn)(void *const *arr, uint32_t i);

static int index_build(name_index *ix, void *const *arr, uint32_t n,
                       entry_fn get)
{
    uint32_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return reglint__fail(ENOMEM, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = get(arr, i).hash & (cap - 1);
        while (slots[s])
            s = (s + 1) & (cap - 1);
        slots[s] = i + 1;
    }
    free(ix->slots);
    ix->slots = slots;
    ix->cap = cap;
    return 0;
}

/* After appending entry n-1: keep the index in step (or create it). */
static int index_added(name_index *ix, void *const *arr, uint32_t n,
                       entry_fn get)
{
    if (n <= INDEX_FROM)
        return 0;
    if (ix->cap == 0 || n * 2 > ix->cap)
        return index_build(ix, arr, n, get);
    uint32_t s = get(arr, n - 1).hash & (ix->cap - 1);
    while (ix->slots[s])
        s = (s + 1) & (ix->cap - 1);
    ix->slots[s] = n;
    return 0;
}

static int index_find(const name_index *ix, void *const *arr, uint32_t n,
                      entry_fn get, const char *name, size_t len, uint32_t hash)
{
    if (ix->cap == 0) {
        for (uint32_t i = 0; i < n; i++) {
            entry_view e = get(arr, i);
            if (e.hash == hash && name_compare_n(e.name, e.len, name, len) == 0)
                return (int)i;
        }
        return -1;
    }
    for (uint32_t s = hash & (ix->cap - 1); ix->slots[s];
         s = (s + 1) & (ix->cap - 1)) {
        entry_view e = get(arr, ix->slots[s] - 1);
        if (e.hash == hash && name_compare_n(e.name, e.len, name, len) == 0)
            return (int)(ix->slots[s] - 1);
    }
    return -1;
}

/* After removing an entry from the array: rebuild or drop the index. */
static int index_removed(name_index *ix, void *const *arr, uint32_t n,
                         entry_fn get)
{
    if (n <= INDEX_FROM) {
        free(ix->slots);
        ix->slots = NULL;
        ix->cap = 0;
        return 0;
    }
    if (index_build(ix, arr, n, get) < 0) {
        /* Without memory for a new index, scanning is still correct. */
        free(ix->slots);
        ix->slots = NULL;
        ix->cap = 0;
    }
    return 0;
}

/* ---- registry ---- */

reglint_registry *reglint_registry_new(void)
{
    reglint_registry *reg = calloc(1, sizeof *reg);
    if (!reg)
        return reglint__fail_null(ENOMEM, "out of memory");
    arena_init(&reg->mem);
    reg->top.name = "";
    return reg;
}

static size_t key_release(reglint_key *k)
{
    size_t n = 0;
    for (uint32_t i = 0; i < k->nsubs; i++)
        n += 1 + key_release(k->subs[i]);
    free(k->subs);
    free(k->vals);
    free(k->subidx.slots);
    free(k->validx.slots);
    k->subs = NULL;
    k->vals = NULL;
    k->subidx.slots = k->validx.slots = NULL;
    k->nsubs = k->nvals = k->capsubs = k->capvals = 0;
    k->subidx.cap = k->validx.cap = 0;
    return n;
}

void reglint_registry_free(reglint_registry *reg)
{
    if (!reg)
        return;
    key_release(&reg->top);
    for (uint32_t i = 0; i < reg->nsources; i++)
        free(reg->sources[i]);
    free(reg->sources);
    arena_free(&reg->mem);
    free(reg);
}

uint32_t reglint_registry_add_source(reglint_registry *reg, const char *name)
{
    if (reg->nsources == reg->capsources) {
        uint32_t cap = reg->capsources ? reg->capsources * 2 : 4;
        char **p = realloc(reg->sources, cap * sizeof *p);
        if (!p) {
            reglint__fail(ENOMEM, "out of memory");
            return 0;
        }
        reg->sources = p;
        reg->capsources = cap;
    }
    char *copy = strdup(name ? name : "");
    if (!copy) {
        reglint__fail(ENOMEM, "out of memory");
        return 0;
    }
    reg->sources[reg->nsources++] = copy;
    return reg->nsources;
}

const char *reglint_registry_source_name(const reglint_registry *reg,
                                         uint32_t id)
{
    return id >= 1 && id <= reg->nsources ? reg->sources[id - 1] : NULL;
}

uint32_t reglint_registry_source_count(const reglint_registry *reg)
{
    return reg->nsources;
}

reglint_key *reglint_registry_top(const reglint_registry *reg)
{
    return (reglint_key *)&reg->top;
}

size_t reglint_registry_key_count(const reglint_registry *reg)
{
    return reg->nkeys;
}

/* ---- keys ---- */

static reglint_key *subkey_find(const reglint_key *k, const char *name,
                                size_t len, uint32_t hash)
{
    int i = index_find(&k->subidx, (void *const *)k->subs, k->nsubs, key_entry,
                       name, len, hash);
    return i < 0 ? NULL : k->subs[i];
}

static reglint_key *subkey_add(reglint_registry *reg, reglint_key *parent,
                               const char *name, size_t len, uint32_t hash,
                               reglint_origin origin)
{
    if (len == 0 || memchr(name, '\\', len) || memchr(name, '\0', len))
        return reglint__fail_null(EINVAL, "invalid key name '%.*s'",
                                  (int)(len > 64 ? 64 : len), name);
    if (utf8_utf16_units(name, len) > REGLINT_MAX_KEY_NAME)
        return reglint__fail_null(EINVAL,
                                  "key name longer than %d characters: '%.32s...'",
                                  REGLINT_MAX_KEY_NAME, name);
    uint32_t depth = parent == &reg->top ? 0 : parent->depth + 1;
    if (depth > REGLINT_MAX_DEPTH)
        return reglint__fail_null(EINVAL, "key deeper than %d levels",
                                  REGLINT_MAX_DEPTH);
    if (parent->nsubs == parent->capsubs) {
        uint32_t cap = parent->capsubs ? parent->capsubs * 2 : 4;
        reglint_key **p = realloc(parent->subs, cap * sizeof *p);
        if (!p)
            return reglint__fail_null(ENOMEM, "out of memory");
        parent->subs = p;
        parent->capsubs = cap;
    }
    reglint_key *k = arena_alloc(&reg->mem, sizeof *k);
    char *copy = arena_strndup(&reg->mem, name, len);
    if (!k || !copy)
        return reglint__fail_null(ENOMEM, "out of memory");
    memset(k, 0, sizeof *k);
    k->parent = parent;
    k->name = copy;
    k->name_len = (uint32_t)len;
    k->hash = hash;
    k->depth = depth;
    k->origin = origin;
    parent->subs[parent->nsubs++] = k;
    if (index_added(&parent->subidx, (void *const *)parent->subs, parent->nsubs,
                    key_entry) < 0) {
        parent->nsubs--;
        return NULL;
    }
    reg->nkeys++;
    return k;
}

reglint_key *reglint_key_add_subkey(reglint_registry *reg, reglint_key *parent,
                                    const char *name, reglint_origin origin)
{
    size_t len = strlen(name);
    if (parent == &reg->top) {
        /* Below the top only roots, by their full names. */
        const char *root = reglint_root_canonical(name, len);
        if (!root)
            return reglint__fail_null(EINVAL, "'%s' is not a registry root",
                                      name);
        name = root;
        len = strlen(root);
    }
    uint32_t hash = name_hash_n(name, len);
    reglint_key *k = subkey_find(parent, name, len, hash);
    if (k)
        return k;
    return subkey_add(reg, parent, name, len, hash, origin);
}

reglint_key *reglint_key_subkey(const reglint_key *key, const char *name)
{
    size_t len = strlen(name);
    return subkey_find(key, name, len, name_hash_n(name, len));
}

reglint_key *registry_key_open_parts(const reglint_registry *reg,
                                     const path_split *ps)
{
    size_t rl = strlen(ps->root);
    reglint_key *k = subkey_find(&reg->top, ps->root, rl, name_hash_n(ps->root, rl));
    for (size_t i = 0; k && i < ps->nparts; i++)
        k = subkey_find(k, ps->parts[i].s, ps->parts[i].n,
                        name_hash_n(ps->parts[i].s, ps->parts[i].n));
    if (!k)
        errno = ENOENT;
    return k;
}

reglint_key *registry_key_create_parts(reglint_registry *reg,
                                       const path_split *ps,
                                       reglint_origin origin)
{
    size_t rl = strlen(ps->root);
    uint32_t h = name_hash_n(ps->root, rl);
    reglint_key *k = subkey_find(&reg->top, ps->root, rl, h);
    if (!k)
        k = subkey_add(reg, &reg->top, ps->root, rl, h, origin);
    for (size_t i = 0; k && i < ps->nparts; i++) {
        const path_part *p = &ps->parts[i];
        h = name_hash_n(p->s, p->n);
        reglint_key *sub = subkey_find(k, p->s, p->n, h);
        k = sub ? sub : subkey_add(reg, k, p->s, p->n, h, origin);
    }
    return k;
}

static int subkey_remove(reglint_registry *reg, reglint_key *parent,
                         reglint_key *k)
{
    uint32_t i = 0;
    while (i < parent->nsubs && parent->subs[i] != k)
        i++;
    if (i == parent->nsubs)
        return 0;
    reg->nkeys -= 1 + key_release(k);
    memmove(&parent->subs[i], &parent->subs[i + 1],
            (parent->nsubs - i - 1) * sizeof *parent->subs);
    parent->nsubs--;
    index_removed(&parent->subidx, (void *const *)parent->subs, parent->nsubs,
                  key_entry);
    return 1;
}

int registry_key_delete_parts(reglint_registry *reg, const path_split *ps)
{
    reglint_key *k = registry_key_open_parts(reg, ps);
    if (!k)
        return 0;
    return subkey_remove(reg, k->parent, k);
}

reglint_key *reglint_key_open(const reglint_registry *reg, const char *path)
{
    path_split ps;
    if (path_split_parse(path, strlen(path), &ps) < 0)
        return NULL;
    reglint_key *k = registry_key_open_parts(reg, &ps);
    path_split_free(&ps);
    if (!k)
        return reglint__fail_null(ENOENT, "%s: no such key", path);
    return k;
}

reglint_key *reglint_key_create(reglint_registry *reg, const char *path,
                                reglint_origin origin)
{
    path_split ps;
    if (path_split_parse(path, strlen(path), &ps) < 0)
        return NULL;
    reglint_key *k = registry_key_create_parts(reg, &ps, origin);
    path_split_free(&ps);
    return k;
}

int reglint_key_delete(reglint_registry *reg, const char *path)
{
    path_split ps;
    if (path_split_parse(path, strlen(path), &ps) < 0)
        return -1;
    int r = registry_key_delete_parts(reg, &ps);
    path_split_free(&ps);
    return r;
}

const char *reglint_key_name(const reglint_key *key) { return key->name; }

reglint_key *reglint_key_parent(const reglint_key *key) { return key->parent; }

reglint_origin reglint_key_origin(const reglint_key *key) { return key->origin; }

void registry_key_set_origin(reglint_key *key, reglint_origin origin)
{
    key->origin = origin;
}

bool registry_key_is_root(const reglint_key *key)
{
    return key->parent && !key->parent->parent;
}

char *reglint_key_path(const reglint_key *key)
{
    size_t len = 0;
    for (const reglint_key *k = key; k && k->parent; k = k->parent)
        len += k->name_len + 1;
    char *s = malloc(len ? len : 1);
    if (!s)
        return reglint__fail_null(ENOMEM, "out of memory");
    if (!len) {
        s[0] = '\0';
        return s;
    }
    char *p = s + len - 1;
    *p = '\0';
    for (const reglint_key *k = key; k && k->parent; k = k->parent) {
        p -= k->name_len;
        memcpy(p, k->name, k->name_len);
        if (p > s)
            *--p = '\\';
    }
    return s;
}

size_t reglint_key_subkey_count(const reglint_key *key) { return key->nsubs; }

reglint_key *reglint_key_subkey_at(const reglint_key *key, size_t i)
{
    return i < key->nsubs ? key->subs[i] : NULL;
}

/* ---- values ---- */

size_t reglint_key_value_count(const reglint_key *key) { return key->nvals; }

const reglint_value *reglint_key_value_at(const reglint_key *key, size_t i)
{
    return i < key->nvals ? key->vals[i] : NULL;
}

static int value_find(const reglint_key *k, const char *name, size_t len)
{
    return index_find(&k->validx, (void *const *)k->vals, k->nvals, value_entry,
                      name, len, name_hash_n(name, len));
}

const reglint_value *reglint_key_value(const reglint_key *key, const char *name)
{
    int i = value_find(key, name, strlen(name));
    return i < 0 ? NULL : key->vals[i];
}

int registry_set_value_n(reglint_registry *reg, reglint_key *key,
                         const char *name, size_t nlen, uint32_t type,
                         const void *data, size_t len, reglint_origin origin)
{
    if (utf8_utf16_units(name, nlen) > REGLINT_MAX_VALUE_NAME)
        return reglint__fail(EINVAL, "value name longer than %d characters",
                             REGLINT_MAX_VALUE_NAME);
    if (memchr(name, '\0', nlen))
        return reglint__fail(EINVAL, "value name holds a NUL character");
    if (len > UINT32_MAX)
        return reglint__fail(EINVAL, "value data too large");
    uint8_t *copy = NULL;
    if (len) {
        copy = arena_alloc(&reg->mem, len);
        if (!copy)
            return reglint__fail(ENOMEM, "out of memory");
        memcpy(copy, data, len);
    }
    int i = value_find(key, name, nlen);
    reglint_value *v;
    if (i >= 0) {
        v = key->vals[i];
    } else {
        if (key->nvals == key->capvals) {
            uint32_t cap = key->capvals ? key->capvals * 2 : 4;
            reglint_value **p = realloc(key->vals, cap * sizeof *p);
            if (!p)
                return reglint__fail(ENOMEM, "out of memory");
            key->vals = p;
            key->capvals = cap;
        }
        v = arena_alloc(&reg->mem, sizeof *v);
        char *ncopy = arena_strndup(&reg->mem, name, nlen);
        if (!v || !ncopy)
            return reglint__fail(ENOMEM, "out of memory");
        v->name = ncopy;
        v->name_len = (uint32_t)nlen;
        v->hash = name_hash_n(name, nlen);
        key->vals[key->nvals++] = v;
        if (index_added(&key->validx, (void *const *)key->vals, key->nvals,
                        value_entry) < 0) {
            key->nvals--;
            return -1;
        }
    }
    v->type = type;
    v->len = (uint32_t)len;
    v->data = copy;
    v->origin = origin;
    return 0;
}

int reglint_key_set_value(reglint_registry *reg, reglint_key *key,
                          const char *name, uint32_t type, const void *data,
                          size_t len, reglint_origin origin)
{
    return registry_set_value_n(reg, key, name, strlen(name), type, data, len,
                                origin);
}

int registry_delete_value_n(reglint_registry *reg, reglint_key *key,
                            const char *name, size_t nlen)
{
    (void)reg;
    int i = value_find(key, name, nlen);
    if (i < 0)
        return 0;
    memmove(&key->vals[i], &key->vals[i + 1],
            (key->nvals - (uint32_t)i - 1) * sizeof *key->vals);
    key->nvals--;
    index_removed(&key->validx, (void *const *)key->vals, key->nvals,
                  value_entry);
    return 1;
}

int reglint_key_delete_value(reglint_registry *reg, reglint_key *key,
                             const char *name)
{
    return registry_delete_value_n(reg, key, name, strlen(name));
}

/* ---- value accessors that need the struct layout ---- */

const char *reglint_value_name(const reglint_value *v) { return v->name; }
uint32_t reglint_value_type(const reglint_value *v) { return v->type; }
reglint_origin reglint_value_origin(const reglint_value *v) { return v->origin; }

const uint8_t *reglint_value_data(const reglint_value *v, size_t *len)
{
    if (len)
        *len = v->len;
    static const uint8_t empty[1];
    return v->data ? v->data : empty;
}
