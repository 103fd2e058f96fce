/*
** cmd_rules.c — `reglint rules list` and `reglint rules show`: what the
** rules are, before anyone runs them.  People read a table or one rule
** with its YAML as written; scripts read JSON.  The rule set is the one
** `reglint check` would use: the built-in packs plus any --rules files,
** so a rule file can be tried here first and its errors seen with their
** line and column.
*/
#include "cli.h"

#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char rules_usage[] =
    "usage: reglint rules list [--profile P]... [--rules FILE]...\n"
    "                          [--format text|json]\n"
    "       reglint rules show [--rules FILE]... [--format text|json] ID...\n"
    "\n"
    "List the rules, or show rules in full.  The rules are the built-in\n"
    "packs (azure-backup, azure-pack, hardening and the common REG-*\n"
    "checks) and those of each --rules FILE (reglint-rules(5)).\n"
    "\n"
    "list: one line per rule: its ID, severity, profiles and title.\n"
    "show: every field of each rule ID (any case) -- title, description,\n"
    "severity, profiles, when it applies, the fix (or the remedy, when the\n"
    "fix is not a registry value), the references, the file\n"
    "and line it comes from -- and the rule as written in its file.\n"
    "\n"
    "  -p, --profile P          list: only the rules a check of profile P\n"
    "                           runs (the common ones included); repeat or\n"
    "                           separate with commas; 'all' for every rule\n"
    "                           (the default)\n"
    "  -r, --rules FILE         add the rules of a rule file\n"
    "  -f, --format text|json   text for people (default); json: list gives\n"
    "                           an array of {id, title, severity, profiles,\n"
    "                           applies, refs, file, line}, show the same with\n"
    "                           description, fix and text\n"
    "  -h, --help               show this help\n"
    "\n"
    "A rule file with errors is reported as FILE:LINE:COL: error: ... on\n"
    "standard error and adds no rule.\n"
    "\n"
    "Exit status: 0 success, 1 no rule has an ID given to show, 2 bad usage\n"
    "or a bad rule file, 3 internal error.\n";

/* Would a check of the selected profiles run rule r?  None selected
** means every rule here: a listing shows everything unless asked. */
static bool selected(const reglint_rule_info *r, const cli_strlist *profiles)
{
    if (profiles->n == 0)
        return true;
    for (size_t i = 0; i < profiles->n; i++)
        if (strcmp(profiles->v[i], "all") == 0)
            return true;
    for (size_t j = 0; j < r->nprofiles; j++) {
        if (strcmp(r->profiles[j], "common") == 0)
            return true;
        for (size_t i = 0; i < profiles->n; i++)
            if (strcmp(r->profiles[j], profiles->v[i]) == 0)
                return true;
    }
    return false;
}

static json_object *json_strings(const char *const *v, size_t n)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < n; i++)
        json_object_array_add(a, json_object_new_string(v[i]));
    return a;
}

static json_object *json_rule(const reglint_rule_info *r, bool full)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "id", json_object_new_string(r->id));
    json_object_object_add(o, "title", json_object_new_string(r->title));
    json_object_object_add(o, "severity",
                           json_object_new_string(
                               reglint_level_name(r->severity)));
    json_object_object_add(o, "profiles",
                           json_strings(r->profiles, r->nprofiles));
    json_object_object_add(o, "applies",
                           json_object_new_string(r->applies ? r->applies
                                                             : "all"));
    json_object_object_add(o, "refs", json_strings(r->refs, r->nrefs));
    json_object_object_add(o, "file", json_object_new_string(r->file));
    json_object_object_add(o, "line", json_object_new_int64(r->line));
    if (full) {
        json_object_object_add(o, "description",
                               r->description
                                   ? json_object_new_string(r->description)
                                   : NULL);
        json_object_object_add(o, "fix", r->fix ? json_object_new_string(r->fix)
                                                : NULL);
        json_object_object_add(o, "remedy",
                               r->remedy ? json_object_new_string(r->remedy)
                                         : NULL);
        json_object_object_add(o, "text", json_object_new_string(r->text));
    }
    return o;
}

