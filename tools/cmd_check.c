/*
** cmd_check.c — `reglint check`: run the rule packs on the sources and
** report what is missing or wrong, for people (text), machines (JSON) or
** CI servers (JUnit).  The library does the work (rules, view, check,
** report); this file turns the command line into calls and results into
** an exit status.
*/
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char check_usage[] =
    "usage: reglint check [--profile P]... [--rules FILE]... [--os SPEC]\n"
    "                     [--format text|json|junit] [--fail-on LEVEL]\n"
    "                     [--output FILE] [--color auto|always|never]\n"
    "                     [--strict] [-q] [--mount ROOTPATH=HIVE]... SOURCE...\n"
    "\n"
    "Check the TLS (Schannel), .NET and WinHTTP settings of a Windows\n"
    "installation, offline, against rule packs.  SOURCEs are registry hives\n"
    "(SYSTEM, SOFTWARE) and .reg exports, layered in the order given.  Each\n"
    "rule gives pass, fail (with its severity: error, warning, info),\n"
    "unknown (no source covers what it reads, or the OS is not known -- the\n"
    "report says what to export or give) or n/a (it does not apply to this\n"
    "OS).\n"
    "\n"
    "  -p, --profile P        the rules to run: azure-backup (default),\n"
    "                         azure-pack, hardening, a profile of a --rules\n"
    "                         file, or all; repeat or separate with commas.\n"
    "                         The common REG-* checks always run\n"
    "  -r, --rules FILE       add the rules of a rule file (reglint-rules(5))\n"
    "      --os SPEC          supply or override the OS facts: 2012r2, 2019,\n"
    "                         7, 11, 6.3.9600, server:17763, client:19045;\n"
    "                         append /x86, /x64 or /arm64\n"
    "  -f, --format FMT       text (default), json (schema in\n"
    "                         reglint-check.schema.json) or junit (JUnit XML)\n"
    "      --fail-on LEVEL    exit 1 when a rule fails at this severity or\n"
    "                         above: error (default), warning, info, never\n"
    "  -o, --output FILE      write the report to FILE (atomically) instead of\n"
    "                         standard output\n"
    "      --color WHEN       colour text output: auto (default: only on a\n"
    "                         terminal), always, never; NO_COLOR in the\n"
    "                         environment always turns it off\n"
    "  -m, --mount ROOTPATH=HIVE\n"
    "                         a hive source mounted at ROOTPATH instead of\n"
    "                         where its type says\n"
    "      --strict           treat every deviation from regedit's syntax as\n"
    "                         an error\n"
    "  -q, --quiet            do not print warnings about the sources\n"
    "                         (of .reg files, check reads and checks only the\n"
    "                         sections its rules read; 'reglint dump --strict'\n"
    "                         checks every line)\n"
    "  -h, --help             show this help\n"
    "\n"
    "See the rules with 'reglint rules list' and 'reglint rules show ID'.\n"
    "\n"
    "Exit status: 0 no fail at or above --fail-on, 1 at least one, 2 bad\n"
    "usage, a bad rule file or an unreadable or invalid source (the other\n"
    "sources are still checked and reported), 3 internal error.\n";

/* Would writing path replace one of the inputs?  Evidence is never
** written, whatever name it is reached by. */
static const char *output_hits_input(const char *path, const cli_sources *s,
                                     const cli_strlist *rules)
{
    struct stat out;
    if (stat(path, &out) != 0)
        return NULL;
    struct stat in;
    for (size_t i = 0; i < s->n; i++)
        if (stat(s->v[i].path, &in) == 0 && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino)
            return s->v[i].path;
    for (size_t i = 0; i < rules->n; i++)
        if (stat(rules->v[i], &in) == 0 && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino)
            return rules->v[i];
    return NULL;
}

static bool want_color(const char *when, bool to_file)
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

