/*
** cmd_info.c — `reglint info`: what the sources are and what they say
** about the machine: each source's kind, state and diagnostics, the OS
** facts with where each was read, the Schannel protocol table exactly as
** stored, and the effective state of each protocol and role.  The
** library writes all of it (reglint_info_write); this file is the
** command line.
**
** Text is for people at a terminal; --format json is the same content
** for scripts, one document.
*/
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char info_usage[] =
    "usage: reglint info [--format text|json] [--os SPEC] [--strict] [-q]\n"
    "                    [--mount ROOTPATH=HIVE]... SOURCE...\n"
    "\n"
    "Describe the sources and the Windows they hold.  For each SOURCE (a\n"
    ".reg file or a hive): its kind (encoding, or hive type and where it is\n"
    "mounted), whether a hive is clean or dirty (and the .LOG files beside\n"
    "it), the control set CurrentControlSet means, and its diagnostic\n"
    "counts.  Then the OS facts -- version, build, UBR, edition, client or\n"
    "server, architecture, service pack, product name -- each with the key\n"
    "and value it was read from, and the Schannel protocol table as stored:\n"
    "Enabled and DisabledByDefault of each protocol's Client and Server key,\n"
    "or 'absent'.  Last, the effective protocol matrix: for each protocol\n"
    "and role the state Windows would use -- on, on-request (only for apps\n"
    "that ask), off, unsupported, unknown -- and why: the values found, or\n"
    "the OS default for this build.\n"
    "\n"
    "  -f, --format text|json   text for people (default) or one JSON document\n"
    "      --os SPEC            supply or override the OS facts: 2012r2, 2019,\n"
    "                           7, 11, 6.3.9600, 10.0.17763.1234,\n"
    "                           server:17763, client:19045; append /x86, /x64\n"
    "                           or /arm64 for the architecture\n"
    "  -m, --mount ROOTPATH=HIVE\n"
    "                           a hive source mounted at ROOTPATH instead of\n"
    "                           where its type says\n"
    "      --strict             treat every deviation from regedit's syntax as\n"
    "                           an error\n"
    "  -q, --quiet              do not print warnings\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 success, 2 bad usage or an unreadable or invalid source\n"
    "(what could be read is still described), 3 internal error.\n";

/* ---- the command ---- */

static int run_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"os", required_argument, NULL, 'O'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    cli_read_opts ro = {0};
    bool json = false;
    const char *os_spec = NULL;
    int c, rc = EXIT_OK;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "-:f:m:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "json") == 0)
                json = true;
            else if (strcmp(optarg, "text") == 0)
                json = false;
            else {
                rc = cli_usage_error("info", "unknown format '%s' (text or "
                                             "json)", optarg);
                goto out;
            }
            break;
        case 'O':
            os_spec = optarg;
            break;
        default:
            rc = cli_common_option(&cmd_info, c, argv, &ro);
            if (rc >= 0)
                goto out;
            rc = EXIT_OK;
        }
    }
    if (ro.sources.n == 0) {
        rc = cli_usage_error("info", "no SOURCE given");
        goto out;
    }
    reglint_os probe;
    memset(&probe, 0, sizeof probe);
    if (os_spec && reglint_os_override(&probe, os_spec) < 0) {
        rc = cli_usage_error("info", "%s", reglint_last_error());
        goto out;
    }

    reglint_scope *scope = reglint_scope_new();
    if (!scope || reglint_os_scope(scope) < 0 ||
        reglint_scope_add(scope, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
                          "SecurityProviders\\SCHANNEL\\Protocols", 2) < 0) {
        reglint_scope_free(scope);
        cli_error("out of memory");
        rc = EXIT_INTERNAL;
        goto out;
    }
    bool input_error = false;
    reglint_view *view = cli_open_view(&ro.sources, &ro, scope, &input_error);
    reglint_scope_free(scope);
    if (!view) {
        rc = EXIT_INTERNAL;
        goto out;
    }
    reglint_os os;
    reglint_os_read(view, &os);
    if (os_spec)
        reglint_os_override(&os, os_spec);
    /* The rules hold the OS-default table the effective matrix uses. */
    reglint_rules *rules = cli_load_rules(NULL, &rc);
    if (rules && reglint_info_write(stdout, view, &os, rules,
                                    json ? REGLINT_FORMAT_JSON
                                         : REGLINT_FORMAT_TEXT) < 0)
        rc = EXIT_INTERNAL;
    reglint_rules_free(rules);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the output");
        rc = EXIT_INTERNAL;
    }
    reglint_view_free(view);
    if (rc != EXIT_INTERNAL && input_error)
        rc = EXIT_INPUT;
out:
    cli_read_opts_free(&ro);
    return rc;
}

const cli_command cmd_info = {
    "info",
    "describe the sources, the OS facts and the Schannel protocol table",
    info_usage,
    run_info,
};