static int print_json(json_object *doc)
{
    const char *txt = json_object_to_json_string_ext(
        doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                 JSON_C_TO_STRING_NOSLASHESCAPE);
    int rc = txt && printf("%s\n", txt) >= 0 ? 0 : -1;
    json_object_put(doc);
    return rc;
}

static void print_joined(const char *const *v, size_t n, const char *sep)
{
    for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? sep : "", v[i]);
}

/* Text with every line indented, ending with one newline. */
static void print_block(const char *text, const char *indent)
{
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n)
            printf("%s%.*s\n", indent, (int)n, p);
        else
            putchar('\n');
        p += n + (e ? 1 : 0);
    }
}

/* Prose (a description) filled to the width of a terminal, each line
** indented; line breaks in the text are kept. */
static void print_filled(const char *text, const char *indent, int width)
{
    int room = width - (int)strlen(indent);
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        const char *end = eol ? eol : p + strlen(p);
        int col = 0;
        bool any = false;
        while (p < end) {
            while (p < end && *p == ' ')
                p++;
            const char *w = p;
            while (p < end && *p != ' ')
                p++;
            int wl = (int)(p - w);
            if (!wl)
                break;
            if (any && col + 1 + wl > room) {
                putchar('\n');
                any = false;
                col = 0;
            }
            printf("%s%.*s", any ? " " : indent, wl, w);
            col += (any ? 1 : 0) + wl;
            any = true;
        }
        putchar('\n');
        p = eol ? eol + 1 : end;
    }
}

static void list_text(const reglint_rules *rs, const cli_strlist *profiles)
{
    int wid = 2, wsev = 8, wprof = 8;
    for (size_t i = 0; i < reglint_rules_count(rs); i++) {
        const reglint_rule_info *r = reglint_rules_at(rs, i);
        if (!selected(r, profiles))
            continue;
        int pl = 0;
        for (size_t j = 0; j < r->nprofiles; j++)
            pl += (int)strlen(r->profiles[j]) + (j ? 1 : 0);
        if ((int)strlen(r->id) > wid)
            wid = (int)strlen(r->id);
        if (pl > wprof)
            wprof = pl;
    }
    for (size_t i = 0; i < reglint_rules_count(rs); i++) {
        const reglint_rule_info *r = reglint_rules_at(rs, i);
        if (!selected(r, profiles))
            continue;
        printf("%-*s  %-*s  ", wid, r->id, wsev,
               reglint_level_name(r->severity));
        int pl = 0;
        for (size_t j = 0; j < r->nprofiles; j++)
            pl += printf("%s%s", j ? "," : "", r->profiles[j]);
        printf("%*s  %s\n", wprof - pl, "", r->title);
    }
}

static void show_text(const reglint_rule_info *r)
{
    printf("%s\n", r->id);
    printf("  title:       %s\n", r->title);
    printf("  severity:    %s\n", reglint_level_name(r->severity));
    printf("  profiles:    ");
    print_joined(r->profiles, r->nprofiles, ", ");
    printf("\n  applies:     %s\n", r->applies ? r->applies : "all");
    printf("  defined at:  %s:%u\n", r->file, r->line);
    for (size_t i = 0; i < r->nrefs; i++)
        printf("  %-12s %s\n", i ? "" : "references:", r->refs[i]);
    if (r->description) {
        printf("  description:\n");
        print_filled(r->description, "    ", 78);
    }
    if (r->fix) {
        printf("  fix:\n");
        print_block(r->fix, "    ");
    }
    if (r->remedy) {
        printf("  remedy:\n");
        print_filled(r->remedy, "    ", 78);
    }
    printf("  as written:\n");
    print_block(r->text, "    ");
}

