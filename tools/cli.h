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
    EXIT_ABSENT = 1,   /* what was asked for is absent; check: findings  */
    EXIT_INPUT = 2,    /* bad usage, or unreadable or invalid input      */
    EXIT_INTERNAL = 3  /* internal error: out of memory, write failure   */
};

typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage; /* full --help text */
    int (*run)(int argc, char **argv);
} cli_command;

extern const cli_command cmd_check;
extern const cli_command cmd_dump;
extern const cli_command cmd_get;
extern const cli_command cmd_info;
extern const cli_command cmd_import;
extern const cli_command cmd_rules;

/* The sources of a command, in command-line order: FILE arguments and
** --mount ROOTPATH=FILE. */
typedef struct cli_source {
    const char *path;
    const char *mount; /* NULL: where Windows mounts it */
} cli_source;
typedef struct cli_sources {
    cli_source *v;
    size_t n, cap;
} cli_sources;
/* Append one; -1 on ENOMEM (message printed). */
int cli_sources_add(cli_sources *s, const char *path, const char *mount);
void cli_sources_free(cli_sources *s);

/* Options every reading command takes. */
typedef struct cli_read_opts {
    bool strict;
    bool skim;            /* .reg: read only the scope's sections   */
    bool quiet;           /* hide warnings                      */
    cli_sources sources;  /* --mount adds here (in order)        */
    char **mount_args;    /* copies of --mount arguments, split  */
    size_t nmount_args;
} cli_read_opts;
void cli_read_opts_free(cli_read_opts *o);

/* Open every source into one view, in order (later ones override earlier
** ones), load what scope asks for (NULL: everything), and print the
** diagnostics to stderr.  *input_error is set when a source could not be
** read or had error diagnostics.  NULL on an internal error (message
** printed). */
reglint_view *cli_open_view(const cli_sources *s, const cli_read_opts *o,
                            const reglint_scope *scope, bool *input_error);

/* The long options every reading command shares, for getopt_long. */
#define CLI_COMMON_LONGOPTS                                \
    {"strict", no_argument, NULL, 'S'},                    \
    {"quiet", no_argument, NULL, 'q'},                     \
    {"mount", required_argument, NULL, 'm'},               \
    {"help", no_argument, NULL, 'h'}

/* Handle an option every reading command shares (--strict, -q, -m/--mount,
** -h), a SOURCE argument (1, from getopt_long's "-" mode, which keeps
** sources in order among --mount options) or a getopt error (':' or
** '?').  Returns -1 when the option was taken and
** parsing goes on, or an exit code to return now. */
int cli_common_option(const cli_command *cmd, int opt, char **argv,
                      cli_read_opts *ro);

/* A growable list of strings the list does not own (argv, or a copy in
** owned). */
typedef struct cli_strlist {
    const char **v;
    size_t n, cap;
} cli_strlist;
/* Append one; -1 on ENOMEM (nothing printed). */
int cli_strlist_add(cli_strlist *l, const char *s);
void cli_strlist_free(cli_strlist *l);

/* --profile ARG: ARG may be a comma (or blank) separated list; each name
** is appended to profiles, the copy they point into to owned (free each
** of owned's strings, then both lists).  -1 on ENOMEM. */
int cli_add_profiles(cli_strlist *profiles, cli_strlist *owned,
                     const char *arg);

/* The built-in rule packs, then each rule file (files may be NULL), with
** every diagnostic on stderr.  NULL with *status set to EXIT_INPUT for a
** bad rule file, EXIT_INTERNAL otherwise (message printed); *status is
** left alone on success. */
reglint_rules *cli_load_rules(const cli_strlist *files, int *status);

/* Print "reglint CMD: MESSAGE" and a pointer to --help on stderr; returns
** EXIT_INPUT. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print an error "reglint: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write the command's usage to stdout and return EXIT_OK. */
int cli_help(const cli_command *c);

#endif
