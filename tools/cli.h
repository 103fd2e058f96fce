/*
** cli.h — what the reglint command's files share: exit codes, the
** subcommand table entry, and loading sources with diagnostics on stderr.
*/
#ifndef REGLINT_CLI_H
#define REGLINT_CLI_H

#include "reglint.h"

#include <stdbool.h>

/* Stable exit codes, documented in reglint(1). */
enum {
    EXIT_OK = 0,       /* success                                        */
    EXIT_ABSENT = 1,   /* what was asked for is absent                   */
    EXIT_INPUT = 2,    /* bad usage, or unreadable or invalid input      */
    EXIT_INTERNAL = 3  /* internal error: out of memory, write failure   */
};

typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage; /* full --help text */
    int (*run)(int argc, char **argv);
} cli_command;

extern const cli_command cmd_dump;
extern const cli_command cmd_get;

/* Options every reading command takes. */
typedef struct cli_read_opts {
    bool strict;
    bool quiet; /* hide warnings */
} cli_read_opts;

/* Read every source into reg in order (later ones override earlier ones),
** printing diagnostics to stderr.  *input_error is set when a source could
** not be read or had error diagnostics.  Returns 0, or -1 on an internal
** error (message printed). */
int cli_load_sources(reglint_registry *reg, char **paths, int n,
                     const cli_read_opts *o, bool *input_error);

/* Handle an option every reading command shares (--strict, -q, -h) or a
** getopt error (':' or '?').  Returns -1 when the option was taken and
** parsing goes on, or an exit code to return now. */
int cli_common_option(const cli_command *cmd, int opt, char **argv,
                      cli_read_opts *ro);

/* Print "reglint CMD: MESSAGE" and a pointer to --help on stderr; returns
** EXIT_INPUT. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print an error "reglint: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write the command's usage to stdout and return EXIT_OK. */
int cli_help(const cli_command *c);

#endif
