/*
** cmd_fix.c — `reglint fix`: the .reg file that turns every fixable fail
** into a pass, proven before reglint says so.
**
** The fix is built by the library (reglint_fix_build) from a check of the
** sources.  Then it is verified the way a user would: the check runs again
** with the fix layered on top (-o), or on patched copies of the hives
** (--apply-to), and anything fixable that still fails is an error.
*/
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char fix_usage[] =
    "usage: reglint fix [--profile P]... [--rules FILE]... [--os SPEC]\n"
    "                   [--encoding utf16|utf8] [--only KEYPATH] [--offline]\n"
    "                   [-o FIX.reg] [--apply-to OUTDIR]\n"
    "                   [--strict] [-q] [--mount ROOTPATH=HIVE]... SOURCE...\n"
    "\n"
    "Write the .reg file that turns every fixable fail of 'reglint check' on\n"
    "the SOURCEs into a pass, and prove it: the check runs again with the fix\n"
    "applied, and a fixable fail that remains is an error (exit 4).\n"
    "\n"
    "The file is what regedit writes (UTF-16LE with a BOM, CRLF), with a\n"
    "comment over each [KEY] block naming the rules it fixes.  Paths say\n"
    "CurrentControlSet, so it also works on the live machine ('reg import').\n"
    "A Schannel role gets both Enabled and DisabledByDefault; a .NET or\n"
    "WinHTTP value goes into both views on 64-bit Windows (WOW6432Node); keys\n"
    "it creates come parents first.  Rules that pass get nothing.  Fails that\n"
    "no registry value fixes (a missing update, a certificate, a SQL Server\n"
    "build) are listed at the end as comments saying what to install.\n"
    "\n"
    "  -p, --profile P        the rules, as for check (default azure-backup;\n"
    "                         all; repeat or separate with commas)\n"
    "  -r, --rules FILE       add the rules of a rule file (reglint-rules(5))\n"
    "      --os SPEC          supply or override the OS facts, as for check\n"
    "  -e, --encoding ENC     utf16 (default: regedit's) or utf8 (no BOM, for\n"
    "                         hivexregedit --merge)\n"
    "      --only KEYPATH     write only the keys at or below KEYPATH, e.g.\n"
    "                         HKLM\\SOFTWARE: one hive's part, for tools that\n"
    "                         merge into one hive (hivexregedit --merge)\n"
    "      --offline          write CurrentControlSet as the ControlSetNNN\n"
    "                         that Select\\Current names, for offline tools\n"
    "                         that do not map it (hivexregedit)\n"
    "  -o, --output FIX.reg   write the fix there (atomically; '-' for\n"
    "                         standard output), then check the SOURCEs with it\n"
    "                         applied\n"
    "      --apply-to OUTDIR  write patched copies of the hive SOURCEs into\n"
    "                         OUTDIR (created if missing; never over an\n"
    "                         input), the fix applied offline -- in SYSTEM,\n"
    "                         into the control set Select\\Current names -- then\n"
    "                         re-open the copies and check them\n"
    "  -m, --mount ROOTPATH=HIVE, --strict, -q, --quiet   as for check\n"
    "  -h, --help             show this help\n"
    "\n"
    "At least one of -o and --apply-to is needed.  A summary goes to\n"
    "standard error.  The loop: reglint check SOURCE... ; reglint fix -o\n"
    "FIX.reg SOURCE... ; reglint check --apply FIX.reg SOURCE...\n"
    "\n"
    "Exit status: 0 the fix was written and verified (steps that are not\n"
    "registry values, and rules the profiles disagree on, may remain; they\n"
    "are listed at the end of the file), 2 bad usage or an\n"
    "unreadable or invalid input, 3 internal error, 4 verification failed:\n"
    "a fixable fail remains after the fix was applied (each is listed).\n";

enum { EXIT_VERIFY = 4 };

