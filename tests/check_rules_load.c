/*
** check_rules_load.c — unit tests of the rule-file loader
** (lib/rules_load.c): the shipped packs compile cleanly; every error kind
** is reported at its exact line and column with the rule's id, and a file
** with an error adds nothing; every construct of the format lands in the
** compiled model (rules_model.h); hostile input is refused within bounds.
**
** Rule files are written here line by line (LINES(...)) so that the line
** of each construct is its position in the argument list.
*/
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules_model.h"

static reglint_rules *rs;
static reglint_diags *dg;

static void setup(void)
{
    rs = reglint_rules_new();
    dg = reglint_diags_new();
    ck_assert_ptr_nonnull(rs);
    ck_assert_ptr_nonnull(dg);
}

static void teardown(void)
{
    reglint_rules_free(rs);
    reglint_diags_free(dg);
    rs = NULL;
    dg = NULL;
}

/* Lines joined, each ended by LF (to free()). */
static char *lines(const char *first, ...)
{
    va_list ap;
    size_t cap = 256, len = 0;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    va_start(ap, first);
    for (const char *l = first; l; l = va_arg(ap, const char *)) {
        size_t need = len + strlen(l) + 2;
        if (need > cap) {
            while (cap < need)
                cap *= 2;
            s = realloc(s, cap);
            ck_assert_ptr_nonnull(s);
        }
        len += (size_t)sprintf(s + len, "%s\n", l);
    }
    va_end(ap);
    s[len] = '\0';
    return s;
}

/* All diagnostics, for failure messages. */
static const char *dump(void)
{
    static char buf[8192];
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < reglint_diags_count(dg) && off < sizeof buf - 600;
         i++) {
        const reglint_diag *d = reglint_diags_at(dg, i);
        off += (size_t)snprintf(buf + off, sizeof buf - off,
                                "{%llu:%llu %s: %s} ",
                                (unsigned long long)d->line,
                                (unsigned long long)d->column, d->code,
                                d->message);
    }
    if (!reglint_diags_count(dg))
        snprintf(buf, sizeof buf, "(no diagnostics)");
    return buf;
}

static int load_named(const char *name, char *text)
{
    errno = 0;
    int rc = reglint_rules_load_buffer(rs, name, text, strlen(text), dg);
    int e = errno;
    free(text);
    errno = e;
    return rc;
}

#define LOAD(...) load_named("t.yaml", lines(__VA_ARGS__, (const char *)NULL))

/* Load must succeed with no diagnostics. */
#define LOAD_OK(...)                                                       \
    do {                                                                   \
        reglint_diags_free(dg);                                            \
        dg = reglint_diags_new();                                          \
        int rc_ = LOAD(__VA_ARGS__);                                       \
        ck_assert_msg(rc_ == 0 && reglint_diags_count(dg) == 0,            \
                      "load failed: %s", dump());                          \
    } while (0)

/* Load must fail with its first diagnostic at line:col, with code, and a
** message containing part; the rule set keeps its count. */
static void check_error(int rc, size_t before, unsigned line, unsigned col,
                        const char *code, const char *part)
{
    ck_assert_msg(rc == -1, "the load did not fail: %s", dump());
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_uint_eq(reglint_rules_count(rs), before);
    ck_assert_msg(reglint_diags_count(dg) >= 1, "no diagnostic");
    const reglint_diag *d = reglint_diags_at(dg, 0);
    ck_assert_int_eq(d->severity, REGLINT_ERROR);
    ck_assert_str_eq(d->file, "t.yaml");
    ck_assert_int_eq(d->offset, -1);
    ck_assert_msg(d->line == line && d->column == col,
                  "expected %u:%u, got %s", line, col, dump());
    ck_assert_str_eq(d->code, code);
    ck_assert_msg(strstr(d->message, part), "'%s' not in: %s", part, dump());
    ck_assert_str_ne(reglint_last_error(), "");
}

#define LOAD_ERR(line, col, code, part, ...)                                \
    do {                                                                    \
        reglint_diags_free(dg);                                             \
        dg = reglint_diags_new();                                           \
        size_t before_ = reglint_rules_count(rs);                           \
        int rc_ = LOAD(__VA_ARGS__);                                        \
        check_error(rc_, before_, (line), (col), (code), (part));           \
    } while (0)

static const rule *R(size_t i)
{
    ck_assert_uint_lt(i, rs->n);
    return &rs->rules[i];
}

/* The lines every rule file below starts with, and a complete rule. */
#define HEAD "reglint-rules: 1", "rules:"
#define RULE_TOP(id)                                                        \
    "  - id: " id, "    title: \"A title\"", "    severity: error",        \
        "    profiles: [p1]", "    refs: [\"doc 1\"]"
#define KEY_X "HKLM\\SOFTWARE\\X"

/* ------------------------------------------------------------------ */
/* The shipped packs                                                    */
/* ------------------------------------------------------------------ */

START_TEST(test_builtin_loads_cleanly)
{
    ck_assert_int_eq(reglint_rules_load_builtin(rs, dg), 0);
    ck_assert_msg(reglint_diags_count(dg) == 0, "%s", dump());
    for (size_t i = 0; i < reglint_rules_count(rs); i++) {
        const reglint_rule_info *r = reglint_rules_at(rs, i);
        ck_assert_ptr_nonnull(r);
        ck_assert_ptr_nonnull(r->id);
        ck_assert_ptr_nonnull(r->title);
        ck_assert(r->title[0] && !strchr(r->title, '\n'));
        ck_assert(r->severity >= REGLINT_LEVEL_INFO &&
                  r->severity <= REGLINT_LEVEL_ERROR);
        ck_assert_uint_ge(r->nprofiles, 1);
        ck_assert_uint_ge(r->nrefs, 1);
        for (size_t j = 0; j < r->nrefs; j++)
            ck_assert(r->refs[j][0]);
        ck_assert_ptr_nonnull(r->applies);
        ck_assert(strncmp(r->file, "builtin:", 8) == 0);
        ck_assert_uint_ge(r->line, 1);
        ck_assert(strncmp(r->text, "id: ", 4) == 0);
        ck_assert_ptr_eq(reglint_rules_find(rs, r->id), r);
    }
    /* The table, if the packs carry one, names every protocol in every
    ** row (the loader insists), and rows have builds. */
    for (size_t i = 0; i < rs->nrows; i++)
        ck_assert_uint_ge(rs->rows[i].builds.n, 1);
    size_t np = 0;
    const char *const *pr = reglint_rules_profiles(rs, &np);
    for (size_t i = 0; i < np; i++)
        ck_assert_str_ne(pr[i], "common");
}
END_TEST

