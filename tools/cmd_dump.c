/*
** cmd_dump.c — `reglint dump`: print the merged view of the sources, as a
** .reg file or as JSON Lines.
*/
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char dump_usage[] =
    "usage: reglint dump [--format reg|jsonl] [--key PATH]\n"
    "                    [--encoding utf16|utf8] [--strict] [-q]\n"
    "                    [--mount ROOTPATH=HIVE]... SOURCE...\n"
    "\n"
    "Print the merged view of the sources.  A SOURCE is a .reg file or a\n"
    "registry hive file (SYSTEM, SOFTWARE, NTUSER.DAT, ...), recognised by\n"
    "its content; a hive appears where Windows mounts it (SYSTEM at\n"
    "HKEY_LOCAL_MACHINE\\SYSTEM, ...).  Sources are layered in order, as\n"
    "importing them one after another would: later ones override earlier\n"
    "ones, and [-KEY] or \"name\"=- in a later .reg file deletes.\n"
    "\n"
    "  -f, --format reg|jsonl   output as a .reg file (default) or JSON Lines:\n"
    "                           {\"key\": PATH} per key, {\"key\", \"name\",\n"
    "                           \"type\", \"data\", \"raw\"} per value\n"
    "  -k, --key PATH           only the subtree at PATH (HKLM\\... or\n"
    "                           HKEY_LOCAL_MACHINE\\..., any case); exit 1 if\n"
    "                           it is absent\n"
    "  -e, --encoding utf16|utf8\n"
    "                           encoding of --format reg: UTF-16LE with BOM,\n"
    "                           as regedit writes (default when stdout is not\n"
    "                           a terminal), or UTF-8 (default on a terminal)\n"
    "      --strict             treat every deviation from regedit's syntax as\n"
    "                           an error\n"
    "  -m, --mount ROOTPATH=HIVE\n"
    "                           a hive source mounted at ROOTPATH instead of\n"
    "                           where its type says (HKLM\\SOFTWARE=./soft)\n"
    "  -q, --quiet              do not print warnings\n"
    "  -h, --help               show this help\n"
    "\n"
    "Paths under HKLM\\SYSTEM\\CurrentControlSet mean the control set a SYSTEM\n"
    "hive's Select\\Current names; keys print under their real names.\n"
    "Diagnostics go to stderr as FILE:LINE:COL: error|warning: MESSAGE [CODE]\n"
    "(FILE: offset N: ... for hives).\n"
    "Exit status: 0 success, 1 --key absent, 2 bad usage or an unreadable or\n"
    "invalid source (everything readable is still printed), 3 internal error.\n";

static int run_dump(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"key", required_argument, NULL, 'k'},
        {"encoding", required_argument, NULL, 'e'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    cli_read_opts ro = {0};
    const char *key = NULL;
    bool jsonl = false, enc_given = false;
    reglint_encoding enc = REGLINT_ENC_UTF16LE;
    int c;
    opterr = 0;
    optind = 1;
    int rc = EXIT_OK;
    while ((c = getopt_long(argc, argv, "-:f:k:e:m:qh", longopts, NULL)) !=
           -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "jsonl") == 0)
                jsonl = true;
            else if (strcmp(optarg, "reg") == 0)
                jsonl = false;
            else {
                rc = cli_usage_error("dump", "unknown format '%s' (reg or "
                                             "jsonl)", optarg);
                goto out;
            }
            break;
        case 'k':
            key = optarg;
            break;
        case 'e':
            enc_given = true;
            if (strcmp(optarg, "utf16") == 0)
                enc = REGLINT_ENC_UTF16LE;
            else if (strcmp(optarg, "utf8") == 0)
                enc = REGLINT_ENC_UTF8;
            else {
                rc = cli_usage_error("dump", "unknown encoding '%s' (utf16 "
                                             "or utf8)", optarg);
                goto out;
            }
            break;
        default:
            rc = cli_common_option(&cmd_dump, c, argv, &ro);
            if (rc >= 0)
                goto out;
            rc = EXIT_OK;
        }
    }
    if (ro.sources.n == 0) {
        rc = cli_usage_error("dump", "no SOURCE given");
        goto out;
    }
    /* UTF-16 on a terminal is unreadable; regedit's encoding is for files. */
    if (!enc_given && isatty(STDOUT_FILENO))
        enc = REGLINT_ENC_UTF8;

    reglint_scope *scope = reglint_scope_new();
    if (!scope || (key && reglint_scope_add(scope, key, REGLINT_SCOPE_SUBTREE) <
                              0 && errno == ENOMEM)) {
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
    const reglint_registry *reg = reglint_view_registry(view);
    const reglint_key *from = NULL;
    if (key) {
        from = reglint_view_key_open(view, key);
        if (!from) {
            cli_error("%s: %s", key, errno == ENOENT ? "no such key"
                                                     : reglint_last_error());
            rc = EXIT_ABSENT;
        }
    }
    if (rc == EXIT_OK) {
        int w = jsonl ? reglint_jsonl_write(reg, from, stdout)
                      : reglint_reg_write(reg, from, enc, stdout);
        if (w < 0 && errno == EINVAL && !jsonl) {
            /* A name a .reg file cannot hold (a line break in it): the
            ** input's doing, and JSON Lines can show it. */
            cli_error("%s; the .reg format cannot hold it, --format jsonl "
                      "can", reglint_last_error());
            rc = EXIT_INPUT;
        } else if (w < 0) {
            cli_error("cannot write the output: %s", reglint_last_error());
            rc = EXIT_INTERNAL;
        }
    }
    reglint_view_free(view);
    if (rc != EXIT_INTERNAL && input_error)
        rc = EXIT_INPUT;
out:
    cli_read_opts_free(&ro);
    return rc;
}

const cli_command cmd_dump = {
    "dump",
    "print the merged view of the sources (.reg or JSON Lines)",
    dump_usage,
    run_dump,
};
