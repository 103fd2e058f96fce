/*
** cmd_info.c — `reglint info`: what the sources are and what they say
** about the machine: each source's kind, state and diagnostics, the OS
** facts with where each was read, and the Schannel protocol table exactly
** as stored.
**
** Text is for people at a terminal; --format json is the same content
** for scripts, one document.
*/
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char info_usage[] =
    "usage: reglint info [--format text|json] [--os SPEC] [--strict] [-q]\n"
    "                    [--mount ROOTPATH=HIVE]... SOURCE...\n"
    "\n"
    "Describe the sources and the Windows they hold.  For each SOURCE (a\n"
    ".reg file or a hive): its kind (encoding, or hive type and where it is\n"
    "mounted), whether a hive is clean or dirty (and the .LOG files beside\n"
    "it), the control set CurrentControlSet means, and its diagnostic\n"
    "counts.  Then the OS facts -- version, build, UBR, edition, client or\n"
    "server, architecture, service pack, product name -- each with the key\n"
    "and value it was read from, and the Schannel protocol table as stored:\n"
    "Enabled and DisabledByDefault of each protocol's Client and Server key,\n"
    "or 'absent'.\n"
    "\n"
    "  -f, --format text|json   text for people (default) or one JSON document\n"
    "      --os SPEC            supply or override the OS facts: 2012r2, 2019,\n"
    "                           7, 11, 6.3.9600, 10.0.17763.1234,\n"
    "                           server:17763, client:19045; append /x86, /x64\n"
    "                           or /arm64 for the architecture\n"
    "  -m, --mount ROOTPATH=HIVE\n"
    "                           a hive source mounted at ROOTPATH instead of\n"
    "                           where its type says\n"
    "      --strict             treat every deviation from regedit's syntax as\n"
    "                           an error\n"
    "  -q, --quiet              do not print warnings\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 success, 2 bad usage or an unreadable or invalid source\n"
    "(what could be read is still described), 3 internal error.\n";

#define SCHANNEL_PROTOCOLS                                                 \
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"            \
    "SecurityProviders\\SCHANNEL\\Protocols"

/* The protocol keys Windows reads (tls-facts.md §1.1), in table order. */
static const char *const protocols[] = {
    "PCT 1.0", "SSL 2.0", "SSL 3.0", "TLS 1.0",  "TLS 1.1",
    "TLS 1.2", "TLS 1.3", "DTLS 1.0", "DTLS 1.2", "Multi-Protocol Unified Hello",
};
#define NPROTOCOLS (sizeof protocols / sizeof *protocols)
static const char *const roles[] = {"Client", "Server"};

static bool is_known_protocol(const char *name)
{
    for (size_t i = 0; i < NPROTOCOLS; i++)
        if (reglint_name_compare(name, protocols[i]) == 0)
            return true;
    return false;
}

/* ---- formatting helpers ---- */

static void iso_time(int64_t t, char *buf, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t == 0 || !gmtime_r(&tt, &tm))
        snprintf(buf, len, "unknown");
    else
        strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A value as stored, for the protocol table: "1", "0xffffffff", or the
** type and hex when it is not a 4-byte DWORD. */
static void value_text(const reglint_value *v, char *buf, size_t len)
{
    uint32_t d;
    char tb[REGLINT_TYPE_NAME_MAX];
    if (!v) {
        snprintf(buf, len, "absent");
    } else if (reglint_value_type(v) == REGLINT_REG_DWORD &&
               reglint_value_get_dword(v, &d) == 0) {
        if (d > 9)
            snprintf(buf, len, "0x%" PRIx32, d);
        else
            snprintf(buf, len, "%" PRIu32, d);
    } else {
        size_t n;
        const uint8_t *p = reglint_value_data(v, &n);
        int w = snprintf(buf, len, "%s:",
                         reglint_type_name(reglint_value_type(v), tb));
        for (size_t i = 0; i < n && w > 0 && (size_t)w + 3 < len; i++)
            w += snprintf(buf + w, len - (size_t)w, "%02x", p[i]);
    }
}