START_TEST(test_builtin_twice_is_duplicate)
{
    ck_assert_int_eq(reglint_rules_load_builtin(rs, dg), 0);
    size_t n = reglint_rules_count(rs);
    if (n == 0)
        return; /* the packs are still placeholders */
    ck_assert_int_eq(reglint_rules_load_builtin(rs, dg), -1);
    ck_assert_uint_eq(reglint_rules_count(rs), n);
    ck_assert(strstr(reglint_diags_at(dg, 0)->message, "duplicate rule id"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors: where, what, and nothing added                               */
/* ------------------------------------------------------------------ */

START_TEST(test_err_yaml_syntax)
{
    LOAD_ERR(4, 13, "rule-syntax", "rule T-1: YAML: mapping values are not "
                                   "allowed",
             HEAD, "  - id: T-1", "    title: a: b");
    /* Before any rule: no id to name. */
    LOAD_ERR(2, 1, "rule-syntax", "YAML: ", "reglint-rules: 1", "\t- x");
    ck_assert(strncmp(reglint_diags_at(dg, 0)->message, "YAML", 4) == 0);
}
END_TEST

START_TEST(test_err_unknown_key)
{
    LOAD_ERR(8, 5, "rule-invalid", "rule T-1: unknown key 'titel' in a rule",
             HEAD, RULE_TOP("T-1"), "    titel: x", "    test: {key: " KEY_X
             ", value: V}");
    /* Deep inside a test, and at the top of the file. */
    LOAD_ERR(12, 7, "rule-invalid",
             "rule T-2: unknown key 'valeu' in a value test",
             HEAD, RULE_TOP("T-2"), "    test:", "      key: " KEY_X,
             "      value: V", "      # c", "      valeu: 1");
    LOAD_ERR(2, 1, "rule-invalid", "unknown key 'rule' in the rule file",
             "reglint-rules: 1", "rule: []");
}
END_TEST

START_TEST(test_err_bad_severity)
{
    LOAD_ERR(5, 15, "rule-invalid",
             "rule T-1: unknown severity 'fatal' (expected error, warning or "
             "info)",
             HEAD, "  - id: T-1", "    title: \"A title\"",
             "    severity: fatal", "    profiles: [p1]",
             "    refs: [\"doc 1\"]", "    test: {key: " KEY_X ", value: V}");
}
END_TEST

START_TEST(test_err_bad_builds)
{
    LOAD_ERR(8, 23, "rule-invalid", "rule T-1: bad builds set '9600-'",
             HEAD, RULE_TOP("T-1"), "    applies: {builds: \"9600-\"}",
             "    test: {key: " KEY_X ", value: V}");
    static const char *const bad[] = {
        "\"x\"", "\"9600-9200\"", "\">\"", "\"1,,2\"", "\"<0\"",
        "\"99999999999\"", "\">= 9600 9700\"", "\"\"", "[9600]"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char l[64];
        snprintf(l, sizeof l, "    applies: {builds: %s}", bad[i]);
        LOAD_ERR(8, 23, "rule-invalid", "rule T-1: ", HEAD, RULE_TOP("T-1"),
                 l, "    test: {key: " KEY_X ", value: V}");
    }
}
END_TEST

START_TEST(test_err_bad_number)
{
    LOAD_ERR(11, 24, "rule-invalid",
             "rule T-1: bad number '0x1G' for 'equals'",
             HEAD, RULE_TOP("T-1"), "    test:", "      key: " KEY_X,
             "      value: V", "      expect: {equals: 0x1G}");
    static const char *const bad[] = {
        "-1", "1.5", "0x", "18446744073709551616", "0x10000000000000000",
        "1e3", "\"\"", "[1]"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char l[64];
        snprintf(l, sizeof l, "      expect: {min: %s}", bad[i]);
        LOAD_ERR(12, 21, "rule-invalid", "'min'", HEAD, RULE_TOP("T-1"),
                 "    test:", "      key: " KEY_X, "      value: V",
                 "      type: REG_QWORD", l);
    }
    /* A REG_DWORD holds 32 bits. */
    LOAD_ERR(11, 24, "rule-invalid", "out of range", HEAD, RULE_TOP("T-1"),
             "    test:", "      key: " KEY_X, "      value: V",
             "      expect: {equals: 0x100000000}");
}
END_TEST

START_TEST(test_err_duplicate_id)
{
    LOAD_ERR(9, 9, "rule-invalid",
             "rule t-1: duplicate rule id", HEAD, RULE_TOP("T-1"),
             "    test: {key: " KEY_X ", value: V}", "  - id: t-1",
             "    title: x");
    /* Across files: the first file stays, the second adds nothing. */
    LOAD_OK(HEAD, RULE_TOP("T-1"), "    test: {key: " KEY_X ", value: V}");
    ck_assert_uint_eq(reglint_rules_count(rs), 1);
    LOAD_ERR(3, 9, "rule-invalid", "rule T-1: duplicate rule id", HEAD,
             RULE_TOP("T-1"), "    test: {key: " KEY_X ", value: V}");
    ck_assert_uint_eq(reglint_rules_count(rs), 1);
}
END_TEST

START_TEST(test_err_missing_title)
{
    LOAD_ERR(3, 5, "rule-invalid", "rule T-1: missing required key 'title'",
             HEAD, "  - id: T-1", "    severity: error",
             "    profiles: [p1]", "    refs: [x]",
             "    test: {key: " KEY_X ", value: V}");
    LOAD_ERR(3, 5, "rule-invalid", "a rule needs an 'id'", HEAD,
             "  - title: x");
    LOAD_ERR(4, 12, "rule-invalid", "rule T-1: 'title' is empty", HEAD,
             "  - id: T-1", "    title: \"\"", "    severity: error",
             "    profiles: [p1]", "    refs: [x]",
             "    test: {key: " KEY_X ", value: V}");
}
END_TEST

START_TEST(test_err_unknown_test_shape)
{
    LOAD_ERR(9, 7, "rule-invalid", "rule T-1: unknown test shape 'kee'",
             HEAD, RULE_TOP("T-1"), "    test:", "      kee: " KEY_X,
             "      value: V");
    LOAD_ERR(10, 7, "rule-invalid",
             "rule T-1: a test has one shape: 'protocol' cannot go with 'key'",
             HEAD, RULE_TOP("T-1"), "    test:", "      key: " KEY_X,
             "      protocol: TLS 1.2");
    /* A value test without its key; a test with nothing to test. */
    LOAD_ERR(9, 7, "rule-invalid",
             "rule T-1: a value test needs 'key' or 'keys' (the key that "
             "holds 'Enabled')",
             HEAD, RULE_TOP("T-1"), "    test:", "      value: Enabled",
             "      expect: {equals: 1}");
    LOAD_ERR(8, 11, "rule-invalid", "rule T-1: a test needs one of key, keys",
             HEAD, RULE_TOP("T-1"), "    test: {}");
}
END_TEST

START_TEST(test_err_bad_path)
{
    LOAD_ERR(9, 12, "rule-invalid",
             "rule T-1: not a key path: 'SOFTWARE\\X'", HEAD,
             RULE_TOP("T-1"), "    test:", "      key: SOFTWARE\\X",
             "      value: V");
    /* A glob only in the last component of key-exists. */
    LOAD_ERR(9, 20, "rule-invalid", "last component", HEAD, RULE_TOP("T-1"),
             "    test:", "      key-exists: [HKLM\\SOFTWARE\\*\\X]");
    /* No glob in a value test. */
    LOAD_ERR(9, 12, "rule-invalid", "glob", HEAD, RULE_TOP("T-1"),
             "    test:", "      key: HKLM\\SOFTWARE\\X*", "      value: V");
}
END_TEST

START_TEST(test_err_unknown_builtin)
{
    LOAD_ERR(8, 21, "rule-invalid",
             "rule T-1: unknown builtin 'frobnicate' (expected value-types, "
             "key-names",
             HEAD, RULE_TOP("T-1"), "    test: {builtin: frobnicate}");
    /* A parameter the builtin does not take. */
    LOAD_ERR(10, 7, "rule-invalid",
             "rule T-1: unknown key 'allowed' in builtin 'contradictions'",
             HEAD, RULE_TOP("T-1"), "    test:",
             "      builtin: contradictions", "      allowed: [0]");
}
END_TEST

/* "    test: " then n levels of {all-of: [ ... ]} around a value test. */
static char *nested(int n)
{
    size_t cap = 64 + (size_t)n * 14 + 64;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    strcpy(s, "    test: ");
    for (int i = 0; i < n; i++)
        strcat(s, "{all-of: [");
    strcat(s, "{key: " KEY_X ", value: V}");
    for (int i = 0; i < n; i++)
        strcat(s, "]}");
    return s;
}

START_TEST(test_err_too_deep)
{
    /* 16 levels of tests are allowed: 15 all-of and the value test. */
    char *ok = nested(15);
    LOAD_OK(HEAD, RULE_TOP("T-1"), ok);
    free(ok);
    /* The 17th level is refused, at its own position. */
    char *bad = nested(16);
    LOAD_ERR(8, 11 + 16 * 10, "rule-invalid",
             "rule T-2: tests nested deeper than 16 levels", HEAD,
             RULE_TOP("T-2"), bad);
    free(bad);
    ck_assert_uint_eq(reglint_rules_count(rs), 1);
}
END_TEST

START_TEST(test_err_file_adds_nothing)
{
    LOAD_OK("reglint-rules: 1", "schannel-defaults:", "  protocols: [TLS 1.2]",
            "  rows:", "    - {builds: \"1-2\", TLS 1.2: enabled}");
    ck_assert_uint_eq(rs->nrows, 1);
    /* A good rule, a good table, then a bad rule: nothing of it stays. */
    LOAD_ERR(11, 15, "rule-invalid", "rule B: unknown severity", HEAD,
             RULE_TOP("A"), "    test: {key: " KEY_X ", value: V}",
             "  - id: B", "    title: x", "    severity: high",
             "    profiles: [p2]", "    refs: [x]",
             "    test: {key: " KEY_X ", value: V}",
             "schannel-defaults:", "  protocols: [TLS 1.2, TLS 1.3]",
             "  rows:",
             "    - {builds: \"1-2\", TLS 1.2: enabled, TLS 1.3: enabled}");
    ck_assert_uint_eq(reglint_rules_count(rs), 0);
    ck_assert_ptr_null(reglint_rules_find(rs, "A"));
    size_t np;
    reglint_rules_profiles(rs, &np);
    ck_assert_uint_eq(np, 0);
    ck_assert_uint_eq(rs->nprotocols, 1);
    ck_assert_uint_eq(rs->nrows, 1);
}
END_TEST

START_TEST(test_err_reports_every_rule)
{
    /* Each bad rule is reported; the file adds nothing. */
    int rc = LOAD(HEAD, "  - id: A", "    title: x", "  - id: B",
                  "    title: y");
    ck_assert_int_eq(rc, -1);
    ck_assert_uint_eq(reglint_diags_count(dg), 2);
    ck_assert(strstr(reglint_diags_at(dg, 0)->message, "rule A:"));
    ck_assert(strstr(reglint_diags_at(dg, 1)->message, "rule B:"));
    ck_assert_uint_eq(reglint_diags_at(dg, 1)->line, 5);
}
END_TEST

START_TEST(test_err_structure)
{
    LOAD_ERR(1, 1, "rule-invalid", "the first key must be 'reglint-rules: 1'",
             "rules: []", "reglint-rules: 1");
    LOAD_ERR(1, 16, "rule-invalid", "unsupported rule-file version '2'",
             "reglint-rules: 2");
    LOAD_ERR(1, 1, "rule-invalid", "empty rule file", "# nothing");
    LOAD_ERR(2, 1, "rule-invalid", "one YAML document", "reglint-rules: 1",
             "---", "reglint-rules: 1");
    LOAD_ERR(4, 5, "rule-invalid", "duplicate key 'id'", HEAD, "  - id: A",
             "    id: B");
    LOAD_ERR(2, 8, "rule-invalid", "'rules' must be a list", "reglint-rules: 1",
             "rules: {}");
    LOAD_ERR(6, 16, "rule-invalid", "'all' is not a profile", HEAD,
             "  - id: A", "    title: x", "    severity: info",
             "    profiles: [all]", "    refs: [r]",
             "    test: {key: " KEY_X ", value: V}");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Hostile input                                                        */
/* ------------------------------------------------------------------ */

START_TEST(test_hostile_aliases)
{
    LOAD_ERR(3, 5, "rule-invalid", "aliases (*a) are not allowed",
             "reglint-rules: 1", "x: &a [1, 2]", "y: [*a, *a, *a]");
}
END_TEST

START_TEST(test_hostile_yaml_depth)
{
    size_t n = 200000;
    char *s = malloc(n * 2 + 64);
    ck_assert_ptr_nonnull(s);
    strcpy(s, "reglint-rules: 1\nx: ");
    size_t o = strlen(s);
    memset(s + o, '[', n);
    memset(s + o + n, ']', n);
    s[o + 2 * n] = '\0';
    size_t before = reglint_rules_count(rs);
    int rc = load_named("t.yaml", s);
    /* The root is level 1; the 64th '[' would be level 65. */
    check_error(rc, before, 2, 3 + 64, "rule-invalid",
                "nested deeper than 64 levels");
}
END_TEST

START_TEST(test_hostile_sizes)
{
    /* A string over 64 KiB. */
    size_t n = (64u << 10) + 10;
    char *s = malloc(n + 64);
    ck_assert_ptr_nonnull(s);
    strcpy(s, "reglint-rules: 1\nx: ");
    size_t o = strlen(s);
    memset(s + o, 'a', n);
    s[o + n] = '\0';
    size_t before = reglint_rules_count(rs);
    check_error(load_named("t.yaml", s), before, 2, 4, "rule-invalid",
                "longer than 65536 bytes");
    /* A buffer over 16 MiB is refused before parsing. */
    reglint_diags_free(dg);
    dg = reglint_diags_new();
    size_t bign = (16u << 20) + 1;
    char *big = malloc(bign);
    ck_assert_ptr_nonnull(big);
    memset(big, '#', bign);
    errno = 0;
    ck_assert_int_eq(reglint_rules_load_buffer(rs, "big", big, bign, dg), -1);
    free(big);
    ck_assert_int_eq(errno, EFBIG);
    ck_assert(strstr(reglint_diags_at(dg, 0)->message, "16 MiB"));
    /* Invalid UTF-8 is a syntax error, not a crash. */
    LOAD_ERR(1, 17, "rule-syntax", "YAML", "reglint-rules: 1\xff");
    /* A NUL character inside a quoted string. */
    LOAD_ERR(2, 4, "rule-invalid", "NUL", "reglint-rules: 1", "x: \"a\\0b\"");
}
END_TEST

START_TEST(test_hostile_many_errors)
{
    /* Thousands of bad rules: the reports stop at a limit. */
    size_t n = 5000, cap = n * 32 + 64, o = 0;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    o += (size_t)sprintf(s + o, "reglint-rules: 1\nrules:\n");
    for (size_t i = 0; i < n; i++)
        o += (size_t)sprintf(s + o, "  - id: R%zu\n", i);
    ck_assert_int_eq(load_named("t.yaml", s), -1);
    ck_assert_uint_le(reglint_diags_count(dg), 51);
    ck_assert(strstr(reglint_diags_at(dg, reglint_diags_count(dg) - 1)
                         ->message,
                     "too many errors"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Constructs into the model                                            */
/* ------------------------------------------------------------------ */

START_TEST(test_rule_info_fields)
{
    LOAD_OK("# a comment", HEAD, "  - id: AB-X.1_y",
            "    title: \"The title\"", "    description: >-",
            "      folded", "      text",
            "    severity: warning", "    profiles: [azure-backup, common]",
            "    applies: {builds: \"7601,9200\", arch: 64-bit}",
            "    test:", "      key: hklm\\\\Software\\\\X\\\\",
            "      value: \"@\"", "    fix: |", "      [HKEY_LOCAL_MACHINE\\X]",
            "      \"V\"=dword:00000001",
            "    refs: [\"AB: Configuring\", tls-facts 1.1]",
            "", "  # the next rule", "  - id: Second", "    title: t",
            "    severity: info", "    profiles: hardening",
            "    refs: r", "    test: {key: " KEY_X ", value: \"\"}");
    ck_assert_uint_eq(reglint_rules_count(rs), 2);
    const reglint_rule_info *r = reglint_rules_at(rs, 0);
    ck_assert_str_eq(r->id, "AB-X.1_y");
    ck_assert_str_eq(r->title, "The title");
    ck_assert_str_eq(r->description, "folded text");
    ck_assert_int_eq(r->severity, REGLINT_LEVEL_WARNING);
    ck_assert_uint_eq(r->nprofiles, 2);
    ck_assert_str_eq(r->profiles[0], "azure-backup");
    ck_assert_str_eq(r->profiles[1], "common");
    ck_assert_str_eq(r->applies, "builds 7601, 9200; 64-bit");
    ck_assert_str_eq(r->fix, "[HKEY_LOCAL_MACHINE\\X]\n\"V\"=dword:00000001\n");
    ck_assert_uint_eq(r->nrefs, 2);
    ck_assert_str_eq(r->refs[0], "AB: Configuring");
    ck_assert_str_eq(r->refs[1], "tls-facts 1.1");
    ck_assert_str_eq(r->file, "t.yaml");
    ck_assert_uint_eq(r->line, 4);
    ck_assert_str_eq(r->text,
                     "id: AB-X.1_y\n"
                     "title: \"The title\"\n"
                     "description: >-\n"
                     "  folded\n"
                     "  text\n"
                     "severity: warning\n"
                     "profiles: [azure-backup, common]\n"
                     "applies: {builds: \"7601,9200\", arch: 64-bit}\n"
                     "test:\n"
                     "  key: hklm\\\\Software\\\\X\\\\\n"
                     "  value: \"@\"\n"
                     "fix: |\n"
                     "  [HKEY_LOCAL_MACHINE\\X]\n"
                     "  \"V\"=dword:00000001\n"
                     "refs: [\"AB: Configuring\", tls-facts 1.1]");
    const rule *m = R(0);
    ck_assert_uint_eq(m->loc.line, 4);
    ck_assert_uint_eq(m->loc.col, 5);
    ck_assert_int_eq(m->test.kind, T_VALUE);
    ck_assert_uint_eq(m->test.nkeys, 1);
    ck_assert_str_eq(m->test.keys[0], "HKEY_LOCAL_MACHINE\\Software\\X");
    ck_assert_str_eq(m->test.value, "");
    ck_assert_uint_eq(m->test.type, REGLINT_REG_DWORD);
    ck_assert_int_eq(m->test.expect.kind, EX_NONE);
    ck_assert_uint_eq(m->test.absent.n, 0);
    ck_assert_uint_eq(m->test.loc.line, 13);
    ck_assert_uint_eq(m->test.loc.col, 7);
    ck_assert_ptr_null(m->escalate);

    r = reglint_rules_at(rs, 1);
    ck_assert_ptr_null(r->description);
    ck_assert_ptr_null(r->fix);
    ck_assert_str_eq(r->applies, "all");
    ck_assert_uint_eq(r->nprofiles, 1);
    ck_assert_str_eq(r->profiles[0], "hardening");
    ck_assert_str_eq(r->refs[0], "r");
    ck_assert_str_eq(R(1)->test.value, "");
    ck_assert_str_eq(r->text, "id: Second\ntitle: t\nseverity: info\n"
                              "profiles: hardening\nrefs: r\n"
                              "test: {key: " KEY_X ", value: \"\"}");
    ck_assert_ptr_null(reglint_rules_at(rs, 2));

    ck_assert_ptr_eq(reglint_rules_find(rs, "ab-x.1_Y"), reglint_rules_at(rs, 0));
    ck_assert_ptr_eq(reglint_rules_find(rs, "SECOND"), r);
    ck_assert_ptr_null(reglint_rules_find(rs, "nope"));
    size_t np;
    const char *const *p = reglint_rules_profiles(rs, &np);
    ck_assert_uint_eq(np, 2);
    ck_assert_str_eq(p[0], "azure-backup");
    ck_assert_str_eq(p[1], "hardening");
}
END_TEST

/* A ref that starts with a tag of the file's references names the
** document too; other refs stay as written. */
START_TEST(test_refs_expand_tags)
{
    LOAD_OK("reglint-rules: 1", "references:",
            "  AB: \"Transport Layer Security in Azure Backup\"",
            "  KB3140245: \"WinHTTP update\"", "rules:",
            "  - id: R1", "    title: t", "    severity: error",
            "    profiles: [p1]",
            "    refs: [\"AB: Configuring SChannel protocols\", KB3140245, "
            "ABC, \"other 1.2\"]",
            "    test: {key: " KEY_X ", value: V}");
    const reglint_rule_info *r = reglint_rules_at(rs, 0);
    ck_assert_uint_eq(r->nrefs, 4);
    ck_assert_str_eq(r->refs[0], "AB: Configuring SChannel protocols \xe2\x80\x94 "
                                 "Transport Layer Security in Azure Backup");
    ck_assert_str_eq(r->refs[1], "KB3140245 \xe2\x80\x94 WinHTTP update");
    ck_assert_str_eq(r->refs[2], "ABC");  /* not the tag AB */
    ck_assert_str_eq(r->refs[3], "other 1.2");
}
END_TEST

START_TEST(test_bom_and_crlf)
{
    const char *t = "\xEF\xBB\xBFreglint-rules: 1\r\nrules:\r\n"
                    "  - id: A\r\n    title: x\r\n    profiles: [p]\r\n"
                    "    refs: [r]\r\n    test: {key: HKLM\\X, value: V}\r\n"
                    "    severity: bad\r\n";
    ck_assert_int_eq(reglint_rules_load_buffer(rs, "t.yaml", t, strlen(t), dg),
                     -1);
    const reglint_diag *d = reglint_diags_at(dg, 0);
    ck_assert_uint_eq(d->line, 8);
    ck_assert_uint_eq(d->column, 15);
    reglint_diags_free(dg);
    dg = reglint_diags_new();
    t = "\xEF\xBB\xBFreglint-rules: 1\r\nrules:\r\n"
        "  - id: A\r\n    title: \"\xC3\xA9t\xC3\xA9\"\r\n"
        "    severity: info\r\n    profiles: [p]\r\n    refs: [r]\r\n"
        "    test: {key: HKLM\\X, value: V}\r\n";
    ck_assert_int_eq(reglint_rules_load_buffer(rs, "t.yaml", t, strlen(t), dg),
                     0);
    ck_assert_str_eq(reglint_rules_at(rs, 0)->text,
                     "id: A\ntitle: \"\xC3\xA9t\xC3\xA9\"\nseverity: info\n"
                     "profiles: [p]\nrefs: [r]\n"
                     "test: {key: HKLM\\X, value: V}");
}
END_TEST

START_TEST(test_build_sets)
{
    LOAD_OK(HEAD, RULE_TOP("A"), "    applies: {builds: \"6002-6003\"}",
            "    test: {key: " KEY_X ", value: V}", RULE_TOP("B"),
            "    applies: {builds: \">= 9600\"}",
            "    test: {key: " KEY_X ", value: V}", RULE_TOP("C"),
            "    applies: {builds: \"7601, 9200\"}",
            "    test: {key: " KEY_X ", value: V}", RULE_TOP("D"),
            "    applies: {builds: \" <9200 , >20000,<=1, 3 - 4 \"}",
            "    test: {key: " KEY_X ", value: V}", RULE_TOP("E"),
            "    applies: {builds: 9600}",
            "    test: {key: " KEY_X ", value: V}");
    const build_set *b = &R(0)->applies.c[0].builds;
    ck_assert_uint_eq(R(0)->applies.n, 1);
    ck_assert_uint_eq(b->n, 1);
    ck_assert_uint_eq(b->r[0].lo, 6002);
    ck_assert_uint_eq(b->r[0].hi, 6003);
    ck_assert(build_set_has(b, 6002) && build_set_has(b, 6003));
    ck_assert(!build_set_has(b, 6001) && !build_set_has(b, 6004));

    b = &R(1)->applies.c[0].builds;
    ck_assert_uint_eq(b->n, 1);
    ck_assert_uint_eq(b->r[0].lo, 9600);
    ck_assert_uint_eq(b->r[0].hi, 0xffffffffu);
    ck_assert(build_set_has(b, 9600) && build_set_has(b, 26100));
    ck_assert(!build_set_has(b, 9599));
    ck_assert_str_eq(reglint_rules_at(rs, 1)->applies, "builds >=9600");

    b = &R(2)->applies.c[0].builds;
    ck_assert_uint_eq(b->n, 2);
    ck_assert_uint_eq(b->r[0].lo, 7601);
    ck_assert_uint_eq(b->r[0].hi, 7601);
    ck_assert_uint_eq(b->r[1].lo, 9200);
    ck_assert_uint_eq(b->r[1].hi, 9200);
    ck_assert(!build_set_has(b, 9600));

    b = &R(3)->applies.c[0].builds;
    ck_assert_uint_eq(b->n, 4);
    ck_assert_uint_eq(b->r[0].lo, 0);
    ck_assert_uint_eq(b->r[0].hi, 9199);
    ck_assert_uint_eq(b->r[1].lo, 20001);
    ck_assert_uint_eq(b->r[1].hi, 0xffffffffu);
    ck_assert_uint_eq(b->r[2].lo, 0);
    ck_assert_uint_eq(b->r[2].hi, 1);
    ck_assert_uint_eq(b->r[3].lo, 3);
    ck_assert_uint_eq(b->r[3].hi, 4);

    b = &R(4)->applies.c[0].builds;
    ck_assert_uint_eq(b->n, 1);
    ck_assert_uint_eq(b->r[0].lo, 9600);

    build_set any = {NULL, 0};
    ck_assert(build_set_has(&any, 0) && build_set_has(&any, 12345));
}
END_TEST

START_TEST(test_role_arch_any_of)
{
    LOAD_OK(HEAD, RULE_TOP("A"),
            "    applies:", "      - {builds: \"6002-6003\", role: server}",
            "      - {role: client, arch: 32-bit}", "      - {}",
            "    test: {key: " KEY_X ", value: V}", RULE_TOP("B"),
            "    applies: {arch: 64-bit, role: client}",
            "    test: {key: " KEY_X ", value: V}");
    const conds *c = &R(0)->applies;
    ck_assert_uint_eq(c->n, 3);
    ck_assert_int_eq(c->c[0].role, ROLE_SERVER);
    ck_assert_int_eq(c->c[0].bits, BITS_ANY);
    ck_assert_uint_eq(c->c[0].builds.n, 1);
    ck_assert_int_eq(c->c[1].role, ROLE_CLIENT);
    ck_assert_int_eq(c->c[1].bits, BITS_32);
    ck_assert_uint_eq(c->c[1].builds.n, 0);
    ck_assert_int_eq(c->c[2].role, ROLE_ANY);
    ck_assert_str_eq(reglint_rules_at(rs, 0)->applies,
                     "builds 6002-6003; server or client; 32-bit or all");
    c = &R(1)->applies;
    ck_assert_uint_eq(c->n, 1);
    ck_assert_int_eq(c->c[0].role, ROLE_CLIENT);
    ck_assert_int_eq(c->c[0].bits, BITS_64);
    ck_assert_str_eq(reglint_rules_at(rs, 1)->applies, "client; 64-bit");
    /* Bad role and arch. */
    LOAD_ERR(8, 21, "rule-invalid", "rule C: unknown role 'dc'", HEAD,
             RULE_TOP("C"), "    applies: {role: dc}",
             "    test: {key: " KEY_X ", value: V}");
    LOAD_ERR(8, 21, "rule-invalid", "rule C: unknown arch 'x64'", HEAD,
             RULE_TOP("C"), "    applies: {arch: x64}",
             "    test: {key: " KEY_X ", value: V}");
}
END_TEST

START_TEST(test_value_test_absent)
{
    LOAD_OK(HEAD, RULE_TOP("A"), "    test:",
            "      keys: [" KEY_X ", \"HKLM\\\\SOFTWARE\\\\WOW6432Node\\\\X\"]",
            "      value: Enabled", "      type: REG_DWORD",
            "      expect: {nonzero: true}",
            "      absent:",
            "        - when: {builds: \">= 9600\"}",
            "          result: pass",
            "          reason: \"on by default\"",
            "        - when: [{builds: \"9200\"}, {role: client}]",
            "          result: fail",
            "          severity: warning",
            "        - when: {builds: \"7601\"}",
            "          result: default",
            "          default: 0x1",
            "        - result: unknown",
            "      key-absent: n/a",
            "      key-absent-reason: \"no such key\"",
            RULE_TOP("B"), "    test:", "      key: " KEY_X,
            "      value: V", "      absent: pass");
    const rule_test *t = &R(0)->test;
    ck_assert_int_eq(t->kind, T_VALUE);
    ck_assert_uint_eq(t->nkeys, 2);
    ck_assert_str_eq(t->keys[0], "HKEY_LOCAL_MACHINE\\SOFTWARE\\X");
    ck_assert_str_eq(t->keys[1],
                     "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\X");
    ck_assert_str_eq(t->value, "Enabled");
    ck_assert_int_eq(t->expect.kind, EX_NONZERO);
    ck_assert_uint_eq(t->absent.n, 4);
    const absent_case *c = t->absent.c;
    ck_assert_uint_eq(c[0].when.n, 1);
    ck_assert_int_eq(c[0].result, REGLINT_PASS);
    ck_assert(!c[0].use_default);
    ck_assert_int_eq(c[0].severity, 0);
    ck_assert_str_eq(c[0].reason, "on by default");
    ck_assert_uint_eq(c[0].loc.line, 14);
    ck_assert_uint_eq(c[0].loc.col, 11);
    ck_assert_uint_eq(c[1].when.n, 2);
    ck_assert_int_eq(c[1].when.c[1].role, ROLE_CLIENT);
    ck_assert_int_eq(c[1].result, REGLINT_FAIL);
    ck_assert_int_eq(c[1].severity, REGLINT_LEVEL_WARNING);
    ck_assert_ptr_null(c[1].reason);
    ck_assert(c[2].use_default);
    ck_assert_uint_eq(c[2].default_num, 1);
    ck_assert_uint_eq(c[3].when.n, 0);
    ck_assert_int_eq(c[3].result, REGLINT_UNKNOWN);
    ck_assert(t->has_key_absent);
    ck_assert_int_eq(t->key_absent, REGLINT_NA);
    ck_assert_str_eq(t->key_absent_reason, "no such key");

    t = &R(1)->test;
    ck_assert_uint_eq(t->absent.n, 1);
    ck_assert_uint_eq(t->absent.c[0].when.n, 0);
    ck_assert_int_eq(t->absent.c[0].result, REGLINT_PASS);
    ck_assert(!t->has_key_absent);

    /* absent: default needs the number; default needs result: default. */
    LOAD_ERR(12, 15, "rule-invalid", "rule C: 'absent: default' needs",
             HEAD, RULE_TOP("C"), "    test:", "      key: " KEY_X,
             "      value: V", "      expect: {equals: 1}",
             "      absent: default");
    LOAD_ERR(14, 11, "rule-invalid", "rule C: 'default' goes only with",
             HEAD, RULE_TOP("C"), "    test:", "      key: " KEY_X,
             "      value: V", "      expect: {equals: 1}",
             "      absent:", "        - result: pass", "          default: 1");
}
END_TEST

START_TEST(test_expectations)
{
    LOAD_OK(HEAD,
            RULE_TOP("EQ"), "    test: {key: " KEY_X ", value: V, expect: {equals: 0xffffffff}}",
            RULE_TOP("EQS"), "    test: {key: " KEY_X ", value: V, type: REG_SZ, expect: {equals: \"1.2\"}}",
            RULE_TOP("ONE"), "    test: {key: " KEY_X ", value: V, expect: {one-of: [0, 1, 0x10]}}",
            RULE_TOP("BITS"), "    test: {key: " KEY_X ", value: V, expect: {bits-set: 0x800, bits-clear: 0xA8}}",
            RULE_TOP("MIN"), "    test: {key: " KEY_X ", value: V, type: REG_QWORD, expect: {min: 18446744073709551615}}",
            RULE_TOP("TOK"), "    test: {key: " KEY_X ", value: V, type: REG_MULTI_SZ, expect: {tokens-exclude: [RC4, 3DES]}}",
            RULE_TOP("SET"), "    test: {key: " KEY_X ", value: V, expect: {bits-set: 2}}",
            RULE_TOP("TYPE"), "    test: {key: " KEY_X ", value: V, type: REG_BINARY}");
    ck_assert_int_eq(R(0)->test.expect.kind, EX_EQUALS);
    ck_assert_uint_eq(R(0)->test.expect.num, 0xffffffffu);
    ck_assert_ptr_null(R(0)->test.expect.str);
    ck_assert_int_eq(R(1)->test.expect.kind, EX_EQUALS);
    ck_assert_uint_eq(R(1)->test.type, REGLINT_REG_SZ);
    ck_assert_str_eq(R(1)->test.expect.str, "1.2");
    ck_assert_int_eq(R(2)->test.expect.kind, EX_ONE_OF);
    ck_assert_uint_eq(R(2)->test.expect.nnums, 3);
    ck_assert_uint_eq(R(2)->test.expect.nums[2], 16);
    ck_assert_int_eq(R(3)->test.expect.kind, EX_BITS);
    ck_assert_uint_eq(R(3)->test.expect.set_bits, 0x800);
    ck_assert_uint_eq(R(3)->test.expect.clear_bits, 0xa8);
    ck_assert_int_eq(R(4)->test.expect.kind, EX_MIN);
    ck_assert_uint_eq(R(4)->test.type, REGLINT_REG_QWORD);
    ck_assert(R(4)->test.expect.num == UINT64_MAX);
    ck_assert_int_eq(R(5)->test.expect.kind, EX_TOKENS_EXCLUDE);
    ck_assert_uint_eq(R(5)->test.expect.ntokens, 2);
    ck_assert_str_eq(R(5)->test.expect.tokens[1], "3DES");
    ck_assert_int_eq(R(6)->test.expect.kind, EX_BITS);
    ck_assert_uint_eq(R(6)->test.expect.set_bits, 2);
    ck_assert_uint_eq(R(6)->test.expect.clear_bits, 0);
    ck_assert_uint_eq(R(7)->test.type, REGLINT_REG_BINARY);
    ck_assert_int_eq(R(7)->test.expect.kind, EX_NONE);

    /* Each error is at the node its marker starts. */
    static const struct {
        const char *line, *at, *msg;
    } bad[] = {
        {"    test: {key: " KEY_X ", value: V, expect: {equal: 1}}", "equal",
         "unknown expectation 'equal' (expected equals, one-of"},
        {"    test: {key: " KEY_X ", value: V, expect: {min: 1, equals: 1}}",
         "equals", "one expectation"},
        {"    test: {key: " KEY_X ", value: V, expect: {nonzero: false}}",
         "false", "'nonzero' takes only 'true'"},
        {"    test: {key: " KEY_X ", value: V, expect: {tokens-exclude: [a]}}",
         "tokens", "needs a string type"},
        {"    test: {key: " KEY_X ", value: V, type: REG_SZ, expect: {min: 1}}",
         "min", "needs a number type"},
        {"    test: {key: " KEY_X ", value: V, type: REG_WORD}", "REG_WORD",
         "unknown type 'REG_WORD'"},
        {"    test: {key: " KEY_X ", value: V, expect: {bits-set: 3, "
         "bits-clear: 1}}", "1}}", "share bits"},
        {"    test: {key: " KEY_X ", value: V, expect: {}}", "{}",
         "'expect' is empty"},
        {"    test: {key: " KEY_X ", value: V, type: REG_BINARY, expect: "
         "{equals: 1}}", "equals", "needs a number or string type"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        unsigned col = (unsigned)(strstr(bad[i].line, bad[i].at) -
                                  bad[i].line) + 1;
        LOAD_ERR(8, col, "rule-invalid", bad[i].msg, HEAD, RULE_TOP("Z"),
                 bad[i].line);
    }
}
END_TEST

START_TEST(test_key_exists_absent)
{
    LOAD_OK(HEAD, RULE_TOP("A"), "    test:", "      key-exists:",
            "        - HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\"
            "Component Based Servicing\\Packages\\Package_for_KB4019276~*",
            "        - HKLM\\SOFTWARE\\B?", RULE_TOP("B"),
            "    test: {key-absent: HKLM\\SOFTWARE\\Disallowed\\X}");
    const rule_test *t = &R(0)->test;
    ck_assert_int_eq(t->kind, T_KEY_EXISTS);
    ck_assert_uint_eq(t->nkeys, 2);
    ck_assert_str_eq(t->keys[0],
                     "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\"
                     "CurrentVersion\\Component Based Servicing\\Packages\\"
                     "Package_for_KB4019276~*");
    ck_assert_str_eq(t->keys[1], "HKEY_LOCAL_MACHINE\\SOFTWARE\\B?");
    t = &R(1)->test;
    ck_assert_int_eq(t->kind, T_KEY_ABSENT);
    ck_assert_uint_eq(t->nkeys, 1);
    ck_assert_str_eq(t->keys[0], "HKEY_LOCAL_MACHINE\\SOFTWARE\\Disallowed\\X");
}
END_TEST

START_TEST(test_protocol_tests)
{
    LOAD_OK(HEAD, RULE_TOP("A"), "    test:", "      protocol: tls 1.2",
            "      role: client", "      explicit: enabled",
            "      implicit:", "        - states: [on]",
            "          result: fail", "          severity: warning",
            "          reason: \"on by default, not set explicitly\"",
            "        - states: unknown", "          result: unknown",
            RULE_TOP("B"), "    test: {protocol: SSL 3.0, role: server, "
                           "states: [off, unsupported, on-request]}",
            RULE_TOP("C"), "    test: {protocol: TLS 1.0, role: server, "
                           "explicit: disabled}");
    const rule_test *t = &R(0)->test;
    ck_assert_int_eq(t->kind, T_PROTOCOL);
    ck_assert_str_eq(t->protocol, "TLS 1.2");
    ck_assert_str_eq(t->role, "Client");
    ck_assert_int_eq(t->explicit_state, 1);
    ck_assert_uint_eq(t->states, 0);
    ck_assert_uint_eq(t->nimplicit, 2);
    ck_assert_uint_eq(t->implicit[0].states, STATE_BIT(REGLINT_STATE_ON));
    ck_assert_int_eq(t->implicit[0].result, REGLINT_FAIL);
    ck_assert_int_eq(t->implicit[0].severity, REGLINT_LEVEL_WARNING);
    ck_assert_str_eq(t->implicit[0].reason,
                     "on by default, not set explicitly");
    ck_assert_uint_eq(t->implicit[1].states,
                      STATE_BIT(REGLINT_STATE_UNKNOWN));
    ck_assert_int_eq(t->implicit[1].result, REGLINT_UNKNOWN);
    ck_assert_int_eq(t->implicit[1].severity, 0);
    t = &R(1)->test;
    ck_assert_str_eq(t->role, "Server");
    ck_assert_uint_eq(t->states, STATE_BIT(REGLINT_STATE_OFF) |
                                     STATE_BIT(REGLINT_STATE_UNSUPPORTED) |
                                     STATE_BIT(REGLINT_STATE_ON_REQUEST));
    ck_assert_int_eq(t->explicit_state, 0);
    ck_assert_int_eq(R(2)->test.explicit_state, 2);
    ck_assert_uint_eq(R(2)->test.nimplicit, 0);

    LOAD_ERR(9, 17, "rule-invalid", "rule D: unknown protocol 'TLS 1.4'",
             HEAD, RULE_TOP("D"), "    test:", "      protocol: TLS 1.4",
             "      role: client", "      states: [on]");
    LOAD_ERR(12, 7, "rule-invalid", "rule D: 'implicit' goes only with "
                                    "'explicit'",
             HEAD, RULE_TOP("D"), "    test:", "      protocol: TLS 1.2",
             "      role: client", "      states: [on]",
             "      implicit: [{states: [on], result: pass}]");
    LOAD_ERR(11, 20, "rule-invalid", "rule D: unknown state 'enabled'",
             HEAD, RULE_TOP("D"), "    test:", "      protocol: TLS 1.2",
             "      role: client", "      states: [on, enabled]");
}
END_TEST

START_TEST(test_protocol_names_from_table)
{
    /* Once a table is loaded, its names are the ones a test may use. */
    LOAD_OK("reglint-rules: 1", "schannel-defaults:",
            "  protocols: [TLS 1.2, QUIC 1]", "  rows:",
            "    - {builds: \"1\", TLS 1.2: enabled, QUIC 1: unknown}",
            "rules:", RULE_TOP("A"),
            "    test: {protocol: quic 1, role: client, states: [on]}");
    ck_assert_str_eq(R(0)->test.protocol, "QUIC 1");
    LOAD_ERR(8, 22, "rule-invalid", "unknown protocol 'TLS 1.3'", HEAD,
             RULE_TOP("B"),
             "    test: {protocol: TLS 1.3, role: client, states: [on]}");
}
END_TEST

START_TEST(test_all_any_escalate)
{
    LOAD_OK(HEAD, RULE_TOP("A"), "    test:", "      any-of:",
            "        - {key: " KEY_X ", value: A, expect: {equals: 1}}",
            "        - all-of:",
            "            - key: " KEY_X, "              value: B",
            "              applies: {arch: 64-bit}",
            "            - {key-exists: [HKLM\\SOFTWARE\\Y]}",
            "          applies: {builds: \"9600\"}",
            "    escalate:",
            "      when: {key: HKLM\\SOFTWARE\\Policies\\Microsoft\\"
            "SystemCertificates\\AuthRoot, value: DisableRootAutoUpdate, "
            "expect: {equals: 1}}",
            "      severity: error",
            "      reason: \"root auto-update is disabled\"");
    const rule *r = R(0);
    ck_assert_int_eq(r->test.kind, T_ANY_OF);
    ck_assert_uint_eq(r->test.nsub, 2);
    ck_assert_int_eq(r->test.sub[0].kind, T_VALUE);
    ck_assert_str_eq(r->test.sub[0].value, "A");
    ck_assert_uint_eq(r->test.sub[0].applies.n, 0);
    const rule_test *all = &r->test.sub[1];
    ck_assert_int_eq(all->kind, T_ALL_OF);
    ck_assert_uint_eq(all->applies.n, 1);
    ck_assert_uint_eq(all->applies.c[0].builds.r[0].lo, 9600);
    ck_assert_uint_eq(all->nsub, 2);
    ck_assert_int_eq(all->sub[0].kind, T_VALUE);
    ck_assert_int_eq(all->sub[0].applies.c[0].bits, BITS_64);
    ck_assert_int_eq(all->sub[1].kind, T_KEY_EXISTS);
    ck_assert_uint_eq(all->loc.line, 11);
    ck_assert_uint_eq(all->loc.col, 11);
    ck_assert_ptr_nonnull(r->escalate);
    ck_assert_int_eq(r->escalate->when.kind, T_VALUE);
    ck_assert_str_eq(r->escalate->when.value, "DisableRootAutoUpdate");
    ck_assert_int_eq(r->escalate->when.expect.kind, EX_EQUALS);
    ck_assert_uint_eq(r->escalate->when.expect.num, 1);
    ck_assert_int_eq(r->escalate->severity, REGLINT_LEVEL_ERROR);
    ck_assert_str_eq(r->escalate->reason, "root auto-update is disabled");

    /* applies belongs on the rule or on sub-tests only; escalate's when is
    ** a value test; a builtin stands alone. */
    LOAD_ERR(10, 7, "rule-invalid", "rule B: 'applies' goes on the rule",
             HEAD, RULE_TOP("B"), "    test:", "      key: " KEY_X,
             "      applies: {arch: 64-bit}", "      value: V");
    LOAD_ERR(10, 14, "rule-invalid", "rule B: escalate's 'when' must be a "
                                     "value test",
             HEAD, RULE_TOP("B"), "    test: {key: " KEY_X ", value: V}",
             "    escalate:", "      when: {key-exists: [" KEY_X "]}",
             "      severity: error");
    LOAD_ERR(9, 17, "rule-invalid", "rule B: a builtin test stands alone",
             HEAD, RULE_TOP("B"), "    test:",
             "      all-of: [{builtin: value-types}]");
}
END_TEST

START_TEST(test_builtins)
{
    LOAD_OK(HEAD,
            RULE_TOP("TYPES"), "    test: {builtin: value-types}",
            RULE_TOP("NAMES"), "    test:", "      builtin: key-names",
            "      watch:",
            "        - key: HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
            "SecurityProviders\\SCHANNEL\\Protocols\\*",
            "          subkeys: [Client, Server]",
            "          values: [Enabled]",
            "          near-subkeys: [X]",
            "          near-values: [DisabledByDefault, Y]",
            RULE_TOP("RANGE"), "    test:", "      builtin: value-range",
            "      values:",
            "        - {key: HKLM\\SYSTEM\\CCS\\*\\*, names: [Enabled, "
            "DisabledByDefault]}",
            "      allowed: [0, 1]",
            "      exceptions:",
            "        - {value: Enabled, equals: 0xffffffff, severity: info, "
            "reason: legacy}",
            RULE_TOP("CONTRA"), "    test:", "      builtin: contradictions",
            "      keys: [HKLM\\SYSTEM\\X\\*\\*, HKLM\\SYSTEM\\Y]",
            RULE_TOP("DRIFT"), "    test:",
            "      builtin: control-set-drift",
            "      subtree: \"\\\\Control\\\\\\\\SecurityProviders\\\\SCHANNEL\\\\\"",
            RULE_TOP("SQL"), "    test:", "      builtin: sql-server-builds",
            "      instances: [HKLM\\SOFTWARE\\Microsoft\\Microsoft SQL "
            "Server, HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Microsoft SQL "
            "Server]",
            "      pass-from: \"13.0\"",
            "      branches:",
            "        - {name: \"2014 SP1 CU\", from: \"12.0.4400\", to: "
            "\"12.0.5000\", min: \"12.0.4439.1\"}",
            "        - {name: \"2005\", from: \"9.0\", to: \"10.0\", min: "
            "none}",
            "      flagged: [\"10.50.6537.0\", 11.0.6615.2]");
    const rule_test *t = &R(0)->test;
    ck_assert_int_eq(t->kind, T_BUILTIN);
    ck_assert_int_eq(t->builtin, B_VALUE_TYPES);

    t = &R(1)->test;
    ck_assert_int_eq(t->builtin, B_KEY_NAMES);
    ck_assert_uint_eq(t->params.nwatch, 1);
    const name_watch *w = &t->params.watch[0];
    ck_assert_str_eq(w->key, "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\"
                             "Control\\SecurityProviders\\SCHANNEL\\"
                             "Protocols\\*");
    ck_assert_uint_eq(w->nsubkeys, 2);
    ck_assert_str_eq(w->subkeys[1], "Server");
    ck_assert_uint_eq(w->nvalues, 1);
    ck_assert_uint_eq(w->nnear_subkeys, 1);
    ck_assert_uint_eq(w->nnear_values, 2);
    ck_assert_str_eq(w->near_values[1], "Y");

    t = &R(2)->test;
    ck_assert_int_eq(t->builtin, B_VALUE_RANGE);
    ck_assert_uint_eq(t->params.nrange, 1);
    ck_assert_str_eq(t->params.range[0].key,
                     "HKEY_LOCAL_MACHINE\\SYSTEM\\CCS\\*\\*");
    ck_assert_uint_eq(t->params.range[0].nnames, 2);
    ck_assert_uint_eq(t->params.nallowed, 2);
    ck_assert_uint_eq(t->params.allowed[1], 1);
    ck_assert_uint_eq(t->params.nexceptions, 1);
    ck_assert_str_eq(t->params.exceptions[0].value, "Enabled");
    ck_assert_uint_eq(t->params.exceptions[0].equals, 0xffffffffu);
    ck_assert_int_eq(t->params.exceptions[0].severity, REGLINT_LEVEL_INFO);
    ck_assert_str_eq(t->params.exceptions[0].reason, "legacy");

    t = &R(3)->test;
    ck_assert_int_eq(t->builtin, B_CONTRADICTIONS);
    ck_assert_uint_eq(t->params.nrange, 2);
    ck_assert_str_eq(t->params.range[1].key, "HKEY_LOCAL_MACHINE\\SYSTEM\\Y");
    ck_assert_uint_eq(t->params.range[1].nnames, 0);

    t = &R(4)->test;
    ck_assert_int_eq(t->builtin, B_CONTROL_SET_DRIFT);
    ck_assert_str_eq(t->params.subtree,
                     "Control\\SecurityProviders\\SCHANNEL");

    t = &R(5)->test;
    const builtin_params *p = &t->params;
    ck_assert_int_eq(t->builtin, B_SQL_SERVER_BUILDS);
    ck_assert_uint_eq(p->nroots, 2);
    ck_assert_str_eq(p->instance_roots[0],
                     "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL "
                     "Server");
    ck_assert_uint_eq(p->pass_from.part[0], 13);
    ck_assert_uint_eq(p->pass_from.part[1], 0);
    ck_assert_uint_eq(p->nbranches, 2);
    ck_assert_str_eq(p->branches[0].name, "2014 SP1 CU");
    ck_assert_uint_eq(p->branches[0].from.part[2], 4400);
    ck_assert_uint_eq(p->branches[0].to.part[2], 5000);
    ck_assert(p->branches[0].has_min);
    ck_assert_uint_eq(p->branches[0].min.part[2], 4439);
    ck_assert_uint_eq(p->branches[0].min.part[3], 1);
    ck_assert(!p->branches[1].has_min);
    ck_assert_uint_eq(p->nflagged, 2);
    ck_assert_uint_eq(p->flagged[0].part[1], 50);
    ck_assert_uint_eq(p->flagged[1].part[3], 2);

    /* Parameter errors. */
    LOAD_ERR(11, 18, "rule-invalid", "rule Z: bad version '12.x'", HEAD,
             RULE_TOP("Z"), "    test:", "      builtin: sql-server-builds",
             "      instances: [" KEY_X "]", "      pass-from: \"12.x\"");
    LOAD_ERR(9, 7, "rule-invalid", "rule Z: 'key-names' needs 'watch'",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: key-names");
    LOAD_ERR(11, 11, "rule-invalid", "rule Z: a 'watch' entry needs at least "
                                     "one of",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: key-names",
             "      watch:", "        - key: " KEY_X);
    LOAD_ERR(10, 16, "rule-invalid", "rule Z: 'subtree' is a path below",
             HEAD, RULE_TOP("Z"), "    test:",
             "      builtin: control-set-drift", "      subtree: HKLM\\SYSTEM");
}
END_TEST

START_TEST(test_builtins_paths_and_twins)
{
    LOAD_OK(HEAD,
            RULE_TOP("PATHS"), "    test:", "      builtin: key-paths",
            "      places:",
            "        - names: [SCHANNEL]",
            "          at: [HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
            "SecurityProviders]",
            "          look: HKLM\\SYSTEM",
            "          except: [HKLM\\SYSTEM\\*\\Services\\EventLog]",
            "        - names: [v4.0.30319, v2.0.50727]",
            "          at: [HKLM\\SOFTWARE\\Microsoft\\.NETFramework, "
            "HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework]",
            "          look: [HKLM\\SOFTWARE]",
            "      read:",
            "        - {key: HKLM\\SYSTEM\\*\\Control, depth: 2}",
            "        - {key: HKLM\\SYSTEM\\*\\Control\\SecurityProviders"
            "\\SCHANNEL, depth: subtree}",
            RULE_TOP("TWINS"), "    test:", "      builtin: view-twins",
            "      pairs:",
            "        - native: HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\"
            "v4.0.30319",
            "          wow: hklm\\software\\wow6432node\\microsoft\\"
            ".netframework\\v4.0.30319",
            "          names: [SchUseStrongCrypto, SystemDefaultTlsVersions]");
    const rule_test *t = &R(0)->test;
    const builtin_params *p = &t->params;
    ck_assert_int_eq(t->builtin, B_KEY_PATHS);
    ck_assert_uint_eq(p->nplaces, 2);
    ck_assert_uint_eq(p->places[0].nnames, 1);
    ck_assert_str_eq(p->places[0].names[0], "SCHANNEL");
    ck_assert_uint_eq(p->places[0].nat, 1);
    ck_assert_str_eq(p->places[0].at[0], "HKEY_LOCAL_MACHINE\\SYSTEM\\"
                     "CurrentControlSet\\Control\\SecurityProviders");
    ck_assert_uint_eq(p->places[0].nlook, 1);
    ck_assert_str_eq(p->places[0].look[0], "HKEY_LOCAL_MACHINE\\SYSTEM");
    ck_assert_uint_eq(p->places[0].nexcept, 1);
    ck_assert_str_eq(p->places[0].except[0],
                     "HKEY_LOCAL_MACHINE\\SYSTEM\\*\\Services\\EventLog");
    ck_assert_uint_eq(p->places[1].nnames, 2);
    ck_assert_str_eq(p->places[1].names[1], "v2.0.50727");
    ck_assert_uint_eq(p->places[1].nat, 2);
    ck_assert_uint_eq(p->places[1].nexcept, 0);
    ck_assert_uint_eq(p->nreads, 2);
    ck_assert_str_eq(p->reads[0].key,
                     "HKEY_LOCAL_MACHINE\\SYSTEM\\*\\Control");
    ck_assert_int_eq(p->reads[0].depth, 2);
    ck_assert_int_eq(p->reads[1].depth, REGLINT_SCOPE_SUBTREE);

    t = &R(1)->test;
    p = &t->params;
    ck_assert_int_eq(t->builtin, B_VIEW_TWINS);
    ck_assert_uint_eq(p->ntwins, 1);
    ck_assert_str_eq(p->twins[0].native, "HKEY_LOCAL_MACHINE\\SOFTWARE\\"
                     "Microsoft\\.NETFramework\\v4.0.30319");
    ck_assert_str_eq(p->twins[0].wow, "HKEY_LOCAL_MACHINE\\software\\"
                     "wow6432node\\microsoft\\.netframework\\v4.0.30319");
    ck_assert_uint_eq(p->twins[0].nnames, 2);
    ck_assert_str_eq(p->twins[0].names[1], "SystemDefaultTlsVersions");

    /* Parameter errors, at the node at fault. */
    LOAD_ERR(9, 7, "rule-invalid", "rule Z: 'key-paths' needs 'places'",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: key-paths");
    LOAD_ERR(11, 11, "rule-invalid", "rule Z: a 'places' entry needs 'look'",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: key-paths",
             "      places:", "        - {names: [A], at: [" KEY_X "]}");
    LOAD_ERR(11, 72, "rule-invalid", "rule Z: unknown key 'where' in a "
                                     "'places' entry",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: key-paths",
             "      places:", "        - {names: [A], at: [" KEY_X "], "
             "look: [" KEY_X "], where: x}");
    LOAD_ERR(11, 20, "rule-invalid", "rule Z: 'names': a key name, without "
                                     "backslashes or globs: 'TLS*'",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: key-paths",
             "      places:", "        - {names: [TLS*], at: [" KEY_X "], "
             "look: [" KEY_X "]}");
    LOAD_ERR(11, 29, "rule-invalid", "rule Z: not a key path: 'SYSTEM\\X'",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: key-paths",
             "      places:", "        - {names: [A], at: [SYSTEM\\X], "
             "look: [" KEY_X "]}");
    LOAD_ERR(13, 41, "rule-invalid", "rule Z: number 513 for 'depth' is out "
                                     "of range",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: key-paths",
             "      places:", "        - {names: [A], at: [" KEY_X "], "
             "look: [" KEY_X "]}", "      read:",
             "        - {key: " KEY_X ", depth: 513}");
    LOAD_ERR(13, 11, "rule-invalid", "rule Z: a 'read' entry needs 'depth'",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: key-paths",
             "      places:", "        - {names: [A], at: [" KEY_X "], "
             "look: [" KEY_X "]}", "      read:",
             "        - {key: " KEY_X "}");
    LOAD_ERR(9, 7, "rule-invalid", "rule Z: 'view-twins' needs 'pairs'",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: view-twins");
    LOAD_ERR(11, 42, "rule-invalid", "rule Z: 'wow' is the same key as "
                                     "'native'",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: view-twins",
             "      pairs:", "        - {native: " KEY_X ", wow: hklm\\"
             "software\\x, names: [V]}");
    LOAD_ERR(11, 42, "rule-invalid", "rule Z: 'wow': a glob (* or ?) is "
                                     "not allowed here",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: view-twins",
             "      pairs:", "        - {native: " KEY_X ", wow: " KEY_X
             "\\*, names: [V]}");
    LOAD_ERR(11, 11, "rule-invalid", "rule Z: a 'pairs' entry needs 'names'",
             HEAD, RULE_TOP("Z"), "    test:", "      builtin: view-twins",
             "      pairs:", "        - {native: " KEY_X ", wow: " KEY_X
             "\\Y}");
}
END_TEST

/* remedy: what to do when no registry value fixes a failure. */
START_TEST(test_remedy)
{
    LOAD_OK(HEAD, RULE_TOP("R-1"),
            "    test: {key-exists: [" KEY_X "\\Package_for_KB1~*]}",
            "    remedy: >-", "      Install KB1,", "      then restart.",
            RULE_TOP("R-2"), "    test: {key: " KEY_X ", value: V}",
            "    fix: |", "      [HKEY_LOCAL_MACHINE\\SOFTWARE\\X]",
            "      \"V\"=dword:00000001");
    ck_assert_str_eq(reglint_rules_at(rs, 0)->remedy,
                     "Install KB1, then restart.");
    ck_assert_ptr_null(reglint_rules_at(rs, 0)->fix);
    ck_assert_ptr_null(reglint_rules_at(rs, 1)->remedy);
    /* It is part of the rule as written. */
    ck_assert_ptr_nonnull(strstr(reglint_rules_at(rs, 0)->text,
                                 "remedy: >-\n  Install KB1,"));

    /* A failure shows its fix or its remedy: both is a mistake. */
    LOAD_ERR(10, 5, "rule-invalid", "rule R-3: a rule has 'fix' (registry "
                                    "lines) or 'remedy'",
             HEAD, RULE_TOP("R-3"), "    test: {key: " KEY_X ", value: V}",
             "    fix: \"[HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\X]\"",
             "    remedy: Install it");
    LOAD_ERR(9, 13, "rule-invalid", "rule R-3: 'remedy' is empty", HEAD,
             RULE_TOP("R-3"), "    test: {key: " KEY_X ", value: V}",
             "    remedy: \"\"");
    LOAD_ERR(9, 13, "rule-invalid", "rule R-3: 'remedy' must be a string, "
                                    "not a list",
             HEAD, RULE_TOP("R-3"), "    test: {key: " KEY_X ", value: V}",
             "    remedy: [a, b]");
    LOAD_ERR(9, 5, "rule-invalid", "rule R-3: unknown key 'remedies' in a "
                                   "rule",
             HEAD, RULE_TOP("R-3"), "    test: {key: " KEY_X ", value: V}",
             "    remedies: x");
    /* Bounded like every string (the YAML reader stops it first). */
    size_t n = (64u << 10) + 1;
    char *big = malloc(n + 16);
    ck_assert_ptr_nonnull(big);
    memcpy(big, "    remedy: ", 12);
    memset(big + 12, 'a', n);
    big[12 + n] = '\0';
    LOAD_ERR(9, 13, "rule-invalid", "longer than 65536 bytes",
             HEAD, RULE_TOP("R-3"), "    test: {key: " KEY_X ", value: V}",
             big);
    free(big);

    /* The shipped rules that say they are not a registry fix have a
    ** remedy and no fix; any rule with a remedy has no fix. */
    reglint_rules_free(rs);
    rs = reglint_rules_new();
    ck_assert_int_eq(reglint_rules_load_builtin(rs, dg), 0);
    size_t with = 0;
    for (size_t i = 0; i < reglint_rules_count(rs); i++) {
        const reglint_rule_info *r = reglint_rules_at(rs, i);
        bool says = r->description &&
                    (strstr(r->description, "Not a registry fix") ||
                     strstr(r->description, "Not a one-line registry fix"));
        ck_assert_msg(!says || r->remedy, "%s: no remedy", r->id);
        ck_assert_msg(!r->remedy || !r->fix, "%s: fix and remedy", r->id);
        with += r->remedy != NULL;
    }
    ck_assert_uint_ge(with, 9);
    ck_assert_ptr_nonnull(reglint_rules_find(rs, "AP-SQL-TLS12")->remedy);
    ck_assert_ptr_nonnull(strstr(reglint_rules_find(rs, "AB-KB3140245")
                                     ->remedy, "Install KB3140245"));
}
END_TEST

START_TEST(test_schannel_defaults)
{
    LOAD_OK("reglint-rules: 1", "schannel-defaults:",
            "  ref: \"tls-facts 1.1\"",
            "  protocols: [SSL 2.0, TLS 1.2, TLS 1.3]",
            "  rows:",
            "    - builds: \"6002-6003\"",
            "      role: server",
            "      release: \"Windows Server 2008 SP2\"",
            "      SSL 2.0: {client: disabled, server: enabled}",
            "      TLS 1.2: disabled",
            "      TLS 1.3: not-supported",
            "    - builds: \">= 9600\"",
            "      SSL 2.0: not-supported",
            "      TLS 1.2: enabled",
            "      TLS 1.3: unknown");
    ck_assert_uint_eq(rs->nprotocols, 3);
    ck_assert_str_eq(rs->protocols[1], "TLS 1.2");
    ck_assert_str_eq(rs->defaults_ref, "tls-facts 1.1");
    ck_assert_uint_eq(rs->nrows, 2);
    const default_row *r = &rs->rows[0];
    ck_assert_uint_eq(r->builds.r[0].lo, 6002);
    ck_assert_int_eq(r->role, ROLE_SERVER);
    ck_assert_str_eq(r->release, "Windows Server 2008 SP2");
    ck_assert_int_eq(r->state[0][0], DEF_DISABLED);
    ck_assert_int_eq(r->state[0][1], DEF_ENABLED);
    ck_assert_int_eq(r->state[1][0], DEF_DISABLED);
    ck_assert_int_eq(r->state[1][1], DEF_DISABLED);
    ck_assert_int_eq(r->state[2][0], DEF_UNSUPPORTED);
    r = &rs->rows[1];
    ck_assert_int_eq(r->role, ROLE_ANY);
    ck_assert_ptr_null(r->release);
    ck_assert_int_eq(r->state[0][1], DEF_UNSUPPORTED);
    ck_assert_int_eq(r->state[1][0], DEF_ENABLED);
    ck_assert_int_eq(r->state[2][1], DEF_UNKNOWN);

    /* The last table loaded wins. */
    LOAD_OK("reglint-rules: 1", "schannel-defaults:",
            "  protocols: [TLS 1.2]", "  rows:",
            "    - {builds: \"1-2\", TLS 1.2: enabled}");
    ck_assert_uint_eq(rs->nprotocols, 1);
    ck_assert_uint_eq(rs->nrows, 1);
    ck_assert_ptr_null(rs->defaults_ref);

    /* A row must name every protocol; no unknown protocols or states. */
    LOAD_ERR(5, 7, "rule-invalid", "the row says nothing about 'TLS 1.3'",
             "reglint-rules: 1", "schannel-defaults:",
             "  protocols: [TLS 1.2, TLS 1.3]", "  rows:",
             "    - {builds: \"1\", TLS 1.2: enabled}");
    LOAD_ERR(5, 39, "rule-invalid", "unknown key 'TLS 1.4' in a row",
             "reglint-rules: 1", "schannel-defaults:",
             "  protocols: [TLS 1.2]", "  rows:",
             "    - {builds: \"1\", TLS 1.2: enabled, TLS 1.4: enabled}");
    LOAD_ERR(5, 30, "rule-invalid", "unknown default 'on'",
             "reglint-rules: 1", "schannel-defaults:",
             "  protocols: [TLS 1.2]", "  rows:",
             "    - {builds: \"1\", TLS 1.2: on}");
    ck_assert_uint_eq(rs->nprotocols, 1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Files, profiles, names                                               */
/* ------------------------------------------------------------------ */

START_TEST(test_load_file)
{
    char dir[] = "/tmp/check-rules-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/r.yaml", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("reglint-rules: 1\nrules:\n  - id: F\n    title: t\n"
          "    severity: info\n    profiles: [p]\n    refs: [r]\n"
          "    test: {key: HKLM\\X, value: V}\n", f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(reglint_rules_load_file(rs, path, dg), 0);
    ck_assert_str_eq(reglint_rules_at(rs, 0)->file, path);

    /* Missing, a directory, too big: errno and a diagnostic. */
    snprintf(path, sizeof path, "%s/missing.yaml", dir);
    errno = 0;
    ck_assert_int_eq(reglint_rules_load_file(rs, path, dg), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_uint_eq(reglint_diags_count(dg), 1);
    ck_assert_str_eq(reglint_diags_at(dg, 0)->file, path);
    errno = 0;
    ck_assert_int_eq(reglint_rules_load_file(rs, dir, dg), -1);
    ck_assert_int_eq(errno, EISDIR);
    snprintf(path, sizeof path, "%s/big.yaml", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (16 << 20) + 1), 0);
    close(fd);
    errno = 0;
    ck_assert_int_eq(reglint_rules_load_file(rs, path, dg), -1);
    ck_assert_int_eq(errno, EFBIG);
    ck_assert(strstr(reglint_diags_at(dg, 2)->message, "16 MiB"));
    ck_assert_uint_eq(reglint_rules_count(rs), 1);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_profiles_check)
{
    LOAD_OK(HEAD, "  - id: A", "    title: t", "    severity: info",
            "    profiles: [common]", "    refs: [r]",
            "    test: {key: " KEY_X ", value: V}", "  - id: B",
            "    title: t", "    severity: info",
            "    profiles: [hardening, azure-backup]", "    refs: [r]",
            "    test: {key: " KEY_X ", value: V}");
    size_t n;
    const char *const *p = reglint_rules_profiles(rs, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(p[0], "hardening");
    ck_assert_str_eq(p[1], "azure-backup");
    const char *ok[] = {"all", "common", "hardening", "azure-backup"};
    reglint_check_options o = {ok, 4};
    ck_assert_int_eq(reglint_rules_check_profiles(rs, &o), 0);
    ck_assert_int_eq(reglint_rules_check_profiles(rs, NULL), 0);
    o.nprofiles = 0;
    ck_assert_int_eq(reglint_rules_check_profiles(rs, &o), 0);
    const char *bad[] = {"hardening", "azure-pak"};
    reglint_check_options ob = {bad, 2};
    errno = 0;
    ck_assert_int_eq(reglint_rules_check_profiles(rs, &ob), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_str_eq(reglint_last_error(),
                     "unknown profile 'azure-pak' (known: hardening, "
                     "azure-backup, common, all)");
}
END_TEST

START_TEST(test_level_names)
{
    ck_assert_str_eq(reglint_level_name(REGLINT_LEVEL_INFO), "info");
    ck_assert_str_eq(reglint_level_name(REGLINT_LEVEL_WARNING), "warning");
    ck_assert_str_eq(reglint_level_name(REGLINT_LEVEL_ERROR), "error");
    ck_assert_str_eq(reglint_level_name((reglint_level)0), "unknown");
    ck_assert_int_eq(reglint_level_parse("info"), REGLINT_LEVEL_INFO);
    ck_assert_int_eq(reglint_level_parse("warning"), REGLINT_LEVEL_WARNING);
    ck_assert_int_eq(reglint_level_parse("error"), REGLINT_LEVEL_ERROR);
    ck_assert_int_eq(reglint_level_parse("Error"), -1);
    ck_assert_int_eq(reglint_level_parse("fatal"), -1);
    ck_assert_int_eq(reglint_level_parse(NULL), -1);
}
END_TEST

START_TEST(test_null_and_empty)
{
    ck_assert_uint_eq(reglint_rules_count(NULL), 0);
    ck_assert_ptr_null(reglint_rules_at(NULL, 0));
    ck_assert_ptr_null(reglint_rules_find(rs, "x"));
    reglint_rules_free(NULL);
    /* diags may be NULL: the failure is still reported through errno. */
    const char *t = "reglint-rules: 1\nrules: 3\n";
    errno = 0;
    ck_assert_int_eq(reglint_rules_load_buffer(rs, "t", t, strlen(t), NULL),
                     -1);
    ck_assert_int_eq(errno, EINVAL);
    /* A file with only the header is fine. */
    LOAD_OK("reglint-rules: 1");
    LOAD_OK("reglint-rules: 1", "references: {AB: \"A document\"}",
            "rules: []");
}
END_TEST

static Suite *rules_load_suite(void)
{
    Suite *s = suite_create("rules-load");
    TCase *tc;
#define TC(name)                                                           \
    tc = tcase_create(name);                                               \
    tcase_add_checked_fixture(tc, setup, teardown);                        \
    suite_add_tcase(s, tc)

    TC("builtin");
    tcase_add_test(tc, test_builtin_loads_cleanly);
    tcase_add_test(tc, test_builtin_twice_is_duplicate);
    tcase_add_test(tc, test_refs_expand_tags);

    TC("errors");
    tcase_add_test(tc, test_err_yaml_syntax);
    tcase_add_test(tc, test_err_unknown_key);
    tcase_add_test(tc, test_err_bad_severity);
    tcase_add_test(tc, test_err_bad_builds);
    tcase_add_test(tc, test_err_bad_number);
    tcase_add_test(tc, test_err_duplicate_id);
    tcase_add_test(tc, test_err_missing_title);
    tcase_add_test(tc, test_err_unknown_test_shape);
    tcase_add_test(tc, test_err_bad_path);
    tcase_add_test(tc, test_err_unknown_builtin);
    tcase_add_test(tc, test_err_too_deep);
    tcase_add_test(tc, test_err_file_adds_nothing);
    tcase_add_test(tc, test_err_reports_every_rule);
    tcase_add_test(tc, test_err_structure);

    TC("hostile");
    tcase_add_test(tc, test_hostile_aliases);
    tcase_add_test(tc, test_hostile_yaml_depth);
    tcase_add_test(tc, test_hostile_sizes);
    tcase_add_test(tc, test_hostile_many_errors);

    TC("model");
    tcase_add_test(tc, test_rule_info_fields);
    tcase_add_test(tc, test_bom_and_crlf);
    tcase_add_test(tc, test_build_sets);
    tcase_add_test(tc, test_role_arch_any_of);
    tcase_add_test(tc, test_value_test_absent);
    tcase_add_test(tc, test_expectations);
    tcase_add_test(tc, test_key_exists_absent);
    tcase_add_test(tc, test_protocol_tests);
    tcase_add_test(tc, test_protocol_names_from_table);
    tcase_add_test(tc, test_all_any_escalate);
    tcase_add_test(tc, test_builtins);
    tcase_add_test(tc, test_builtins_paths_and_twins);
    tcase_add_test(tc, test_remedy);
    tcase_add_test(tc, test_schannel_defaults);

    TC("api");
    tcase_add_test(tc, test_load_file);
    tcase_add_test(tc, test_profiles_check);
    tcase_add_test(tc, test_level_names);
    tcase_add_test(tc, test_null_and_empty);
#undef TC
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rules_load_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures ? 1 : 0;
}