static int run_rules(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"profile", required_argument, NULL, 'p'},
        {"rules", required_argument, NULL, 'r'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2)
        return cli_usage_error("rules", "say what to do: list or show");
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 ||
        strcmp(sub, "help") == 0)
        return cli_help(&cmd_rules);
    bool show = strcmp(sub, "show") == 0;
    if (!show && strcmp(sub, "list") != 0)
        return cli_usage_error("rules", "unknown subcommand '%s' (list or "
                                        "show)", sub);
    char cmdname[16];
    snprintf(cmdname, sizeof cmdname, "rules %s", sub);

    cli_strlist profiles = {0}, files = {0}, ids = {0}, splits = {0};
    bool json = false;
    reglint_rules *rs = NULL;
    int c, rc = EXIT_OK;
    opterr = 0;
    optind = 1;
    argc--;
    argv++;
    while ((c = getopt_long(argc, argv, "-:p:r:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 1:
            if (!show) {
                rc = cli_usage_error(cmdname, "unexpected argument '%s'",
                                     optarg);
                goto out;
            }
            if (cli_strlist_add(&ids, optarg) < 0)
                goto nomem;
            break;
        case 'p':
            if (show) {
                rc = cli_usage_error(cmdname, "--profile is for 'rules list'");
                goto out;
            }
            if (cli_add_profiles(&profiles, &splits, optarg) < 0)
                goto nomem;
            break;
        case 'r':
            if (cli_strlist_add(&files, optarg) < 0)
                goto nomem;
            break;
        case 'f':
            if (strcmp(optarg, "json") == 0)
                json = true;
            else if (strcmp(optarg, "text") == 0)
                json = false;
            else {
                rc = cli_usage_error(cmdname, "unknown format '%s' (text or "
                                              "json)", optarg);
                goto out;
            }
            break;
        case 'h':
            rc = cli_help(&cmd_rules);
            goto out;
        case ':':
            rc = cli_usage_error(cmdname, "option '%s' needs an argument",
                                 argv[optind - 1]);
            goto out;
        default:
            rc = cli_usage_error(cmdname, "unknown option '%s'",
                                 argv[optind - 1]);
            goto out;
        }
    }
    if (show && ids.n == 0) {
        rc = cli_usage_error(cmdname, "no rule ID given");
        goto out;
    }

    if (!(rs = cli_load_rules(&files, &rc)))
        goto out;
    reglint_check_options co = {profiles.v, profiles.n};
    if (reglint_rules_check_profiles(rs, &co) < 0) {
        rc = cli_usage_error(cmdname, "%s", reglint_last_error());
        goto out;
    }

    if (!show) {
        if (json) {
            json_object *a = json_object_new_array();
            for (size_t i = 0; i < reglint_rules_count(rs); i++) {
                const reglint_rule_info *r = reglint_rules_at(rs, i);
                if (selected(r, &profiles))
                    json_object_array_add(a, json_rule(r, false));
            }
            if (print_json(a) < 0)
                rc = EXIT_INTERNAL;
        } else {
            list_text(rs, &profiles);
        }
    } else {
        json_object *a = json ? json_object_new_array() : NULL;
        size_t shown = 0;
        for (size_t i = 0; i < ids.n; i++) {
            const reglint_rule_info *r = reglint_rules_find(rs, ids.v[i]);
            if (!r) {
                cli_error("no rule '%s'; see 'reglint rules list'",
                          ids.v[i]);
                rc = EXIT_ABSENT;
                continue;
            }
            if (a) {
                json_object_array_add(a, json_rule(r, true));
            } else {
                if (shown)
                    putchar('\n');
                show_text(r);
            }
            shown++;
        }
        if (a && print_json(a) < 0)
            rc = EXIT_INTERNAL;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the output");
        rc = EXIT_INTERNAL;
    }
    goto out;
nomem:
    cli_error("out of memory");
    rc = EXIT_INTERNAL;
out:
    reglint_rules_free(rs);
    for (size_t i = 0; i < splits.n; i++)
        free((char *)splits.v[i]);
    cli_strlist_free(&splits);
    cli_strlist_free(&profiles);
    cli_strlist_free(&files);
    cli_strlist_free(&ids);
    return rc;
}

const cli_command cmd_rules = {
    "rules",
    "list the rules, or show one in full",
    rules_usage,
    run_rules,
};
