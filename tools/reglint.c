/*
** reglint.c — the reglint command: global options and subcommand dispatch.
**
** A thin layer over libreglint, in the manner of git: `reglint CMD ...`,
** `--help` for every command, stable exit codes (see cli.h and reglint(1)).
*/
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const cli_command *const commands[] = {
    &cmd_check, &cmd_fix, &cmd_lint, &cmd_info, &cmd_dump, &cmd_get, &cmd_import, &cmd_rules};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fputs("usage: reglint [--version] [--help] <command> [<args>]\n"
          "\n"
          "Audit Windows registry state offline, from registry hives and .reg files.\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
    fputs("  help     show help for a command\n"
          "\n"
          "Exit status: 0 success, 1 what was asked for is absent, 2 bad usage\n"
          "or an unreadable or invalid input, 3 internal error.\n"
          "See 'reglint <command> --help' and reglint(1).\n",
          out);
}

static const cli_command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_INPUT;
    }
    const char *arg = argv[1];
    if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0) {
        printf("reglint %s\n", reglint_version());
        return EXIT_OK;
    }
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(arg, "help") == 0) {
        if (argc < 3 || strcmp(argv[2], "help") == 0) {
            usage(stdout);
            return EXIT_OK;
        }
        const cli_command *c = find(argv[2]);
        if (!c) {
            cli_error("'%s' is not a reglint command; see 'reglint --help'",
                      argv[2]);
            return EXIT_INPUT;
        }
        return cli_help(c);
    }
    const cli_command *c = find(arg);
    if (!c) {
        if (arg[0] == '-')
            cli_error("unknown option '%s'; see 'reglint --help'", arg);
        else
            cli_error("'%s' is not a reglint command; see 'reglint --help'",
                      arg);
        return EXIT_INPUT;
    }
    return c->run(argc - 1, argv + 1);
}
