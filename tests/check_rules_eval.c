/*
** check_rules_eval.c — unit tests of running rules (lib/rules_eval.c,
** lib/rules_builtin.c, lib/schannel.c): the Schannel default table and
** effective protocol state; every test shape of the rule format with its
** pass, fail, unknown and n/a cases (expectations, absent values per build,
** defaults, wrong types, key-absent, coverage, OS facts unknown, applies,
** globs, explicit/implicit protocol settings, all-of / any-of, escalation);
** every built-in check; profile selection; CurrentControlSet; and that a
** hive gives the same results as the .reg text it was built from.
**
** Rules are inline YAML (reglint_rules_load_buffer) with a small default
** table of their own, so that these tests pin the evaluator's semantics,
** not the shipped packs (tests/rules/ *.case do those).  Registry content
** is inline .reg text written to a temporary directory.
*/
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reglint.h"
#include "rules_model.h"
#include "test_regf.h"
#include "test_tmpdir.h"

/* ------------------------------------------------------------------ */
/* Fixture                                                              */
/* ------------------------------------------------------------------ */

/* What a test made, freed by the teardown whatever the test did. */
#define KEEP_MAX 64
static reglint_rules *kept_rules[KEEP_MAX];
static reglint_view *kept_views[KEEP_MAX];
static reglint_results *kept_results[KEEP_MAX];
static size_t nkept_rules, nkept_views, nkept_results;

static void setup(void)
{
    tmpdir_make("check-rules-eval");
}

static void teardown(void)
{
    for (size_t i = 0; i < nkept_results; i++)
        reglint_results_free(kept_results[i]);
    for (size_t i = 0; i < nkept_views; i++)
        reglint_view_free(kept_views[i]);
    for (size_t i = 0; i < nkept_rules; i++)
        reglint_rules_free(kept_rules[i]);
    nkept_rules = nkept_views = nkept_results = 0;
    tmpdir_remove();
}

static void print_diags(const reglint_diags *d)
{
    for (size_t i = 0; i < reglint_diags_count(d); i++)
        reglint_diag_print(reglint_diags_at(d, i), stderr);
}

/* The tests' own Schannel default table: the shape of tls-facts §1.1,
** with the 6002 client/server split. */
static const char DEFAULTS[] =
    "reglint-rules: 1\n"
    "schannel-defaults:\n"
    "  ref: \"test table\"\n"
    "  protocols: [SSL 2.0, SSL 3.0, TLS 1.0, TLS 1.1, TLS 1.2, TLS 1.3]\n"
    "  rows:\n"
    "    - builds: \"6002-6003\"\n"
    "      role: server\n"
    "      release: \"Server 2008 SP2\"\n"
    "      SSL 2.0: {client: disabled, server: enabled}\n"
    "      SSL 3.0: enabled\n"
    "      TLS 1.0: enabled\n"
    "      TLS 1.1: disabled\n"
    "      TLS 1.2: disabled\n"
    "      TLS 1.3: not-supported\n"
    "    - builds: \"6000-6001\"\n"
    "      release: \"Vista / 2008\"\n"
    "      SSL 2.0: {client: disabled, server: enabled}\n"
    "      SSL 3.0: enabled\n"
    "      TLS 1.0: enabled\n"
    "      TLS 1.1: not-supported\n"
    "      TLS 1.2: not-supported\n"
    "      TLS 1.3: not-supported\n"
    "    - builds: \"6002-6003\"\n"
    "      role: client\n"
    "      release: \"Vista SP2\"\n"
    "      SSL 2.0: {client: disabled, server: enabled}\n"
    "      SSL 3.0: enabled\n"
    "      TLS 1.0: enabled\n"
    "      TLS 1.1: not-supported\n"
    "      TLS 1.2: not-supported\n"
    "      TLS 1.3: not-supported\n"
    "    - builds: \"7600-7601\"\n"
    "      release: \"7 / 2008 R2\"\n"
    "      SSL 2.0: {client: disabled, server: enabled}\n"
    "      SSL 3.0: enabled\n"
    "      TLS 1.0: enabled\n"
    "      TLS 1.1: disabled\n"
    "      TLS 1.2: disabled\n"
    "      TLS 1.3: not-supported\n"
    "    - builds: \"9200-10586\"\n"
    "      release: \"8 / 2012 / 8.1 / 2012 R2\"\n"
    "      SSL 2.0: disabled\n"
    "      SSL 3.0: enabled\n"
    "      TLS 1.0: enabled\n"
    "      TLS 1.1: enabled\n"
    "      TLS 1.2: enabled\n"
    "      TLS 1.3: not-supported\n"
    "    - builds: \"14393-20347\"\n"
    "      release: \"10 / 2016 / 2019\"\n"
    "      SSL 2.0: not-supported\n"
    "      SSL 3.0: disabled\n"
    "      TLS 1.0: enabled\n"
    "      TLS 1.1: enabled\n"
    "      TLS 1.2: enabled\n"
    "      TLS 1.3: not-supported\n"
    "    - builds: \">= 26100\"\n"
    "      release: \"2025\"\n"
    "      SSL 2.0: not-supported\n"
    "      SSL 3.0: disabled\n"
    "      TLS 1.0: unknown\n"
    "      TLS 1.1: unknown\n"
    "      TLS 1.2: enabled\n"
    "      TLS 1.3: enabled\n";

static reglint_rules *load_rules(const char *yaml)
{
    reglint_rules *rs = reglint_rules_new();
    ck_assert_ptr_nonnull(rs);
    ck_assert_uint_lt(nkept_rules, KEEP_MAX);
    kept_rules[nkept_rules++] = rs;
    reglint_diags *d = reglint_diags_new();
    int rc = reglint_rules_load_buffer(rs, "defaults.yaml", DEFAULTS,
                                       strlen(DEFAULTS), d);
    if (rc == 0 && yaml)
        rc = reglint_rules_load_buffer(rs, "test.yaml", yaml, strlen(yaml),
                                       d);
    print_diags(d);
    ck_assert_msg(rc == 0, "rules do not load: %s", reglint_last_error());
    ck_assert_uint_eq(reglint_diags_count_severity(d, REGLINT_ERROR), 0);
    reglint_diags_free(d);
    return rs;
}

/* A view of the given files (NULL-terminated), loaded with scope (NULL:
** everything). */
static reglint_view *view_files(const reglint_scope *scope, ...)
{
    reglint_view *v = reglint_view_new(NULL);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_lt(nkept_views, KEEP_MAX);
    kept_views[nkept_views++] = v;
    reglint_diags *d = reglint_diags_new();
    va_list ap;
    va_start(ap, scope);
    for (const char *p; (p = va_arg(ap, const char *));)
        ck_assert_uint_ne(reglint_view_add(v, p, NULL, d), 0);
    va_end(ap);
    ck_assert_int_eq(reglint_view_load(v, scope, d), 0);
    print_diags(d);
    ck_assert_uint_eq(reglint_diags_count_severity(d, REGLINT_ERROR), 0);
    reglint_diags_free(d);
    return v;
}

/* The view of one .reg text. */
static reglint_view *view_reg(const char *body)
{
    return view_files(NULL, write_reg(body), (const char *)NULL);
}

static reglint_results *check_view(reglint_rules *rs, reglint_view *v,
                                   const char *os_spec, const char *profile)
{
    reglint_os os;
    ck_assert_int_eq(reglint_os_read(v, &os), 0);
    if (os_spec)
        ck_assert_msg(reglint_os_override(&os, os_spec) == 0, "--os %s: %s",
                      os_spec, reglint_last_error());
    const char *profiles[1] = {profile};
    reglint_check_options o = {profiles, profile ? 1 : 0};
    reglint_results *r = reglint_check(rs, v, &os, &o);
    ck_assert_msg(r != NULL, "check failed: %s", reglint_last_error());
    ck_assert_uint_lt(nkept_results, KEEP_MAX);
    kept_results[nkept_results++] = r;
    return r;
}

/* Rules (profile "t"), one .reg text, an --os spec: the results. */
static reglint_results *run(reglint_rules *rs, const char *reg,
                            const char *os_spec)
{
    return check_view(rs, view_reg(reg), os_spec, "t");
}

static void dump(const reglint_results *r)
{
    for (size_t i = 0; i < reglint_results_count(r); i++) {
        const reglint_result *x = reglint_results_at(r, i);
        fprintf(stderr, "  %s [%s] %s/%s target=%s key=%s actual=%s "
                "reason=%s\n", x->rule->id, x->profile,
                reglint_verdict_name(x->result),
                reglint_level_name(x->severity),
                x->target ? x->target : "-", x->key ? x->key : "-",
                x->actual ? x->actual : "-", x->reason ? x->reason : "-");
    }
}

/* The first result of rule id whose target contains tsub (NULL: any). */
static const reglint_result *get(const reglint_results *r, const char *id,
                                 const char *tsub)
{
    for (size_t i = 0; i < reglint_results_count(r); i++) {
        const reglint_result *x = reglint_results_at(r, i);
        if (strcmp(x->rule->id, id) == 0 &&
            (!tsub || (x->target && strstr(x->target, tsub))))
            return x;
    }
    dump(r);
    ck_abort_msg("no result for %s (target %s)", id, tsub ? tsub : "-");
    return NULL;
}

static size_t count_of(const reglint_results *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < reglint_results_count(r); i++)
        n += strcmp(reglint_results_at(r, i)->rule->id, id) == 0;
    return n;
}

#define EXPECT(x, verdict)                                                 \
    do {                                                                   \
        const reglint_result *x_ = (x);                                    \
        ck_assert_msg(x_->result == (verdict), "%s: %s, expected %s: %s",  \
                      x_->rule->id, reglint_verdict_name(x_->result),      \
                      reglint_verdict_name(verdict),                       \
                      x_->reason ? x_->reason : "(no reason)");            \
    } while (0)

#define EXPECT_FAIL(x, level)                                              \
    do {                                                                   \
        const reglint_result *y_ = (x);                                    \
        EXPECT(y_, REGLINT_FAIL);                                          \
        ck_assert_msg(y_->severity == (level), "%s: severity %s: %s",      \
                      y_->rule->id, reglint_level_name(y_->severity),      \
                      y_->reason ? y_->reason : "");                       \
    } while (0)

#define HAS(s, sub)                                                        \
    do {                                                                   \
        const char *s_ = (s);                                              \
        ck_assert_msg(s_ && strstr(s_, (sub)), "'%s' lacks '%s'",          \
                      s_ ? s_ : "(null)", (sub));                          \
    } while (0)

/* ---- registry paths ---- */

#define HKLM "HKEY_LOCAL_MACHINE"
#define SCH_PATH "\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL"
#define NET4_PATH "\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319"
#define WNET4_PATH "\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319"
#define NET2_PATH "\\SOFTWARE\\Microsoft\\.NETFramework\\v2.0.50727"
#define WH_PATH "\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp"
#define CBS_PATH "\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\Packages"
#define SSL_PATH "\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002"
#define CERT_PATH "\\SOFTWARE\\Microsoft\\SystemCertificates"
#define SQL_PATH "\\SOFTWARE\\Microsoft\\Microsoft SQL Server"
#define WSQL_PATH "\\SOFTWARE\\WOW6432Node\\Microsoft\\Microsoft SQL Server"

/* YAML spelling (HKLM) and .reg key lines. */
#define Y(p) "HKLM" p
#define K(p) "[" HKLM p "]\n"
#define PROT "\\Protocols"

/* A .reg key line that covers all of SCHANNEL, and one for SOFTWARE. */
#define COVER_SCH K(SCH_PATH)
#define COVER_SW K("\\SOFTWARE")

/* A rule's header: id, severity, profiles. */
#define RULE(id, sev, prof)                                               \
    "  - id: " id "\n"                                                     \
    "    title: \"rule " id "\"\n"                                         \
    "    severity: " sev "\n"                                              \
    "    profiles: [" prof "]\n"                                           \
    "    refs: [\"test\"]\n"

/* ------------------------------------------------------------------ */
/* Schannel: default table and effective state                          */
/* ------------------------------------------------------------------ */

static reglint_os os_of(const char *spec)
{
    reglint_os os;
    memset(&os, 0, sizeof os);
    if (spec)
        ck_assert_int_eq(reglint_os_override(&os, spec), 0);
    return os;
}

static size_t proto_index(const reglint_rules *rs, const char *name)
{
    size_t n;
    const char *const *p = reglint_protocols(rs, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i], name) == 0)
            return i;
    ck_abort_msg("no protocol %s", name);
    return 0;
}

