/*
** cmd_lint.c — `reglint lint`: a .reg change file checked before it is
** pushed to a thousand servers.
**
** The file is read whole, every line checked, and taken as the whole
** registry (a view where what the file does not set is absent, not
** unknown).  So the common REG-* checks see exactly what the file writes
** (near-miss names, wrong types, switches outside 0/1, half-disabled
** pairs, a .NET value in one view only, keys in places Windows never
** reads), and a chosen profile says which of its rules the file satisfies
** and which it leaves failing.  The reader's diagnostics are part of the
** report.
*/
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char lint_usage[] =
    "usage: reglint lint [--profile P]... [--rules FILE]... [--os SPEC]\n"
    "                    [--format text|json|junit] [--fail-on LEVEL]\n"
    "                    [--output FILE] [--color auto|always|never]\n"
    "                    [--strict] FILE.reg...\n"
    "\n"
    "Check .reg change files before they are imported anywhere: every line\n"
    "as regedit reads it (file, line and column for each deviation), and\n"
    "what the files set, with the common REG-* rules: near-miss key and\n"
    "value names Windows ignores (\"SSL 3\", \"TLS 0\", \"DisableByDefault\"),\n"
    "wrong value types, switches outside 0/1, half-disabled Schannel pairs, a\n"
    ".NET value set in only one of the two registry views, and keys in\n"
    "places no Windows version reads (SecurityProvider\\SCHANNEL).  Several\n"
    "files are layered in the order given, as importing them one after\n"
    "another would be.\n"
    "\n"
    "With --profile, the profile's rules run too, on the files alone: pass\n"
    "means the files satisfy the rule; fail means they leave it failing (they\n"
    "set it wrong, or do not set what a machine without it would need).\n"
    "Rules whose verdict depends on the Windows build are unknown until --os\n"
    "names it.\n"
    "\n"
    "  -p, --profile P        also run these rules: azure-backup, azure-pack,\n"
    "                         hardening, a profile of a --rules file, or all;\n"
    "                         repeat or separate with commas (default: only\n"
    "                         the common REG-* checks)\n"
    "  -r, --rules FILE       add the rules of a rule file (reglint-rules(5))\n"
    "      --os SPEC          the Windows the files are for: 2012r2, 2019, 7,\n"
    "                         6.3.9600, server:17763; append /x86, /x64\n"
    "  -f, --format FMT       text (default), json (the same document as\n"
    "                         check's, with \"diagnostics\") or junit\n"
    "      --fail-on LEVEL    exit 1 when a diagnostic or a failed rule is at\n"
    "                         this level or above: warning (default), error,\n"
    "                         info, never\n"
    "  -o, --output FILE      write the report to FILE (atomically)\n"
    "      --color WHEN       auto (default), always, never; NO_COLOR wins\n"
    "      --strict           every deviation from regedit's syntax is an\n"
    "                         error\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 nothing at or above --fail-on, 1 at least one finding\n"
    "(lines regedit would refuse are findings too), 2 bad usage, a bad rule\n"
    "file, or a FILE that cannot be read at all or is a hive, 3 internal\n"
    "error.\n";

static int run_lint(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_AUDIT_LONGOPTS,
        CLI_REPORT_LONGOPTS,
        {"strict", no_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const char *const common_only[] = {"common"};
    cli_audit a = {0};
    cli_report_args ra;
    /* A lint is a gate: a deviation regedit tolerates is still a finding. */
    cli_report_args_init(&ra, REGLINT_LEVEL_WARNING);
    int c, rc = -1;
    opterr = 0;
    optind = 1;
    while (rc < 0 && (c = getopt_long(argc, argv, "-:p:r:f:o:h", longopts,
                                      NULL)) != -1)
        if ((rc = cli_report_option("lint", c, optarg, &ra)) == -2)
            rc = cli_audit_option(&a, &cmd_lint, c, argv);
    if (rc >= 0 || (rc = cli_audit_prepare(&a, &cmd_lint)) >= 0 ||
        (rc = cli_report_check_output(&a, "lint", &ra)) >= 0)
        goto out;
    if (a.profiles.n == 0) {
        a.co.profiles = common_only;
        a.co.nprofiles = 1;
    }
    a.whole = true;
    if (!(a.diags = reglint_diags_new())) {
        cli_error("out of memory");
        rc = EXIT_INTERNAL;
        goto out;
    }
    if ((rc = cli_audit_run(&a)) >= 0)
        goto out;
    /* A line regedit would refuse is a finding of the lint, not a reason
    ** to stop: only a file that cannot be read at all, or a hive, is. */
    bool unreadable = false;
    for (size_t i = 0; i < reglint_view_source_count(a.view); i++) {
        const reglint_source_info *si = reglint_view_source(a.view, i);
        if (si->kind == REGLINT_SOURCE_HIVE) {
            cli_error("%s is a hive; lint reads .reg files (use 'reglint "
                      "check' for hives)", si->path);
            unreadable = true;
        } else if (si->failed) {
            unreadable = true;
        }
    }
    ra.rep.profiles = a.co.profiles;
    ra.rep.nprofiles = a.co.nprofiles;
    ra.rep.diags = a.diags;
    ra.rep.command = "lint";
    rc = cli_report_finish(&a, &ra, a.diags, unreadable);
out:
    reglint_diags_free(a.diags);
    cli_audit_free(&a);
    return rc;
}

const cli_command cmd_lint = {
    "lint",
    "check a .reg change file before it is pushed",
    lint_usage,
    run_lint,
};
