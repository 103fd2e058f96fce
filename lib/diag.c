/*
** diag.c — the list of diagnostics a read produces, and their one-line
** printed form "FILE:LINE:COL: error: MESSAGE [CODE]".
*/
#include "internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct reglint_diags {
    reglint_diag *items;
    size_t n, cap;
};

reglint_diags *reglint_diags_new(void)
{
    reglint_diags *d = calloc(1, sizeof *d);
    if (!d)
        return reglint__fail_null(ENOMEM, "out of memory");
    return d;
}

void reglint_diags_free(reglint_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free((char *)d->items[i].file);
        free((char *)d->items[i].code);
        free((char *)d->items[i].message);
    }
    free(d->items);
    free(d);
}

size_t reglint_diags_count(const reglint_diags *d) { return d ? d->n : 0; }

size_t reglint_diags_count_severity(const reglint_diags *d, reglint_severity s)
{
    size_t c = 0;
    for (size_t i = 0; d && i < d->n; i++)
        c += d->items[i].severity == s;
    return c;
}

const reglint_diag *reglint_diags_at(const reglint_diags *d, size_t i)
{
    return d && i < d->n ? &d->items[i] : NULL;
}

int reglint_diags_add(reglint_diags *d, reglint_severity s, const char *file,
                      uint64_t line, uint64_t column, int64_t offset,
                      const char *code, const char *message)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        reglint_diag *p = realloc(d->items, cap * sizeof *p);
        if (!p)
            return reglint__fail(ENOMEM, "out of memory");
        d->items = p;
        d->cap = cap;
    }
    reglint_diag *g = &d->items[d->n];
    g->severity = s;
    g->line = line;
    g->column = column;
    g->offset = offset;
    g->file = strdup(file ? file : "");
    g->code = strdup(code ? code : "");
    g->message = strdup(message ? message : "");
    if (!g->file || !g->code || !g->message) {
        free((char *)g->file);
        free((char *)g->code);
        free((char *)g->message);
        return reglint__fail(ENOMEM, "out of memory");
    }
    d->n++;
    return 0;
}

void reglint_diag_print(const reglint_diag *g, FILE *out)
{
    const char *sev = g->severity == REGLINT_ERROR ? "error" : "warning";
    if (g->line && g->column)
        fprintf(out, "%s:%" PRIu64 ":%" PRIu64 ": ", g->file, g->line,
                g->column);
    else if (g->line)
        fprintf(out, "%s:%" PRIu64 ": ", g->file, g->line);
    else if (g->offset >= 0)
        fprintf(out, "%s: offset %" PRId64 ": ", g->file, g->offset);
    else
        fprintf(out, "%s: ", g->file);
    fprintf(out, "%s: %s [%s]\n", sev, g->message, g->code);
}