static json_object *json_value(const reglint_value *v)
{
    if (!v)
        return NULL;
    json_object *o = json_object_new_object();
    char tb[REGLINT_TYPE_NAME_MAX];
    json_object_object_add(o, "type",
        json_object_new_string(reglint_type_name(reglint_value_type(v), tb)));
    uint32_t d;
    if (reglint_value_get_dword(v, &d) == 0 &&
        reglint_value_type(v) == REGLINT_REG_DWORD)
        json_object_object_add(o, "data", json_object_new_int64(d));
    size_t n;
    const uint8_t *p = reglint_value_data(v, &n);
    char *hex = malloc(n * 2 + 1);
    if (hex) {
        for (size_t i = 0; i < n; i++)
            snprintf(hex + 2 * i, 3, "%02x", p[i]);
        hex[2 * n] = '\0';
        json_object_object_add(o, "raw", json_object_new_string(hex));
        free(hex);
    }
    return o;
}

/* Where a value came from, for machines: {"source": PATH, "line": N} for
** a .reg file, {"source": PATH, "key": "\\Real\\Key", "offset": N} for a
** hive (the cell's file offset), or NULL without a source. */
static json_object *json_origin(const reglint_view *v, const reglint_key *key,
                                reglint_origin o)
{
    const reglint_source_info *si =
        o.source ? reglint_view_source(v, o.source - 1) : NULL;
    if (!si)
        return NULL;
    json_object *j = json_object_new_object();
    json_object_object_add(j, "source", json_object_new_string(si->path));
    char *hp = si->kind == REGLINT_SOURCE_HIVE
                   ? reglint_view_origin_hive_path(v, key, o)
                   : NULL;
    if (hp) {
        json_object_object_add(j, "key", json_object_new_string(hp));
        json_object_object_add(j, "offset", json_object_new_int64(o.offset));
        free(hp);
    } else {
        json_object_object_add(j, "line", json_object_new_int64(o.line));
    }
    return j;
}

/* ---- sources ---- */

static const char *source_state(const reglint_source_info *s)
{
    if (s->failed)
        return "unreadable";
    if (s->kind == REGLINT_SOURCE_REG)
        return s->errors ? "errors" : "read";
    return s->dirty ? "dirty" : "clean";
}

static void text_source(const reglint_source_info *s)
{
    printf("source %u: %s\n", s->id, s->path);
    if (s->kind == REGLINT_SOURCE_UNKNOWN) {
        printf("  kind:        unknown (could not be read)\n");
    } else if (s->kind == REGLINT_SOURCE_REG) {
        if (s->failed) {
            printf("  kind:        .reg (could not be read)\n");
        } else {
            printf("  kind:        .reg, %s, %s\n",
                   reglint_encoding_name(s->reg.encoding),
                   s->reg.version == 5   ? "Windows Registry Editor 5.00"
                   : s->reg.version == 4 ? "REGEDIT4"
                                         : "no header");
            printf("  read:        %" PRIu64 " lines, %" PRIu64
                   " key lines, %" PRIu64 " value lines\n",
                   s->reg.lines, s->reg.keys, s->reg.values);
        }
    } else if (s->failed && !s->mount) {
        printf("  kind:        hive (could not be read)\n");
    } else {
        char when[32];
        iso_time(s->last_written, when, sizeof when);
        printf("  kind:        hive %s, mounted at %s\n",
               reglint_hive_type_name(s->hive_type), s->mount);
        printf("  header:      regf %u.%u, file name \"%s\", last written "
               "%s, %" PRIu64 " bytes\n",
               s->major, s->minor, s->header_name ? s->header_name : "",
               when, s->size);
        printf("  state:       %s (sequence numbers %u/%u)%s\n",
               s->dirty ? "dirty" : "clean", s->seq1, s->seq2,
               s->unsafe ? ", read in hivex's unsafe mode" : "");
        if (s->dirty) {
            printf("  logs:        ");
            if (!s->nlogs)
                printf("none found beside it");
            for (size_t i = 0; i < s->nlogs; i++)
                printf("%s%s", i ? ", " : "", s->logs[i]);
            printf(" (not replayed)\n");
        }
        if (s->hive_type == REGLINT_HIVE_SYSTEM) {
            if (s->control_set && strcmp(s->control_set_from, "lowest") == 0)
                printf("  control set: ControlSet%03u (the lowest; Select "
                       "did not name one that exists)\n", s->control_set);
            else if (s->control_set)
                printf("  control set: ControlSet%03u (from Select\\%s)\n",
                       s->control_set, s->control_set_from);
            else
                printf("  control set: none\n");
        }
    }
    printf("  diagnostics: %zu error%s, %zu warning%s\n", s->errors,
           s->errors == 1 ? "" : "s", s->warnings,
           s->warnings == 1 ? "" : "s");
}

