/*
** report.h — what the report writers share (report_*.c): sources, OS
** facts, values and origins, described for people and as JSON.  Not
** installed; json-c types stay out of the public header.
*/
#ifndef REGLINT_REPORT_H
#define REGLINT_REPORT_H

#include "internal.h"

#include <json-c/json.h>

/* A value as the protocol table shows it: "1", "0xffffffff", or
** "TYPE:hex" when it is not a 4-byte REG_DWORD; "absent" for NULL. */
void report_value_short(const reglint_value *v, char *buf, size_t len);
/* A value for a finding: "REG_DWORD 0x00000001 (1)", "REG_SZ \"1\"",
** "REG_BINARY 01 02 ..." (cut at len). */
void report_value_long(const reglint_value *v, char *buf, size_t len);
/* {"type", "data" (DWORD/QWORD number, string, strings), "raw" hex}, or
** NULL for NULL. */
json_object *report_json_value(const reglint_value *v);
/* {"source": PATH, "line": N} for a .reg file, {"source": PATH, "key":
** "\\Real\\Key", "offset": N} for a hive, NULL without a source. */
json_object *report_json_origin(const reglint_view *v, const reglint_key *key,
                                reglint_origin o);

/* A JSON string of s with each byte that is not UTF-8 as U+FFFD: a JSON
** text must be UTF-8, and a file name (or a message quoting one) need not
** be.  NULL for NULL. */
json_object *report_json_text(const char *s);

/* Sources. */
const char *report_source_state(const reglint_source_info *s);
void report_text_source(FILE *out, const reglint_source_info *s);
json_object *report_json_source(const reglint_source_info *s);
json_object *report_json_sources(const reglint_view *v);

/* OS facts, each with where it was read. */
void report_fact_value(const reglint_os *os, reglint_os_fact f, char *buf,
                       size_t len);
/* "CurrentBuild at FILE:LINE", "... at HIVE:\Key (cell 0x...)", "--os
** SPEC"; to free(), NULL when the fact is unknown. */
char *report_fact_from(const reglint_view *v, const reglint_os *os,
                       reglint_os_fact f);
void report_text_os(FILE *out, const reglint_view *v, const reglint_os *os);
json_object *report_json_os(const reglint_view *v, const reglint_os *os);

/* Print doc pretty and release it.  -1 (errno EIO) on a write error. */
int report_json_print(FILE *out, json_object *doc);

/* ---- check reports (report.c dispatches to one of these) ---- */

/* Counts over a result set and the sources' diagnostics.  A finding is a
** fail at or above fail_on, or a diagnostic that is one (below); findings
** counts both, since either makes the check fail. */
typedef struct report_counts {
    size_t total, pass, fail, unknown, na;
    size_t by_level[4];   /* fails by reglint_level (index 1..3)    */
    size_t findings;      /* rule and diagnostic findings           */
    size_t diags;         /* diagnostics, and of them:              */
    size_t diag_errors, diag_warnings, diag_findings;
} report_counts;
/* diags may be NULL. */
void report_count(const reglint_results *r, const reglint_diags *diags,
                  int fail_on, report_counts *c);
/* Is this result a finding for fail_on? */
bool report_is_finding(const reglint_result *res, int fail_on);
/* Is this diagnostic a finding for fail_on?  An error is one at every
** threshold (the source was not read as Windows would read it), a warning
** when fail_on is warning or info; with fail_on 0 (never) nothing is, so
** that "findings" keeps meaning "the exit status is 1". */
bool report_diag_is_finding(const reglint_diag *g, int fail_on);
/* "error" or "warning". */
const char *report_diag_severity(const reglint_diag *g);
/* Where a diagnostic is, as reglint_diag_print() says it: "LINE:COL",
** "LINE", "offset N", or "" when it has no place. */
void report_diag_place(const reglint_diag *g, char *buf, size_t len);
/* "HKLM\..." the origin described for people ("FILE:LINE", ...), to
** free(); NULL when nothing was read. */
char *report_result_source(const reglint_view *v, const reglint_result *res);

int report_text(FILE *out, const reglint_results *r, const reglint_view *v,
                const reglint_os *os, const reglint_report_options *o);
int report_json(FILE *out, const reglint_results *r, const reglint_view *v,
                const reglint_os *os, const reglint_report_options *o);
int report_junit(FILE *out, const reglint_results *r, const reglint_view *v,
                 const reglint_os *os, const reglint_report_options *o);

#endif
