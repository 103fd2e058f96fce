/*
** cli_audit.c — what check, fix and lint share: the rule options
** (--profile, --rules, --os, --apply), loading the rules and then the
** sources, and running the check.  Each command adds what it does with
** the results: a report, a fix, a lint report.
*/
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_audit_option(cli_audit *a, const cli_command *cmd, int opt,
                     char **argv)
{
    switch (opt) {
    case 'p': /* --profile a,b is --profile a --profile b */
        if (cli_add_profiles(&a->profiles, &a->splits, optarg) < 0)
            break;
        return -1;
    case 'r':
        if (cli_strlist_add(&a->rule_files, optarg) < 0)
            break;
        return -1;
    case 'O':
        a->os_spec = optarg;
        return -1;
    case 'A':
        if (cli_strlist_add(&a->changes, optarg) < 0)
            break;
        return -1;
    default:
        return cli_common_option(cmd, opt, argv, &a->ro);
    }
    cli_error("out of memory");
    return EXIT_INTERNAL;
}

static int cli_parse_format(const char *cmd, const char *arg,
                            reglint_format *out)
{
    if (strcmp(arg, "text") == 0)
        *out = REGLINT_FORMAT_TEXT;
    else if (strcmp(arg, "json") == 0)
        *out = REGLINT_FORMAT_JSON;
    else if (strcmp(arg, "junit") == 0)
        *out = REGLINT_FORMAT_JUNIT;
    else
        return cli_usage_error(cmd, "unknown format '%s' (text, json or "
                                    "junit)", arg);
    return -1;
}

static int cli_parse_fail_on(const char *cmd, const char *arg, int *out)
{
    if (strcmp(arg, "never") == 0)
        *out = 0;
    else if ((*out = reglint_level_parse(arg)) < 0)
        return cli_usage_error(cmd, "unknown level '%s' for --fail-on "
                                    "(error, warning, info or never)", arg);
    return -1;
}

static bool same_file(const char *a, const struct stat *st)
{
    struct stat in;
    return stat(a, &in) == 0 && in.st_dev == st->st_dev &&
           in.st_ino == st->st_ino;
}

const char *cli_audit_input_at(const cli_audit *a, const char *path)
{
    struct stat out;
    if (stat(path, &out) != 0)
        return NULL;
    for (size_t i = 0; i < a->ro.sources.n; i++)
        if (same_file(a->ro.sources.v[i].path, &out))
            return a->ro.sources.v[i].path;
    for (size_t i = 0; i < a->rule_files.n; i++)
        if (same_file(a->rule_files.v[i], &out))
            return a->rule_files.v[i];
    for (size_t i = 0; i < a->changes.n; i++)
        if (same_file(a->changes.v[i], &out))
            return a->changes.v[i];
    return NULL;
}

int cli_audit_prepare(cli_audit *a, const cli_command *cmd)
{
    if (a->ro.sources.n == 0)
        return cli_usage_error(cmd->name, "no SOURCE given");
    reglint_os probe;
    memset(&probe, 0, sizeof probe);
    if (a->os_spec && reglint_os_override(&probe, a->os_spec) < 0)
        return cli_usage_error(cmd->name, "%s", reglint_last_error());
    /* Rules first: a broken rule file stops before any source is read. */
    int rc = EXIT_OK;
    if (!(a->rules = cli_load_rules(&a->rule_files, &rc)))
        return rc;
    a->co.profiles = a->profiles.v;
    a->co.nprofiles = a->profiles.n;
    if (reglint_rules_check_profiles(a->rules, &a->co) < 0)
        return cli_usage_error(cmd->name, "%s", reglint_last_error());
    return -1;
}

int cli_audit_run(cli_audit *a)
{
    reglint_scope *scope = NULL;
    if (!a->whole) {
        /* A check reads only the sections of .reg files its rules read:
        ** a 400 MB export is checked faster than iconv decodes it.  Their
        ** other lines are not checked; `reglint lint` and `reglint dump
        ** --strict` check every line. */
        scope = reglint_scope_new();
        if (!scope || reglint_rules_scope(a->rules, &a->co, scope) < 0) {
            reglint_scope_free(scope);
            cli_error("out of memory");
            return EXIT_INTERNAL;
        }
        a->ro.skim = true;
    }
    cli_view_request req = {&a->ro.sources, &a->changes, scope, a->whole,
                            a->diags};
    a->view = cli_open_view_req(&req, &a->ro, &a->input_error);
    reglint_scope_free(scope);
    if (!a->view)
        return EXIT_INTERNAL;
    reglint_os_read(a->view, &a->os);
    if (a->os_spec)
        reglint_os_override(&a->os, a->os_spec);
    a->results = reglint_check(a->rules, a->view, &a->os, &a->co);
    if (!a->results) {
        cli_error("check failed: %s", reglint_last_error());
        return EXIT_INTERNAL;
    }
    return -1;
}