static json_object *json_source(const reglint_source_info *s)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "id", json_object_new_int64(s->id));
    json_object_object_add(o, "path", json_object_new_string(s->path));
    json_object_object_add(o, "kind", json_object_new_string(
        s->kind == REGLINT_SOURCE_HIVE  ? "hive"
        : s->kind == REGLINT_SOURCE_REG ? "reg"
                                        : "unknown"));
    json_object_object_add(o, "state",
                           json_object_new_string(source_state(s)));
    if (s->kind == REGLINT_SOURCE_REG && !s->failed) {
        json_object_object_add(o, "encoding", json_object_new_string(
            reglint_encoding_name(s->reg.encoding)));
        json_object_object_add(o, "format_version",
            s->reg.version == 5   ? json_object_new_string("5.00")
            : s->reg.version == 4 ? json_object_new_string("REGEDIT4")
                                  : NULL);
        json_object_object_add(o, "lines", json_object_new_int64(
                                               (int64_t)s->reg.lines));
    } else if (s->kind == REGLINT_SOURCE_HIVE && s->mount) {
        char when[32], ver[24];
        iso_time(s->last_written, when, sizeof when);
        snprintf(ver, sizeof ver, "%u.%u", s->major, s->minor);
        json_object_object_add(o, "hive_type", json_object_new_string(
            reglint_hive_type_name(s->hive_type)));
        json_object_object_add(o, "mount", json_object_new_string(s->mount));
        json_object_object_add(o, "header_name",
                               json_object_new_string(s->header_name));
        json_object_object_add(o, "format_version",
                               json_object_new_string(ver));
        json_object_object_add(o, "last_written",
                               json_object_new_string(when));
        json_object_object_add(o, "size",
                               json_object_new_int64((int64_t)s->size));
        json_object *seq = json_object_new_array();
        json_object_array_add(seq, json_object_new_int64(s->seq1));
        json_object_array_add(seq, json_object_new_int64(s->seq2));
        json_object_object_add(o, "sequence", seq);
        json_object_object_add(o, "dirty", json_object_new_boolean(s->dirty));
        json_object *logs = json_object_new_array();
        for (size_t i = 0; i < s->nlogs; i++)
            json_object_array_add(logs, json_object_new_string(s->logs[i]));
        json_object_object_add(o, "logs", logs);
        json_object_object_add(o, "unsafe",
                               json_object_new_boolean(s->unsafe));
        if (s->hive_type == REGLINT_HIVE_SYSTEM) {
            json_object_object_add(o, "control_set",
                                   s->control_set
                                       ? json_object_new_int64(s->control_set)
                                       : NULL);
            json_object_object_add(o, "control_set_from",
                                   s->control_set_from
                                       ? json_object_new_string(
                                             s->control_set_from)
                                       : NULL);
        }
    }
    json_object_object_add(o, "errors",
                           json_object_new_int64((int64_t)s->errors));
    json_object_object_add(o, "warnings",
                           json_object_new_int64((int64_t)s->warnings));
    return o;
}

/* ---- OS facts ---- */

static void fact_value(const reglint_os *os, reglint_os_fact f, char *buf,
                       size_t len)
{
    if (!os->fact[f].known) {
        snprintf(buf, len, "unknown");
        return;
    }
    switch (f) {
    case REGLINT_FACT_VERSION:
        snprintf(buf, len, "%u.%u", os->major, os->minor);
        break;
    case REGLINT_FACT_BUILD: snprintf(buf, len, "%u", os->build); break;
    case REGLINT_FACT_UBR: snprintf(buf, len, "%u", os->ubr); break;
    case REGLINT_FACT_EDITION: snprintf(buf, len, "%s", os->edition); break;
    case REGLINT_FACT_ROLE:
        snprintf(buf, len, "%s", reglint_os_role_name(os->role));
        break;
    case REGLINT_FACT_ARCH:
        snprintf(buf, len, "%s", reglint_os_arch_name(os->arch));
        break;
    case REGLINT_FACT_SERVICE_PACK:
        snprintf(buf, len, "%u", os->service_pack);
        break;
    case REGLINT_FACT_PRODUCT_NAME:
        snprintf(buf, len, "%s", os->product_name);
        break;
    case REGLINT_FACT_DISPLAY_VERSION:
        snprintf(buf, len, "%s", os->display_version);
        break;
    default: snprintf(buf, len, "?"); break;
    }
}

