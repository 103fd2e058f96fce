/*
** report_json.c — check results for machines: one JSON document whose
** layout is versioned (schema_version) and described by
** man/reglint-check.schema.json.  Every result carries what the text
** report shows, with the data as typed values and the origin as an object
** ({source, line} for a .reg file, {source, key, offset} for a hive).
** The sources' diagnostics, when the caller passes them, are an array of
** their own, every field always there and null where a diagnostic has no
** such place, so that a reader tests one thing rather than two.
*/
#include "report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static json_object *str_or_null(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

static json_object *json_result(const reglint_view *v, const reglint_result *res)
{
    const reglint_rule_info *ri = res->rule;
    json_object *o = json_object_new_object();
    json_object_object_add(o, "rule", json_object_new_string(ri->id));
    json_object_object_add(o, "title", json_object_new_string(ri->title));
    json_object_object_add(o, "profile", str_or_null(res->profile));
    json_object_object_add(o, "severity", json_object_new_string(
        reglint_level_name(res->severity)));
    json_object_object_add(o, "result", json_object_new_string(
        reglint_verdict_name(res->result)));
    json_object_object_add(o, "target", str_or_null(res->target));
    json_object_object_add(o, "key", str_or_null(res->key));
    json_object_object_add(o, "value", str_or_null(res->value));
    json_object_object_add(o, "source",
                           report_json_origin(v, res->found_key, res->origin));
    json_object_object_add(o, "actual", str_or_null(res->actual));
    json_object_object_add(o, "data", report_json_value(res->found_value));
    json_object_object_add(o, "expected", str_or_null(res->expected));
    json_object_object_add(o, "os_default", str_or_null(res->os_default));
    json_object_object_add(o, "reason", str_or_null(res->reason));
    json_object_object_add(o, "fix", str_or_null(res->fix));
    json_object_object_add(o, "remedy", str_or_null(res->remedy));
    json_object *refs = json_object_new_array();
    for (size_t i = 0; i < ri->nrefs; i++)
        json_object_array_add(refs, json_object_new_string(ri->refs[i]));
    json_object_object_add(o, "refs", refs);
    return o;
}

static json_object *json_diag(const reglint_diag *g)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "file", report_json_text(g->file));
    /* Line numbers of a .reg file fit an int64 whatever its size; a value
    ** past that would be a bug upstream, and null says less than a wrapped
    ** negative number would. */
    json_object_object_add(o, "line", g->line && g->line <= INT64_MAX
                                          ? json_object_new_int64(
                                                (int64_t)g->line)
                                          : NULL);
    json_object_object_add(o, "column", g->column && g->column <= INT64_MAX
                                            ? json_object_new_int64(
                                                  (int64_t)g->column)
                                            : NULL);
    json_object_object_add(o, "offset", g->offset >= 0
                                            ? json_object_new_int64(g->offset)
                                            : NULL);
    json_object_object_add(o, "severity",
                           json_object_new_string(report_diag_severity(g)));
    json_object_object_add(o, "code", report_json_text(g->code));
    json_object_object_add(o, "message", report_json_text(g->message));
    return o;
}

int report_json(FILE *out, const reglint_results *r, const reglint_view *v,
                const reglint_os *os, const reglint_report_options *o)
{
    json_object *doc = json_object_new_object();
    json_object_object_add(doc, "schema_version",
                           json_object_new_int(REGLINT_JSON_SCHEMA_VERSION));
    json_object_object_add(doc, "tool", json_object_new_string("reglint"));
    json_object_object_add(doc, "version",
                           json_object_new_string(reglint_version()));
    json_object *profiles = json_object_new_array();
    if (!o->nprofiles)
        json_object_array_add(profiles, json_object_new_string("azure-backup"));
    for (size_t i = 0; i < o->nprofiles; i++)
        json_object_array_add(profiles, json_object_new_string(o->profiles[i]));
    json_object_object_add(doc, "profiles", profiles);
    json_object_object_add(doc, "fail_on", json_object_new_string(
        o->fail_on > 0 ? reglint_level_name((reglint_level)o->fail_on)
                       : "never"));
    json_object_object_add(doc, "sources", report_json_sources(v));
    unsigned ccs = reglint_view_control_set(v);
    json_object_object_add(doc, "control_set",
                           ccs ? json_object_new_int64(ccs) : NULL);
    json_object_object_add(doc, "os", report_json_os(v, os));
    report_counts c;
    report_count(r, o->diags, o->fail_on, &c);
    json_object *sum = json_object_new_object();
    json_object_object_add(sum, "total", json_object_new_int64((int64_t)c.total));
    json_object_object_add(sum, "pass", json_object_new_int64((int64_t)c.pass));
    json_object_object_add(sum, "fail", json_object_new_int64((int64_t)c.fail));
    json_object_object_add(sum, "unknown",
                           json_object_new_int64((int64_t)c.unknown));
    json_object_object_add(sum, "n/a", json_object_new_int64((int64_t)c.na));
    json_object_object_add(sum, "error",
                           json_object_new_int64((int64_t)c.by_level[3]));
    json_object_object_add(sum, "warning",
                           json_object_new_int64((int64_t)c.by_level[2]));
    json_object_object_add(sum, "info",
                           json_object_new_int64((int64_t)c.by_level[1]));
    json_object_object_add(sum, "findings",
                           json_object_new_int64((int64_t)c.findings));
    if (o->diags) {
        json_object *ds = json_object_new_object();
        json_object_object_add(ds, "total",
                               json_object_new_int64((int64_t)c.diags));
        json_object_object_add(ds, "error",
                               json_object_new_int64((int64_t)c.diag_errors));
        json_object_object_add(ds, "warning",
                               json_object_new_int64((int64_t)c.diag_warnings));
        json_object_object_add(ds, "findings",
                               json_object_new_int64((int64_t)c.diag_findings));
        json_object_object_add(sum, "diagnostics", ds);
    }
    json_object_object_add(doc, "summary", sum);
    if (o->diags) {
        json_object *diags = json_object_new_array();
        for (size_t i = 0; i < reglint_diags_count(o->diags); i++)
            json_object_array_add(diags,
                                  json_diag(reglint_diags_at(o->diags, i)));
        json_object_object_add(doc, "diagnostics", diags);
    }
    json_object *results = json_object_new_array();
    for (size_t i = 0; i < reglint_results_count(r); i++)
        json_object_array_add(results,
                              json_result(v, reglint_results_at(r, i)));
    json_object_object_add(doc, "results", results);
    return report_json_print(out, doc);
}
