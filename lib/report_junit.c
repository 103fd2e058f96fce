/*
** report_junit.c — check results as JUnit XML, the format CI servers
** (Jenkins, GitLab, Azure Pipelines) display: one <testsuite> per
** profile, one <testcase> per rule result.  A fail at or above --fail-on
** is a <failure>; unknown and n/a are <skipped>; a fail below the
** threshold passes, with the finding in <system-out>, so that the CI page
** agrees with the exit code.  The sources' diagnostics, when the caller
** passes them, are a suite of their own, "diagnostics", first: one
** testcase per diagnostic, a <failure> for those that are findings.
*/
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Text in XML 1.0: & < > always, quotes only inside attributes (a fix
** in a failure's text stays copyable), and characters XML cannot carry
** at all (C0 controls but tab and newline) as U+FFFD. */
static void xml_escape(FILE *out, const char *s, bool attr)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80) {
            /* Registry names may hold U+FFFE and U+FFFF, which XML 1.0
            ** cannot carry (xmllint refuses the whole report), and bytes
            ** that are not UTF-8: each becomes U+FFFD too. */
            uint32_t cp;
            size_t n = utf8_decode(s, strnlen(s, 4), &cp);
            if (n == 0) {
                fputs("\xef\xbf\xbd", out);
            } else if (cp == 0xfffe || cp == 0xffff) {
                /* One replacement for the whole character, not one per
                ** byte. */
                fputs("\xef\xbf\xbd", out);
                s += n - 1;
            } else {
                fwrite(s, 1, n, out);
                s += n - 1;
            }
            continue;
        }
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs(attr ? "&quot;" : "\"", out); break;
        case '\'': fputs(attr ? "&apos;" : "'", out); break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n')
                fputs("\xef\xbf\xbd", out);
            else
                fputc(c, out);
        }
    }
}

static void xml_attr(FILE *out, const char *s) { xml_escape(out, s, true); }
static void xml_body(FILE *out, const char *s) { xml_escape(out, s, false); }

static void detail_line(FILE *out, const char *label, const char *text)
{
    if (!text || !*text)
        return;
    xml_body(out, label);
    xml_body(out, text);
    fputc('\n', out);
}

static void details(FILE *out, const reglint_view *v, const reglint_result *res)
{
    char *src = report_result_source(v, res);
    detail_line(out, "key: ", res->key);
    detail_line(out, "value: ", res->value);
    detail_line(out, "from: ", src);
    detail_line(out, "actual: ", res->actual);
    detail_line(out, "expected: ", res->expected);
    detail_line(out, "default: ", res->os_default);
    detail_line(out, "why: ", res->reason);
    if (res->result == REGLINT_FAIL && res->fix && *res->fix)
        detail_line(out, "fix:\n", res->fix);
    else if (res->result == REGLINT_FAIL)
        detail_line(out, "remedy: ", res->remedy);
    for (size_t i = 0; i < res->rule->nrefs; i++)
        detail_line(out, "ref: ", res->rule->refs[i]);
    free(src);
}

/* The profiles in result order, each once. */
static size_t suites(const reglint_results *r, const char **names, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < reglint_results_count(r); i++) {
        const char *p = reglint_results_at(r, i)->profile;
        p = p ? p : "common";
        size_t k = 0;
        while (k < n && strcmp(names[k], p) != 0)
            k++;
        if (k == n && n < max)
            names[n++] = p;
    }
    return n;
}

/* The diagnostic as reglint_diag_print() writes it, one line. */
static void diag_text(FILE *out, const reglint_diag *g)
{
    char place[64];
    report_diag_place(g, place, sizeof place);
    xml_body(out, g->file);
    xml_body(out, g->line ? ":" : ": ");
    if (*place) {
        xml_body(out, place);
        xml_body(out, ": ");
    }
    xml_body(out, report_diag_severity(g));
    xml_body(out, ": ");
    xml_body(out, g->message);
    xml_body(out, " [");
    xml_body(out, g->code);
    xml_body(out, "]\n");
}

