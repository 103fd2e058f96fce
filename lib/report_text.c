/*
** report_text.c — check results for people: grouped by result (fails
** first, worst first), one line per result, and under each fail and
** unknown the detail a reviewer needs to act without opening the rule:
** what was read and where, what was expected, the OS default that applied,
** the fix (or the remedy, when no value fixes it) and the reference.  The
** sources' diagnostics, when the caller passes them, come first, one line
** each as reglint_diag_print() writes them.  A summary line with the
** counts ends it.
** Colour only when the caller says so (a terminal, NO_COLOR unset).
*/
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"

typedef struct tctx {
    FILE *out;
    int color;
    const reglint_view *v;
} tctx;

static const char *col(const tctx *t, const char *c) { return t->color ? c : ""; }

static const char *level_color(reglint_level l)
{
    return l == REGLINT_LEVEL_ERROR     ? C_RED
           : l == REGLINT_LEVEL_WARNING ? C_YELLOW
                                        : C_CYAN;
}

/* A field under a result, continuation lines of multi-line text (a fix)
** indented to the same column. */
static void field(const tctx *t, const char *label, const char *text)
{
    if (!text || !*text)
        return;
    fprintf(t->out, "      %s%-9s%s ", col(t, C_DIM), label, col(t, C_RESET));
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n && p[n - 1] == '\r')
            n--;
        fprintf(t->out, "%.*s\n", (int)n, p);
        if (!nl || !nl[1])
            break;
        p = nl + 1;
        fprintf(t->out, "      %-9s ", "");
    }
}

static void headline(const tctx *t, const reglint_result *res)
{
    const reglint_rule_info *ri = res->rule;
    if (res->result == REGLINT_FAIL)
        fprintf(t->out, "  %s%-7s%s %s%s%s", col(t, level_color(res->severity)),
                reglint_level_name(res->severity), col(t, C_RESET),
                col(t, C_BOLD), ri->id, col(t, C_RESET));
    else
        fprintf(t->out, "  %s", ri->id);
    if (res->target)
        fprintf(t->out, " [%s]", res->target);
    fprintf(t->out, "  %s\n", ri->title);
}

static void detail(const tctx *t, const reglint_result *res)
{
    /* The key, then the value's name in regedit's quoting. */
    char *read = NULL;
    int rc = 0;
    if (res->key && !res->value)
        read = strdup(res->key);
    else if (res->key && !*res->value)
        rc = asprintf(&read, "%s  @ (Default)", res->key);
    else if (res->key)
        rc = asprintf(&read, "%s  \"%s\"", res->key, res->value);
    if (rc < 0)
        read = NULL;
    field(t, "read:", read);
    free(read);
    char *src = report_result_source(t->v, res);
    field(t, "from:", src);
    free(src);
    field(t, "actual:", res->actual);
    field(t, "expected:", res->expected);
    field(t, "default:", res->os_default);
    field(t, "why:", res->reason);
    if (res->result == REGLINT_FAIL && res->fix && *res->fix)
        field(t, "fix:", res->fix);
    else if (res->result == REGLINT_FAIL)
        field(t, "remedy:", res->remedy);
    for (size_t i = 0; i < res->rule->nrefs; i++)
        field(t, i ? "" : "ref:", res->rule->refs[i]);
}

static void group(const tctx *t, const reglint_results *r, reglint_verdict v,
                  const char *title, const char *color, size_t count,
                  bool details)
{
    if (!count)
        return;
    fprintf(t->out, "\n%s%s%s (%zu)\n", col(t, color), title, col(t, C_RESET),
            count);
    /* Fails worst first, each level in rule order. */
    for (int lvl = 3; lvl >= (v == REGLINT_FAIL ? 1 : 3); lvl--) {
        for (size_t i = 0; i < reglint_results_count(r); i++) {
            const reglint_result *res = reglint_results_at(r, i);
            if (res->result != v ||
                (v == REGLINT_FAIL && (int)res->severity != lvl))
                continue;
            headline(t, res);
            if (details)
                detail(t, res);
        }
    }
}

/* Text from a source, on one line: a control character (a line break in
** a file name, an escape sequence quoted from a damaged line) would break
** the one-line-per-diagnostic form or drive the terminal, so each becomes
** '?'. */
static void put_line_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
    }
}