/* Check again, with the sources in src and the change files in changes,
** and report every fixable fail that is left.  -1: none left; else an exit
** code. */
static int recheck(cli_audit *a, const reglint_fix *fix,
                   const cli_sources *src, const cli_strlist *changes,
                   const char *what)
{
    bool input_error = false;
    reglint_scope *scope = reglint_scope_new();
    if (!scope || reglint_rules_scope(a->rules, &a->co, scope) < 0) {
        reglint_scope_free(scope);
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    /* The sources were read once already: their warnings are not said
    ** again. */
    cli_view_request req = {src, changes, scope, false, NULL};
    cli_read_opts ro = a->ro;
    ro.quiet = true;
    reglint_view *v = cli_open_view_req(&req, &ro, &input_error);
    reglint_scope_free(scope);
    if (!v)
        return EXIT_INTERNAL;
    reglint_os os;
    reglint_os_read(v, &os);
    if (a->os_spec)
        reglint_os_override(&os, a->os_spec);
    reglint_results *r = reglint_check(a->rules, v, &os, &a->co);
    if (!r) {
        cli_error("check failed: %s", reglint_last_error());
        reglint_view_free(v);
        return EXIT_INTERNAL;
    }
    size_t left = 0;
    for (size_t i = 0; i < reglint_results_count(r); i++) {
        const reglint_result *res = reglint_results_at(r, i);
        /* A rule that lost a clash is listed in the file as a decision. */
        if (!reglint_result_fixable(res) ||
            reglint_fix_conflicted(fix, res->rule->id))
            continue;
        left++;
        cli_error("verification failed: %s still fails with %s%s%s: %s",
                  res->rule->id, what, res->target ? " on " : "",
                  res->target ? res->target : "",
                  res->reason ? res->reason : "");
    }
    reglint_results_free(r);
    reglint_view_free(v);
    if (input_error) {
        cli_error("verification failed: %s cannot be read back", what);
        return EXIT_VERIFY;
    }
    return left ? EXIT_VERIFY : -1;
}

/* The path of the patched copy of src in outdir, to free(). */
static char *copy_path(const char *outdir, const char *src)
{
    char *tmp = strdup(src);
    char *out = NULL;
    size_t n = strlen(outdir);
    while (n > 1 && outdir[n - 1] == '/') /* "patched/" names patched */
        n--;
    if (tmp && asprintf(&out, "%.*s/%s", (int)n, outdir, basename(tmp)) < 0)
        out = NULL;
    free(tmp);
    return out;
}

/* Import the part of the fix under the hive's mount into a copy of it. */
static int patch_hive(const reglint_fix *fix, const reglint_source_info *si,
                      const char *out, const char *outdir, bool quiet)
{
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/.reglint-fix-XXXXXX", outdir);
    int fd = mkstemp(tmpl);
    if (fd < 0) {
        cli_error("%s: %s", outdir, strerror(errno));
        return EXIT_INTERNAL;
    }
    close(fd);
    int rc = -1;
    reglint_fix_write_options wo = {REGLINT_ENC_UTF8, si->mount, 0};
    if (reglint_fix_save(fix, &wo, tmpl) < 0) {
        cli_error("%s", reglint_last_error());
        rc = EXIT_INTERNAL;
    } else {
        reglint_diags *d = reglint_diags_new();
        const char *files[] = {tmpl};
        reglint_import_options io = {si->mount, 0};
        if (!d || reglint_hive_import(si->path, out, files, 1, &io, d) < 0) {
            cli_print_diags(d, quiet);
            cli_error("%s: cannot write the patched copy of %s: %s", out,
                      si->path, reglint_last_error());
            rc = EXIT_INTERNAL;
        }
        reglint_diags_free(d);
    }
    unlink(tmpl);
    return rc;
}

/* Does any hive source receive path? */
static bool hive_takes(const reglint_view *v, const char *path)
{
    size_t pl = strlen(path);
    for (size_t i = 0; i < reglint_view_source_count(v); i++) {
        const reglint_source_info *si = reglint_view_source(v, i);
        if (si->kind != REGLINT_SOURCE_HIVE || si->failed || !si->mount)
            continue;
        size_t ml = strlen(si->mount);
        if (pl >= ml && strncasecmp(path, si->mount, ml) == 0 &&
            (path[ml] == 0 || path[ml] == '\\'))
            return true;
    }
    return false;
}

/* reglint_fix_each_key: stop at the first key no hive receives. */
typedef struct unheld {
    const reglint_view *view;
    const char *path;
} unheld;

static int first_unheld(const char *path, void *ctx)
{
    unheld *u = ctx;
    if (hive_takes(u->view, path))
        return 0;
    u->path = path;
    return 1;
}

static int apply_to(cli_audit *a, const reglint_fix *fix, const char *outdir)
{
    /* Every key of the fix must land in a hive, or the copies would pass
    ** a check that the machine would fail. */
    unheld u = {a->view, NULL};
    int rc = -1;
    if (reglint_fix_each_key(fix, first_unheld, &u) < 0)
        return cli_usage_error("fix", "--apply-to: the fix changes %s, and "
                                      "no hive among the SOURCEs holds it "
                                      "(give that hive, or use -o)", u.path);
    if (mkdir(outdir, 0777) < 0 && errno != EEXIST) {
        cli_error("%s: %s", outdir, strerror(errno));
        return EXIT_INTERNAL;
    }
    cli_sources patched = {0};
    char **owned = calloc(a->ro.sources.n + 1, sizeof *owned);
    if (!owned) {
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    for (size_t i = 0; i < a->ro.sources.n && rc < 0; i++) {
        const reglint_source_info *si = reglint_view_source(a->view, i);
        const cli_source *s = &a->ro.sources.v[i];
        if (!si || si->kind != REGLINT_SOURCE_HIVE) {
            if (cli_sources_add(&patched, s->path, s->mount) < 0)
                rc = EXIT_INTERNAL;
            continue;
        }
        char *out = owned[i] = copy_path(outdir, s->path);
        const char *hit = out ? cli_audit_input_at(a, out) : NULL;
        if (!out) {
            cli_error("out of memory");
            rc = EXIT_INTERNAL;
        } else if (hit) {
            rc = cli_usage_error("fix", "--apply-to: %s would replace the "
                                        "input %s; choose another OUTDIR",
                                 out, hit);
        } else if ((rc = patch_hive(fix, si, out, outdir, a->ro.quiet)) < 0) {
            fprintf(stderr, "reglint fix: wrote %s (%s, from %s)\n", out,
                    reglint_hive_type_name(si->hive_type), s->path);
            if (cli_sources_add(&patched, out, s->mount) < 0)
                rc = EXIT_INTERNAL;
        }
    }
    if (rc < 0)
        rc = recheck(a, fix, &patched, NULL, "the patched hives");
    if (rc < 0)
        fprintf(stderr, "reglint fix: re-checked the copies in %s: no "
                        "fixable fail remains\n", outdir);
    for (size_t i = 0; i < a->ro.sources.n; i++)
        free(owned[i]);
    free(owned);
    cli_sources_free(&patched);
    return rc;
}

/* -o FIX.reg: write it, then check the sources with the fix layered on
** top.  What is verified is always the whole fix in regedit's form: the
** file itself, or when it is a part (--only), spelled for offline tools
** (--offline) or on standard output, a whole copy made for the check. */
static int write_fix(cli_audit *a, const reglint_fix *fix, const char *out,
                     const reglint_fix_write_options *wo)
{
    bool to_stdout = strcmp(out, "-") == 0;
    int wr = to_stdout ? reglint_fix_write(fix, wo, stdout)
                       : reglint_fix_save(fix, wo, out);
    if (wr < 0) {
        cli_error("%s: %s", out, reglint_last_error());
        return EXIT_INTERNAL;
    }
    char buf[4096];
    const char *path = out;
    if (to_stdout || wo->prefix || wo->control_set) {
        const char *td = getenv("TMPDIR");
        snprintf(buf, sizeof buf, "%s/reglint-fix-XXXXXX",
                 td && *td ? td : "/tmp");
        int fd = mkstemp(buf);
        if (fd < 0) {
            cli_error("%s: %s", buf, strerror(errno));
            return EXIT_INTERNAL;
        }
        close(fd);
        path = buf;
        reglint_fix_write_options whole = {wo->encoding, NULL, 0};
        if (reglint_fix_save(fix, &whole, path) < 0) {
            cli_error("%s: %s", path, reglint_last_error());
            unlink(path);
            return EXIT_INTERNAL;
        }
    }
    cli_strlist changes = {0};
    int rc = cli_strlist_add(&changes, path) < 0
                 ? EXIT_INTERNAL
                 : recheck(a, fix, &a->ro.sources, &changes,
                           "the fix applied");
    cli_strlist_free(&changes);
    if (path != out)
        unlink(path);
    if (rc < 0)
        fprintf(stderr, "reglint fix: wrote %s; checked the SOURCEs with the "
                        "fix applied: no fixable fail remains\n",
                to_stdout ? "the fix to standard output" : out);
    return rc;
}

static int run_fix(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_AUDIT_LONGOPTS,
        {"encoding", required_argument, NULL, 'e'},
        {"output", required_argument, NULL, 'o'},
        {"apply-to", required_argument, NULL, 'T'},
        {"only", required_argument, NULL, 'Y'},
        {"offline", no_argument, NULL, 'L'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    cli_audit a = {0};
    const char *output = NULL, *outdir = NULL;
    reglint_fix_write_options wo = {REGLINT_ENC_UTF16LE, NULL, 0};
    bool offline = false;
    reglint_fix *fix = NULL;
    int c, rc = -1;
    opterr = 0;
    optind = 1;
    while (rc < 0 && (c = getopt_long(argc, argv, "-:p:r:e:o:m:qh", longopts,
                                      NULL)) != -1) {
        switch (c) {
        case 'e':
            if (strcmp(optarg, "utf16") == 0 || strcmp(optarg, "utf-16") == 0)
                wo.encoding = REGLINT_ENC_UTF16LE;
            else if (strcmp(optarg, "utf8") == 0 || strcmp(optarg, "utf-8") == 0)
                wo.encoding = REGLINT_ENC_UTF8;
            else
                rc = cli_usage_error("fix", "--encoding takes utf16 or utf8, "
                                            "not '%s'", optarg);
            break;
        case 'o':
            output = optarg;
            break;
        case 'T':
            outdir = optarg;
            break;
        case 'Y': {
            char *norm = reglint_path_normalize(optarg);
            if (!norm)
                rc = cli_usage_error("fix", "--only wants a key path such as "
                                            "HKLM\\SOFTWARE, not '%s'", optarg);
            free(norm);
            wo.prefix = optarg;
            break;
        }
        case 'L':
            offline = true;
            break;
        default:
            rc = cli_audit_option(&a, &cmd_fix, c, argv);
        }
    }
    if (rc >= 0)
        goto out;
    if (!output && !outdir) {
        rc = cli_usage_error("fix", "say where the fix goes: -o FIX.reg, "
                                    "--apply-to OUTDIR, or both");
        goto out;
    }
    if ((rc = cli_audit_prepare(&a, &cmd_fix)) >= 0)
        goto out;
    const char *hit = output && strcmp(output, "-") != 0
                          ? cli_audit_input_at(&a, output)
                          : NULL;
    if (hit) {
        rc = cli_usage_error("fix", "-o %s is the input %s; reglint never "
                                    "writes over an input", output, hit);
        goto out;
    }
    if ((rc = cli_audit_run(&a)) >= 0)
        goto out;
    if (a.input_error) {
        cli_error("a SOURCE could not be read; no fix is written from a "
                  "partial view");
        rc = EXIT_INPUT;
        goto out;
    }
    if (!(fix = reglint_fix_build_checked(a.rules, &a.co, a.results, a.view,
                                          &a.os))) {
        cli_error("%s", reglint_last_error());
        rc = EXIT_INTERNAL;
        goto out;
    }
    reglint_fix_stats st;
    reglint_fix_stats_get(fix, &st);
    fprintf(stderr, "reglint fix: %zu fail%s fixed by %zu value%s in %zu "
                    "key%s; %zu need%s other steps (listed in the file)%s\n",
            st.fixed, st.fixed == 1 ? "" : "s", st.values,
            st.values == 1 ? "" : "s", st.keys, st.keys == 1 ? "" : "s",
            st.manual, st.manual == 1 ? "s" : "",
            st.conflicts ? "; the profiles disagree on some values, and "
                           "the rules that lost are left failing (see the "
                           "clash comments at the top)" : "");
    if (offline && !(wo.control_set = reglint_view_control_set(a.view))) {
        rc = cli_usage_error("fix", "--offline: no SOURCE says which control "
                                    "set is current (Select\\Current)");
        goto out;
    }
    if (output && (rc = write_fix(&a, fix, output, &wo)) >= 0)
        goto out;
    if (outdir && (rc = apply_to(&a, fix, outdir)) >= 0)
        goto out;
    rc = EXIT_OK;
out:
    reglint_fix_free(fix);
    cli_audit_free(&a);
    return rc;
}

const cli_command cmd_fix = {
    "fix",
    "write the .reg that fixes the fails, verified; or patch hive copies",
    fix_usage,
    run_fix,
};
