/*
** report.c — the entry points of check reports: pick the writer for the
** format, count results and diagnostics (and decide which are findings)
** the same way for every format, and write a report file atomically so
** that a reader never sees half of one.
*/
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool report_is_finding(const reglint_result *res, int fail_on)
{
    return res->result == REGLINT_FAIL && fail_on > 0 &&
           (int)res->severity >= fail_on;
}

bool report_diag_is_finding(const reglint_diag *g, int fail_on)
{
    return fail_on > 0 && (g->severity == REGLINT_ERROR ||
                           fail_on <= REGLINT_LEVEL_WARNING);
}

const char *report_diag_severity(const reglint_diag *g)
{
    return g->severity == REGLINT_ERROR ? "error" : "warning";
}

void report_diag_place(const reglint_diag *g, char *buf, size_t len)
{
    if (g->line && g->column)
        snprintf(buf, len, "%" PRIu64 ":%" PRIu64, g->line, g->column);
    else if (g->line)
        snprintf(buf, len, "%" PRIu64, g->line);
    else if (g->offset >= 0)
        snprintf(buf, len, "offset %" PRId64, g->offset);
    else if (len)
        buf[0] = '\0';
}

void report_count(const reglint_results *r, const reglint_diags *diags,
                  int fail_on, report_counts *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < reglint_results_count(r); i++) {
        const reglint_result *res = reglint_results_at(r, i);
        c->total++;
        switch (res->result) {
        case REGLINT_PASS: c->pass++; break;
        case REGLINT_FAIL:
            c->fail++;
            if (res->severity >= 1 && res->severity <= 3)
                c->by_level[res->severity]++;
            if (report_is_finding(res, fail_on))
                c->findings++;
            break;
        case REGLINT_UNKNOWN: c->unknown++; break;
        case REGLINT_NA: c->na++; break;
        }
    }
    for (size_t i = 0; i < reglint_diags_count(diags); i++) {
        const reglint_diag *g = reglint_diags_at(diags, i);
        c->diags++;
        if (g->severity == REGLINT_ERROR)
            c->diag_errors++;
        else
            c->diag_warnings++;
        if (report_diag_is_finding(g, fail_on))
            c->diag_findings++;
    }
    c->findings += c->diag_findings;
}

char *report_result_source(const reglint_view *v, const reglint_result *res)
{
    if (res->origin.source == 0)
        return NULL;
    const reglint_key *k = res->found_key;
    return reglint_view_describe_origin(v, k, res->origin);
}

int reglint_report_write(FILE *out, const reglint_results *r,
                         const reglint_view *v, const reglint_os *os,
                         const reglint_report_options *opts)
{
    reglint_report_options def = {0};
    def.fail_on = REGLINT_LEVEL_ERROR;
    if (!opts)
        opts = &def;
    int rc;
    switch (opts->format) {
    case REGLINT_FORMAT_JSON: rc = report_json(out, r, v, os, opts); break;
    case REGLINT_FORMAT_JUNIT: rc = report_junit(out, r, v, os, opts); break;
    default: rc = report_text(out, r, v, os, opts); break;
    }
    if (rc == 0 && (fflush(out) != 0 || ferror(out)))
        rc = reglint__fail(EIO, "cannot write the report");
    return rc;
}

typedef struct save_args {
    const reglint_results *r;
    const reglint_view *v;
    const reglint_os *os;
    const reglint_report_options *opts;
} save_args;

static int save_to(void *ctx, FILE *out)
{
    const save_args *a = ctx;
    return reglint_report_write(out, a->r, a->v, a->os, a->opts);
}

int reglint_report_save(const char *path, const reglint_results *r,
                        const reglint_view *v, const reglint_os *os,
                        const reglint_report_options *opts)
{
    save_args a = {r, v, os, opts};
    return atomic_file_write(path, save_to, &a);
}