/* One diagnostic in reglint_diag_print()'s form, the severity coloured as
** a fail's level is. */
static void diag_line(const tctx *t, const reglint_diag *g)
{
    char place[64];
    report_diag_place(g, place, sizeof place);
    fputs("  ", t->out);
    put_line_text(t->out, g->file);
    if (g->line)
        fprintf(t->out, ":%s: ", place);
    else if (*place)
        fprintf(t->out, ": %s: ", place);
    else
        fputs(": ", t->out);
    fprintf(t->out, "%s%s%s: ",
            col(t, level_color(g->severity == REGLINT_ERROR
                                   ? REGLINT_LEVEL_ERROR
                                   : REGLINT_LEVEL_WARNING)),
            report_diag_severity(g), col(t, C_RESET));
    put_line_text(t->out, g->message);
    fputs(" [", t->out);
    put_line_text(t->out, g->code);
    fputs("]\n", t->out);
}

static void diag_group(const tctx *t, const reglint_diags *d,
                       const report_counts *c)
{
    if (!c->diags)
        return;
    fprintf(t->out, "\n%sDIAGNOSTICS%s (%zu)\n",
            col(t, c->diag_errors ? C_RED : C_YELLOW), col(t, C_RESET),
            c->diags);
    for (size_t i = 0; i < reglint_diags_count(d); i++)
        diag_line(t, reglint_diags_at(d, i));
}

int report_text(FILE *out, const reglint_results *r, const reglint_view *v,
                const reglint_os *os, const reglint_report_options *o)
{
    tctx t = {out, o->color, v};
    char rel[160];
    fprintf(out, "%sreglint %s%s: %s", col(&t, C_BOLD),
            o->command ? o->command : "check", col(&t, C_RESET),
            reglint_os_release_name(os, rel, sizeof rel));
    if (os->build)
        fprintf(out, " (build %u%s%s)", os->build,
                os->arch ? ", " : "",
                os->arch ? reglint_os_arch_name(os->arch) : "");
    fprintf(out, "; profile%s ", o->nprofiles > 1 ? "s" : "");
    if (!o->nprofiles)
        fputs("azure-backup", out);
    for (size_t i = 0; i < o->nprofiles; i++)
        fprintf(out, "%s%s", i ? ", " : "", o->profiles[i]);
    fputc('\n', out);
    for (size_t i = 0; i < reglint_view_source_count(v); i++) {
        const reglint_source_info *s = reglint_view_source(v, i);
        fprintf(out, "  source %u: %s (%s%s%s)\n", s->id, s->path,
                s->kind == REGLINT_SOURCE_HIVE  ? "hive "
                : s->kind == REGLINT_SOURCE_REG ? ".reg"
                                                : "unreadable",
                s->kind == REGLINT_SOURCE_HIVE
                    ? reglint_hive_type_name(s->hive_type)
                    : "",
                s->failed ? ", could not be read" : "");
    }
    report_counts c;
    report_count(r, o->diags, o->fail_on, &c);
    diag_group(&t, o->diags, &c);
    group(&t, r, REGLINT_FAIL, "FAIL", C_RED, c.fail, true);
    group(&t, r, REGLINT_UNKNOWN, "UNKNOWN", C_YELLOW, c.unknown, true);
    group(&t, r, REGLINT_PASS, "PASS", C_GREEN, c.pass, false);
    group(&t, r, REGLINT_NA, "N/A", C_DIM, c.na, false);
    fprintf(out,
            "\n%ssummary%s: %zu rule result%s: %zu fail (%zu error, %zu "
            "warning, %zu info), %zu pass, %zu unknown, %zu n/a",
            col(&t, C_BOLD), col(&t, C_RESET), c.total,
            c.total == 1 ? "" : "s", c.fail, c.by_level[3], c.by_level[2],
            c.by_level[1], c.pass, c.unknown, c.na);
    if (c.diags)
        fprintf(out, "; %zu diagnostic%s (%zu error, %zu warning)", c.diags,
                c.diags == 1 ? "" : "s", c.diag_errors, c.diag_warnings);
    fputc('\n', out);
    return ferror(out) ? reglint__fail(EIO, "cannot write the report") : 0;
}
