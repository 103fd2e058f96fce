/*
** check_report.c — unit tests of check reports (lib/report*.c): the
** sources' diagnostics reported with the results in the three formats
** (text group and summary, the JSON "diagnostics" array and the findings
** count for each --fail-on, the JUnit "diagnostics" suite and its failure
** counts), and a fail's remedy where no registry value fixes it.
**
** The results come from small inline rules run on inline .reg text, so
** that what is asserted is the writers' output, not the rule engine; the
** diagnostics are the reader's own (a real "space-around-equals") plus
** hand-made ones for the places a .reg file cannot give (a hive's byte
** offset, no place at all).  When python3-jsonschema and xmllint are
** installed the documents are also validated against
** man/reglint-check.schema.json and XML 1.0.
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "reglint.h"
#include "test_regf.h"
#include "test_tmpdir.h"

/* ------------------------------------------------------------------ */
/* Fixture                                                              */
/* ------------------------------------------------------------------ */

/* What a test made, freed by the teardown whatever the test did. */
#define KEEP_MAX 64
static reglint_rules *kept_rules;
static reglint_view *kept_view;
static reglint_results *kept_results;
static reglint_diags *kept_diags[KEEP_MAX];
static char *kept_text[KEEP_MAX];
static json_object *kept_json[KEEP_MAX];
static size_t nkept_diags, nkept_text, nkept_json;

static void setup(void)
{
    tmpdir_make("check-report");
}

static void teardown(void)
{
    reglint_results_free(kept_results);
    reglint_view_free(kept_view);
    reglint_rules_free(kept_rules);
    kept_results = NULL;
    kept_view = NULL;
    kept_rules = NULL;
    for (size_t i = 0; i < nkept_diags; i++)
        reglint_diags_free(kept_diags[i]);
    for (size_t i = 0; i < nkept_text; i++)
        free(kept_text[i]);
    for (size_t i = 0; i < nkept_json; i++)
        json_object_put(kept_json[i]);
    nkept_diags = nkept_text = nkept_json = 0;
    tmpdir_remove();
}

static reglint_diags *new_diags(void)
{
    reglint_diags *d = reglint_diags_new();
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_lt(nkept_diags, KEEP_MAX);
    kept_diags[nkept_diags++] = d;
    return d;
}

static char *keep_text(char *s)
{
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_lt(nkept_text, KEEP_MAX);
    kept_text[nkept_text++] = s;
    return s;
}

static void print_diags(const reglint_diags *d)
{
    for (size_t i = 0; i < reglint_diags_count(d); i++)
        reglint_diag_print(reglint_diags_at(d, i), stderr);
}

/* ------------------------------------------------------------------ */
/* The check every test reports on                                      */
/* ------------------------------------------------------------------ */

#define KEY "HKLM\\SOFTWARE\\Test"

/* A rule's header: id, severity, profile t. */
#define RULE(id, sev)                                                     \
    "  - id: " id "\n"                                                     \
    "    title: \"rule " id "\"\n"                                         \
    "    severity: " sev "\n"                                              \
    "    profiles: [t]\n"                                                  \
    "    refs: [\"test ref\"]\n"

/* A fail at each level (R-FIX with a fix, the others without) and a
** pass. */
static const char RULES[] =
    "reglint-rules: 1\n"
    "rules:\n"
    RULE("R-FIX", "error")
    "    fix: |\n"
    "      [" KEY "]\n"
    "      \"A\"=dword:00000001\n"
    "    test:\n"
    "      key: " KEY "\n"
    "      value: A\n"
    "      expect: {equals: 1}\n"
    RULE("R-NOFIX", "warning")
    "    test:\n"
    "      key: " KEY "\n"
    "      value: B\n"
    "      expect: {equals: 1}\n"
    RULE("R-INFO", "info")
    "    test:\n"
    "      key: " KEY "\n"
    "      value: D\n"
    "      expect: {equals: 1}\n"
    RULE("R-PASS", "error")
    "    test:\n"
    "      key: " KEY "\n"
    "      value: C\n"
    "      expect: {equals: 1}\n";

/* Line 5 has a space around '=', which regedit reads but does not write:
** the reader's warning is the diagnostic `reglint lint` reports. */
static const char REG_BODY[] =
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\n" /* line 3 */
    "\"A\"=dword:00000000\n"
    "\"B\" = dword:00000000\n"
    "\"C\"=dword:00000001\n"
    "\"D\"=dword:00000000\n";