static int run_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"profile", required_argument, NULL, 'p'},
        {"rules", required_argument, NULL, 'r'},
        {"os", required_argument, NULL, 'O'},
        {"format", required_argument, NULL, 'f'},
        {"fail-on", required_argument, NULL, 'F'},
        {"output", required_argument, NULL, 'o'},
        {"color", required_argument, NULL, 'C'},
        {"colour", required_argument, NULL, 'C'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    cli_read_opts ro = {0};
    cli_strlist profiles = {0}, rule_files = {0}, splits = {0};
    const char *os_spec = NULL, *output = NULL, *color = "auto";
    reglint_report_options rep = {0};
    rep.format = REGLINT_FORMAT_TEXT;
    rep.fail_on = REGLINT_LEVEL_ERROR;
    reglint_rules *rules = NULL;
    reglint_scope *scope = NULL;
    reglint_view *view = NULL;
    reglint_results *results = NULL;
    int c, rc = EXIT_OK;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "-:p:r:f:o:m:qh", longopts, NULL)) !=
           -1) {
        switch (c) {
        case 'p': /* --profile a,b is --profile a --profile b */
            if (cli_add_profiles(&profiles, &splits, optarg) < 0) {
                cli_error("out of memory");
                rc = EXIT_INTERNAL;
                goto out;
            }
            break;
        case 'r':
            if (cli_strlist_add(&rule_files, optarg) < 0) {
                cli_error("out of memory");
                rc = EXIT_INTERNAL;
                goto out;
            }
            break;
        case 'O':
            os_spec = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                rep.format = REGLINT_FORMAT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                rep.format = REGLINT_FORMAT_JSON;
            else if (strcmp(optarg, "junit") == 0)
                rep.format = REGLINT_FORMAT_JUNIT;
            else {
                rc = cli_usage_error("check", "unknown format '%s' (text, "
                                              "json or junit)", optarg);
                goto out;
            }
            break;
        case 'F':
            if (strcmp(optarg, "never") == 0)
                rep.fail_on = 0;
            else if ((rep.fail_on = reglint_level_parse(optarg)) < 0) {
                rc = cli_usage_error("check", "unknown level '%s' for "
                                              "--fail-on (error, warning, "
                                              "info or never)", optarg);
                goto out;
            }
            break;
        case 'o':
            output = optarg;
            break;
        case 'C':
            if (strcmp(optarg, "auto") != 0 && strcmp(optarg, "always") != 0 &&
                strcmp(optarg, "never") != 0) {
                rc = cli_usage_error("check", "--color takes auto, always or "
                                              "never, not '%s'", optarg);
                goto out;
            }
            color = optarg;
            break;
        default:
            rc = cli_common_option(&cmd_check, c, argv, &ro);
            if (rc >= 0)
                goto out;
            rc = EXIT_OK;
        }
    }
    if (ro.sources.n == 0) {
        rc = cli_usage_error("check", "no SOURCE given");
        goto out;
    }
    reglint_os probe;
    memset(&probe, 0, sizeof probe);
    if (os_spec && reglint_os_override(&probe, os_spec) < 0) {
        rc = cli_usage_error("check", "%s", reglint_last_error());
        goto out;
    }
    if (output) {
        const char *hit = output_hits_input(output, &ro.sources, &rule_files);
        if (hit) {
            rc = cli_usage_error("check", "--output %s is the input %s; "
                                          "reglint never writes over an "
                                          "input", output, hit);
            goto out;
        }
    }

    /* Rules first: a broken rule file stops before any source is read. */
    if (!(rules = cli_load_rules(&rule_files, &rc)))
        goto out;
    reglint_check_options co = {profiles.v, profiles.n};
    if (reglint_rules_check_profiles(rules, &co) < 0) {
        rc = cli_usage_error("check", "%s", reglint_last_error());
        goto out;
    }

    scope = reglint_scope_new();
    if (!scope || reglint_rules_scope(rules, &co, scope) < 0) {
        cli_error("out of memory");
        rc = EXIT_INTERNAL;
        goto out;
    }
    /* A check reads only the sections of .reg files its rules read: a
    ** 400 MB export is checked faster than iconv decodes it.  Their other
    ** lines are not checked; `reglint dump --strict` checks every line. */
    ro.skim = true;
    bool input_error = false;
    view = cli_open_view(&ro.sources, &ro, scope, &input_error);
    if (!view) {
        rc = EXIT_INTERNAL;
        goto out;
    }
    reglint_os os;
    reglint_os_read(view, &os);
    if (os_spec)
        reglint_os_override(&os, os_spec);
    results = reglint_check(rules, view, &os, &co);
    if (!results) {
        cli_error("check failed: %s", reglint_last_error());
        rc = EXIT_INTERNAL;
        goto out;
    }
    rep.profiles = profiles.v;
    rep.nprofiles = profiles.n;
    rep.color = rep.format == REGLINT_FORMAT_TEXT &&
                want_color(color, output != NULL);
    int wr = output ? reglint_report_save(output, results, view, &os, &rep)
                    : reglint_report_write(stdout, results, view, &os, &rep);
    if (wr < 0) {
        cli_error("%s", reglint_last_error());
        rc = EXIT_INTERNAL;
        goto out;
    }
    if (input_error) {
        rc = EXIT_INPUT;
    } else {
        rc = EXIT_OK;
        for (size_t i = 0; i < reglint_results_count(results); i++) {
            const reglint_result *r = reglint_results_at(results, i);
            if (r->result == REGLINT_FAIL && rep.fail_on > 0 &&
                (int)r->severity >= rep.fail_on)
                rc = EXIT_ABSENT;
        }
    }
out:
    reglint_results_free(results);
    reglint_view_free(view);
    reglint_scope_free(scope);
    reglint_rules_free(rules);
    for (size_t i = 0; i < splits.n; i++)
        free((char *)splits.v[i]);
    cli_strlist_free(&splits);
    cli_strlist_free(&profiles);
    cli_strlist_free(&rule_files);
    cli_read_opts_free(&ro);
    return rc;
}

const cli_command cmd_check = {
    "check",
    "check TLS, .NET and WinHTTP settings against rule packs",
    check_usage,
    run_check,
};