START_TEST(defaults_rows)
{
    reglint_rules *rs = load_rules(NULL);
    size_t n;
    const char *const *p = reglint_protocols(rs, &n);
    ck_assert_uint_eq(n, 6);
    ck_assert_str_eq(p[4], "TLS 1.2");
    size_t tls12 = proto_index(rs, "TLS 1.2"), tls10 = proto_index(rs, "TLS 1.0");
    size_t ssl2 = proto_index(rs, "SSL 2.0");
    const default_row *row;
    reglint_os os = os_of("2012r2");
    ck_assert_int_eq(schannel_default(rs, &os, tls12, 0, &row), DEF_ENABLED);
    ck_assert_str_eq(row->release, "8 / 2012 / 8.1 / 2012 R2");
    os = os_of("2008r2");
    ck_assert_int_eq(schannel_default(rs, &os, tls12, 1, NULL), DEF_DISABLED);
    ck_assert_int_eq(schannel_default(rs, &os, ssl2, 0, NULL), DEF_DISABLED);
    ck_assert_int_eq(schannel_default(rs, &os, ssl2, 1, NULL), DEF_ENABLED);
    os = os_of("2008"); /* 6001 */
    ck_assert_int_eq(schannel_default(rs, &os, tls12, 0, NULL),
                     DEF_UNSUPPORTED);
    /* 6002: the server and client rows differ for TLS 1.2. */
    os = os_of("2008sp2");
    ck_assert_int_eq(schannel_default(rs, &os, tls12, 0, &row), DEF_DISABLED);
    ck_assert_str_eq(row->release, "Server 2008 SP2");
    os = os_of("vista");
    ck_assert_int_eq(schannel_default(rs, &os, tls12, 0, &row),
                     DEF_UNSUPPORTED);
    ck_assert_str_eq(row->release, "Vista SP2");
    /* Role unknown: where the rows agree the default is known, where they
    ** differ it is not. */
    os = os_of("6.0.6002");
    ck_assert_int_eq(os.role, REGLINT_ROLE_UNKNOWN);
    ck_assert_int_eq(schannel_default(rs, &os, tls10, 0, &row), DEF_ENABLED);
    ck_assert_ptr_nonnull(row);
    ck_assert_int_eq(schannel_default(rs, &os, tls12, 0, &row), DEF_UNKNOWN);
    ck_assert_ptr_null(row);
    /* Role unknown on a build whose rows do not depend on it. */
    os = os_of("6.3.9600");
    ck_assert_int_eq(schannel_default(rs, &os, tls12, 0, NULL), DEF_ENABLED);
    /* The table's "unknown", no row, no build. */
    os = os_of("2025");
    ck_assert_int_eq(schannel_default(rs, &os, tls10, 0, &row), DEF_UNKNOWN);
    ck_assert_ptr_nonnull(row);
    os = os_of("server:22000"); /* between the rows */
    ck_assert_int_eq(schannel_default(rs, &os, tls12, 0, &row), DEF_UNKNOWN);
    ck_assert_ptr_null(row);
    os = os_of(NULL);
    ck_assert_int_eq(schannel_default(rs, &os, tls12, 0, &row), DEF_UNKNOWN);
    ck_assert_int_eq(schannel_default(rs, &os, 99, 0, &row), DEF_UNKNOWN);
}
END_TEST

/* The effective state of prot/role on the view of body, with os. */
static reglint_protocol_eval effective(const reglint_rules *rs,
                                       const char *body, const char *spec,
                                       const char *prot, const char *role)
{
    reglint_view *v = view_reg(body);
    reglint_os os = os_of(spec);
    reglint_protocol_eval pe;
    ck_assert_msg(reglint_protocol_effective(rs, v, &os, prot, role, &pe) == 0,
                  "%s", reglint_last_error());
    return pe;
}

#define STATE(pe, s)                                                       \
    ck_assert_msg((pe).state == (s), "state %s, expected %s (%s)",         \
                  reglint_protocol_state_name((pe).state),                 \
                  reglint_protocol_state_name(s), (pe).why)

#define C12 K(SCH_PATH PROT "\\TLS 1.2\\Client")