typedef struct fixture {
    reglint_results *r;
    reglint_view *v;
    reglint_os os;
    reglint_diags *diags; /* the reader's, then hand-made ones */
} fixture;

static reglint_rules *load_rules(const char *yaml, reglint_diags *d)
{
    reglint_rules *rs = reglint_rules_new();
    ck_assert_ptr_nonnull(rs);
    int rc = reglint_rules_load_buffer(rs, "test.yaml", yaml, strlen(yaml), d);
    if (rc < 0) {
        reglint_rules_free(rs);
        return NULL;
    }
    kept_rules = rs;
    return rs;
}

static const reglint_result *result_of(const reglint_results *r,
                                       const char *id)
{
    for (size_t i = 0; i < reglint_results_count(r); i++)
        if (strcmp(reglint_results_at(r, i)->rule->id, id) == 0)
            return reglint_results_at(r, i);
    ck_abort_msg("no result for %s", id);
    return NULL;
}

/* Run rules on REG_BODY; fx->diags gets the reader's diagnostics. */
static void run_rules(fixture *fx, reglint_rules *rs)
{
    memset(fx, 0, sizeof *fx);
    fx->diags = new_diags();
    kept_view = fx->v = reglint_view_new(NULL);
    ck_assert_ptr_nonnull(fx->v);
    ck_assert_uint_ne(reglint_view_add(fx->v, write_reg(REG_BODY), NULL,
                                       fx->diags), 0);
    ck_assert_int_eq(reglint_view_load(fx->v, NULL, fx->diags), 0);
    ck_assert_int_eq(reglint_os_read(fx->v, &fx->os), 0);
    ck_assert_int_eq(reglint_os_override(&fx->os, "2012r2"), 0);
    const char *profiles[] = {"t"};
    reglint_check_options co = {profiles, 1};
    kept_results = fx->r = reglint_check(rs, fx->v, &fx->os, &co);
    ck_assert_msg(fx->r != NULL, "check: %s", reglint_last_error());
}

/* The check of RULES on REG_BODY, with three diagnostics: the reader's
** warning, an error at a hive's byte offset, and a warning with no place.
** R-NOFIX gets a remedy; so does R-FIX, whose fix must win over it. */
static void make_fixture(fixture *fx)
{
    reglint_diags *d = new_diags();
    reglint_rules *rs = load_rules(RULES, d);
    print_diags(d);
    ck_assert_msg(rs != NULL, "rules: %s", reglint_last_error());
    run_rules(fx, rs);
    if (reglint_diags_count(fx->diags) != 1)
        print_diags(fx->diags);
    ck_assert_uint_eq(reglint_diags_count(fx->diags), 1);
    const reglint_diag *g = reglint_diags_at(fx->diags, 0);
    ck_assert_str_eq(g->code, "space-around-equals");
    ck_assert_uint_eq(g->line, 5);
    ck_assert_uint_gt(g->column, 0);
    ck_assert_int_eq(g->severity, REGLINT_WARNING);
    ck_assert_int_eq(reglint_diags_add(fx->diags, REGLINT_ERROR, "SYSTEM", 0,
                                       0, 4096, "bad-cell",
                                       "cell size runs past the hbin"), 0);
    ck_assert_int_eq(reglint_diags_add(fx->diags, REGLINT_WARNING,
                                       "other.reg", 0, 0, -1, "no-header",
                                       "no header line"), 0);
    /* The results are the library's, so they are writable memory; the
    ** rule loader's remedy: key is not needed to test how it is shown. */
    ((reglint_result *)result_of(fx->r, "R-NOFIX"))->remedy =
        "install KB3140245, then set DefaultSecureProtocols";
    ((reglint_result *)result_of(fx->r, "R-FIX"))->remedy =
        "this remedy is not shown: the rule has a fix";
    ck_assert_int_eq(result_of(fx->r, "R-FIX")->result, REGLINT_FAIL);
    ck_assert_int_eq(result_of(fx->r, "R-NOFIX")->result, REGLINT_FAIL);
    ck_assert_int_eq(result_of(fx->r, "R-INFO")->result, REGLINT_FAIL);
    ck_assert_int_eq(result_of(fx->r, "R-PASS")->result, REGLINT_PASS);
    ck_assert_ptr_null(result_of(fx->r, "R-NOFIX")->fix);
}

/* ------------------------------------------------------------------ */
/* Rendering                                                            */
/* ------------------------------------------------------------------ */