/* The key a fact was read from, and the value's name in it (NULL when the
** key's presence decided, as WOW6432Node for the architecture). */
static reglint_key *fact_key(const reglint_view *v,
                             const reglint_fact_origin *o, char *valname,
                             size_t len)
{
    valname[0] = '\0';
    reglint_key *k = reglint_view_key_open(v, o->where);
    if (k)
        return k;
    char *keypath = strdup(o->where);
    if (!keypath)
        return NULL;
    char *bs = strrchr(keypath, '\\');
    if (bs) {
        *bs = '\0';
        snprintf(valname, len, "%s", bs + 1);
        k = reglint_view_key_open(v, keypath);
    }
    free(keypath);
    return k;
}

/* Where a fact came from, for people: "CurrentBuild at FILE:LINE", or
** "... at HIVE:\Key (cell 0x...)", or "--os SPEC". */
static char *fact_from(const reglint_view *v, const reglint_os *os,
                       reglint_os_fact f)
{
    const reglint_fact_origin *o = &os->fact[f];
    if (!o->known)
        return NULL;
    if (o->origin.source == 0)
        return strdup(o->where);
    char valname[256];
    reglint_key *k = fact_key(v, o, valname, sizeof valname);
    char *desc = reglint_view_describe_origin(v, k, o->origin);
    char *out = NULL;
    if (desc && asprintf(&out, "%s%s%s", valname, valname[0] ? " at " : "",
                         desc) < 0)
        out = NULL;
    free(desc);
    return out;
}

static void text_os(const reglint_view *v, const reglint_os *os)
{
    char name[160], val[160];
    printf("\nOS: %s\n", reglint_os_release_name(os, name, sizeof name));
    for (int f = 0; f < REGLINT_FACT_COUNT; f++) {
        fact_value(os, (reglint_os_fact)f, val, sizeof val);
        char *from = fact_from(v, os, (reglint_os_fact)f);
        printf("  %-16s %s", reglint_os_fact_name((reglint_os_fact)f), val);
        if (from)
            printf("  (%s)", from);
        putchar('\n');
        free(from);
    }
}

static json_object *json_os(const reglint_view *v, const reglint_os *os)
{
    json_object *o = json_object_new_object();
    char name[160], val[160];
    json_object_object_add(o, "release", json_object_new_string(
        reglint_os_release_name(os, name, sizeof name)));
    for (int f = 0; f < REGLINT_FACT_COUNT; f++) {
        const reglint_fact_origin *fo = &os->fact[f];
        json_object *fact = json_object_new_object();
        json_object *value = NULL;
        if (fo->known) {
            switch (f) {
            case REGLINT_FACT_BUILD: value = json_object_new_int64(os->build); break;
            case REGLINT_FACT_UBR: value = json_object_new_int64(os->ubr); break;
            case REGLINT_FACT_SERVICE_PACK:
                value = json_object_new_int64(os->service_pack);
                break;
            default:
                fact_value(os, (reglint_os_fact)f, val, sizeof val);
                value = json_object_new_string(val);
            }
        }
        json_object_object_add(fact, "value", value);
        if (fo->known) {
            char valname[256];
            reglint_key *k = fo->origin.source
                                 ? fact_key(v, fo, valname, sizeof valname)
                                 : NULL;
            json_object *from = json_origin(v, k, fo->origin);
            if (!from) {
                from = json_object_new_object();
                json_object_object_add(from, "source", NULL);
            }
            json_object_object_add(from, "where",
                                   json_object_new_string(fo->where));
            json_object_object_add(fact, "from", from);
        }
        json_object_object_add(o, reglint_os_fact_name((reglint_os_fact)f),
                               fact);
    }
    return o;
}

/* ---- the Schannel table ---- */

