/*
** cmd_get.c — `reglint get`: print one key or one value of the merged view.
**
** The value alone, on one line, is what scripts want; a key prints like
** `reg query` does, so people recognise it.
*/
#include "cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char get_usage[] =
    "usage: reglint get [OPTION]... SOURCE... KEY [VALUE]\n"
    "\n"
    "Print one key or one value of the merged view of the sources: .reg\n"
    "files and hive files, layered in order (later sources override earlier\n"
    "ones).  Only the key asked for is read from a hive.  HKLM\\SYSTEM\\\n"
    "CurrentControlSet means the control set the SYSTEM hive's\n"
    "Select\\Current names.  KEY is the first argument that starts\n"
    "with a root name (HKEY_LOCAL_MACHINE, HKLM, HKCU, ...; any case); the\n"
    "argument after it, if any, is the VALUE name (\"@\" or \"\" for the\n"
    "default value).  Name a source file that looks like a root as ./HKLM.\n"
    "\n"
    "  -f, --format text|jsonl  text (default): a value's data alone on one\n"
    "                           line (DWORD/QWORD in decimal, strings as they\n"
    "                           are, REG_MULTI_SZ one string per line, other\n"
    "                           types as hex); a key as `reg query` lists it.\n"
    "                           jsonl: the same lines as `reglint dump`\n"
    "      --strict             treat every deviation from regedit's syntax as\n"
    "                           an error\n"
    "  -m, --mount ROOTPATH=HIVE\n"
    "                           a hive source mounted at ROOTPATH instead of\n"
    "                           where its type says\n"
    "  -q, --quiet              do not print warnings\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 found, 1 the key or value is absent, 2 bad usage or an\n"
    "unreadable or invalid source, 3 internal error.\n";

static bool looks_like_key(const char *s)
{
    const char *sep = strchr(s, '\\');
    size_t n = sep ? (size_t)(sep - s) : strlen(s);
    return reglint_root_canonical(s, n) != NULL;
}

static void print_hex(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        printf("%02x", p[i]);
}

/* The data of v as text; in a listing (reg query style) numbers are hex
** and the strings of a REG_MULTI_SZ are joined with \0. */
static void print_data(const reglint_value *v, bool listing)
{
    uint32_t d;
    uint64_t q;
    char *s;
    char **strv;
    size_t n, len;
    const uint8_t *p = reglint_value_data(v, &len);
    switch (reglint_value_type(v)) {
    case REGLINT_REG_DWORD:
    case REGLINT_REG_DWORD_BIG_ENDIAN:
        if (reglint_value_get_dword(v, &d) == 0) {
            printf(listing ? "0x%" PRIx32 : "%" PRIu32, d);
            return;
        }
        break;
    case REGLINT_REG_QWORD:
        if (reglint_value_get_qword(v, &q) == 0) {
            printf(listing ? "0x%" PRIx64 : "%" PRIu64, q);
            return;
        }
        break;
    case REGLINT_REG_SZ:
    case REGLINT_REG_EXPAND_SZ:
    case REGLINT_REG_LINK:
        if ((s = reglint_value_get_string(v))) {
            fputs(s, stdout);
            free(s);
            return;
        }
        break;
    case REGLINT_REG_MULTI_SZ:
        if ((strv = reglint_value_get_multi_sz(v, &n))) {
            for (size_t i = 0; i < n; i++) {
                if (i)
                    fputs(listing ? "\\0" : "\n", stdout);
                fputs(strv[i], stdout);
            }
            reglint_strv_free(strv);
            return;
        }
        break;
    default:
        break;
    }
    print_hex(p, len);
}

static void print_key(const reglint_key *k)
{
    char *path = reglint_key_path(k);
    printf("%s\n", path ? path : "");
    free(path);
    char tbuf[REGLINT_TYPE_NAME_MAX];
    for (size_t i = 0; i < reglint_key_value_count(k); i++) {
        const reglint_value *v = reglint_key_value_at(k, i);
        const char *name = reglint_value_name(v);
        printf("    %s    %s    ", name[0] ? name : "(Default)",
               reglint_type_name(reglint_value_type(v), tbuf));
        print_data(v, true);
        putchar('\n');
    }
    size_t subs = reglint_key_subkey_count(k);
    if (subs)
        putchar('\n');
    for (size_t i = 0; i < subs; i++) {
        char *sp = reglint_key_path(reglint_key_subkey_at(k, i));
        printf("%s\n", sp ? sp : "");
        free(sp);
    }
}