static char *render(const fixture *fx, reglint_format format, int fail_on,
                    const reglint_diags *diags, int color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    const char *profiles[] = {"t"};
    reglint_report_options o = {0};
    o.format = format;
    o.color = color;
    o.profiles = profiles;
    o.nprofiles = 1;
    o.fail_on = fail_on;
    o.diags = diags;
    ck_assert_int_eq(reglint_report_write(f, fx->r, fx->v, &fx->os, &o), 0);
    ck_assert_int_eq(fclose(f), 0);
    return keep_text(buf);
}

static json_object *render_json(const fixture *fx, int fail_on,
                                const reglint_diags *diags)
{
    const char *text = render(fx, REGLINT_FORMAT_JSON, fail_on, diags, 0);
    json_object *doc = json_tokener_parse(text);
    ck_assert_msg(doc != NULL, "not JSON:\n%s", text);
    ck_assert_uint_lt(nkept_json, KEEP_MAX);
    kept_json[nkept_json++] = doc;
    return doc;
}

/* What reglint_diag_print() writes for g. */
static char *printed(const reglint_diag *g)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    reglint_diag_print(g, f);
    ck_assert_int_eq(fclose(f), 0);
    return keep_text(buf);
}

static size_t occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

#define HAS(s, sub)                                                        \
    do {                                                                   \
        const char *s_ = (s);                                              \
        ck_assert_msg(s_ && strstr(s_, (sub)), "'%s' lacks '%s'",          \
                      s_ ? s_ : "(null)", (sub));                          \
    } while (0)

#define LACKS(s, sub)                                                      \
    do {                                                                   \
        const char *s_ = (s);                                              \
        ck_assert_msg(!strstr(s_, (sub)), "'%s' has '%s'", s_, (sub));     \
    } while (0)

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    ck_assert_msg(json_object_object_get_ex(o, key, &v), "no \"%s\" in %s",
                  key, json_object_to_json_string(o));
    return v;
}

static int64_t get_int(json_object *o, const char *key)
{
    json_object *v = get(o, key);
    ck_assert_msg(json_object_is_type(v, json_type_int), "\"%s\" is not an "
                  "integer", key);
    return json_object_get_int64(v);
}

static json_object *result_json(json_object *doc, const char *id)
{
    json_object *a = get(doc, "results");
    for (size_t i = 0; i < json_object_array_length(a); i++) {
        json_object *x = json_object_array_get_idx(a, i);
        if (strcmp(json_object_get_string(get(x, "rule")), id) == 0)
            return x;
    }
    ck_abort_msg("no result for %s in the JSON report", id);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Validators, when installed                                           */
/* ------------------------------------------------------------------ */

static int have(const char *cmd)
{
    char sh[256];
    snprintf(sh, sizeof sh, "%s >/dev/null 2>&1", cmd);
    return system(sh) == 0;
}

/* Validate the JSON text against the schema, when the validator is
** installed (else a note says it was not). */
static void schema_valid(const char *text, const char *name)
{
    const char *src = getenv("SRCDIR");
    if (!src || !have("python3 -c 'import jsonschema'")) {
        fprintf(stderr, "note: python3-jsonschema or SRCDIR missing: %s not "
                        "validated against the schema\n", name);
        return;
    }
    const char *path = tpath(name);
    write_file(path, text, strlen(text));
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import json, sys, jsonschema\n"
             "s = json.load(open(sys.argv[1]))\n"
             "jsonschema.Draft202012Validator.check_schema(s)\n"
             "jsonschema.Draft202012Validator(s).validate("
             "json.load(open(sys.argv[2], encoding=\"utf-8\")))' "
             "'%s/man/reglint-check.schema.json' '%s' >&2",
             src, path);
    ck_assert_msg(system(cmd) == 0, "%s does not validate:\n%s", name, text);
}

static void xml_valid(const char *text, const char *name)
{
    if (!have("xmllint --version")) {
        fprintf(stderr, "note: xmllint missing: %s not checked\n", name);
        return;
    }
    const char *path = tpath(name);
    write_file(path, text, strlen(text));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s' >&2", path);
    ck_assert_msg(system(cmd) == 0, "xmllint refuses %s:\n%s", name, text);
}

/* ------------------------------------------------------------------ */
/* Text                                                                 */
/* ------------------------------------------------------------------ */

