/*
** cli_common.c — what every subcommand shares: reading sources in order
** with their diagnostics on stderr, and the usage-error convention.
*/
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
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

int cli_sources_add(cli_sources *s, const char *path, const char *mount)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 8;
        cli_source *nv = realloc(s->v, nc * sizeof *nv);
        if (!nv) {
            cli_error("out of memory");
            return -1;
        }
        s->v = nv;
        s->cap = nc;
    }
    s->v[s->n].path = path;
    s->v[s->n].mount = mount;
    s->n++;
    return 0;
}

void cli_sources_free(cli_sources *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

void cli_read_opts_free(cli_read_opts *o)
{
    cli_sources_free(&o->sources);
    for (size_t i = 0; i < o->nmount_args; i++)
        free(o->mount_args[i]);
    free(o->mount_args);
    o->mount_args = NULL;
    o->nmount_args = 0;
}

/* --mount ROOTPATH=FILE: the hive FILE with its root at ROOTPATH. */
static int add_mount(const cli_command *cmd, cli_read_opts *ro,
                     const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1])
        return cli_usage_error(cmd->name, "--mount wants ROOTPATH=FILE, "
                                          "e.g. HKLM\\SOFTWARE=./SOFTWARE");
    /* Each --mount gets its own copy; the list below keeps them alive. */
    char *copy = strdup(arg);
    if (!copy) {
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    copy[eq - arg] = '\0';
    char *norm = reglint_path_normalize(copy);
    if (!norm) {
        free(norm);
        int rc = cli_usage_error(cmd->name, "--mount: '%s' is not a key "
                                 "path (HKLM\\SOFTWARE, HKU\\S-1-5-18, ...)", copy);
        free(copy);
        return rc;
    }
    free(norm);
    char **nk = realloc(ro->mount_args, (ro->nmount_args + 1) * sizeof *nk);
    if (!nk) {
        free(copy);
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    ro->mount_args = nk;
    ro->mount_args[ro->nmount_args++] = copy;
    if (cli_sources_add(&ro->sources, copy + (eq - arg) + 1, copy) < 0)
        return EXIT_INTERNAL;
    return -1;
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
    case 'm':
        return add_mount(cmd, ro, optarg);
    case 1:
        return cli_sources_add(&ro->sources, optarg, NULL) < 0 ? EXIT_INTERNAL
                                                               : -1;
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

static void print_diags(const reglint_diags *d, size_t from, bool quiet)
{
    for (size_t k = from; k < reglint_diags_count(d); k++) {
        const reglint_diag *g = reglint_diags_at(d, k);
        if (g->severity == REGLINT_WARNING && quiet)
            continue;
        reglint_diag_print(g, stderr);
    }
}

reglint_view *cli_open_view_req(const cli_view_request *req,
                                const cli_read_opts *o, bool *input_error)
{
    reglint_view_options vo = {o->strict, 0, o->skim, req->whole};
    reglint_view *v = reglint_view_new(&vo);
    reglint_diags *d = req->keep ? req->keep : reglint_diags_new();
    bool print = !req->keep;
    if (!v || !d) {
        reglint_view_free(v);
        if (print)
            reglint_diags_free(d);
        cli_error("out of memory");
        return NULL;
    }
    const cli_sources *s = req->sources;
    size_t nchanges = req->changes ? req->changes->n : 0;
    for (size_t i = 0; i < s->n + nchanges; i++) {
        size_t from = reglint_diags_count(d);
        uint32_t id = i < s->n ? reglint_view_add(v, s->v[i].path,
                                                  s->v[i].mount, d)
                               : reglint_view_add_change(
                                     v, req->changes->v[i - s->n], d);
        if (id == 0 && errno == ENOMEM) {
            cli_error("out of memory");
            goto fail;
        }
        if (print)
            print_diags(d, from, o->quiet);
    }
    size_t from = reglint_diags_count(d);
    if (reglint_view_load(v, req->scope, d) < 0) {
        if (print)
            print_diags(d, from, o->quiet);
        cli_error("out of memory");
        goto fail;
    }
    if (print)
        print_diags(d, from, o->quiet);
    for (size_t i = 0; i < reglint_view_source_count(v); i++) {
        const reglint_source_info *si = reglint_view_source(v, i);
        if (si->failed || si->errors)
            *input_error = true;
    }
    /* A change file that failed to be added is not among the view's
    ** sources, but it is an input error all the same. */
    if (reglint_view_source_count(v) < s->n + nchanges)
        *input_error = true;
    if (print)
        reglint_diags_free(d);
    return v;
fail:
    reglint_view_free(v);
    if (print)
        reglint_diags_free(d);
    return NULL;
}

reglint_view *cli_open_view(const cli_sources *s, const cli_read_opts *o,
                            const reglint_scope *scope, bool *input_error)
{
    cli_view_request req = {s, NULL, scope, false, NULL};
    return cli_open_view_req(&req, o, input_error);
}

/* ---- lists of names, rule files ---- */

int cli_strlist_add(cli_strlist *l, const char *s)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 8;
        const char **nv = realloc(l->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = s;
    return 0;
}

void cli_strlist_free(cli_strlist *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

int cli_add_profiles(cli_strlist *profiles, cli_strlist *owned,
                     const char *arg)
{
    char *copy = strdup(arg);
    if (!copy || cli_strlist_add(owned, copy) < 0) {
        free(copy);
        return -1;
    }
    for (char *save = NULL, *t = strtok_r(copy, ", ", &save); t;
         t = strtok_r(NULL, ", ", &save))
        if (cli_strlist_add(profiles, t) < 0)
            return -1;
    return 0;
}

reglint_rules *cli_load_rules(const cli_strlist *files, int *status)
{
    reglint_rules *rs = reglint_rules_new();
    reglint_diags *d = reglint_diags_new();
    int why = EXIT_INTERNAL;
    if (!rs || !d) {
        cli_error("out of memory");
        goto fail;
    }
    if (reglint_rules_load_builtin(rs, d) < 0) {
        for (size_t i = 0; i < reglint_diags_count(d); i++)
            reglint_diag_print(reglint_diags_at(d, i), stderr);
        cli_error("the built-in rules do not load: %s", reglint_last_error());
        goto fail;
    }
    bool bad = false;
    for (size_t i = 0; files && i < files->n; i++)
        if (reglint_rules_load_file(rs, files->v[i], d) < 0)
            bad = true;
    for (size_t i = 0; i < reglint_diags_count(d); i++)
        reglint_diag_print(reglint_diags_at(d, i), stderr);
    if (bad) {
        why = EXIT_INPUT;
        goto fail;
    }
    reglint_diags_free(d);
    return rs;
fail:
    *status = why;
    reglint_diags_free(d);
    reglint_rules_free(rs);
    return NULL;
}
