/*
** cmd_dump.c — `reglint dump`: print the merged view of the sources, as a
** .reg file or as JSON Lines.
*/
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char dump_usage[] =
    "usage: reglint dump [--format reg|jsonl] [--key PATH]\n"
    "                    [--encoding utf16|utf8] [--strict] [-q] SOURCE...\n"
    "\n"
    "Print the merged view of the sources: each .reg file is applied in order,\n"
    "as importing it with regedit would, so later sources override earlier\n"
    "ones and [-KEY] or \"name\"=- in a later file deletes.\n"
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
    "  -q, --quiet              do not print warnings\n"
    "  -h, --help               show this help\n"
    "\n"
    "Diagnostics go to stderr as FILE:LINE:COL: error|warning: MESSAGE [CODE].\n"
    "Exit status: 0 success, 1 --key absent, 2 bad usage or an unreadable or\n"
    "invalid source (everything readable is still printed), 3 internal error.\n";

static int run_dump(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"key", required_argument, NULL, 'k'},
        {"encoding", required_argument, NULL, 'e'},
        {"strict", no_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_read_opts ro = {false, false};
    const char *key = NULL;
    bool jsonl = false, enc_given = false;
    reglint_encoding enc = REGLINT_ENC_UTF16LE;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":f:k:e:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "jsonl") == 0)
                jsonl = true;
            else if (strcmp(optarg, "reg") == 0)
                jsonl = false;
            else
                return cli_usage_error("dump", "unknown format '%s' (reg or "
                                               "jsonl)", optarg);
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
            else
                return cli_usage_error("dump", "unknown encoding '%s' (utf16 "
                                               "or utf8)", optarg);
            break;
        default: {
            int rc = cli_common_option(&cmd_dump, c, argv, &ro);
            if (rc >= 0)
                return rc;
        }
        }
    }
    if (optind >= argc)
        return cli_usage_error("dump", "no SOURCE given");
    /* UTF-16 on a terminal is unreadable; regedit's encoding is for files. */
    if (!enc_given && isatty(STDOUT_FILENO))
        enc = REGLINT_ENC_UTF8;

    reglint_registry *reg = reglint_registry_new();
    if (!reg) {
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    bool input_error = false;
    int rc = EXIT_OK;
    if (cli_load_sources(reg, argv + optind, argc - optind, &ro,
                         &input_error) < 0) {
        reglint_registry_free(reg);
        return EXIT_INTERNAL;
    }
    const reglint_key *from = NULL;
    if (key) {
        from = reglint_key_open(reg, key);
        if (!from) {
            cli_error("%s: %s", key, reglint_last_error());
            rc = EXIT_ABSENT;
        }
    }
    if (rc == EXIT_OK) {
        int w = jsonl ? reglint_jsonl_write(reg, from, stdout)
                      : reglint_reg_write(reg, from, enc, stdout);
        if (w < 0) {
            cli_error("cannot write the output: %s", reglint_last_error());
            rc = EXIT_INTERNAL;
        }
    }
    reglint_registry_free(reg);
    if (rc == EXIT_INTERNAL)
        return rc;
    return input_error ? EXIT_INPUT : rc;
}

const cli_command cmd_dump = {
    "dump",
    "print the merged view of the sources (.reg or JSON Lines)",
    dump_usage,
    run_dump,
};
