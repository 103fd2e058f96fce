/*
** cmd_import.c — `reglint import`: apply .reg files to a registry hive
** (a copy of a base hive, or a new empty one) and write the result as a
** new hive file, for tools that read hives (hivex, reglookup, RegRipper,
** or reglint itself).
*/
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char import_usage[] =
    "usage: reglint import --hive OUT [--base HIVE] [--prefix ROOTPATH]\n"
    "                      [--force] [--strict] [-q] FILE.reg...\n"
    "\n"
    "Apply the .reg files, in order, to a hive as importing them into it with\n"
    "regedit would, and write the result to the new hive file OUT: keys are\n"
    "created with their parents, [-KEY] and \"name\"=- delete, and every value\n"
    "keeps its type number and bytes exactly.  Nothing is written if any line\n"
    "has an error.\n"
    "\n"
    "      --hive OUT           the hive file to write (required); it must not\n"
    "                           exist unless --force is given\n"
    "      --base HIVE          start from a copy of this hive (it is only\n"
    "                           read); default: a new empty hive\n"
    "      --prefix ROOTPATH    the key the hive's root stands for, e.g.\n"
    "                           HKLM\\SOFTWARE; default: from the base hive's\n"
    "                           type (a SYSTEM hive is HKLM\\SYSTEM), or for a\n"
    "                           new hive the root and first key name of the\n"
    "                           first key line.  Keys outside it are errors\n"
    "      --force              replace OUT if it exists (atomically: readers\n"
    "                           see the old file or the new one)\n"
    "      --strict             treat every deviation from regedit's syntax as\n"
    "                           an error\n"
    "  -q, --quiet              do not print warnings\n"
    "  -h, --help               show this help\n"
    "\n"
    "In a SYSTEM hive, HKLM\\SYSTEM\\CurrentControlSet is written into the\n"
    "ControlSetNNN that the hive's Select\\Current names when the line is\n"
    "applied.  OUT may not be the base hive or one of the .reg files.\n"
    "\n"
    "Diagnostics go to stderr as FILE:LINE:COL: error|warning: MESSAGE [CODE].\n"
    "Exit status: 0 OUT written, 2 bad usage or an unreadable or invalid input\n"
    "(nothing written), 3 internal error (out of memory, OUT cannot be\n"
    "written).\n";

/* Whether a failed import is the inputs' fault (2) or not (3). */
static int failure_status(const reglint_diags *d, int err)
{
    if (err == ENOMEM)
        return EXIT_INTERNAL;
    for (size_t i = 0; i < reglint_diags_count(d); i++) {
        const reglint_diag *g = reglint_diags_at(d, i);
        if (g->severity == REGLINT_ERROR &&
            (strcmp(g->code, "internal") == 0 ||
             strcmp(g->code, "write-failed") == 0))
            return EXIT_INTERNAL;
    }
    return EXIT_INPUT;
}

static int run_import(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"hive", required_argument, NULL, 'o'},
        {"base", required_argument, NULL, 'b'},
        {"prefix", required_argument, NULL, 'p'},
        {"force", no_argument, NULL, 'f'},
        {"strict", no_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL, *base = NULL, *prefix = NULL;
    bool force = false;
    cli_read_opts ro = {0}; /* --strict and -q; import takes no --mount */
    int c;
    opterr = 0;
    optind = 1;
    /* Only long options besides -q and -h: a one-letter slip must not
    ** name the file that gets replaced. */
    while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'b':
            base = optarg;
            break;
        case 'p':
            prefix = optarg;
            break;
        case 'f':
            force = true;
            break;
        default: {
            int r = cli_common_option(&cmd_import, c, argv, &ro);
            if (r >= 0)
                return r;
        }
        }
    }
    if (!out || !*out)
        return cli_usage_error("import", "no --hive OUT given");
    if (optind >= argc)
        return cli_usage_error("import", "no FILE.reg given");
    if (prefix) {
        char *norm = reglint_path_normalize(prefix);
        if (!norm)
            return cli_usage_error("import", "--prefix '%s': %s", prefix,
                                   reglint_last_error());
        free(norm);
    }
    /* Refusing here, before anything is read, keeps an existing file safe
    ** from a mistyped command; --force says the replacement is meant. */
    struct stat st;
    if (lstat(out, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return cli_usage_error("import", "--hive %s is a directory", out);
        if (!force) {
            cli_error("%s exists; give --force to replace it", out);
            return EXIT_INPUT;
        }
    }

    reglint_diags *d = reglint_diags_new();
    if (!d) {
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    reglint_import_options opts = {prefix, ro.strict};
    int rc = reglint_hive_import(base, out, (const char *const *)argv + optind,
                                 (size_t)(argc - optind), &opts, d);
    int err = errno;
    for (size_t i = 0; i < reglint_diags_count(d); i++) {
        const reglint_diag *g = reglint_diags_at(d, i);
        if (g->severity == REGLINT_WARNING && ro.quiet)
            continue;
        reglint_diag_print(g, stderr);
    }
    int status = EXIT_OK;
    if (rc < 0) {
        status = failure_status(d, err);
        cli_error("%s", reglint_last_error());
    }
    reglint_diags_free(d);
    return status;
}

const cli_command cmd_import = {
    "import",
    "apply .reg files to a hive and write a new hive file",
    import_usage,
    run_import,
};