START_TEST(text_diagnostics)
{
    fixture fx;
    make_fixture(&fx);
    const char *t = render(&fx, REGLINT_FORMAT_TEXT, REGLINT_LEVEL_ERROR,
                           fx.diags, 0);
    const char *group = strstr(t, "\nDIAGNOSTICS (3)\n");
    ck_assert_msg(group != NULL, "no DIAGNOSTICS group:\n%s", t);
    const char *fail = strstr(t, "\nFAIL (3)\n");
    ck_assert_msg(fail && group < fail, "DIAGNOSTICS is not before FAIL:\n%s",
                  t);
    /* Each line as reglint_diag_print() says it, in the order found,
    ** indented as the other groups' lines are. */
    const char *at = group;
    for (size_t i = 0; i < reglint_diags_count(fx.diags); i++) {
        char *want = NULL;
        ck_assert_int_ge(asprintf(&want, "\n  %s",
                                  printed(reglint_diags_at(fx.diags, i))),
                         0);
        keep_text(want);
        const char *hit = strstr(at, want);
        ck_assert_msg(hit && hit < fail, "line %zu '%s' not in the group:\n%s",
                      i, want + 1, t);
        at = hit + 1;
    }
    char *line5 = NULL;
    ck_assert_int_ge(asprintf(&line5, ":5:%llu: warning: ",
                              (unsigned long long)reglint_diags_at(
                                  fx.diags, 0)->column), 0);
    HAS(t, keep_text(line5));
    HAS(t, "\n  SYSTEM: offset 4096: error: cell size runs past the hbin "
           "[bad-cell]\n");
    HAS(t, "\n  other.reg: warning: no header line [no-header]\n");
    HAS(t, "\nsummary: 4 rule results: 3 fail (1 error, 1 warning, 1 info), "
           "1 pass, 0 unknown, 0 n/a; 3 diagnostics (1 error, 2 warning)\n");

    /* Colours as for fails: the severity word, and the group's title red
    ** when an error is among them. */
    t = render(&fx, REGLINT_FORMAT_TEXT, REGLINT_LEVEL_ERROR, fx.diags, 1);
    HAS(t, "\n\033[31mDIAGNOSTICS\033[0m (3)\n");
    HAS(t, ": offset 4096: \033[31merror\033[0m: cell size");
    HAS(t, "other.reg: \033[33mwarning\033[0m: no header line");
}
END_TEST

START_TEST(text_without_diagnostics)
{
    fixture fx;
    make_fixture(&fx);
    /* None given, or none found: no group, the summary as before. */
    reglint_diags *none = new_diags();
    const reglint_diags *cases[] = {NULL, none};
    for (size_t i = 0; i < 2; i++) {
        const char *t = render(&fx, REGLINT_FORMAT_TEXT, REGLINT_LEVEL_ERROR,
                               cases[i], 0);
        LACKS(t, "DIAGNOSTICS");
        HAS(t, "1 pass, 0 unknown, 0 n/a\n");
        LACKS(t, "diagnostic");
    }
    /* One warning only: singular, and the title yellow. */
    reglint_diags *one = new_diags();
    ck_assert_int_eq(reglint_diags_add(one, REGLINT_WARNING, "a.reg", 7, 1, -1,
                                       "root-case", "root 'hklm' is not in "
                                       "upper case"), 0);
    const char *t = render(&fx, REGLINT_FORMAT_TEXT, 0, one, 1);
    HAS(t, "\n\033[33mDIAGNOSTICS\033[0m (1)\n");
    HAS(t, "  a.reg:7:1: \033[33mwarning\033[0m: root 'hklm' is not in upper "
           "case [root-case]\n");
    HAS(t, "; 1 diagnostic (0 error, 1 warning)\n");
}
END_TEST

START_TEST(text_line_breaks_stay_out)
{
    fixture fx;
    make_fixture(&fx);
    /* A file name with a line break and a message quoting an escape
    ** sequence from a damaged line must not break the one-line form nor
    ** reach the terminal. */
    reglint_diags *d = new_diags();
    ck_assert_int_eq(reglint_diags_add(d, REGLINT_ERROR, "bad\nname.reg", 2,
                                       3, -1, "bad-line",
                                       "cannot read '\033[2J'"), 0);
    const char *t = render(&fx, REGLINT_FORMAT_TEXT, REGLINT_LEVEL_ERROR, d, 0);
    HAS(t, "\n  bad?name.reg:2:3: error: cannot read '?[2J' [bad-line]\n");
    LACKS(t, "\033");
}
END_TEST

