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
    "                     [--apply FIX.reg]...\n"
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
    "      --apply FIX.reg    what-if: check as if FIX.reg (a change file,\n"
    "                         e.g. from 'reglint fix') had been imported on\n"
    "                         top of the sources; repeatable\n"
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

static int run_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_AUDIT_LONGOPTS,
        {"apply", required_argument, NULL, 'A'},
        CLI_REPORT_LONGOPTS,
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    cli_audit a = {0};
    cli_report_args ra;
    cli_report_args_init(&ra, REGLINT_LEVEL_ERROR);
    int c, rc = -1;
    opterr = 0;
    optind = 1;
    while (rc < 0 && (c = getopt_long(argc, argv, "-:p:r:f:o:m:qh", longopts,
                                      NULL)) != -1)
        if ((rc = cli_report_option("check", c, optarg, &ra)) == -2)
            rc = cli_audit_option(&a, &cmd_check, c, argv);
    if (rc >= 0 || (rc = cli_audit_prepare(&a, &cmd_check)) >= 0 ||
        (rc = cli_report_check_output(&a, "check", &ra)) >= 0)
        goto out;
    /* The sources' diagnostics go to standard error, and JSON and JUnit
    ** reports carry them too. */
    if (!(a.diags = reglint_diags_new())) {
        cli_error("out of memory");
        rc = EXIT_INTERNAL;
        goto out;
    }
    if ((rc = cli_audit_run(&a)) >= 0)
        goto out;
    cli_print_diags(a.diags, a.ro.quiet);
    ra.rep.profiles = a.profiles.v;
    ra.rep.nprofiles = a.profiles.n;
    ra.rep.diags = ra.rep.format != REGLINT_FORMAT_TEXT ? a.diags : NULL;
    rc = cli_report_finish(&a, &ra, a.diags, a.input_error);
out:
    reglint_diags_free(a.diags);
    cli_audit_free(&a);
    return rc;
}

const cli_command cmd_check = {
    "check",
    "check TLS, .NET and WinHTTP settings against rule packs",
    check_usage,
    run_check,
};
