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
extern const cli_command cmd_fix;
extern const cli_command cmd_lint;
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

/* The full form: change files (--apply, layered last, no coverage), a
** whole view (every path covered: lint), and diagnostics kept in keep
** (for a report) instead of printed. */
typedef struct cli_strlist cli_strlist;
typedef struct cli_view_request {
    const cli_sources *sources;
    const cli_strlist *changes;    /* may be NULL */
    const reglint_scope *scope;
    bool whole;
    reglint_diags *keep;           /* NULL: print to stderr */
} cli_view_request;
reglint_view *cli_open_view_req(const cli_view_request *req,
                                const cli_read_opts *o, bool *input_error);

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
struct cli_strlist {
    const char **v;
    size_t n, cap;
};
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

/* ---- cli_audit.c: what check, fix and lint share ---- */

typedef struct cli_audit {
    cli_read_opts ro;
    cli_strlist profiles, splits; /* splits owns --profile a,b copies */
    cli_strlist rule_files;
    cli_strlist changes;          /* --apply FIX.reg                   */
    const char *os_spec;
    bool whole;                   /* lint: read whole, cover everything */
    reglint_diags *diags;         /* keep the sources' diagnostics here
                                     (for the report); NULL: print them */
    reglint_rules *rules;
    reglint_check_options co;
    reglint_view *view;
    reglint_os os;
    reglint_results *results;
    bool input_error;             /* a source unreadable or in error   */
} cli_audit;

/* The audit options, as getopt_long letters: 'p' --profile, 'r'
** --rules, 'O' --os, 'A' --apply; anything else goes to
** cli_common_option().  -1 when taken, else an exit code. */
#define CLI_AUDIT_LONGOPTS                                 \
    {"profile", required_argument, NULL, 'p'},             \
    {"rules", required_argument, NULL, 'r'},               \
    {"os", required_argument, NULL, 'O'}
int cli_audit_option(cli_audit *a, const cli_command *cmd, int opt,
                     char **argv);
/* After the options: sources given, --os valid, rules loaded, profiles
** known.  -1 to go on, else an exit code (message printed). */
int cli_audit_prepare(cli_audit *a, const cli_command *cmd);
/* Open the sources (and change files) and run the check.  -1 to go on,
** else an exit code. */
int cli_audit_run(cli_audit *a);
void cli_audit_free(cli_audit *a);
/* The input (source, rule file, change file) that path is, by any name
** or link, or NULL: reglint never writes over an input. */
const char *cli_audit_input_at(const cli_audit *a, const char *path);
/* What check and lint report with: --format, --fail-on, --output,
** --color (getopt letters 'f', 'F', 'o', 'C'). */
typedef struct cli_report_args {
    reglint_report_options rep;
    const char *output;   /* NULL: standard output */
    const char *color;    /* "auto", "always", "never" */
} cli_report_args;
#define CLI_REPORT_LONGOPTS                                \
    {"format", required_argument, NULL, 'f'},              \
    {"fail-on", required_argument, NULL, 'F'},             \
    {"output", required_argument, NULL, 'o'},              \
    {"color", required_argument, NULL, 'C'},               \
    {"colour", required_argument, NULL, 'C'}
/* Defaults: text, --fail-on fail_on, standard output, colour auto. */
void cli_report_args_init(cli_report_args *ra, int fail_on);
/* A report option: -1 taken, EXIT_INPUT for a bad value, -2 not one. */
int cli_report_option(const char *cmd, int opt, const char *arg,
                      cli_report_args *ra);
/* Refuse an --output that is an input: -1 fine, else EXIT_INPUT. */
int cli_report_check_output(const cli_audit *a, const char *cmd,
                            const cli_report_args *ra);
/* Write the report of the audit, then the exit status: 3 when it cannot
** be written, 2 when input_error, 1 with findings (fails and diagnostics
** in ra->rep.diags' reckoning, d: the diagnostics to count), else 0. */
int cli_report_finish(cli_audit *a, cli_report_args *ra,
                      const reglint_diags *d, bool input_error);
/* Findings for fail_on (0: none): fails at or above it, and of the
** diagnostics d (may be NULL) the errors, and the warnings when fail_on is
** warning or info -- as the reports count them. */
size_t cli_count_findings(const reglint_results *r, const reglint_diags *d,
                          int fail_on);
/* Diagnostics on standard error (warnings hidden when quiet). */
void cli_print_diags(const reglint_diags *d, bool quiet);
/* --color WHEN on standard output (to_file: the report goes to a file). */
bool cli_want_color(const char *when, bool to_file);

/* Print "reglint CMD: MESSAGE" and a pointer to --help on stderr; returns
** EXIT_INPUT. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print an error "reglint: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write the command's usage to stdout and return EXIT_OK. */
int cli_help(const cli_command *c);

#endif