static void text_schannel(const reglint_view *v, const reglint_key *prot)
{
    printf("\nSchannel protocols (as stored in %s)\n",
           SCHANNEL_PROTOCOLS + strlen("HKEY_LOCAL_MACHINE\\SYSTEM\\"));
    if (!reglint_view_key_open(v, "HKEY_LOCAL_MACHINE\\SYSTEM")) {
        printf("  no source covers HKLM\\SYSTEM: give the SYSTEM hive or a "
               "SYSTEM export to see it\n");
        return;
    }
    if (!prot) {
        printf("  the Protocols key is absent: every protocol has its OS "
               "default\n");
        return;
    }
    /* Two passes: the rows, then the columns as wide as their widest. */
    struct row {
        const char *protocol, *role;
        char en[64], dbd[64];
        char *from;
    } rows[NPROTOCOLS * 2];
    size_t n = 0;
    int wp = (int)strlen("protocol"), we = (int)strlen("Enabled"),
        wd = (int)strlen("DisabledByDefault");
    for (size_t p = 0; p < NPROTOCOLS; p++) {
        const reglint_key *pk = reglint_key_subkey(prot, protocols[p]);
        for (size_t r = 0; r < 2; r++) {
            const reglint_key *rk = pk ? reglint_key_subkey(pk, roles[r])
                                       : NULL;
            if (!rk && (p == 0 || p == NPROTOCOLS - 1))
                continue; /* rarely set; listed only when present */
            struct row *w = &rows[n++];
            const reglint_value *en =
                rk ? reglint_key_value(rk, "Enabled") : NULL;
            const reglint_value *dbd =
                rk ? reglint_key_value(rk, "DisabledByDefault") : NULL;
            w->protocol = protocols[p];
            w->role = roles[r];
            if (rk) {
                value_text(en, w->en, sizeof w->en);
                value_text(dbd, w->dbd, sizeof w->dbd);
            } else {
                snprintf(w->en, sizeof w->en, "(no key)");
                w->dbd[0] = '\0';
            }
            w->from = (en || dbd) ? reglint_view_describe_origin(
                                        v, rk, reglint_value_origin(
                                                   en ? en : dbd))
                                  : NULL;
            if ((int)strlen(w->protocol) > wp)
                wp = (int)strlen(w->protocol);
            if ((int)strlen(w->en) > we)
                we = (int)strlen(w->en);
            if ((int)strlen(w->dbd) > wd)
                wd = (int)strlen(w->dbd);
        }
    }
    printf("  %-*s %-6s  %-*s  %-*s  %s\n", wp, "protocol", "role", we,
           "Enabled", wd, "DisabledByDefault", "from");
    for (size_t i = 0; i < n; i++) {
        const struct row *w = &rows[i];
        /* No padding after the last column that has something. */
        if (w->from)
            printf("  %-*s %-6s  %-*s  %-*s  %s\n", wp, w->protocol, w->role,
                   we, w->en, wd, w->dbd, w->from);
        else if (w->dbd[0])
            printf("  %-*s %-6s  %-*s  %s\n", wp, w->protocol, w->role, we,
                   w->en, w->dbd);
        else
            printf("  %-*s %-6s  %s\n", wp, w->protocol, w->role, w->en);
        free(rows[i].from);
    }
    for (size_t i = 0; i < reglint_key_subkey_count(prot); i++) {
        const reglint_key *k = reglint_key_subkey_at(prot, i);
        if (!is_known_protocol(reglint_key_name(k)))
            printf("  \"%s\": not a protocol name Windows reads; its values "
                   "have no effect\n", reglint_key_name(k));
    }
}