static void diag_suite(FILE *out, const reglint_diags *d,
                       const report_counts *c, int fail_on)
{
    fprintf(out, "  <testsuite name=\"diagnostics\" tests=\"%zu\" "
                 "failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
            c->diags, c->diag_findings);
    for (size_t i = 0; i < reglint_diags_count(d); i++) {
        const reglint_diag *g = reglint_diags_at(d, i);
        char place[64];
        report_diag_place(g, place, sizeof place);
        fputs("    <testcase classname=\"", out);
        xml_attr(out, g->file);
        fputs("\" name=\"", out);
        if (*place) {
            xml_attr(out, place);
            fputc(' ', out);
        }
        xml_attr(out, g->code);
        fputs("\">\n", out);
        if (report_diag_is_finding(g, fail_on)) {
            fputs("      <failure type=\"", out);
            xml_attr(out, report_diag_severity(g));
            fputs("\" message=\"", out);
            xml_attr(out, g->message);
            fputs("\">", out);
            diag_text(out, g);
            fputs("</failure>\n", out);
        } else {
            /* A warning below --fail-on passes, but stays visible. */
            fputs("      <system-out>", out);
            diag_text(out, g);
            fputs("</system-out>\n", out);
        }
        fputs("    </testcase>\n", out);
    }
    fputs("  </testsuite>\n", out);
}

int report_junit(FILE *out, const reglint_results *r, const reglint_view *v,
                 const reglint_os *os, const reglint_report_options *o)
{
    const char *names[64];
    size_t ns = suites(r, names, 64);
    report_counts all;
    report_count(r, o->diags, o->fail_on, &all);
    char rel[160];
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"reglint\" tests=\"%zu\" failures=\"%zu\" "
                 "errors=\"0\" skipped=\"%zu\">\n",
            all.total + all.diags, all.findings, all.unknown + all.na);
    if (o->diags)
        diag_suite(out, o->diags, &all, o->fail_on);
    for (size_t s = 0; s < ns; s++) {
        size_t tests = 0, failures = 0, skipped = 0;
        for (size_t i = 0; i < reglint_results_count(r); i++) {
            const reglint_result *res = reglint_results_at(r, i);
            const char *p = res->profile ? res->profile : "common";
            if (strcmp(p, names[s]) != 0)
                continue;
            tests++;
            failures += report_is_finding(res, o->fail_on);
            skipped += res->result == REGLINT_UNKNOWN ||
                       res->result == REGLINT_NA;
        }
        fputs("  <testsuite name=\"", out);
        xml_attr(out, names[s]);
        fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
                     "skipped=\"%zu\">\n", tests, failures, skipped);
        fputs("    <properties>\n      <property name=\"os\" value=\"", out);
        xml_attr(out, reglint_os_release_name(os, rel, sizeof rel));
        fputs("\"/>\n", out);
        for (size_t i = 0; i < reglint_view_source_count(v); i++) {
            fputs("      <property name=\"source\" value=\"", out);
            xml_attr(out, reglint_view_source(v, i)->path);
            fputs("\"/>\n", out);
        }
        fputs("    </properties>\n", out);
        for (size_t i = 0; i < reglint_results_count(r); i++) {
            const reglint_result *res = reglint_results_at(r, i);
            const char *p = res->profile ? res->profile : "common";
            if (strcmp(p, names[s]) != 0)
                continue;
            fputs("    <testcase classname=\"reglint.", out);
            xml_attr(out, p);
            fputs("\" name=\"", out);
            xml_attr(out, res->rule->id);
            if (res->target) {
                fputs(" [", out);
                xml_attr(out, res->target);
                fputc(']', out);
            }
            fputs("\">\n", out);
            if (report_is_finding(res, o->fail_on)) {
                fputs("      <failure type=\"", out);
                xml_attr(out, reglint_level_name(res->severity));
                fputs("\" message=\"", out);
                xml_attr(out, res->rule->title);
                fputs("\">", out);
                details(out, v, res);
                fputs("</failure>\n", out);
            } else if (res->result == REGLINT_UNKNOWN ||
                       res->result == REGLINT_NA) {
                fputs("      <skipped message=\"", out);
                xml_attr(out, reglint_verdict_name(res->result));
                if (res->reason) {
                    fputs(": ", out);
                    xml_attr(out, res->reason);
                }
                fputs("\"/>\n", out);
            } else if (res->result == REGLINT_FAIL) {
                fputs("      <system-out>", out);
                xml_body(out, "fail below --fail-on (");
                xml_body(out, reglint_level_name(res->severity));
                xml_body(out, ")\n");
                details(out, v, res);
                fputs("</system-out>\n", out);
            }
            fputs("    </testcase>\n", out);
        }
        fputs("  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
    return ferror(out) ? reglint__fail(EIO, "cannot write the report") : 0;
}