START_TEST(text_remedy)
{
    fixture fx;
    make_fixture(&fx);
    const char *t = render(&fx, REGLINT_FORMAT_TEXT, REGLINT_LEVEL_ERROR,
                           NULL, 0);
    /* Where the fix lines go, for the rule without a fix ... */
    const char *nofix = strstr(t, "R-NOFIX  rule R-NOFIX\n");
    ck_assert_msg(nofix != NULL, "no R-NOFIX headline:\n%s", t);
    const char *rem = strstr(t, "      remedy:   install KB3140245, then set "
                                "DefaultSecureProtocols\n");
    ck_assert_msg(rem && rem > nofix, "no remedy under R-NOFIX:\n%s", t);
    const char *ref = strstr(nofix, "      ref:      test ref\n");
    ck_assert_msg(ref && rem < ref, "the remedy is not before the ref:\n%s", t);
    /* ... and not for the one with a fix, which shows the fix. */
    LACKS(t, "this remedy is not shown");
    HAS(t, "      fix:      [" KEY "]\n"
           "                \"A\"=dword:00000001\n");
    ck_assert_uint_eq(occurrences(t, "remedy:"), 1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* JSON                                                                 */
/* ------------------------------------------------------------------ */

START_TEST(json_diagnostics)
{
    fixture fx;
    make_fixture(&fx);
    json_object *doc = render_json(&fx, REGLINT_LEVEL_ERROR, fx.diags);
    json_object *a = get(doc, "diagnostics");
    ck_assert(json_object_is_type(a, json_type_array));
    ck_assert_uint_eq(json_object_array_length(a), 3);

    /* A .reg line: line and column, no offset. */
    json_object *g = json_object_array_get_idx(a, 0);
    const reglint_diag *rd = reglint_diags_at(fx.diags, 0);
    ck_assert_str_eq(json_object_get_string(get(g, "file")), rd->file);
    ck_assert_int_eq(get_int(g, "line"), 5);
    ck_assert_int_eq(get_int(g, "column"), (int64_t)rd->column);
    ck_assert_ptr_null(get(g, "offset"));
    ck_assert_str_eq(json_object_get_string(get(g, "severity")), "warning");
    ck_assert_str_eq(json_object_get_string(get(g, "code")),
                     "space-around-equals");
    ck_assert_str_eq(json_object_get_string(get(g, "message")), rd->message);
    ck_assert_int_eq(json_object_object_length(g), 7);

    /* A hive: an offset, no line or column. */
    g = json_object_array_get_idx(a, 1);
    ck_assert_str_eq(json_object_get_string(get(g, "file")), "SYSTEM");
    ck_assert_ptr_null(get(g, "line"));
    ck_assert_ptr_null(get(g, "column"));
    ck_assert_int_eq(get_int(g, "offset"), 4096);
    ck_assert_str_eq(json_object_get_string(get(g, "severity")), "error");
    ck_assert_str_eq(json_object_get_string(get(g, "code")), "bad-cell");

    /* No place at all. */
    g = json_object_array_get_idx(a, 2);
    ck_assert_ptr_null(get(g, "line"));
    ck_assert_ptr_null(get(g, "column"));
    ck_assert_ptr_null(get(g, "offset"));
    ck_assert_str_eq(json_object_get_string(get(g, "code")), "no-header");

    json_object *ds = get(get(doc, "summary"), "diagnostics");
    ck_assert_int_eq(get_int(ds, "total"), 3);
    ck_assert_int_eq(get_int(ds, "error"), 1);
    ck_assert_int_eq(get_int(ds, "warning"), 2);
}
END_TEST

START_TEST(json_findings_by_fail_on)
{
    fixture fx;
    make_fixture(&fx);
    /* Rule fails: 1 error, 1 warning, 1 info.  Diagnostics: 1 error (a
    ** finding at every threshold), 2 warnings (findings at warning and
    ** info); with never, nothing is, as the exit status says. */
    static const struct {
        int fail_on;
        const char *name;
        int64_t findings, diag_findings;
    } cases[] = {
        {REGLINT_LEVEL_ERROR, "error", 1 + 1, 1},
        {REGLINT_LEVEL_WARNING, "warning", 2 + 3, 3},
        {REGLINT_LEVEL_INFO, "info", 3 + 3, 3},
        {0, "never", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_object *doc = render_json(&fx, cases[i].fail_on, fx.diags);
        ck_assert_str_eq(json_object_get_string(get(doc, "fail_on")),
                         cases[i].name);
        json_object *sum = get(doc, "summary");
        ck_assert_msg(get_int(sum, "findings") == cases[i].findings,
                      "fail_on %s: %lld findings, expected %lld",
                      cases[i].name, (long long)get_int(sum, "findings"),
                      (long long)cases[i].findings);
        ck_assert_int_eq(get_int(get(sum, "diagnostics"), "findings"),
                         cases[i].diag_findings);
        ck_assert_int_eq(get_int(sum, "fail"), 3);
    }
    /* Without diagnostics the findings are the rules' alone. */
    json_object *doc = render_json(&fx, REGLINT_LEVEL_WARNING, NULL);
    ck_assert_int_eq(get_int(get(doc, "summary"), "findings"), 2);
}
END_TEST

START_TEST(json_absent_or_empty)
{
    fixture fx;
    make_fixture(&fx);
    /* Not given: neither the array nor its counts. */
    json_object *doc = render_json(&fx, REGLINT_LEVEL_ERROR, NULL);
    ck_assert(!json_object_object_get_ex(doc, "diagnostics", NULL));
    ck_assert(!json_object_object_get_ex(get(doc, "summary"), "diagnostics",
                                         NULL));
    /* Given and empty: an empty array, zero counts. */
    doc = render_json(&fx, REGLINT_LEVEL_ERROR, new_diags());
    json_object *a = get(doc, "diagnostics");
    ck_assert(json_object_is_type(a, json_type_array));
    ck_assert_uint_eq(json_object_array_length(a), 0);
    ck_assert_int_eq(get_int(get(get(doc, "summary"), "diagnostics"), "total"),
                     0);
    ck_assert_int_eq(get_int(get(doc, "summary"), "findings"), 1);
}
END_TEST

START_TEST(json_remedy)
{
    fixture fx;
    make_fixture(&fx);
    json_object *doc = render_json(&fx, REGLINT_LEVEL_ERROR, NULL);
    ck_assert_str_eq(json_object_get_string(get(result_json(doc, "R-NOFIX"),
                                                "remedy")),
                     "install KB3140245, then set DefaultSecureProtocols");
    ck_assert_ptr_null(get(result_json(doc, "R-NOFIX"), "fix"));
    /* The data as it is: both when the result has both. */
    ck_assert_ptr_nonnull(get(result_json(doc, "R-FIX"), "remedy"));
    ck_assert_ptr_nonnull(get(result_json(doc, "R-FIX"), "fix"));
    ck_assert_ptr_null(get(result_json(doc, "R-PASS"), "remedy"));
    ck_assert_ptr_null(get(result_json(doc, "R-INFO"), "remedy"));
}
END_TEST

START_TEST(json_schema)
{
    fixture fx;
    make_fixture(&fx);
    schema_valid(render(&fx, REGLINT_FORMAT_JSON, REGLINT_LEVEL_WARNING,
                        fx.diags, 0), "diags.json");
    schema_valid(render(&fx, REGLINT_FORMAT_JSON, REGLINT_LEVEL_ERROR,
                        new_diags(), 0), "empty.json");
    schema_valid(render(&fx, REGLINT_FORMAT_JSON, 0, NULL, 0), "none.json");
}
END_TEST

/* ------------------------------------------------------------------ */
/* JUnit                                                                */
/* ------------------------------------------------------------------ */

/* The <testsuite ...> element of the suite named name, up to its end. */
static const char *suite_of(const char *xml, const char *name,
                            const char **end)
{
    char *open = NULL;
    ck_assert_int_ge(asprintf(&open, "<testsuite name=\"%s\"", name), 0);
    const char *s = strstr(xml, keep_text(open));
    ck_assert_msg(s != NULL, "no suite %s:\n%s", name, xml);
    *end = strstr(s, "</testsuite>");
    ck_assert_ptr_nonnull(*end);
    return s;
}

static size_t count_in(const char *from, const char *to, const char *needle)
{
    size_t n = 0;
    for (const char *p = from; (p = strstr(p, needle)) && p < to;
         p += strlen(needle))
        n++;
    return n;
}

START_TEST(junit_diagnostics)
{
    fixture fx;
    make_fixture(&fx);
    char col[32];
    snprintf(col, sizeof col, "%llu",
             (unsigned long long)reglint_diags_at(fx.diags, 0)->column);
    static const struct {
        int fail_on;
        size_t diag_failures, all_failures;
    } cases[] = {
        {REGLINT_LEVEL_ERROR, 1, 2},
        {REGLINT_LEVEL_WARNING, 3, 5},
        {REGLINT_LEVEL_INFO, 3, 6},
        {0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *x = render(&fx, REGLINT_FORMAT_JUNIT, cases[i].fail_on,
                               fx.diags, 0);
        char want[160];
        /* 4 results and 3 diagnostics; unknown and n/a: none. */
        snprintf(want, sizeof want, "<testsuites name=\"reglint\" tests=\"7\" "
                 "failures=\"%zu\" errors=\"0\" skipped=\"0\">",
                 cases[i].all_failures);
        HAS(x, want);
        ck_assert_uint_eq(occurrences(x, "<failure "),
                          cases[i].all_failures);
        const char *end, *s = suite_of(x, "diagnostics", &end);
        snprintf(want, sizeof want, "<testsuite name=\"diagnostics\" "
                 "tests=\"3\" failures=\"%zu\" errors=\"0\" skipped=\"0\">",
                 cases[i].diag_failures);
        HAS(s, want);
        ck_assert_uint_eq(count_in(s, end, "<testcase "), 3);
        ck_assert_uint_eq(count_in(s, end, "<failure "),
                          cases[i].diag_failures);
        /* The warnings below the threshold pass, visibly. */
        ck_assert_uint_eq(count_in(s, end, "<system-out>"),
                          3 - cases[i].diag_failures);
        /* Before the rules' suite, as the text report puts them first. */
        const char *tend, *t = suite_of(x, "t", &tend);
        ck_assert(s < t);
        xml_valid(x, "report.xml");
    }
    const char *x = render(&fx, REGLINT_FORMAT_JUNIT, REGLINT_LEVEL_WARNING,
                           fx.diags, 0);
    char want[256];
    snprintf(want, sizeof want, "<testcase classname=\"%s\" name=\"5:%s "
             "space-around-equals\">\n      <failure type=\"warning\"",
             reglint_diags_at(fx.diags, 0)->file, col);
    HAS(x, want);
    HAS(x, "<testcase classname=\"SYSTEM\" name=\"offset 4096 bad-cell\">\n"
           "      <failure type=\"error\" message=\"cell size runs past the "
           "hbin\">SYSTEM: offset 4096: error: cell size runs past the hbin "
           "[bad-cell]\n</failure>");
    HAS(x, "<testcase classname=\"other.reg\" name=\"no-header\">");
    /* Not given: no suite, the counts the rules' alone. */
    x = render(&fx, REGLINT_FORMAT_JUNIT, REGLINT_LEVEL_ERROR, NULL, 0);
    LACKS(x, "name=\"diagnostics\"");
    HAS(x, "<testsuites name=\"reglint\" tests=\"4\" failures=\"1\"");
    /* Given and empty: an empty suite. */
    x = render(&fx, REGLINT_FORMAT_JUNIT, REGLINT_LEVEL_ERROR, new_diags(), 0);
    HAS(x, "<testsuite name=\"diagnostics\" tests=\"0\" failures=\"0\"");
    xml_valid(x, "empty.xml");
}
END_TEST

START_TEST(junit_escaping)
{
    fixture fx;
    make_fixture(&fx);
    /* Markup, quotes, a C0 control, U+FFFE and a byte that is not UTF-8:
    ** escaped, or replaced by U+FFFD, in attributes and text alike. */
    reglint_diags *d = new_diags();
    ck_assert_int_eq(reglint_diags_add(d, REGLINT_ERROR, "a&b <\"c\">.reg", 1,
                                       2, -1, "x<y",
                                       "bad 'q' \"<&>\" \x01 \xef\xbf\xbe "
                                       "\xff end"), 0);
    const char *x = render(&fx, REGLINT_FORMAT_JUNIT, REGLINT_LEVEL_ERROR, d,
                           0);
    HAS(x, "classname=\"a&amp;b &lt;&quot;c&quot;&gt;.reg\" "
           "name=\"1:2 x&lt;y\"");
    HAS(x, "message=\"bad &apos;q&apos; &quot;&lt;&amp;&gt;&quot; "
           "\xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd end\"");
    HAS(x, ">a&amp;b &lt;\"c\"&gt;.reg:1:2: error: bad 'q' \"&lt;&amp;&gt;\"");
    xml_valid(x, "escaping.xml");
    /* JSON carries the same strings, the control escaped by json-c and the
    ** byte that is not UTF-8 replaced: a JSON text must be UTF-8. */
    const char *text = render(&fx, REGLINT_FORMAT_JSON, REGLINT_LEVEL_ERROR,
                              d, 0);
    LACKS(text, "\xff");
    json_object *doc = render_json(&fx, REGLINT_LEVEL_ERROR, d);
    json_object *g = json_object_array_get_idx(get(doc, "diagnostics"), 0);
    ck_assert_str_eq(json_object_get_string(get(g, "code")), "x<y");
    ck_assert_str_eq(json_object_get_string(get(g, "message")),
                     "bad 'q' \"<&>\" \x01 \xef\xbf\xbe \xef\xbf\xbd end");
    schema_valid(text, "escaping.json");
}
END_TEST

START_TEST(junit_remedy)
{
    fixture fx;
    make_fixture(&fx);
    const char *x = render(&fx, REGLINT_FORMAT_JUNIT, REGLINT_LEVEL_WARNING,
                           NULL, 0);
    const char *tc = strstr(x, "name=\"R-NOFIX\"");
    ck_assert_ptr_nonnull(tc);
    const char *end = strstr(tc, "</testcase>");
    const char *f = strstr(tc, "<failure ");
    ck_assert_msg(f && f < end, "R-NOFIX is no failure:\n%s", x);
    const char *rem = strstr(tc, "remedy: install KB3140245, then set "
                                 "DefaultSecureProtocols\n");
    ck_assert_msg(rem && rem < end, "no remedy in R-NOFIX's failure:\n%s", x);
    LACKS(x, "this remedy is not shown");
    /* Below the threshold the fail's text, remedy included, goes to
    ** <system-out>. */
    x = render(&fx, REGLINT_FORMAT_JUNIT, REGLINT_LEVEL_ERROR, NULL, 0);
    tc = strstr(x, "name=\"R-NOFIX\"");
    end = strstr(tc, "</testcase>");
    const char *so = strstr(tc, "<system-out>");
    ck_assert_msg(so && so < end, "no system-out for R-NOFIX:\n%s", x);
    rem = strstr(tc, "remedy: install KB3140245");
    ck_assert(rem && rem > so && rem < end);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The remedy from a rule file                                          */
/* ------------------------------------------------------------------ */

START_TEST(remedy_from_rule_file)
{
    static const char yaml[] =
        "reglint-rules: 1\n"
        "rules:\n"
        RULE("R-KB", "error")
        "    remedy: \"install KB3140245\"\n"
        "    test:\n"
        "      key-exists: [" KEY "\\KB3140245]\n";
    reglint_diags *d = new_diags();
    reglint_rules *rs = load_rules(yaml, d);
    print_diags(d);
    ck_assert_msg(rs != NULL, "rules: %s", reglint_last_error());
    ck_assert_str_eq(reglint_rules_find(rs, "R-KB")->remedy,
                     "install KB3140245");
    fixture fx;
    run_rules(&fx, rs);
    const reglint_result *res = result_of(fx.r, "R-KB");
    ck_assert_int_eq(res->result, REGLINT_FAIL);
    ck_assert_ptr_null(res->fix);
    ck_assert_str_eq(res->remedy, "install KB3140245");
    const char *t = render(&fx, REGLINT_FORMAT_TEXT, REGLINT_LEVEL_ERROR,
                           NULL, 0);
    HAS(t, "      remedy:   install KB3140245\n");
    json_object *doc = render_json(&fx, REGLINT_LEVEL_ERROR, NULL);
    ck_assert_str_eq(json_object_get_string(get(result_json(doc, "R-KB"),
                                                "remedy")),
                     "install KB3140245");
    const char *x = render(&fx, REGLINT_FORMAT_JUNIT, REGLINT_LEVEL_ERROR,
                           NULL, 0);
    HAS(x, "remedy: install KB3140245\nref: test ref\n</failure>");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("text");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, text_diagnostics);
    tcase_add_test(tc, text_without_diagnostics);
    tcase_add_test(tc, text_line_breaks_stay_out);
    tcase_add_test(tc, text_remedy);
    suite_add_tcase(s, tc);

    tc = tcase_create("json");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, json_diagnostics);
    tcase_add_test(tc, json_findings_by_fail_on);
    tcase_add_test(tc, json_absent_or_empty);
    tcase_add_test(tc, json_remedy);
    tcase_add_test(tc, json_schema);
    suite_add_tcase(s, tc);

    tc = tcase_create("junit");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, junit_diagnostics);
    tcase_add_test(tc, junit_escaping);
    tcase_add_test(tc, junit_remedy);
    suite_add_tcase(s, tc);

    tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, remedy_from_rule_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