void cli_audit_free(cli_audit *a)
{
    reglint_results_free(a->results);
    reglint_view_free(a->view);
    reglint_rules_free(a->rules);
    for (size_t i = 0; i < a->splits.n; i++)
        free((char *)a->splits.v[i]);
    cli_strlist_free(&a->splits);
    cli_strlist_free(&a->profiles);
    cli_strlist_free(&a->rule_files);
    cli_strlist_free(&a->changes);
    cli_read_opts_free(&a->ro);
    memset(a, 0, sizeof *a);
}

size_t cli_count_findings(const reglint_results *r, const reglint_diags *d,
                          int fail_on)
{
    size_t n = 0;
    /* As the reports count them: an error always, a warning from
    ** --fail-on warning down. */
    for (size_t i = 0; d && fail_on > 0 && i < reglint_diags_count(d); i++)
        if (reglint_diags_at(d, i)->severity == REGLINT_ERROR ||
            fail_on <= REGLINT_LEVEL_WARNING)
            n++;
    for (size_t i = 0; fail_on > 0 && i < reglint_results_count(r); i++) {
        const reglint_result *res = reglint_results_at(r, i);
        if (res->result == REGLINT_FAIL && (int)res->severity >= fail_on)
            n++;
    }
    return n;
}

void cli_print_diags(const reglint_diags *d, bool quiet)
{
    for (size_t i = 0; d && i < reglint_diags_count(d); i++) {
        const reglint_diag *g = reglint_diags_at(d, i);
        if (g->severity == REGLINT_ERROR || !quiet)
            reglint_diag_print(g, stderr);
    }
}

bool cli_want_color(const char *when, bool to_file)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    if (strcmp(when, "always") == 0)
        return true;
    if (strcmp(when, "never") == 0 || to_file)
        return false;
    return isatty(STDOUT_FILENO);
}

void cli_report_args_init(cli_report_args *ra, int fail_on)
{
    memset(ra, 0, sizeof *ra);
    ra->rep.format = REGLINT_FORMAT_TEXT;
    ra->rep.fail_on = fail_on;
    ra->color = "auto";
}

int cli_report_option(const char *cmd, int opt, const char *arg,
                      cli_report_args *ra)
{
    switch (opt) {
    case 'f':
        return cli_parse_format(cmd, arg, &ra->rep.format);
    case 'F':
        return cli_parse_fail_on(cmd, arg, &ra->rep.fail_on);
    case 'o':
        ra->output = arg;
        return -1;
    case 'C':
        if (strcmp(arg, "auto") != 0 && strcmp(arg, "always") != 0 &&
            strcmp(arg, "never") != 0)
            return cli_usage_error(cmd, "--color takes auto, always or "
                                        "never, not '%s'", arg);
        ra->color = arg;
        return -1;
    default:
        return -2;
    }
}

int cli_report_check_output(const cli_audit *a, const char *cmd,
                            const cli_report_args *ra)
{
    const char *hit = ra->output ? cli_audit_input_at(a, ra->output) : NULL;
    if (hit)
        return cli_usage_error(cmd, "--output %s is the input %s; reglint "
                                    "never writes over an input",
                               ra->output, hit);
    return -1;
}

int cli_report_finish(cli_audit *a, cli_report_args *ra,
                      const reglint_diags *d, bool input_error)
{
    reglint_report_options *rep = &ra->rep;
    rep->color = rep->format == REGLINT_FORMAT_TEXT &&
                 cli_want_color(ra->color, ra->output != NULL);
    int wr = ra->output ? reglint_report_save(ra->output, a->results,
                                              a->view, &a->os, rep)
                        : reglint_report_write(stdout, a->results, a->view,
                                               &a->os, rep);
    if (wr < 0) {
        cli_error("%s", reglint_last_error());
        return EXIT_INTERNAL;
    }
    if (input_error)
        return EXIT_INPUT;
    return cli_count_findings(a->results, d, rep->fail_on) ? EXIT_ABSENT
                                                           : EXIT_OK;
}
