/*
** registry_walk.c — visit a subtree in order, parents before children,
** building each key's path as it goes (one buffer, no allocation per key).
** Every writer (.reg, JSON Lines) and, later, every rule sweep walks here.
*/
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct walker {
    registry_visit_fn fn;
    void *ctx;
    bytebuf path;
} walker;

static int visit(walker *w, const reglint_key *k)
{
    size_t mark = w->path.len;
    const char *name = reglint_key_name(k);
    size_t n = strlen(name);
    if ((mark && bytebuf_putc(&w->path, '\\') < 0) ||
        bytebuf_append(&w->path, name, n) < 0 ||
        bytebuf_reserve(&w->path, 1) < 0)
        return reglint__fail(ENOMEM, "out of memory");
    w->path.data[w->path.len] = '\0';
    if (!registry_key_is_root(k) || reglint_key_value_count(k) > 0)
        if (w->fn(k, (const char *)w->path.data, w->path.len, w->ctx) < 0)
            return -1;
    size_t subs = reglint_key_subkey_count(k);
    for (size_t i = 0; i < subs; i++)
        if (visit(w, reglint_key_subkey_at(k, i)) < 0)
            return -1;
    w->path.len = mark;
    return 0;
}

int registry_walk(const reglint_registry *reg, const reglint_key *from,
                  registry_visit_fn fn, void *ctx)
{
    walker w = {fn, ctx, {0}};
    const reglint_key *top = reglint_registry_top(reg);
    int rc = 0;
    if (!from || from == top) {
        size_t roots = reglint_key_subkey_count(top);
        for (size_t i = 0; rc == 0 && i < roots; i++)
            rc = visit(&w, reglint_key_subkey_at(top, i));
    } else {
        /* Start with the path of from's parent. */
        char *parent = reglint_key_parent(from) &&
                               reglint_key_parent(from) != top
                           ? reglint_key_path(reglint_key_parent(from))
                           : strdup("");
        if (!parent)
            return reglint__fail(ENOMEM, "out of memory");
        rc = bytebuf_append(&w.path, parent, strlen(parent));
        free(parent);
        if (rc == 0)
            rc = visit(&w, from);
    }
    bytebuf_free(&w.path);
    return rc;
}
