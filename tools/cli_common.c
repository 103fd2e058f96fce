/*
** cli_common.c — what every subcommand shares: reading sources in order
** with their diagnostics on stderr, and the usage-error convention.
*/
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("reglint: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "reglint %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'reglint %s --help'.\n", cmd);
    return EXIT_INPUT;
}

int cli_help(const cli_command *c)
{
    fputs(c->usage, stdout);
    return EXIT_OK;
}

int cli_common_option(const cli_command *cmd, int opt, char **argv,
                      cli_read_opts *ro)
{
    switch (opt) {
    case 'S':
        ro->strict = true;
        return -1;
    case 'q':
        ro->quiet = true;
        return -1;
    case 'h':
        return cli_help(cmd);
    case ':':
        return cli_usage_error(cmd->name, "option '%s' needs a value",
                               argv[optind - 1]);
    default:
        return cli_usage_error(cmd->name, "unknown option '%s'",
                               argv[optind - 1]);
    }
}

int cli_load_sources(reglint_registry *reg, char **paths, int n,
                     const cli_read_opts *o, bool *input_error)
{
    reglint_reg_options ro = {.strict = o->strict, .max_diags = 0};
    for (int i = 0; i < n; i++) {
        reglint_diags *d = reglint_diags_new();
        if (!d) {
            cli_error("out of memory");
            return -1;
        }
        int rc = reglint_reg_read_file(reg, paths[i], &ro, d, NULL);
        for (size_t k = 0; k < reglint_diags_count(d); k++) {
            const reglint_diag *g = reglint_diags_at(d, k);
            if (g->severity == REGLINT_WARNING && o->quiet)
                continue;
            reglint_diag_print(g, stderr);
        }
        if (rc < 0 || reglint_diags_count_severity(d, REGLINT_ERROR) > 0)
            *input_error = true;
        reglint_diags_free(d);
        if (rc < 0 && errno == ENOMEM) {
            cli_error("out of memory");
            return -1;
        }
    }
    return 0;
}