static json_object *json_schannel(const reglint_view *v,
                                  const reglint_key *prot)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "covered", json_object_new_boolean(
        reglint_view_key_open(v, "HKEY_LOCAL_MACHINE\\SYSTEM") != NULL));
    char *path = prot ? reglint_key_path(prot) : NULL;
    json_object_object_add(o, "key", path ? json_object_new_string(path)
                                          : NULL);
    free(path);
    json_object *rows = json_object_new_array();
    for (size_t p = 0; prot && p < NPROTOCOLS; p++) {
        const reglint_key *pk = reglint_key_subkey(prot, protocols[p]);
        for (size_t r = 0; r < 2; r++) {
            const reglint_key *rk = pk ? reglint_key_subkey(pk, roles[r])
                                       : NULL;
            json_object *row = json_object_new_object();
            json_object_object_add(row, "protocol",
                                   json_object_new_string(protocols[p]));
            json_object_object_add(row, "role",
                                   json_object_new_string(roles[r]));
            json_object_object_add(row, "key_present",
                                   json_object_new_boolean(rk != NULL));
            const reglint_value *en =
                rk ? reglint_key_value(rk, "Enabled") : NULL;
            const reglint_value *dbd =
                rk ? reglint_key_value(rk, "DisabledByDefault") : NULL;
            json_object_object_add(row, "Enabled", json_value(en));
            json_object_object_add(row, "DisabledByDefault", json_value(dbd));
            json_object_object_add(row, "from",
                                   (en || dbd)
                                       ? json_origin(v, rk,
                                                     reglint_value_origin(
                                                         en ? en : dbd))
                                       : NULL);
            json_object_array_add(rows, row);
        }
    }
    json_object_object_add(o, "protocols", rows);
    json_object *unknown = json_object_new_array();
    for (size_t i = 0; prot && i < reglint_key_subkey_count(prot); i++) {
        const reglint_key *k = reglint_key_subkey_at(prot, i);
        if (!is_known_protocol(reglint_key_name(k)))
            json_object_array_add(unknown,
                                  json_object_new_string(reglint_key_name(k)));
    }
    json_object_object_add(o, "unknown_keys", unknown);
    return o;
}

/* ---- the command ---- */

static int run_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"os", required_argument, NULL, 'O'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    cli_read_opts ro = {0};
    bool json = false;
    const char *os_spec = NULL;
    int c, rc = EXIT_OK;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "-:f:m:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "json") == 0)
                json = true;
            else if (strcmp(optarg, "text") == 0)
                json = false;
            else {
                rc = cli_usage_error("info", "unknown format '%s' (text or "
                                             "json)", optarg);
                goto out;
            }
            break;
        case 'O':
            os_spec = optarg;
            break;
        default:
            rc = cli_common_option(&cmd_info, c, argv, &ro);
            if (rc >= 0)
                goto out;
            rc = EXIT_OK;
        }
    }
    if (ro.sources.n == 0) {
        rc = cli_usage_error("info", "no SOURCE given");
        goto out;
    }
    reglint_os probe;
    memset(&probe, 0, sizeof probe);
    if (os_spec && reglint_os_override(&probe, os_spec) < 0) {
        rc = cli_usage_error("info", "%s", reglint_last_error());
        goto out;
    }

    reglint_scope *scope = reglint_scope_new();
    if (!scope || reglint_os_scope(scope) < 0 ||
        reglint_scope_add(scope, SCHANNEL_PROTOCOLS, 2) < 0) {
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
    reglint_os os;
    reglint_os_read(view, &os);
    if (os_spec)
        reglint_os_override(&os, os_spec);
    const reglint_key *prot = reglint_view_key_open(view, SCHANNEL_PROTOCOLS);
    unsigned ccs = reglint_view_control_set(view);

    if (json) {
        json_object *doc = json_object_new_object();
        json_object_object_add(doc, "tool", json_object_new_string("reglint"));
        json_object_object_add(doc, "version",
                               json_object_new_string(reglint_version()));
        json_object *srcs = json_object_new_array();
        for (size_t i = 0; i < reglint_view_source_count(view); i++)
            json_object_array_add(srcs,
                                  json_source(reglint_view_source(view, i)));
        json_object_object_add(doc, "sources", srcs);
        json_object_object_add(doc, "control_set",
                               ccs ? json_object_new_int64(ccs) : NULL);
        json_object_object_add(doc, "os", json_os(view, &os));
        json_object_object_add(doc, "schannel", json_schannel(view, prot));
        const char *txt = json_object_to_json_string_ext(
            doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                     JSON_C_TO_STRING_NOSLASHESCAPE);
        if (!txt)
            rc = EXIT_INTERNAL;
        else
            printf("%s\n", txt);
        json_object_put(doc);
    } else {
        for (size_t i = 0; i < reglint_view_source_count(view); i++) {
            if (i)
                putchar('\n');
            text_source(reglint_view_source(view, i));
        }
        if (ccs)
            printf("\nCurrentControlSet: ControlSet%03u\n", ccs);
        text_os(view, &os);
        text_schannel(view, prot);
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
    return rc;
}

const cli_command cmd_info = {
    "info",
    "describe the sources, the OS facts and the Schannel protocol table",
    info_usage,
    run_info,
};