static int run_get(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    cli_read_opts ro = {0};
    /* Positional arguments, in order: SOURCE... KEY [VALUE]. */
    const char **pos = calloc((size_t)argc + 1, sizeof *pos);
    size_t npos = 0;
    int rc = EXIT_OK;
    if (!pos) {
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    bool jsonl = false;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "-:f:m:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 1:
            pos[npos++] = optarg;
            /* A source keeps its place among --mount options; KEY and
            ** VALUE are taken out again below. */
            if (cli_sources_add(&ro.sources, optarg, NULL) < 0) {
                rc = EXIT_INTERNAL;
                goto out;
            }
            break;
        case 'f':
            if (strcmp(optarg, "jsonl") == 0)
                jsonl = true;
            else if (strcmp(optarg, "text") == 0)
                jsonl = false;
            else {
                rc = cli_usage_error("get", "unknown format '%s' (text or "
                                            "jsonl)", optarg);
                goto out;
            }
            break;
        default:
            rc = cli_common_option(&cmd_get, c, argv, &ro);
            if (rc >= 0)
                goto out;
            rc = EXIT_OK;
        }
    }
    size_t keyi = npos;
    for (size_t i = 0; i < npos; i++)
        if (looks_like_key(pos[i])) {
            keyi = i;
            break;
        }
    if (keyi == npos) {
        rc = cli_usage_error("get", "no KEY given (a path such as "
                                    "HKLM\\SOFTWARE\\...)");
        goto out;
    }
    if (npos - keyi > 2) {
        rc = cli_usage_error("get", "too many arguments after KEY");
        goto out;
    }
    const char *keypath = pos[keyi];
    const char *valname = keyi + 1 < npos ? pos[keyi + 1] : NULL;
    if (valname && strcmp(valname, "@") == 0)
        valname = "";
    /* Only what comes before KEY is a source. */
    size_t kept = 0;
    bool after_key = false;
    for (size_t i = 0; i < ro.sources.n; i++) {
        if (ro.sources.v[i].path == pos[keyi])
            after_key = true;
        /* --mount is a source wherever it stands. */
        if (!after_key || ro.sources.v[i].mount)
            ro.sources.v[kept++] = ro.sources.v[i];
    }
    ro.sources.n = kept;
    if (ro.sources.n == 0) {
        rc = cli_usage_error("get", "no SOURCE given before KEY");
        goto out;
    }
    reglint_scope *scope = reglint_scope_new();
    if (!scope || reglint_scope_add(scope, keypath, valname ? 0 : 1) < 0) {
        reglint_scope_free(scope);
        cli_error("out of memory");
        rc = EXIT_INTERNAL;
        goto out;
    }
    bool input_error = false;
    reglint_view *view = cli_open_view(&ro.sources, &ro, scope, &input_error);
    reglint_scope_free(scope);
    if (!view) {
        rc = EXIT_INTERNAL;
        goto out;
    }
    const reglint_key *k = reglint_view_key_open(view, keypath);
    const reglint_value *v = NULL;
    if (!k) {
        cli_error("%s: no such key", keypath);
        rc = EXIT_ABSENT;
    } else if (valname && !(v = reglint_key_value(k, valname))) {
        cli_error("%s\\%s: no such value", keypath,
                  valname[0] ? valname : "(Default)");
        rc = EXIT_ABSENT;
    } else if (jsonl) {
        int w = 0;
        if (v)
            w = reglint_jsonl_write_value(k, v, stdout);
        else {
            w = reglint_jsonl_write_key(k, stdout);
            for (size_t i = 0; w == 0 && i < reglint_key_value_count(k); i++)
                w = reglint_jsonl_write_value(k, reglint_key_value_at(k, i),
                                              stdout);
        }
        if (w < 0)
            rc = EXIT_INTERNAL;
    } else if (v) {
        print_data(v, false);
        putchar('\n');
    } else {
        print_key(k);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the output");
        rc = EXIT_INTERNAL;
    }
    reglint_view_free(view);
    if (rc != EXIT_INTERNAL && input_error)
        rc = EXIT_INPUT;
out:
    cli_read_opts_free(&ro);
    free(pos);
    return rc;
}

const cli_command cmd_get = {
    "get",
    "print one key or one value of the merged view",
    get_usage,
    run_get,
};