START_TEST(effective_states)
{
    reglint_rules *rs = load_rules(NULL);
    reglint_protocol_eval pe;
    /* Both absent: the table. */
    pe = effective(rs, COVER_SCH, "2012r2", "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_ON);
    ck_assert_int_eq(pe.os_default, REGLINT_STATE_ON);
    ck_assert_int_eq(pe.covered, 1);
    ck_assert_ptr_null(pe.key);
    HAS(pe.why, "default for Windows Server 2012 R2 (build 9600): enabled");
    pe = effective(rs, COVER_SCH, "2008r2", "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_OFF);
    pe = effective(rs, COVER_SCH, "2008r2", "SSL 2.0", "Server");
    STATE(pe, REGLINT_STATE_ON);
    /* Values. */
    pe = effective(rs, COVER_SCH C12 "\"Enabled\"=dword:00000000\n", "2012r2",
                   "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_OFF);
    ck_assert_ptr_nonnull(pe.key);
    ck_assert_ptr_nonnull(pe.enabled);
    HAS(pe.why, "Enabled=0");
    pe = effective(rs, COVER_SCH C12 "\"Enabled\"=dword:00000001\n"
                   "\"DisabledByDefault\"=dword:00000001\n", "2012r2",
                   "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_ON_REQUEST);
    /* 0xffffffff is non-zero: on. */
    pe = effective(rs, COVER_SCH C12 "\"Enabled\"=dword:ffffffff\n"
                   "\"DisabledByDefault\"=dword:00000000\n", "2008r2",
                   "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_ON);
    HAS(pe.why, "Enabled=0xffffffff");
    /* One value set, the default standing in for the other: "disabled"
    ** is Enabled 1 + DisabledByDefault 1. */
    pe = effective(rs, COVER_SCH C12 "\"DisabledByDefault\"=dword:00000000\n",
                   "2008r2", "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_ON);
    pe = effective(rs, COVER_SCH C12 "\"Enabled\"=dword:00000001\n",
                   "2008r2", "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_ON_REQUEST);
    HAS(pe.why, "DisabledByDefault absent -> default for");
    pe = effective(rs, COVER_SCH C12 "\"DisabledByDefault\"=dword:00000001\n",
                   "2012r2", "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_ON_REQUEST);
    /* Wrong types are ignored: the default stands. */
    pe = effective(rs, COVER_SCH C12 "\"Enabled\"=\"0\"\n", "2012r2",
                   "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_ON);
    ck_assert_int_eq(pe.enabled_ignored, 1);
    ck_assert_int_eq(pe.dbd_ignored, 0);
    HAS(pe.why, "Enabled REG_SZ ignored");
    pe = effective(rs, COVER_SCH C12 "\"Enabled\"=hex(4):00,00,00,00,00,00,"
                   "00,00\n\"DisabledByDefault\"=hex(b):00,00,00,00,00,00,00,"
                   "00\n", "2008r2", "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_OFF);
    ck_assert_int_eq(pe.enabled_ignored, 1);
    ck_assert_int_eq(pe.dbd_ignored, 1);
    /* Not supported whatever the values. */
    pe = effective(rs, COVER_SCH C12 "\"Enabled\"=dword:00000001\n"
                   "\"DisabledByDefault\"=dword:00000000\n", "2008",
                   "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_UNSUPPORTED);
    HAS(pe.why, "not supported");
    /* OS unknown: a value that decides alone still decides. */
    pe = effective(rs, COVER_SCH, NULL, "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_UNKNOWN);
    HAS(pe.why, "the OS build is unknown");
    pe = effective(rs, COVER_SCH C12 "\"Enabled\"=dword:00000000\n", NULL,
                   "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_OFF);
    pe = effective(rs, COVER_SCH C12 "\"Enabled\"=dword:00000001\n", NULL,
                   "TLS 1.2", "Client");
    STATE(pe, REGLINT_STATE_UNKNOWN);
    pe = effective(rs, COVER_SCH C12 "\"Enabled\"=dword:00000001\n"
                   "\"DisabledByDefault\"=dword:00000000\n", NULL, "TLS 1.2",
                   "Client");
    STATE(pe, REGLINT_STATE_ON);
    /* The table's unknown (2025 TLS 1.0). */
    pe = effective(rs, COVER_SCH, "2025", "TLS 1.0", "Server");
    STATE(pe, REGLINT_STATE_UNKNOWN);
    /* Names in any case; the source's spelling of the keys in any case. */
    pe = effective(rs, COVER_SCH K(SCH_PATH PROT "\\tls 1.2\\CLIENT")
                   "\"enabled\"=dword:00000000\n", "2012r2", "tls 1.2",
                   "client");
    STATE(pe, REGLINT_STATE_OFF);
}
END_TEST

START_TEST(effective_coverage_and_errors)
{
    reglint_rules *rs = load_rules(NULL);
    /* A .reg covering only TLS 1.2\Client: Server is not known. */
    const char *body = C12 "\"Enabled\"=dword:00000001\n";
    reglint_protocol_eval pe = effective(rs, body, "2012r2", "TLS 1.2",
                                         "Client");
    STATE(pe, REGLINT_STATE_ON);
    ck_assert_int_eq(pe.covered, 1);
    pe = effective(rs, body, "2012r2", "TLS 1.2", "Server");
    STATE(pe, REGLINT_STATE_UNKNOWN);
    ck_assert_int_eq(pe.covered, 0);
    ck_assert_int_eq(pe.os_default, REGLINT_STATE_ON);
    HAS(pe.why, "no source covers");
    /* Unsupported needs no values. */
    pe = effective(rs, body, "2008", "TLS 1.2", "Server");
    STATE(pe, REGLINT_STATE_UNSUPPORTED);

    reglint_view *v = view_reg(body);
    reglint_os os = os_of("2012r2");
    errno = 0;
    ck_assert_int_eq(reglint_protocol_effective(rs, v, &os, "TLS 1.9",
                                                "Client", &pe), -1);
    ck_assert_int_eq(errno, EINVAL);
    HAS(reglint_last_error(), "TLS 1.9");
    ck_assert_int_eq(reglint_protocol_effective(rs, v, &os, "TLS 1.2",
                                                "Clients", &pe), -1);
    ck_assert_int_eq(errno, EINVAL);

    ck_assert_str_eq(reglint_protocol_state_name(REGLINT_STATE_ON), "on");
    ck_assert_str_eq(reglint_protocol_state_name(REGLINT_STATE_ON_REQUEST),
                     "on-request");
    ck_assert_str_eq(reglint_protocol_state_name(REGLINT_STATE_OFF), "off");
    ck_assert_str_eq(reglint_protocol_state_name(REGLINT_STATE_UNSUPPORTED),
                     "unsupported");
    ck_assert_str_eq(reglint_protocol_state_name(REGLINT_STATE_UNKNOWN),
                     "unknown");
    ck_assert_str_eq(reglint_verdict_name(REGLINT_PASS), "pass");
    ck_assert_str_eq(reglint_verdict_name(REGLINT_FAIL), "fail");
    ck_assert_str_eq(reglint_verdict_name(REGLINT_UNKNOWN), "unknown");
    ck_assert_str_eq(reglint_verdict_name(REGLINT_NA), "n/a");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Value tests                                                          */
/* ------------------------------------------------------------------ */

static const char VALUE_RULES[] =
    "reglint-rules: 1\n"
    "rules:\n"
    RULE("V-NONZERO", "error", "t")
    "    fix: |\n"
    "      [" Y(SCH_PATH PROT "\\TLS 1.2\\Client") "]\n"
    "      \"Enabled\"=dword:00000001\n"
    "    test:\n"
    "      key: " Y(SCH_PATH PROT "\\TLS 1.2\\Client") "\n"
    "      value: Enabled\n"
    "      expect: {nonzero: true}\n"
    "      absent:\n"
    "        - when: {builds: \">= 9600\"}\n"
    "          result: pass\n"
    "          reason: \"on by default from 2012 R2\"\n"
    "        - when: {builds: \"9200\"}\n"
    "          result: fail\n"
    "          severity: warning\n"
    "          reason: \"the guide still asks for it\"\n"
    "        - result: fail\n"
    RULE("V-EQUALS", "error", "t")
    "    test:\n"
    "      key: " Y(NET4_PATH) "\n"
    "      value: SchUseStrongCrypto\n"
    "      expect: {equals: 1}\n"
    RULE("V-ONEOF", "warning", "t")
    "    test:\n"
    "      key: " Y(NET4_PATH) "\n"
    "      value: SystemDefaultTlsVersions\n"
    "      expect: {one-of: [0, 1]}\n"
    "      absent: pass\n"
    RULE("V-BITS", "error", "t")
    "    test:\n"
    "      key: " Y(WH_PATH) "\n"
    "      value: DefaultSecureProtocols\n"
    "      expect: {bits-set: 0x800, bits-clear: 0xA8}\n"
    "      key-absent: n/a\n"
    "      key-absent-reason: \"no WinHttp key\"\n"
    RULE("V-MIN", "warning", "t")
    "    test:\n"
    "      key: " Y(SCH_PATH "\\KeyExchangeAlgorithms\\Diffie-Hellman") "\n"
    "      value: ServerMinKeyBitLength\n"
    "      expect: {min: 2048}\n"
    "      absent: pass\n"
    RULE("V-TOKENS", "warning", "t")
    "    test:\n"
    "      key: " Y(SSL_PATH) "\n"
    "      value: Functions\n"
    "      type: REG_SZ\n"
    "      expect: {tokens-exclude: [RC4, 3DES, DES, NULL, EXPORT]}\n"
    "      absent: pass\n"
    RULE("V-STRING", "info", "t")
    "    test:\n"
    "      key: " Y(SSL_PATH) "\n"
    "      value: \"@\"\n"
    "      type: REG_SZ\n"
    "      expect: {equals: \"Policy\"}\n"
    "      absent: n/a\n"
    RULE("V-DEFAULT", "error", "t")
    "    test:\n"
    "      key: " Y(NET2_PATH) "\n"
    "      value: SchUseStrongCrypto\n"
    "      expect: {equals: 1}\n"
    "      absent:\n"
    "        - when: {builds: \">= 9600\"}\n"
    "          result: default\n"
    "          default: 1\n"
    "          reason: \"on by default here\"\n"
    "        - result: default\n"
    "          default: 0\n"
    RULE("V-KEYS", "error", "t")
    "    test:\n"
    "      keys:\n"
    "        - " Y(NET4_PATH) "\n"
    "        - " Y(WNET4_PATH) "\n"
    "      value: SystemDefaultTlsVersions\n"
    "      expect: {equals: 1}\n"
    RULE("V-QWORD", "error", "t")
    "    test:\n"
    "      key: " Y(NET2_PATH) "\n"
    "      value: Limit\n"
    "      type: REG_QWORD\n"
    "      expect: {min: 0x100000000}\n";

START_TEST(value_nonzero_absent_by_build)
{
    reglint_rules *rs = load_rules(VALUE_RULES);
    const char *set1 = COVER_SCH C12 "\"Enabled\"=dword:00000001\n";
    const char *set0 = COVER_SCH C12 "\"Enabled\"=dword:00000000\n";
    const char *setf = COVER_SCH C12 "\"Enabled\"=dword:ffffffff\n";
    const char *none = COVER_SCH;
    const char *sz = COVER_SCH C12 "\"Enabled\"=\"1\"\n";

    const reglint_result *x = get(run(rs, set1, "2008r2"), "V-NONZERO", NULL);
    EXPECT(x, REGLINT_PASS);
    ck_assert_str_eq(x->actual, "REG_DWORD 0x00000001 (1)");
    ck_assert_str_eq(x->expected, "REG_DWORD, not 0");
    ck_assert_str_eq(x->value, "Enabled");
    ck_assert_ptr_nonnull(x->found_value);
    ck_assert_uint_ne(x->origin.source, 0);
    ck_assert_uint_eq(x->origin.line, 5); /* the value's line */
    HAS(x->key, "SCHANNEL\\Protocols\\TLS 1.2\\Client");
    HAS(x->fix, "\"Enabled\"=dword:00000001");
    ck_assert_str_eq(x->profile, "t");
    ck_assert_int_eq(x->severity, REGLINT_LEVEL_ERROR);
    ck_assert_ptr_null(x->target);

    x = get(run(rs, set0, "2012r2"), "V-NONZERO", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    HAS(x->reason, "Enabled is 0, expected not 0");

    EXPECT(get(run(rs, setf, "2008r2"), "V-NONZERO", NULL), REGLINT_PASS);

    /* Absent per build range. */
    x = get(run(rs, none, "2012r2"), "V-NONZERO", NULL);
    EXPECT(x, REGLINT_PASS);
    ck_assert_str_eq(x->actual, "key absent");
    HAS(x->reason, "on by default from 2012 R2");
    HAS(x->os_default, "absent on ");
    HAS(x->os_default, "build 9600");
    ck_assert_ptr_null(x->found_key);
    ck_assert_uint_eq(x->origin.source, 0);
    x = get(run(rs, none, "2012"), "V-NONZERO", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_WARNING);
    HAS(x->reason, "the guide still asks for it");
    x = get(run(rs, none, "2008r2"), "V-NONZERO", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    /* Key present, value absent. */
    x = get(run(rs, COVER_SCH C12 "\"Other\"=dword:00000001\n", "2008r2"),
            "V-NONZERO", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    ck_assert_str_eq(x->actual, "absent");
    HAS(x->reason, "Enabled is absent");
    ck_assert_ptr_nonnull(x->found_key);
    ck_assert_ptr_null(x->found_value);

    /* OS unknown: what absent means depends on it. */
    x = get(run(rs, none, NULL), "V-NONZERO", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "the OS build is unknown");
    HAS(x->reason, "--os");
    /* ... but a present value decides without it. */
    EXPECT(get(run(rs, set1, NULL), "V-NONZERO", NULL), REGLINT_PASS);

    /* A wrong type is absent: pass on 9600, fail on 7601, and says so. */
    x = get(run(rs, sz, "2012r2"), "V-NONZERO", NULL);
    EXPECT(x, REGLINT_PASS);
    HAS(x->reason, "REG_SZ, which Windows ignores; read as absent");
    x = get(run(rs, sz, "2008r2"), "V-NONZERO", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    ck_assert_str_eq(x->actual, "REG_SZ \"1\" (ignored by Windows: not a "
                                "REG_DWORD)");
    ck_assert_ptr_nonnull(x->found_value);
    /* A "dword" of 8 bytes too. */
    x = get(run(rs, COVER_SCH C12 "\"Enabled\"=hex(4):01,00,00,00,00,00,00,"
                "00\n", "2008r2"), "V-NONZERO", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    HAS(x->actual, "wrong length");

    /* Coverage: a .reg that does not reach SCHANNEL. */
    x = get(run(rs, K(SCH_PATH PROT "\\TLS 1.2\\Server")
                "\"Enabled\"=dword:00000001\n", "2012r2"), "V-NONZERO", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "reg export \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
                   "SecurityProviders\\SCHANNEL\" schannel.reg");
    HAS(x->reason, "or give the SYSTEM hive");
    x = get(run(rs, COVER_SW, "2012r2"), "V-NONZERO", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
}
END_TEST

START_TEST(value_expectations)
{
    reglint_rules *rs = load_rules(VALUE_RULES);
    const reglint_result *x;
    reglint_results *r;

    /* equals */
    r = run(rs, K(NET4_PATH) "\"SchUseStrongCrypto\"=dword:00000001\n",
            "2012r2");
    EXPECT(get(r, "V-EQUALS", NULL), REGLINT_PASS);
    ck_assert_str_eq(get(r, "V-EQUALS", NULL)->expected, "REG_DWORD, = 1");
    x = get(run(rs, K(NET4_PATH) "\"SchUseStrongCrypto\"=dword:00000000\n",
                "2012r2"), "V-EQUALS", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    HAS(x->reason, "SchUseStrongCrypto is 0, expected = 1");
    /* no absent: fail */
    x = get(run(rs, K(NET4_PATH) "\"Other\"=dword:00000001\n", "2012r2"),
            "V-EQUALS", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    HAS(x->reason, "SchUseStrongCrypto is absent");
    /* a QWORD where a DWORD is read: absent */
    x = get(run(rs, K(NET4_PATH) "\"SchUseStrongCrypto\"=hex(b):01,00,00,00,"
                "00,00,00,00\n", "2012r2"), "V-EQUALS", NULL);
    EXPECT(x, REGLINT_FAIL);
    HAS(x->actual, "REG_QWORD");
    HAS(x->actual, "ignored by Windows");

    /* one-of */
    r = run(rs, K(NET4_PATH) "\"SystemDefaultTlsVersions\"=dword:00000002\n",
            "2012r2");
    x = get(r, "V-ONEOF", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_WARNING);
    ck_assert_str_eq(x->expected, "REG_DWORD, one of 0, 1");
    r = run(rs, K(NET4_PATH) "\"SystemDefaultTlsVersions\"=dword:00000000\n",
            "2012r2");
    EXPECT(get(r, "V-ONEOF", NULL), REGLINT_PASS);
    EXPECT(get(run(rs, K(NET4_PATH), "2012r2"), "V-ONEOF", NULL),
           REGLINT_PASS);

    /* bits-set and bits-clear; key-absent */
    x = get(run(rs, K(WH_PATH) "\"DefaultSecureProtocols\"=dword:00000a00\n",
                "2008r2"), "V-BITS", NULL);
    EXPECT(x, REGLINT_PASS);
    ck_assert_str_eq(x->expected, "REG_DWORD, bit 0x800 set, bits 0xa8 clear");
    x = get(run(rs, K(WH_PATH) "\"DefaultSecureProtocols\"=dword:00000a80\n",
                "2008r2"), "V-BITS", NULL);
    EXPECT(x, REGLINT_FAIL);
    HAS(x->reason, "0xa80");
    EXPECT(get(run(rs, K(WH_PATH) "\"DefaultSecureProtocols\"=dword:00000200"
                   "\n", "2008r2"), "V-BITS", NULL), REGLINT_FAIL);
    x = get(run(rs, COVER_SW, "2008r2"), "V-BITS", NULL);
    EXPECT(x, REGLINT_NA);
    ck_assert_str_eq(x->reason, "no WinHttp key");
    ck_assert_str_eq(x->actual, "key absent");
    /* key there, value absent: not key-absent, no absent cases: fail */
    EXPECT(get(run(rs, K(WH_PATH), "2008r2"), "V-BITS", NULL), REGLINT_FAIL);

    /* min */
    const char *dh = K(SCH_PATH "\\KeyExchangeAlgorithms\\Diffie-Hellman");
    char buf[512];
    snprintf(buf, sizeof buf, "%s\"ServerMinKeyBitLength\"=dword:00000400\n",
             dh);
    x = get(run(rs, buf, "2016"), "V-MIN", NULL);
    EXPECT(x, REGLINT_FAIL);
    ck_assert_str_eq(x->expected, "REG_DWORD, >= 2048");
    snprintf(buf, sizeof buf, "%s\"ServerMinKeyBitLength\"=dword:00001000\n",
             dh);
    EXPECT(get(run(rs, buf, "2016"), "V-MIN", NULL), REGLINT_PASS);
    EXPECT(get(run(rs, COVER_SCH, "2016"), "V-MIN", NULL), REGLINT_PASS);

    /* tokens-exclude */
    x = get(run(rs, K(SSL_PATH) "\"Functions\"=\"TLS_ECDHE_RSA_WITH_AES_128_"
                "GCM_SHA256,TLS_RSA_WITH_RC4_128_SHA\"\n", "2016"),
            "V-TOKENS", NULL);
    EXPECT(x, REGLINT_FAIL);
    HAS(x->reason, "names RC4 (TLS_RSA_WITH_RC4_128_SHA)");
    x = get(run(rs, K(SSL_PATH) "\"Functions\"=\"TLS_RSA_WITH_3DES_EDE_CBC_"
                "SHA\"\n", "2016"), "V-TOKENS", NULL);
    EXPECT(x, REGLINT_FAIL);
    HAS(x->reason, "3DES");
    x = get(run(rs, K(SSL_PATH) "\"Functions\"=\"TLS_RSA_EXPORT1024_WITH_"
                "RC2_CBC_56_MD5\"\n", "2016"), "V-TOKENS", NULL);
    EXPECT(x, REGLINT_FAIL);
    HAS(x->reason, "EXPORT");
    x = get(run(rs, K(SSL_PATH) "\"Functions\"=\"TLS_ECDHE_ECDSA_WITH_AES_"
                "256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"\n",
                "2016"), "V-TOKENS", NULL);
    EXPECT(x, REGLINT_PASS);
    /* A REG_MULTI_SZ is another type: absent, which passes. */
    x = get(run(rs, K(SSL_PATH) "\"Functions\"=hex(7):52,00,43,00,34,00,00,"
                "00,00,00\n", "2016"), "V-TOKENS", NULL);
    EXPECT(x, REGLINT_PASS);
    HAS(x->reason, "REG_MULTI_SZ, which Windows ignores");

    /* a string equals, on the default value "@" */
    x = get(run(rs, K(SSL_PATH) "@=\"policy\"\n", "2016"), "V-STRING", NULL);
    EXPECT(x, REGLINT_PASS);
    ck_assert_str_eq(x->value, "");
    x = get(run(rs, K(SSL_PATH) "@=\"other\"\n", "2016"), "V-STRING", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_INFO);
    HAS(x->reason, "(Default) is \"other\"");
    EXPECT(get(run(rs, K(SSL_PATH), "2016"), "V-STRING", NULL), REGLINT_NA);

    /* a QWORD expectation over 32 bits */
    EXPECT(get(run(rs, K(NET2_PATH) "\"Limit\"=hex(b):00,00,00,00,01,00,00,"
                   "00\n", "2016"), "V-QWORD", NULL), REGLINT_PASS);
    x = get(run(rs, K(NET2_PATH) "\"Limit\"=hex(b):ff,ff,ff,ff,00,00,00,00\n",
                "2016"), "V-QWORD", NULL);
    EXPECT(x, REGLINT_FAIL);
    ck_assert_str_eq(x->actual, "REG_QWORD 0x00000000ffffffff (4294967295)");
}
END_TEST

START_TEST(value_default_and_keys)
{
    reglint_rules *rs = load_rules(VALUE_RULES);
    const reglint_result *x;
    /* result: default -- the default tested against the expectation */
    x = get(run(rs, K(NET2_PATH), "2012r2"), "V-DEFAULT", NULL);
    EXPECT(x, REGLINT_PASS);
    HAS(x->os_default, "default 1");
    HAS(x->os_default, "on by default here");
    HAS(x->reason, "the default 1 applies");
    x = get(run(rs, K(NET2_PATH), "2008r2"), "V-DEFAULT", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    HAS(x->os_default, "default 0");
    EXPECT(get(run(rs, K(NET2_PATH) "\"SchUseStrongCrypto\"=dword:00000001\n",
                   "2008r2"), "V-DEFAULT", NULL), REGLINT_PASS);

    /* keys: every key tested, the worst wins, with its key */
    const char *both1 = K(NET4_PATH) "\"SystemDefaultTlsVersions\"=dword:00000001\n"
                        K(WNET4_PATH) "\"SystemDefaultTlsVersions\"=dword:00000001\n";
    EXPECT(get(run(rs, both1, "2016"), "V-KEYS", NULL), REGLINT_PASS);
    const char *wow0 = K(NET4_PATH) "\"SystemDefaultTlsVersions\"=dword:00000001\n"
                       K(WNET4_PATH) "\"SystemDefaultTlsVersions\"=dword:00000000\n";
    x = get(run(rs, wow0, "2016"), "V-KEYS", NULL);
    EXPECT(x, REGLINT_FAIL);
    HAS(x->key, "WOW6432Node");
    /* one key uncovered, the other passing: unknown */
    x = get(run(rs, K(NET4_PATH) "\"SystemDefaultTlsVersions\"=dword:00000001\n",
                "2016"), "V-KEYS", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "WOW6432Node");
    HAS(x->reason, "or give the SOFTWARE hive");
}
END_TEST

/* ------------------------------------------------------------------ */
/* applies                                                              */
/* ------------------------------------------------------------------ */

static const char APPLIES_RULES[] =
    "reglint-rules: 1\n"
    "rules:\n"
    RULE("A-64", "error", "t")
    "    applies: {arch: 64-bit}\n"
    "    test:\n"
    "      key: " Y(WNET4_PATH) "\n"
    "      value: SchUseStrongCrypto\n"
    "      expect: {equals: 1}\n"
    RULE("A-BUILDS", "warning", "t")
    "    applies: {builds: \"7601, 9200\"}\n"
    "    test:\n"
    "      key: " Y(NET4_PATH) "\n"
    "      value: SchUseStrongCrypto\n"
    "      expect: {equals: 1}\n"
    RULE("A-SERVER", "warning", "t")
    "    applies: {role: server}\n"
    "    test:\n"
    "      key: " Y(NET4_PATH) "\n"
    "      value: SchUseStrongCrypto\n"
    "      expect: {equals: 1}\n"
    RULE("A-EITHER", "warning", "t")
    "    applies:\n"
    "      - {builds: \"7601\"}\n"
    "      - {arch: 64-bit}\n"
    "    test:\n"
    "      key: " Y(NET4_PATH) "\n"
    "      value: SchUseStrongCrypto\n"
    "      expect: {equals: 1}\n";

START_TEST(applies_conditions)
{
    reglint_rules *rs = load_rules(APPLIES_RULES);
    const char *body = COVER_SW K(NET4_PATH) "\"SchUseStrongCrypto\"=dword:00000001\n";
    reglint_results *r = run(rs, body, "7/x86");
    const reglint_result *x = get(r, "A-64", NULL);
    EXPECT(x, REGLINT_NA);
    HAS(x->reason, "64-bit");
    HAS(x->reason, "32-bit");
    HAS(x->key, "WOW6432Node");
    EXPECT(get(r, "A-BUILDS", NULL), REGLINT_PASS);
    EXPECT(get(r, "A-SERVER", NULL), REGLINT_NA);
    EXPECT(get(r, "A-EITHER", NULL), REGLINT_PASS);

    r = run(rs, body, "2012r2/x64");
    x = get(r, "A-64", NULL);
    EXPECT(x, REGLINT_FAIL); /* WOW6432Node value absent (SOFTWARE covered) */
    x = get(r, "A-BUILDS", NULL);
    EXPECT(x, REGLINT_NA);
    HAS(x->reason, "builds 7601, 9200");
    HAS(x->reason, "build 9600");
    EXPECT(get(r, "A-SERVER", NULL), REGLINT_PASS);

    /* Facts unknown: the rule is unknown, naming what to give. */
    r = run(rs, body, "2012r2"); /* arch unknown */
    x = get(r, "A-64", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "64-bit is unknown");
    HAS(x->reason, "--os");
    /* an alternative that holds decides (7601 unknown arch) */
    EXPECT(get(run(rs, body, "2008r2"), "A-EITHER", NULL), REGLINT_PASS);
    EXPECT(get(run(rs, body, "2012r2"), "A-EITHER", NULL), REGLINT_UNKNOWN);
    r = run(rs, body, NULL);
    x = get(r, "A-BUILDS", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "the OS build is unknown: give --os (e.g. --os 2012r2)");
    x = get(r, "A-SERVER", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "client or a server");
    /* A false part decides even with another part unknown. */
    EXPECT(get(run(rs, body, "client:9600"), "A-SERVER", NULL), REGLINT_NA);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Key tests                                                            */
/* ------------------------------------------------------------------ */

static const char KEY_RULES[] =
    "reglint-rules: 1\n"
    "rules:\n"
    RULE("K-EXISTS", "warning", "t")
    "    test:\n"
    "      key-exists:\n"
    "        - " Y(CBS_PATH "\\Package_for_KB3140245~*") "\n"
    "        - " Y(CBS_PATH "\\Package_for_KB9999999~31bf3856ad364e35~x86~~1.0") "\n"
    RULE("K-QMARK", "warning", "t")
    "    test:\n"
    "      key-exists:\n"
    "        - " Y(CBS_PATH "\\Package_for_KB314024?~*") "\n"
    RULE("K-ABSENT", "error", "t")
    "    test:\n"
    "      key-absent:\n"
    "        - " Y(CERT_PATH "\\Disallowed\\Certificates\\DF3C24F9BFD666761B268073FE06D1CC8D4F82A4") "\n"
    "        - " Y(CERT_PATH "\\Disallowed\\Certificates\\A8985D3A65E5E5C4B2D7D66D40C6DD2FB19C5436") "\n";

START_TEST(key_tests)
{
    reglint_rules *rs = load_rules(KEY_RULES);
    const reglint_result *x;
    /* Globs, case-insensitively. */
    const char *pkg = COVER_SW K(CBS_PATH "\\package_for_kb3140245~31bf3856ad364e35~amd64~~6.1.1.0");
    reglint_results *r = run(rs, pkg, "2008r2");
    x = get(r, "K-EXISTS", NULL);
    EXPECT(x, REGLINT_PASS);
    HAS(x->key, "package_for_kb3140245~31bf3856ad364e35~amd64~~6.1.1.0");
    ck_assert_ptr_nonnull(x->found_key);
    ck_assert_uint_ne(x->origin.line, 0);
    EXPECT(get(r, "K-QMARK", NULL), REGLINT_PASS);
    /* The second path, exactly named. */
    EXPECT(get(run(rs, COVER_SW K(CBS_PATH "\\PACKAGE_FOR_KB9999999~31bf3856ad364e35~x86~~1.0"), "2008r2"),
               "K-EXISTS", NULL), REGLINT_PASS);
    /* Other packages only: fail; ? needs one character. */
    const char *other = COVER_SW K(CBS_PATH "\\Package_for_KB3150246~31bf")
                        K(CBS_PATH "\\Package_for_KB31402455~31bf");
    r = run(rs, other, "2008r2");
    x = get(r, "K-EXISTS", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_WARNING);
    ck_assert_str_eq(x->actual, "no such key");
    HAS(x->expected, "Package_for_KB3140245~*");
    EXPECT(get(r, "K-QMARK", NULL), REGLINT_FAIL);
    /* Parent not covered: unknown. */
    x = get(run(rs, K("\\SOFTWARE\\Microsoft\\Other"), "2008r2"), "K-EXISTS",
            NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "reg export \"HKLM" CBS_PATH "\" packages.reg");

    /* key-absent as a test */
    x = get(run(rs, COVER_SW, "2016"), "K-ABSENT", NULL);
    EXPECT(x, REGLINT_PASS);
    x = get(run(rs, COVER_SW K(CERT_PATH "\\Disallowed\\Certificates\\a8985d3a65e5e5c4b2d7d66d40c6dd2fb19c5436"),
                "2016"), "K-ABSENT", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    HAS(x->key, "a8985d3a65e5e5c4b2d7d66d40c6dd2fb19c5436");
    EXPECT(get(run(rs, K("\\SOFTWARE\\Microsoft\\Other"), "2016"), "K-ABSENT",
               NULL), REGLINT_UNKNOWN);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Protocol tests                                                       */
/* ------------------------------------------------------------------ */

static const char PROTOCOL_RULES[] =
    "reglint-rules: 1\n"
    "rules:\n"
    RULE("P-OFF", "warning", "t")
    "    test:\n"
    "      protocol: TLS 1.0\n"
    "      role: server\n"
    "      states: [off, unsupported]\n"
    RULE("P-SSL2", "error", "t")
    "    test:\n"
    "      protocol: SSL 2.0\n"
    "      role: server\n"
    "      states: [off, unsupported]\n"
    RULE("P-EXPLICIT", "error", "t")
    "    test:\n"
    "      protocol: TLS 1.2\n"
    "      role: client\n"
    "      explicit: enabled\n"
    "      implicit:\n"
    "        - states: [on]\n"
    "          result: fail\n"
    "          severity: warning\n"
    "          reason: \"on by default but not set explicitly\"\n"
    RULE("P-EXPLICIT-SRV", "error", "t")
    "    test:\n"
    "      protocol: TLS 1.2\n"
    "      role: server\n"
    "      explicit: enabled\n"
    RULE("P-DISABLED", "warning", "t")
    "    test:\n"
    "      protocol: TLS 1.1\n"
    "      role: server\n"
    "      explicit: disabled\n"
    RULE("P-LENIENT", "warning", "t")
    "    test:\n"
    "      protocol: TLS 1.1\n"
    "      role: client\n"
    "      explicit: enabled\n"
    "      implicit:\n"
    "        - states: [on]\n"
    "          result: pass\n"
    "        - states: [unknown]\n"
    "          result: n/a\n"
    "          reason: \"cannot tell\"\n";

#define S12 K(SCH_PATH PROT "\\TLS 1.2\\Server")
#define S10 K(SCH_PATH PROT "\\TLS 1.0\\Server")
#define S11 K(SCH_PATH PROT "\\TLS 1.1\\Server")
#define EN(n) "\"Enabled\"=dword:0000000" #n "\n"
#define DBD(n) "\"DisabledByDefault\"=dword:0000000" #n "\n"

START_TEST(protocol_states)
{
    reglint_rules *rs = load_rules(PROTOCOL_RULES);
    const reglint_result *x;
    x = get(run(rs, COVER_SCH S10 EN(0), "2012r2"), "P-OFF", NULL);
    EXPECT(x, REGLINT_PASS);
    HAS(x->actual, "off (Enabled=0, DisabledByDefault absent)");
    ck_assert_str_eq(x->expected, "effective state off or unsupported");
    ck_assert_ptr_nonnull(x->found_value);
    ck_assert_str_eq(reglint_value_name(x->found_value), "Enabled");
    x = get(run(rs, COVER_SCH, "2012r2"), "P-OFF", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_WARNING);
    HAS(x->actual, "on (key absent: Enabled absent, DisabledByDefault absent)");
    HAS(x->os_default, "TLS 1.0 Server: enabled by default on Windows Server "
                       "2012 R2 (build 9600)");
    HAS(x->os_default, "[test table]");
    HAS(x->reason, "expected off or unsupported");
    ck_assert_ptr_null(x->found_key);
    HAS(x->key, "\\Protocols\\TLS 1.0\\Server");
    /* on-request is neither */
    EXPECT(get(run(rs, COVER_SCH S10 EN(1) DBD(1), "2012r2"), "P-OFF", NULL),
           REGLINT_FAIL);
    /* Not supported: passes with no source covering SCHANNEL at all. */
    x = get(run(rs, COVER_SW, "2016"), "P-SSL2", NULL);
    EXPECT(x, REGLINT_PASS);
    HAS(x->os_default, "not supported");
    /* Not covered and needed: unknown with the export hint. */
    x = get(run(rs, COVER_SW, "2012r2"), "P-SSL2", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "reg export \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
                   "SecurityProviders\\SCHANNEL\" schannel.reg");
    /* OS unknown and values absent: unknown. */
    x = get(run(rs, COVER_SCH, NULL), "P-OFF", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "--os");
    HAS(x->os_default, "the OS build is unknown");
    /* ... but Enabled=0 decides. */
    EXPECT(get(run(rs, COVER_SCH S10 EN(0), NULL), "P-OFF", NULL),
           REGLINT_PASS);
}
END_TEST

START_TEST(protocol_explicit)
{
    reglint_rules *rs = load_rules(PROTOCOL_RULES);
    const reglint_result *x;
    reglint_results *r;
    /* Set explicitly: pass (0xffffffff counts as enabled). */
    r = run(rs, COVER_SCH C12 EN(1) DBD(0), "2012r2");
    x = get(r, "P-EXPLICIT", NULL);
    EXPECT(x, REGLINT_PASS);
    HAS(x->reason, "set explicitly");
    ck_assert_str_eq(x->expected,
                     "Enabled=1 and DisabledByDefault=0 set explicitly");
    EXPECT(get(run(rs, COVER_SCH C12 "\"Enabled\"=dword:ffffffff\n" DBD(0),
                   "2012r2"), "P-EXPLICIT", NULL), REGLINT_PASS);
    /* Absent, on by default: the implicit case (warning). */
    x = get(run(rs, COVER_SCH, "2012r2"), "P-EXPLICIT", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_WARNING);
    HAS(x->reason, "on by default but not set explicitly");
    /* Only one set: not explicit. */
    EXPECT_FAIL(get(run(rs, COVER_SCH C12 EN(1), "2012r2"), "P-EXPLICIT",
                    NULL), REGLINT_LEVEL_WARNING);
    /* Absent, off by default (7601: "disabled"): no case: fail at the
    ** rule's severity. */
    x = get(run(rs, COVER_SCH, "2008r2"), "P-EXPLICIT", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    HAS(x->actual, "off");
    /* Without implicit cases any non-explicit state fails. */
    EXPECT_FAIL(get(run(rs, COVER_SCH, "2012r2"), "P-EXPLICIT-SRV", NULL),
                REGLINT_LEVEL_ERROR);
    /* OS unknown, absent: unknown; a case naming unknown decides. */
    r = run(rs, COVER_SCH, NULL);
    EXPECT(get(r, "P-EXPLICIT", NULL), REGLINT_UNKNOWN);
    x = get(r, "P-LENIENT", NULL);
    EXPECT(x, REGLINT_NA);
    HAS(x->reason, "cannot tell");
    EXPECT(get(run(rs, COVER_SCH, "2012r2"), "P-LENIENT", NULL),
           REGLINT_PASS);
    /* explicit: disabled */
    EXPECT(get(run(rs, COVER_SCH S11 EN(0) DBD(1), "2012r2"), "P-DISABLED",
               NULL), REGLINT_PASS);
    EXPECT(get(run(rs, COVER_SCH S11 EN(0), "2012r2"), "P-DISABLED", NULL),
           REGLINT_FAIL);
    /* Wrong type: not explicit; the default decides the state. */
    x = get(run(rs, COVER_SCH C12 "\"Enabled\"=\"1\"\n" DBD(0), "2012r2"),
            "P-EXPLICIT", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_WARNING);
    HAS(x->actual, "(ignored)");
}
END_TEST

START_TEST(protocol_partial_coverage)
{
    reglint_rules *rs = load_rules(PROTOCOL_RULES);
    /* A .reg covering only TLS 1.2\Client: the Server rule is unknown. */
    reglint_results *r = run(rs, C12 EN(1) DBD(0), "2012r2");
    EXPECT(get(r, "P-EXPLICIT", NULL), REGLINT_PASS);
    const reglint_result *x = get(r, "P-EXPLICIT-SRV", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "no source covers HKLM\\SYSTEM\\CurrentControlSet\\Control"
                   "\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server");
    HAS(x->reason, "schannel.reg, or give the SYSTEM hive");
    ck_assert_str_eq(x->actual, "not read: no source covers this key");
}
END_TEST

/* ------------------------------------------------------------------ */
/* all-of, any-of, escalation                                           */
/* ------------------------------------------------------------------ */

static const char GROUP_RULES[] =
    "reglint-rules: 1\n"
    "rules:\n"
    RULE("G-ALL", "error", "t")
    "    test:\n"
    "      all-of:\n"
    "        - key: " Y(NET4_PATH) "\n"
    "          value: SchUseStrongCrypto\n"
    "          expect: {equals: 1}\n"
    "        - key: " Y(WNET4_PATH) "\n"
    "          value: SchUseStrongCrypto\n"
    "          expect: {equals: 1}\n"
    "          applies: {arch: 64-bit}\n"
    RULE("G-ANY", "warning", "t")
    "    test:\n"
    "      any-of:\n"
    "        - key-exists:\n"
    "            - " Y(CBS_PATH "\\Package_for_KB3154520~*") "\n"
    "        - all-of:\n"
    "            - key: " Y(NET2_PATH) "\n"
    "              value: SystemDefaultTlsVersions\n"
    "              expect: {equals: 1}\n"
    RULE("G-NONE", "error", "t")
    "    test:\n"
    "      all-of:\n"
    "        - key: " Y(NET4_PATH) "\n"
    "          value: SchUseStrongCrypto\n"
    "          applies: {builds: \"6002\"}\n"
    RULE("E-ROOT", "warning", "t")
    "    test:\n"
    "      key-exists:\n"
    "        - " Y(CERT_PATH "\\ROOT\\Certificates\\DF3C24F9BFD666761B268073FE06D1CC8D4F82A4") "\n"
    "    escalate:\n"
    "      when: {key: HKLM\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\AuthRoot,\n"
    "             value: DisableRootAutoUpdate, expect: {equals: 1}}\n"
    "      severity: error\n"
    "      reason: \"root auto-update is disabled\"\n";

START_TEST(groups_and_escalation)
{
    reglint_rules *rs = load_rules(GROUP_RULES);
    const reglint_result *x;
    const char *n4 = K(NET4_PATH) "\"SchUseStrongCrypto\"=dword:00000001\n";
    const char *w0 = K(WNET4_PATH) "\"SchUseStrongCrypto\"=dword:00000000\n";
    char body[1024];
    snprintf(body, sizeof body, "%s%s%s", COVER_SW, n4, w0);
    /* 32-bit: the WOW6432Node part is left out. */
    x = get(run(rs, body, "7/x86"), "G-ALL", NULL);
    EXPECT(x, REGLINT_PASS);
    x = get(run(rs, body, "7/x64"), "G-ALL", NULL);
    EXPECT(x, REGLINT_FAIL);
    HAS(x->key, "WOW6432Node");
    /* arch unknown (no WOW6432Node key says 64-bit): that part is
    ** unknown, and so the whole */
    char n4only[512];
    snprintf(n4only, sizeof n4only, "%s%s", COVER_SW, n4);
    x = get(run(rs, n4only, "7"), "G-ALL", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "64-bit");
    /* every part left out: n/a */
    EXPECT(get(run(rs, body, "7"), "G-NONE", NULL), REGLINT_NA);

    /* any-of: either passes */
    EXPECT(get(run(rs, COVER_SW K(CBS_PATH "\\Package_for_KB3154520~31bf"),
                   "2012r2"), "G-ANY", NULL), REGLINT_PASS);
    x = get(run(rs, COVER_SW K(NET2_PATH) "\"SystemDefaultTlsVersions\"="
                "dword:00000001\n", "2012r2"), "G-ANY", NULL);
    EXPECT(x, REGLINT_PASS);
    HAS(x->key, "v2.0.50727");
    x = get(run(rs, COVER_SW, "2012r2"), "G-ANY", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_WARNING);
    /* the reasons of both parts */
    HAS(x->reason, "Package_for_KB3154520");
    HAS(x->reason, "the key HKLM" NET2_PATH " is absent");
    /* one part unknown (Packages not covered), the other failing: unknown */
    EXPECT(get(run(rs, K(NET2_PATH) "\"SystemDefaultTlsVersions\"=dword:00000000\n",
                   "2012r2"), "G-ANY", NULL), REGLINT_UNKNOWN);

    /* escalate */
    const char *off = COVER_SW K("\\SOFTWARE\\Policies\\Microsoft\\"
                                 "SystemCertificates\\AuthRoot")
                      "\"DisableRootAutoUpdate\"=dword:00000001\n";
    x = get(run(rs, off, "2016"), "E-ROOT", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    HAS(x->reason, "root auto-update is disabled");
    x = get(run(rs, COVER_SW, "2016"), "E-ROOT", NULL);
    EXPECT_FAIL(x, REGLINT_LEVEL_WARNING);
    char with_root[1024];
    snprintf(with_root, sizeof with_root, "%s%s", off,
             K(CERT_PATH "\\ROOT\\Certificates\\df3c24f9bfd666761b268073fe06d1cc8d4f82a4"));
    x = get(run(rs, with_root, "2016"), "E-ROOT", NULL);
    EXPECT(x, REGLINT_PASS);
    ck_assert_int_eq(x->severity, REGLINT_LEVEL_WARNING);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Profiles                                                             */
/* ------------------------------------------------------------------ */

static const char PROFILE_RULES[] =
    "reglint-rules: 1\n"
    "rules:\n"
    RULE("PR-COMMON", "info", "common")
    "    test: {key: " Y(NET4_PATH) ", value: X, absent: pass}\n"
    RULE("PR-AB", "info", "azure-backup")
    "    test: {key: " Y(NET4_PATH) ", value: X, absent: pass}\n"
    RULE("PR-BOTH", "info", "hardening, azure-pack")
    "    test: {key: " Y(NET4_PATH) ", value: X, absent: pass}\n"
    RULE("PR-OTHER", "info", "other")
    "    test: {key: " Y(NET4_PATH) ", value: X, absent: pass}\n";

START_TEST(profiles)
{
    reglint_rules *rs = load_rules(PROFILE_RULES);
    reglint_view *v = view_reg(COVER_SW);
    /* Default: azure-backup, and the common rules. */
    reglint_results *r = check_view(rs, v, "2016", NULL);
    ck_assert_uint_eq(reglint_results_count(r), 2);
    ck_assert_str_eq(get(r, "PR-COMMON", NULL)->profile, "common");
    ck_assert_str_eq(get(r, "PR-AB", NULL)->profile, "azure-backup");
    r = check_view(rs, v, "2016", "azure-pack");
    ck_assert_uint_eq(reglint_results_count(r), 2);
    ck_assert_str_eq(get(r, "PR-BOTH", NULL)->profile, "azure-pack");
    r = check_view(rs, v, "2016", "all");
    ck_assert_uint_eq(reglint_results_count(r), 4);
    ck_assert_str_eq(get(r, "PR-BOTH", NULL)->profile, "hardening");
    /* In load order. */
    ck_assert_str_eq(reglint_results_at(r, 0)->rule->id, "PR-COMMON");
    ck_assert_str_eq(reglint_results_at(r, 3)->rule->id, "PR-OTHER");
    ck_assert_ptr_null(reglint_results_at(r, 4));
    /* Two profiles. */
    const char *two[] = {"other", "hardening"};
    reglint_check_options o = {two, 2};
    reglint_os os = os_of("2016");
    reglint_results *r2 = reglint_check(rs, v, &os, &o);
    ck_assert_ptr_nonnull(r2);
    ck_assert_uint_eq(reglint_results_count(r2), 3);
    reglint_results_free(r2);
    /* An unknown profile. */
    const char *bad[] = {"nope"};
    reglint_check_options ob = {bad, 1};
    errno = 0;
    ck_assert_ptr_null(reglint_check(rs, v, &os, &ob));
    ck_assert_int_eq(errno, EINVAL);
    reglint_scope *s = reglint_scope_new();
    ck_assert_int_eq(reglint_rules_scope(rs, &ob, s), -1);
    reglint_scope_free(s);
    reglint_results_free(NULL);
    ck_assert_uint_eq(reglint_results_count(NULL), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Built-in checks                                                      */
/* ------------------------------------------------------------------ */

#define PROT_Y Y(SCH_PATH PROT)

static const char BUILTIN_RULES[] =
    "reglint-rules: 1\n"
    "rules:\n"
    RULE("B-TYPE", "error", "common")
    "    test: {builtin: value-types}\n"
    RULE("B-NAMES", "error", "common")
    "    test:\n"
    "      builtin: key-names\n"
    "      watch:\n"
    "        - key: " PROT_Y "\\*\\*\n"
    "          values: [Enabled, DisabledByDefault]\n"
    "        - key: " PROT_Y "\\*\n"
    "          subkeys: [Client, Server]\n"
    "        - key: " PROT_Y "\n"
    "          subkeys: [SSL 2.0, SSL 3.0, TLS 1.0, TLS 1.1, TLS 1.2, TLS 1.3]\n"
    "        - key: " Y(NET4_PATH) "\n"
    "          near-values: [SchUseStrongCrypto, SystemDefaultTlsVersions]\n"
    RULE("B-RANGE", "warning", "common")
    "    test:\n"
    "      builtin: value-range\n"
    "      values:\n"
    "        - key: " PROT_Y "\\*\\*\n"
    "          names: [Enabled, DisabledByDefault]\n"
    "        - key: " Y(NET4_PATH) "\n"
    "          names: [SchUseStrongCrypto]\n"
    "      allowed: [0, 1]\n"
    "      exceptions:\n"
    "        - value: Enabled\n"
    "          equals: 0xffffffff\n"
    "          severity: info\n"
    "          reason: \"the legacy on\"\n"
    RULE("B-CONTRA", "warning", "common")
    "    test:\n"
    "      builtin: contradictions\n"
    "      keys: [" PROT_Y "\\*\\*]\n"
    RULE("B-DRIFT", "info", "common")
    "    test:\n"
    "      builtin: control-set-drift\n"
    "      subtree: Control\\SecurityProviders\\SCHANNEL\n"
    RULE("B-SQL", "error", "t")
    "    test:\n"
    "      builtin: sql-server-builds\n"
    "      instances:\n"
    "        - " Y(SQL_PATH) "\n"
    "        - " Y(WSQL_PATH) "\n"
    "      pass-from: \"13.0\"\n"
    "      branches:\n"
    "        - {name: \"2014 SP1 CU\", from: \"12.0.4400\", to: \"12.0.5000\", min: \"12.0.4439.1\"}\n"
    "        - {name: \"2014 SP2\", from: \"12.0.5000\", to: \"13.0\", min: \"12.0.5000\"}\n"
    "        - {name: \"2008 R2 SP3\", from: \"10.50.6000\", to: \"10.50.7000\", min: \"10.50.6542.0\"}\n"
    "        - {name: \"2005\", from: \"9.0\", to: \"10.0\", min: none}\n"
    "      flagged: [\"10.50.6537.0\"]\n"
    /* a value test and a protocol test so that REG-TYPE has reads */
    RULE("B-READ", "error", "t")
    "    test: {key: " Y(NET4_PATH) ", value: SchUseStrongCrypto, absent: pass}\n"
    RULE("B-PROTO", "error", "t")
    "    test: {protocol: TLS 1.2, role: client, states: [on]}\n";

START_TEST(builtin_value_types)
{
    reglint_rules *rs = load_rules(BUILTIN_RULES);
    /* Nothing wrong: one pass without a target. */
    reglint_results *r = run(rs, COVER_SCH C12 EN(1), "2016");
    ck_assert_uint_eq(count_of(r, "B-TYPE"), 1);
    const reglint_result *x = get(r, "B-TYPE", NULL);
    EXPECT(x, REGLINT_PASS);
    ck_assert_ptr_null(x->target);

    r = run(rs, COVER_SCH C12 "\"Enabled\"=\"1\"\n"
            K(SCH_PATH PROT "\\TLS 1.0\\Server")
            "\"DisabledByDefault\"=hex:00,00,00,00\n"
            K(SCH_PATH PROT "\\TLS 1.0\\Other") "\"Enabled\"=\"x\"\n"
            K(NET4_PATH) "\"SchUseStrongCrypto\"=hex(b):01,00,00,00,00,00,00,"
            "00\n", "2016");
    ck_assert_uint_eq(count_of(r, "B-TYPE"), 3);
    x = get(r, "B-TYPE", "TLS 1.2\\Client\\Enabled");
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    ck_assert_str_eq(x->value, "Enabled");
    HAS(x->reason, "Enabled is REG_SZ; Windows reads only a REG_DWORD");
    ck_assert_str_eq(x->fix, "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet"
                     "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\"
                     "TLS 1.2\\Client]\n\"Enabled\"=dword:00000001\n");
    x = get(r, "B-TYPE", "TLS 1.0\\Server\\DisabledByDefault");
    HAS(x->actual, "REG_BINARY");
    x = get(r, "B-TYPE", "v4.0.30319\\SchUseStrongCrypto");
    HAS(x->actual, "REG_QWORD");
    /* In the order found: the values rules read (in rule order), then
    ** the protocol role keys. */
    ck_assert_str_eq(reglint_results_at(r, 0)->rule->id, "B-TYPE");
    HAS(reglint_results_at(r, 0)->target, "SchUseStrongCrypto");
}
END_TEST

START_TEST(builtin_key_names)
{
    reglint_rules *rs = load_rules(BUILTIN_RULES);
    static const struct {
        const char *name, *suggest;
    } keys[] = {{"TLS1.2", "TLS 1.2"},  {"TLS 1.2 ", "TLS 1.2"},
                {"SSL 3", "SSL 3.0"},   {"TLS 0", "TLS 1.0"},
                {"TLS 1,2", "TLS 1.2"}, {"Foo", NULL}};
    char body[8192];
    size_t o = (size_t)snprintf(body, sizeof body, "%s", COVER_SCH);
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        o += (size_t)snprintf(body + o, sizeof body - o,
                              "[" HKLM SCH_PATH PROT "\\%s\\Clients]\n"
                              "\"Enable\"=dword:00000001\n",
                              keys[i].name);
    o += (size_t)snprintf(body + o, sizeof body - o, "%s",
        K(SCH_PATH PROT "\\TLS 1.1\\Clients") EN(1)
        K(SCH_PATH PROT "\\TLS 1.1\\client ") EN(1)
        K(SCH_PATH PROT "\\TLS 1.0\\Client") "\"Enable\"=dword:00000001\n"
        "\"DisableByDefault\"=dword:00000000\n"
        /* exact in another case: fine */
        K(SCH_PATH PROT "\\tls 1.3\\CLIENT") "\"enabled\"=dword:00000000\n"
        "\"DISABLEDBYDEFAULT\"=dword:00000001\n"
        K(NET4_PATH) "\"SchUseStrongCrypt\"=dword:00000001\n"
        "\"SystemDefaultTLSVersion\"=dword:00000001\n"
        "\"schusestrongcrypto\"=dword:00000001\n"
        "\"InstallPath\"=\"C:\\\\Windows\"\n");
    reglint_results *r = run(rs, body, "2016");
    const reglint_result *x;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        char t[64];
        snprintf(t, sizeof t, "Protocols\\%s", keys[i].name);
        x = get(r, "B-NAMES", t);
        EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
        ck_assert_ptr_nonnull(x->found_key);
        if (keys[i].suggest) {
            char want[64];
            snprintf(want, sizeof want, "did you mean \"%s\"?",
                     keys[i].suggest);
            HAS(x->reason, want);
        } else {
            ck_assert_ptr_null(strstr(x->reason, "did you mean"));
            HAS(x->expected, "one of \"SSL 2.0\"");
        }
    }
    /* Nothing below a flagged key is examined: 6 protocol keys, the two
    ** near-miss role keys, two role values, two .NET values. */
    ck_assert_uint_eq(count_of(r, "B-NAMES"), 6 + 2 + 2 + 2);
    HAS(get(r, "B-NAMES", "TLS 1.1\\Clients")->reason, "did you mean \"Client\"");
    HAS(get(r, "B-NAMES", "TLS 1.1\\client ")->reason, "did you mean \"Client\"");
    x = get(r, "B-NAMES", "TLS 1.0\\Client\\Enable");
    HAS(x->reason, "did you mean \"Enabled\"");
    ck_assert_str_eq(x->value, "Enable");
    HAS(x->fix, "\"Enable\"=-\n\"Enabled\"=dword:00000001\n");
    HAS(get(r, "B-NAMES", "DisableByDefault")->reason,
        "did you mean \"DisabledByDefault\"");
    HAS(get(r, "B-NAMES", "SchUseStrongCrypt")->reason,
        "did you mean \"SchUseStrongCrypto\"");
    HAS(get(r, "B-NAMES", "SystemDefaultTLSVersion")->reason,
        "did you mean \"SystemDefaultTlsVersions\"");

    /* Clean names: one pass. */
    r = run(rs, COVER_SCH K(SCH_PATH PROT "\\TLS 1.2\\Client") EN(1) DBD(0)
            K(SCH_PATH PROT "\\ssl 3.0\\server") EN(0), "2016");
    ck_assert_uint_eq(count_of(r, "B-NAMES"), 1);
    EXPECT(get(r, "B-NAMES", NULL), REGLINT_PASS);
}
END_TEST

START_TEST(builtin_range_and_contradictions)
{
    reglint_rules *rs = load_rules(BUILTIN_RULES);
    reglint_results *r = run(rs, COVER_SCH
        K(SCH_PATH PROT "\\TLS 1.0\\Server") EN(2) DBD(0)
        K(SCH_PATH PROT "\\TLS 1.1\\Server") "\"Enabled\"=dword:ffffffff\n"
        DBD(1)
        K(SCH_PATH PROT "\\TLS 1.2\\Server") EN(0) DBD(0)
        K(SCH_PATH PROT "\\TLS 1.2\\Client") EN(1) DBD(0)
        K(NET4_PATH) "\"SchUseStrongCrypto\"=dword:00000001\n", "2016");
    ck_assert_uint_eq(count_of(r, "B-RANGE"), 2);
    const reglint_result *x = get(r, "B-RANGE", "TLS 1.0\\Server\\Enabled");
    EXPECT_FAIL(x, REGLINT_LEVEL_WARNING);
    ck_assert_str_eq(x->expected, "one of 0, 1");
    x = get(r, "B-RANGE", "TLS 1.1\\Server\\Enabled");
    EXPECT_FAIL(x, REGLINT_LEVEL_INFO);
    HAS(x->reason, "the legacy on");

    /* Enabled!=0 with DisabledByDefault=1; Enabled=0 with 0. */
    ck_assert_uint_eq(count_of(r, "B-CONTRA"), 2);
    x = get(r, "B-CONTRA", "TLS 1.1\\Server");
    EXPECT_FAIL(x, REGLINT_LEVEL_WARNING);
    ck_assert_str_eq(x->actual, "Enabled=0xffffffff, DisabledByDefault=1");
    x = get(r, "B-CONTRA", "TLS 1.2\\Server");
    HAS(x->reason, "half disabled");

    r = run(rs, COVER_SCH C12 EN(1) DBD(0), "2016");
    EXPECT(get(r, "B-RANGE", NULL), REGLINT_PASS);
    EXPECT(get(r, "B-CONTRA", NULL), REGLINT_PASS);
    ck_assert_uint_eq(count_of(r, "B-RANGE"), 1);
}
END_TEST

/* A SYSTEM export: Select first, so CurrentControlSet maps as in a hive. */
#define CS(n, p) "[" HKLM "\\SYSTEM\\ControlSet00" #n p "]\n"
#define SELECT2 "[" HKLM "\\SYSTEM]\n[" HKLM "\\SYSTEM\\Select]\n" \
                "\"Current\"=dword:00000002\n"

START_TEST(builtin_drift)
{
    reglint_rules *rs = load_rules(BUILTIN_RULES);
    reglint_results *r = run(rs, SELECT2
        CS(2, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client")
        EN(0) DBD(1)
        CS(1, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client")
        EN(1) "\"Extra\"=dword:00000005\n"
        CS(1, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server")
        EN(0), "2016");
    ck_assert_uint_eq(count_of(r, "B-DRIFT"), 4);
    const reglint_result *x = get(r, "B-DRIFT", "ControlSet001\\Control\\"
                                  "SecurityProviders\\SCHANNEL\\Protocols\\"
                                  "TLS 1.2\\Client\\Enabled");
    EXPECT_FAIL(x, REGLINT_LEVEL_INFO);
    HAS(x->actual, "ControlSet001: REG_DWORD 0x00000001 (1); ControlSet002 "
                   "(current): REG_DWORD 0x00000000 (0)");
    HAS(x->reason, "ControlSet002");
    get(r, "B-DRIFT", "TLS 1.2\\Client\\Extra");
    x = get(r, "B-DRIFT", "TLS 1.2\\Client\\DisabledByDefault");
    HAS(x->actual, "ControlSet001: absent");
    x = get(r, "B-DRIFT", "ControlSet001\\Control\\SecurityProviders\\"
            "SCHANNEL\\Protocols\\TLS 1.0\\Server\\Enabled");
    HAS(x->actual, "(current): absent");
    /* The protocol rule reads the current set (CurrentControlSet mapped). */
    x = get(r, "B-PROTO", NULL);
    EXPECT(x, REGLINT_FAIL);
    HAS(x->key, "ControlSet002");
    HAS(x->actual, "off");

    /* The same values: one pass. */
    r = run(rs, SELECT2
        CS(2, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client") EN(1)
        CS(1, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client") EN(1),
        "2016");
    ck_assert_uint_eq(count_of(r, "B-DRIFT"), 1);
    EXPECT(get(r, "B-DRIFT", NULL), REGLINT_PASS);
    EXPECT(get(r, "B-PROTO", NULL), REGLINT_PASS);
    /* No control set known: n/a. */
    x = get(run(rs, COVER_SCH C12 EN(1), "2016"), "B-DRIFT", NULL);
    EXPECT(x, REGLINT_NA);
    /* A .reg export keeps CurrentControlSet literal (Select read after it):
    ** it is the current set, compared with ControlSet001. */
    r = run(rs, "[" HKLM "\\SYSTEM]\n"
        K(SCH_PATH PROT "\\TLS 1.2\\Client") EN(1)
        CS(1, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client") EN(0)
        "[" HKLM "\\SYSTEM\\Select]\n\"Current\"=dword:00000002\n", "2016");
    x = get(r, "B-DRIFT", "ControlSet001");
    EXPECT(x, REGLINT_FAIL);
    HAS(x->actual, "CurrentControlSet (current): REG_DWORD 0x00000001");
    EXPECT(get(r, "B-PROTO", NULL), REGLINT_PASS);
    /* ... and without Select nothing says which set is current. */
    r = run(rs, "[" HKLM "\\SYSTEM]\n"
        K(SCH_PATH PROT "\\TLS 1.2\\Client") EN(1)
        CS(1, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client") EN(0),
        "2016");
    EXPECT(get(r, "B-DRIFT", NULL), REGLINT_NA);
}
END_TEST

#define SQLI(root, id, ver)                                                \
    "[" HKLM root "\\" id "\\MSSQLServer\\CurrentVersion]\n"               \
    "\"CurrentVersion\"=\"" ver "\"\n"

START_TEST(builtin_sql)
{
    reglint_rules *rs = load_rules(BUILTIN_RULES);
    reglint_results *r = run(rs, COVER_SW
        K(SQL_PATH "\\Instance Names\\SQL")
        "\"MSSQLSERVER\"=\"MSSQL12.MSSQLSERVER\"\n"
        "\"FLAGGED\"=\"MSSQL10_50.FLAGGED\"\n"
        "\"NEW\"=\"MSSQL13.NEW\"\n"
        "\"LOW\"=\"MSSQL12.LOW\"\n"
        "\"OLD\"=\"MSSQL.1\"\n"
        "\"ANCIENT\"=\"MSSQL.0\"\n"
        "\"SETUP\"=\"MSSQL12.SETUP\"\n"
        "\"NOVER\"=\"MSSQL12.NOVER\"\n"
        "\"R2SP3\"=\"MSSQL10_50.R2SP3\"\n"
        SQLI(SQL_PATH, "MSSQL12.MSSQLSERVER", "12.0.4439.1")
        SQLI(SQL_PATH, "MSSQL10_50.FLAGGED", "10.50.6537.0")
        SQLI(SQL_PATH, "MSSQL13.NEW", "13.0.1601.5")
        SQLI(SQL_PATH, "MSSQL12.LOW", "12.0.4420.0")
        SQLI(SQL_PATH, "MSSQL.1", "9.00.5000.00")
        SQLI(SQL_PATH, "MSSQL.0", "8.0.2039")
        "[" HKLM SQL_PATH "\\MSSQL12.SETUP\\Setup]\n"
        "\"PatchLevel\"=\"12.0.5000.0\"\n"
        "[" HKLM SQL_PATH "\\MSSQL12.NOVER\\Setup]\n"
        "\"Edition\"=\"Express\"\n"
        SQLI(SQL_PATH, "MSSQL10_50.R2SP3", "10.50.6542.0")
        K(WSQL_PATH "\\Instance Names\\SQL")
        "\"MSSQLSERVER\"=\"MSSQL11.MSSQLSERVER\"\n"
        SQLI(WSQL_PATH, "MSSQL11.MSSQLSERVER", "11.0.2100.60"),
        "2016/x64");
    ck_assert_uint_eq(count_of(r, "B-SQL"), 10);
    const reglint_result *x = get(r, "B-SQL", "MSSQLSERVER");
    EXPECT(x, REGLINT_PASS);
    ck_assert_str_eq(x->target, "MSSQLSERVER");
    ck_assert_str_eq(x->value, "CurrentVersion");
    HAS(x->reason, "2014 SP1 CU");
    HAS(x->actual, "12.0.4439.1");
    ck_assert_ptr_null(x->remedy);
    /* Every fail is a step by hand, and its remedy says which: the
    ** instance, its branch and the build to install, or to upgrade. */
    x = get(r, "B-SQL", "FLAGGED");
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    HAS(x->reason, "3146034");
    ck_assert_ptr_null(x->fix);
    HAS(x->remedy, "Update SQL Server instance FLAGGED (build 10.50.6537, "
                   "SQL Server 2008 R2 SP3) to build 10.50.6542 or later, "
                   "the first of SQL Server 2008 R2 SP3 with TLS 1.2");
    EXPECT(get(r, "B-SQL", "NEW"), REGLINT_PASS);
    x = get(r, "B-SQL", "LOW");
    EXPECT(x, REGLINT_FAIL);
    HAS(x->reason, "below 12.0.4439.1");
    HAS(x->remedy, "instance LOW (build 12.0.4420, SQL Server 2014 SP1 CU) "
                   "to build 12.0.4439.1 or later");
    x = get(r, "B-SQL", "OLD");
    EXPECT(x, REGLINT_FAIL);
    HAS(x->reason, "2005, which has no build with TLS 1.2");
    HAS(x->remedy, "Upgrade SQL Server instance OLD (build 9.0.5000, SQL "
                   "Server 2005): no update brings TLS 1.2 to SQL Server "
                   "2005; upgrade to a supported branch (version 13.0 or "
                   "later");
    x = get(r, "B-SQL", "ANCIENT");
    EXPECT(x, REGLINT_FAIL);
    HAS(x->reason, "no TLS 1.2 support known for this build");
    HAS(x->remedy, "Upgrade SQL Server instance ANCIENT (build 8.0.2039): no "
                   "update brings TLS 1.2 to this build");
    x = get(r, "B-SQL", "SETUP");
    EXPECT(x, REGLINT_PASS);
    ck_assert_str_eq(x->value, "PatchLevel");
    x = get(r, "B-SQL", "NOVER");
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "unreadable");
    ck_assert_ptr_null(x->remedy);
    EXPECT(get(r, "B-SQL", "R2SP3"), REGLINT_PASS);
    x = get(r, "B-SQL", "MSSQLSERVER (32-bit)");
    EXPECT(x, REGLINT_FAIL);
    HAS(x->key, "WOW6432Node");
    HAS(x->remedy, "instance MSSQLSERVER (32-bit) (build 11.0.2100.60");
    /* Results in the order found: native instances first. */
    size_t first = SIZE_MAX, last = 0;
    for (size_t i = 0; i < reglint_results_count(r); i++)
        if (strcmp(reglint_results_at(r, i)->rule->id, "B-SQL") == 0) {
            if (first == SIZE_MAX)
                first = i;
            last = i;
        }
    ck_assert_str_eq(reglint_results_at(r, first)->target, "MSSQLSERVER");
    ck_assert_str_eq(reglint_results_at(r, last)->target,
                     "MSSQLSERVER (32-bit)");

    /* No instance: n/a; nothing covering SQL Server: unknown. */
    x = get(run(rs, COVER_SW, "2016"), "B-SQL", NULL);
    EXPECT(x, REGLINT_NA);
    x = get(run(rs, COVER_SCH, "2016"), "B-SQL", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "reg export \"HKLM" SQL_PATH "\" microsoftsqlserver.reg");
}
END_TEST

/* The two builtins about where keys and values stand, apart from
** BUILTIN_RULES: their reads would widen what its scope test expects. */
static const char PLACE_RULES[] =
    "reglint-rules: 1\n"
    "rules:\n"
    RULE("B-PATHS", "error", "common")
    "    test:\n"
    "      builtin: key-paths\n"
    "      places:\n"
    "        - names: [SCHANNEL]\n"
    "          at: [HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders]\n"
    "          look: [HKLM\\SYSTEM]\n"
    "          except: [HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog]\n"
    "        - names: [TLS 1.2, SSL 3.0]\n"
    "          at: [" PROT_Y "]\n"
    "          look: [" Y(SCH_PATH) "]\n"
    "        - names: [v4.0.30319]\n"
    "          at: [HKLM\\SOFTWARE\\Microsoft\\.NETFramework, "
    "HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework]\n"
    "          look: [HKLM\\SOFTWARE]\n"
    "      read:\n"
    "        - {key: HKLM\\SYSTEM\\*\\Control, depth: 2}\n"
    "        - {key: HKLM\\SYSTEM\\*\\Control\\SecurityProviders\\SCHANNEL, "
    "depth: subtree}\n"
    "        - {key: HKLM\\SOFTWARE\\Microsoft, depth: 2}\n"
    RULE("B-TWIN", "warning", "common")
    "    test:\n"
    "      builtin: view-twins\n"
    "      pairs:\n"
    "        - native: " Y(NET4_PATH) "\n"
    "          wow: " Y(WNET4_PATH) "\n"
    "          names: [SchUseStrongCrypto, SystemDefaultTlsVersions]\n";

/* Rules of the profile common only, one .reg text, an --os spec. */
static reglint_results *runc(reglint_rules *rs, const char *reg,
                             const char *os_spec)
{
    return check_view(rs, view_reg(reg), os_spec, "common");
}

START_TEST(builtin_key_paths)
{
    reglint_rules *rs = load_rules(PLACE_RULES);
    /* Where Windows reads them, in either control set and in any case,
    ** beside the Schannel event source: one pass. */
    reglint_results *r = runc(rs, SELECT2
        CS(2, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client")
        EN(1)
        CS(1, "\\Control\\SecurityProviders\\schannel\\protocols\\tls 1.2")
        CS(2, "\\Services\\EventLog\\System\\Schannel")
        K(NET4_PATH) K(WNET4_PATH), "2016");
    ck_assert_uint_eq(count_of(r, "B-PATHS"), 1);
    const reglint_result *x = get(r, "B-PATHS", NULL);
    EXPECT(x, REGLINT_PASS);
    ck_assert_ptr_null(x->target);

    /* Misplaced: one result per key, nothing below a flagged key. */
    r = runc(rs, SELECT2
        CS(2, "\\Control\\SecurityProvider\\SCHANNEL\\Protocols\\TLS 1.2\\Client")
        EN(1)
        CS(1, "\\Control\\SecurityProviders\\SCHANNEL\\TLS 1.2\\Client") EN(1)
        CS(2, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\SSL 3.0\\"
              "Server\\ssl 3.0")
        CS(2, "\\Services\\Contoso\\SCHANNEL")
        K("\\SOFTWARE\\Microsoft\\v4.0.30319")
        K("\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319"),
        "2016");
    ck_assert_uint_eq(count_of(r, "B-PATHS"), 5);
    x = get(r, "B-PATHS", "ControlSet002\\Control\\SecurityProvider\\SCHANNEL");
    EXPECT_FAIL(x, REGLINT_LEVEL_ERROR);
    ck_assert_str_eq(x->target, HKLM "\\SYSTEM\\ControlSet002\\Control\\"
                     "SecurityProvider\\SCHANNEL");
    ck_assert_str_eq(x->key, x->target);
    ck_assert_ptr_nonnull(x->found_key);
    ck_assert_uint_ne(x->origin.source, 0);
    HAS(x->reason, "Windows reads SCHANNEL only at HKLM\\SYSTEM\\"
                   "CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL; "
                   "did you mean that?");
    ck_assert_str_eq(x->expected, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
                     "SecurityProviders\\SCHANNEL");
    /* The current set is spelled CurrentControlSet, another as it is. */
    ck_assert_str_eq(x->fix, "[-" HKLM "\\SYSTEM\\CurrentControlSet\\Control"
                     "\\SecurityProvider\\SCHANNEL]\n");
    ck_assert_ptr_null(x->remedy);
    x = get(r, "B-PATHS", "ControlSet001\\Control\\SecurityProviders\\SCHANNEL"
            "\\TLS 1.2");
    HAS(x->reason, "Windows reads TLS 1.2 only at HKLM\\SYSTEM\\"
                   "CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\"
                   "Protocols\\TLS 1.2");
    ck_assert_str_eq(x->fix, "[-" HKLM "\\SYSTEM\\ControlSet001\\Control\\"
                     "SecurityProviders\\SCHANNEL\\TLS 1.2]\n");
    EXPECT(get(r, "B-PATHS", "SSL 3.0\\Server\\ssl 3.0"), REGLINT_FAIL);
    EXPECT(get(r, "B-PATHS", "Services\\Contoso\\SCHANNEL"), REGLINT_FAIL);
    x = get(r, "B-PATHS", "SOFTWARE\\Microsoft\\v4.0.30319");
    HAS(x->reason, "Windows reads v4.0.30319 only at HKLM\\SOFTWARE\\"
                   "Microsoft\\.NETFramework\\v4.0.30319 and HKLM\\SOFTWARE\\"
                   "WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319; did "
                   "you mean HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\"
                   "v4.0.30319?");

    /* What a check reads is the rule's `read`: a hive loaded with the
    ** scope shows the slips there, not one deeper in Services; loaded
    ** whole, it shows that one too. */
    const char *sys_hive = tpath("SYSTEM-paths");
    build_hive(sys_hive, "HKLM\\SYSTEM", SELECT2
        CS(2, "\\Control\\SecurityProvider\\SCHANNEL\\Protocols\\TLS 1.2")
        CS(2, "\\Services\\Contoso\\SCHANNEL"));
    const char *all = "all";
    reglint_check_options o = {&all, 1};
    reglint_scope *scope = reglint_scope_new();
    ck_assert_int_eq(reglint_rules_scope(rs, &o, scope), 0);
    reglint_view *vs = view_files(scope, sys_hive, (const char *)NULL);
    reglint_scope_free(scope);
    r = check_view(rs, vs, "2016", "all");
    ck_assert_uint_eq(count_of(r, "B-PATHS"), 1);
    EXPECT(get(r, "B-PATHS", "SecurityProvider\\SCHANNEL"), REGLINT_FAIL);
    r = check_view(rs, view_files(NULL, sys_hive, (const char *)NULL), "2016",
                   "all");
    ck_assert_uint_eq(count_of(r, "B-PATHS"), 2);
    EXPECT(get(r, "B-PATHS", "Services\\Contoso\\SCHANNEL"), REGLINT_FAIL);

    /* A name several places watch must stand where each of them that
    ** looks there says; a place naming it twice judges it once. */
    rs = load_rules("reglint-rules: 1\n"
                    "rules:\n"
                    RULE("B-TWO", "error", "common")
                    "    test:\n"
                    "      builtin: key-paths\n"
                    "      places:\n"
                    "        - names: [X, x]\n"
                    "          at: [HKLM\\SOFTWARE\\A]\n"
                    "          look: [HKLM\\SOFTWARE]\n"
                    "        - names: [X]\n"
                    "          at: [HKLM\\SOFTWARE\\A\\B]\n"
                    "          look: [HKLM\\SOFTWARE\\A\\B]\n");
    r = runc(rs, COVER_SW K("\\SOFTWARE\\A\\X") K("\\SOFTWARE\\A\\B\\X")
             K("\\SOFTWARE\\C\\x"), "2016");
    ck_assert_uint_eq(count_of(r, "B-TWO"), 2);
    HAS(get(r, "B-TWO", "SOFTWARE\\A\\B\\X")->reason,
        "Windows reads X only at HKLM\\SOFTWARE\\A\\X");
    HAS(get(r, "B-TWO", "SOFTWARE\\C\\x")->reason, "did you mean that?");
}
END_TEST

#define SUSC(n) "\"SchUseStrongCrypto\"=dword:0000000" #n "\n"
#define SDTV(n) "\"SystemDefaultTlsVersions\"=dword:0000000" #n "\n"

START_TEST(builtin_view_twins)
{
    reglint_rules *rs = load_rules(PLACE_RULES);
    /* Alike in both views (names in any case), or in neither: a pass. */
    reglint_results *r = runc(rs, COVER_SW K(NET4_PATH) SUSC(1)
                             K(WNET4_PATH) "\"schusestrongcrypto\"=dword:"
                             "00000001\n", "2016/x64");
    ck_assert_uint_eq(count_of(r, "B-TWIN"), 1);
    EXPECT(get(r, "B-TWIN", NULL), REGLINT_PASS);

    /* Set in the 64-bit view only: the fix sets the 32-bit twin. */
    r = runc(rs, COVER_SW K(NET4_PATH) SUSC(1), "2016/x64");
    ck_assert_uint_eq(count_of(r, "B-TWIN"), 1);
    const reglint_result *x = get(r, "B-TWIN", "SchUseStrongCrypto");
    EXPECT_FAIL(x, REGLINT_LEVEL_WARNING);
    ck_assert_str_eq(x->target, HKLM WNET4_PATH "\\SchUseStrongCrypto");
    ck_assert_str_eq(x->key, HKLM NET4_PATH);
    ck_assert_str_eq(x->value, "SchUseStrongCrypto");
    ck_assert_ptr_nonnull(x->found_value);
    ck_assert_str_eq(x->actual, "64-bit view: REG_DWORD 0x00000001 (1); "
                     "32-bit view (WOW6432Node): absent");
    HAS(x->reason, "set only in the 64-bit view: on 64-bit Windows 32-bit "
                   ".NET applications read HKLM" WNET4_PATH);
    ck_assert_ptr_null(strstr(x->reason, "unknown"));
    ck_assert_str_eq(x->fix, "[" HKLM WNET4_PATH "]\n"
                     "\"SchUseStrongCrypto\"=dword:00000001\n");
    ck_assert_ptr_null(x->remedy);

    /* Set in the 32-bit view only: the fix sets the 64-bit one. */
    x = get(runc(rs, COVER_SW K(WNET4_PATH) SDTV(0), "2016/x64"), "B-TWIN",
            "SystemDefaultTlsVersions");
    EXPECT(x, REGLINT_FAIL);
    ck_assert_str_eq(x->target, HKLM NET4_PATH "\\SystemDefaultTlsVersions");
    ck_assert_str_eq(x->fix, "[" HKLM NET4_PATH "]\n"
                     "\"SystemDefaultTlsVersions\"=dword:00000000\n");

    /* Different data: the 32-bit view is made equal to the 64-bit one. */
    r = runc(rs, COVER_SW K(NET4_PATH) SUSC(1) SDTV(1) K(WNET4_PATH) SUSC(1)
            SDTV(0), "2016/x64");
    ck_assert_uint_eq(count_of(r, "B-TWIN"), 1);
    x = get(r, "B-TWIN", "SystemDefaultTlsVersions");
    EXPECT(x, REGLINT_FAIL);
    ck_assert_str_eq(x->key, HKLM WNET4_PATH);
    HAS(x->reason, "SystemDefaultTlsVersions is 1 in the 64-bit view and 0 "
                   "in the 32-bit view");
    ck_assert_str_eq(x->fix, "[" HKLM WNET4_PATH "]\n"
                     "\"SystemDefaultTlsVersions\"=dword:00000001\n");
    /* A 64-bit value of a type Windows ignores has no fix to copy. */
    x = get(runc(rs, COVER_SW K(NET4_PATH) "\"SchUseStrongCrypto\"=\"1\"\n",
                "2016/x64"), "B-TWIN", "SchUseStrongCrypto");
    EXPECT(x, REGLINT_FAIL);
    ck_assert_ptr_null(x->fix);

    /* 32-bit Windows: n/a; architecture unknown: checked, and said so. */
    x = get(runc(rs, COVER_SW K(NET4_PATH) SUSC(1), "7/x86"), "B-TWIN", NULL);
    EXPECT(x, REGLINT_NA);
    HAS(x->reason, "one registry view");
    x = get(runc(rs, COVER_SW K(NET4_PATH) SUSC(1), "2016"), "B-TWIN", NULL);
    EXPECT(x, REGLINT_FAIL);
    HAS(x->reason, "on 64-bit Windows");
    HAS(x->reason, "whether this Windows is 64-bit is unknown");

    /* The twin not covered: unknown, with the export that settles it;
    ** nothing covered at all: one unknown. */
    r = runc(rs, K(NET4_PATH) SUSC(1), "2016/x64");
    ck_assert_uint_eq(count_of(r, "B-TWIN"), 1);
    x = get(r, "B-TWIN", "SchUseStrongCrypto");
    EXPECT(x, REGLINT_UNKNOWN);
    HAS(x->reason, "no source covers its twin HKLM" WNET4_PATH);
    HAS(x->reason, "reg export \"HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\"
                   ".NETFramework\"");
    r = runc(rs, COVER_SCH, "2016/x64");
    ck_assert_uint_eq(count_of(r, "B-TWIN"), 1);
    x = get(r, "B-TWIN", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    ck_assert_ptr_null(x->target);
    HAS(x->reason, "whether both views agree is unknown");
}
END_TEST

/* A fail without a fix carries the rule's remedy; nothing else does. */
static const char REMEDY_RULES[] =
    "reglint-rules: 1\n"
    "rules:\n"
    RULE("M-KB", "warning", "t")
    "    test: {key-exists: [" Y(CBS_PATH) "\\Package_for_KB1~*]}\n"
    "    remedy: \"Install KB1, then restart\"\n"
    RULE("M-FIX", "error", "t")
    "    test: {key: " Y(NET4_PATH) ", value: SchUseStrongCrypto, expect: "
    "{equals: 1}}\n"
    "    fix: |\n"
    "      [" HKLM NET4_PATH "]\n"
    "      \"SchUseStrongCrypto\"=dword:00000001\n"
    RULE("M-NONE", "error", "t")
    "    test: {key: " Y(NET4_PATH) ", value: SystemDefaultTlsVersions, "
    "expect: {equals: 1}}\n";

START_TEST(remedy_in_results)
{
    reglint_rules *rs = load_rules(REMEDY_RULES);
    reglint_results *r = run(rs, COVER_SW K(NET4_PATH) SUSC(0) SDTV(0),
                             "2016");
    const reglint_result *x = get(r, "M-KB", NULL);
    EXPECT(x, REGLINT_FAIL);
    ck_assert_ptr_null(x->fix);
    ck_assert_str_eq(x->remedy, "Install KB1, then restart");
    ck_assert_str_eq(x->rule->remedy, "Install KB1, then restart");
    x = get(r, "M-FIX", NULL);
    EXPECT(x, REGLINT_FAIL);
    ck_assert_ptr_nonnull(x->fix);
    ck_assert_ptr_null(x->remedy);
    x = get(r, "M-NONE", NULL);
    EXPECT(x, REGLINT_FAIL);
    ck_assert_ptr_null(x->fix);
    ck_assert_ptr_null(x->remedy);
    /* A pass (or anything but a fail) has nothing to do. */
    r = run(rs, COVER_SW K(CBS_PATH "\\Package_for_KB1~31bf3856ad364e35~"
                               "amd64~~6.1.1.0"), "2016");
    x = get(r, "M-KB", NULL);
    EXPECT(x, REGLINT_PASS);
    ck_assert_ptr_null(x->remedy);
    x = get(run(rs, COVER_SCH, "2016"), "M-KB", NULL);
    EXPECT(x, REGLINT_UNKNOWN);
    ck_assert_ptr_null(x->remedy);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Hive and .reg give the same results; scope                           */
/* ------------------------------------------------------------------ */

static const char SYSTEM_BODY[] =
    SELECT2
    CS(2, "\\Control\\ProductOptions") "\"ProductType\"=\"ServerNT\"\n"
    CS(2, "\\Control\\Session Manager\\Environment")
    "\"PROCESSOR_ARCHITECTURE\"=\"AMD64\"\n"
    CS(2, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client")
    EN(1) "\"DisabledByDefault\"=\"0\"\n"
    CS(2, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server")
    EN(0) DBD(0)
    CS(2, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS1.1\\Client")
    EN(1)
    CS(1, "\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client")
    EN(0);

static const char SOFTWARE_BODY[] =
    "[" HKLM "\\SOFTWARE]\n"
    "[" HKLM "\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n"
    "\"CurrentBuild\"=\"9600\"\n\"CurrentVersion\"=\"6.3\"\n"
    K(NET4_PATH) "\"SchUseStrongCrypto\"=dword:00000001\n"
    "\"SystemDefaultTLSVersion\"=dword:00000001\n"
    K(WH_PATH) "\"DefaultSecureProtocols\"=dword:00000a80\n"
    K(CBS_PATH "\\Package_for_KB3154520~31bf3856ad364e35~amd64~~6.3.1.0")
    K(SQL_PATH "\\Instance Names\\SQL") "\"MSSQLSERVER\"=\"MSSQL12.A\"\n"
    SQLI(SQL_PATH, "MSSQL12.A", "12.0.4420.0");

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

START_TEST(hive_equals_reg)
{
    /* Every rule of this file's packs, in one set. */
    char *yaml = NULL;
    ck_assert_int_ge(asprintf(&yaml, "%s%s%s%s%s%s", BUILTIN_RULES,
                              strchr(PLACE_RULES, '\n') + 1 +
                                  strlen("rules:\n"),
                              strchr(VALUE_RULES, '\n') + 1 +
                                  strlen("rules:\n"),
                              strchr(PROTOCOL_RULES, '\n') + 1 +
                                  strlen("rules:\n"),
                              strchr(KEY_RULES, '\n') + 1 + strlen("rules:\n"),
                              strchr(GROUP_RULES, '\n') + 1 +
                                  strlen("rules:\n")), 0);
    reglint_rules *rs = load_rules(yaml);
    free(yaml);
    const char *sys_reg = write_reg(SYSTEM_BODY);
    const char *sw_reg = write_reg(SOFTWARE_BODY);
    const char *sys_hive = tpath("SYSTEM"), *sw_hive = tpath("SOFTWARE");
    import_hive(sys_hive, "HKLM\\SYSTEM", sys_reg);
    import_hive(sw_hive, "HKLM\\SOFTWARE", sw_reg);

    const char *all = "all";
    reglint_check_options o = {&all, 1};
    reglint_scope *scope = reglint_scope_new();
    ck_assert_int_eq(reglint_rules_scope(rs, &o, scope), 0);
    reglint_view *vr = view_files(NULL, sys_reg, sw_reg, (const char *)NULL);
    reglint_view *vh = view_files(scope, sys_hive, sw_hive,
                                  (const char *)NULL);
    /* The hives read whole, and the .reg read with the scope too. */
    reglint_view *vf = view_files(NULL, sys_hive, sw_hive, (const char *)NULL);
    reglint_view *vs = view_files(scope, sys_reg, sw_reg, (const char *)NULL);
    reglint_scope_free(scope);
    ck_assert_uint_eq(reglint_view_control_set(vh), 2);

    reglint_results *rr = check_view(rs, vr, NULL, "all");
    reglint_results *rh = check_view(rs, vh, NULL, "all");
    reglint_results *rsc = check_view(rs, vs, NULL, "all");
    reglint_results *rf = check_view(rs, vf, NULL, "all");
    const reglint_results *other[3] = {rf, rh, rsc};
    static const char *const what[3] = {"hives", "hives with the scope",
                                        ".reg with the scope"};
    for (int k = 0; k < 3; k++) {
        const reglint_results *ro = other[k];
        if (reglint_results_count(rr) != reglint_results_count(ro)) {
            fprintf(stderr, ".reg:\n");
            dump(rr);
            fprintf(stderr, "%s:\n", what[k]);
            dump(ro);
        }
        ck_assert_msg(reglint_results_count(rr) == reglint_results_count(ro),
                      "%s: %zu results, .reg: %zu", what[k],
                      reglint_results_count(ro), reglint_results_count(rr));
        for (size_t i = 0; i < reglint_results_count(rr); i++) {
            const reglint_result *a = reglint_results_at(rr, i);
            const reglint_result *b = reglint_results_at(ro, i);
            ck_assert_msg(a->rule == b->rule && a->result == b->result &&
                              a->severity == b->severity &&
                              same_str(a->target, b->target) &&
                              same_str(a->key, b->key) &&
                              same_str(a->value, b->value) &&
                              same_str(a->actual, b->actual) &&
                              same_str(a->expected, b->expected) &&
                              same_str(a->os_default, b->os_default) &&
                              same_str(a->reason, b->reason),
                          "%s: %s differs: %s/%s [%s] vs %s/%s [%s]",
                          what[k], a->rule->id, reglint_verdict_name(a->result),
                          a->actual ? a->actual : "-",
                          a->reason ? a->reason : "-",
                          reglint_verdict_name(b->result),
                          b->actual ? b->actual : "-",
                          b->reason ? b->reason : "-");
            ck_assert_int_eq((a->found_key != NULL), (b->found_key != NULL));
            ck_assert_int_eq((a->found_value != NULL),
                             (b->found_value != NULL));
        }
    }
    /* And the results are what the content says. */
    const reglint_result *x = get(rh, "B-PROTO", NULL);
    EXPECT(x, REGLINT_PASS); /* DisabledByDefault "0" ignored; 9600: on */
    HAS(x->key, "ControlSet002");
    ck_assert_uint_ne(x->origin.offset, 0);
    EXPECT_FAIL(get(rh, "B-TYPE", "DisabledByDefault"), REGLINT_LEVEL_ERROR);
    EXPECT(get(rh, "B-NAMES", "TLS1.1"), REGLINT_FAIL);
    EXPECT(get(rh, "B-NAMES", "SystemDefaultTLSVersion"), REGLINT_FAIL);
    EXPECT(get(rh, "B-CONTRA", "TLS 1.0\\Server"), REGLINT_FAIL);
    EXPECT(get(rh, "B-DRIFT", "TLS 1.2\\Client\\Enabled"), REGLINT_FAIL);
    EXPECT(get(rh, "B-SQL", "MSSQLSERVER"), REGLINT_FAIL);
    EXPECT(get(rh, "V-BITS", NULL), REGLINT_FAIL);
    EXPECT(get(rh, "G-ANY", NULL), REGLINT_PASS);
    EXPECT(get(rh, "P-OFF", NULL), REGLINT_PASS);
    EXPECT(get(rh, "V-NONZERO", NULL), REGLINT_PASS);
}
END_TEST

START_TEST(scope_lists_what_rules_read)
{
    reglint_rules *rs = load_rules(BUILTIN_RULES);
    /* A hive loaded with the scope of the selected rules only: the SQL
    ** rule (profile t) is not selected, so its keys need not be read. */
    const char *sw_reg = write_reg(SOFTWARE_BODY);
    const char *sw_hive = tpath("SOFTWARE");
    import_hive(sw_hive, "HKLM\\SOFTWARE", sw_reg);
    const char *prof = "common";
    reglint_check_options o = {&prof, 1};
    reglint_scope *scope = reglint_scope_new();
    ck_assert_int_eq(reglint_rules_scope(rs, &o, scope), 0);
    reglint_view *v = view_files(scope, sw_hive, (const char *)NULL);
    reglint_scope_free(scope);
    /* What REG-TYPE and the OS facts need is there ... */
    ck_assert_ptr_nonnull(reglint_view_key_open(v, "HKLM" NET4_PATH));
    ck_assert_ptr_nonnull(reglint_view_key_open(
        v, "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"));
    /* ... what no selected rule reads is not. */
    ck_assert_ptr_null(reglint_view_key_open(v, "HKLM" SQL_PATH
                                             "\\MSSQL12.A"));
    ck_assert_ptr_null(reglint_view_key_open(v, "HKLM" CBS_PATH));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rules-eval");
    TCase *tc = tcase_create("schannel");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, defaults_rows);
    tcase_add_test(tc, effective_states);
    tcase_add_test(tc, effective_coverage_and_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("tests");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, value_nonzero_absent_by_build);
    tcase_add_test(tc, value_expectations);
    tcase_add_test(tc, value_default_and_keys);
    tcase_add_test(tc, applies_conditions);
    tcase_add_test(tc, key_tests);
    tcase_add_test(tc, protocol_states);
    tcase_add_test(tc, protocol_explicit);
    tcase_add_test(tc, protocol_partial_coverage);
    tcase_add_test(tc, groups_and_escalation);
    tcase_add_test(tc, profiles);
    suite_add_tcase(s, tc);

    tc = tcase_create("builtins");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, builtin_value_types);
    tcase_add_test(tc, builtin_key_names);
    tcase_add_test(tc, builtin_range_and_contradictions);
    tcase_add_test(tc, builtin_drift);
    tcase_add_test(tc, builtin_sql);
    tcase_add_test(tc, builtin_key_paths);
    tcase_add_test(tc, builtin_view_twins);
    tcase_add_test(tc, remedy_in_results);
    suite_add_tcase(s, tc);

    tc = tcase_create("sources");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, hive_equals_reg);
    tcase_add_test(tc, scope_lists_what_rules_read);
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
