/*
** report_info.c — what `reglint info` prints: the sources, the OS facts
** with where each was read, the Schannel protocol table exactly as stored,
** and the effective protocol matrix -- IIS Crypto's grid, offline: each
** protocol and role, its state, and why (the values found, or the OS
** default for this build).
*/
#include "report.h"
#include "rules_model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- the Schannel table ---- */

static void text_schannel(FILE *out, const reglint_view *v, const reglint_key *prot)
{
    fprintf(out, "\nSchannel protocols (as stored in %s)\n",
           SCHANNEL_PROTOCOLS + strlen("HKEY_LOCAL_MACHINE\\SYSTEM\\"));
    if (!reglint_view_key_open(v, "HKEY_LOCAL_MACHINE\\SYSTEM")) {
        fprintf(out, "  no source covers HKLM\\SYSTEM: give the SYSTEM hive or a "
               "SYSTEM export to see it\n");
        return;
    }
    if (!prot) {
        fprintf(out, "  the Protocols key is absent: every protocol has its OS "
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
                report_value_short(en, w->en, sizeof w->en);
                report_value_short(dbd, w->dbd, sizeof w->dbd);
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
    fprintf(out, "  %-*s %-6s  %-*s  %-*s  %s\n", wp, "protocol", "role", we,
           "Enabled", wd, "DisabledByDefault", "from");
    for (size_t i = 0; i < n; i++) {
        const struct row *w = &rows[i];
        /* No padding after the last column that has something. */
        if (w->from)
            fprintf(out, "  %-*s %-6s  %-*s  %-*s  %s\n", wp, w->protocol, w->role,
                   we, w->en, wd, w->dbd, w->from);
        else if (w->dbd[0])
            fprintf(out, "  %-*s %-6s  %-*s  %s\n", wp, w->protocol, w->role, we,
                   w->en, w->dbd);
        else
            fprintf(out, "  %-*s %-6s  %s\n", wp, w->protocol, w->role, w->en);
        free(rows[i].from);
    }
    for (size_t i = 0; i < reglint_key_subkey_count(prot); i++) {
        const reglint_key *k = reglint_key_subkey_at(prot, i);
        if (!is_known_protocol(reglint_key_name(k)))
            fprintf(out, "  \"%s\": not a protocol name Windows reads; its values "
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
            json_object_object_add(row, "Enabled", report_json_value(en));
            json_object_object_add(row, "DisabledByDefault", report_json_value(dbd));
            json_object_object_add(row, "from",
                                   (en || dbd)
                                       ? report_json_origin(v, rk,
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

/* ---- the effective matrix ---- */

static void text_matrix(FILE *out, const reglint_view *v, const reglint_os *os,
                        const reglint_rules *rs)
{
    size_t np;
    const char *const *names = reglint_protocols(rs, &np);
    char rel[160];
    fprintf(out, "\nEffective protocol state (%s)\n",
            reglint_os_release_name(os, rel, sizeof rel));
    fprintf(out, "  %-9s %-12s %s\n", "protocol", "client", "server");
    for (size_t p = 0; p < np; p++) {
        reglint_protocol_eval e[2];
        if (reglint_protocol_effective(rs, v, os, names[p], "Client", &e[0]) < 0 ||
            reglint_protocol_effective(rs, v, os, names[p], "Server", &e[1]) < 0)
            continue;
        fprintf(out, "  %-9s %-12s %s\n", names[p],
                reglint_protocol_state_name(e[0].state),
                reglint_protocol_state_name(e[1].state));
        for (int r = 0; r < 2; r++)
            fprintf(out, "      %s: %s\n", r ? "server" : "client", e[r].why);
    }
}

static json_object *json_matrix(const reglint_view *v, const reglint_os *os,
                                const reglint_rules *rs)
{
    size_t np;
    const char *const *names = reglint_protocols(rs, &np);
    json_object *a = json_object_new_array();
    for (size_t p = 0; p < np; p++) {
        for (int r = 0; r < 2; r++) {
            reglint_protocol_eval e;
            if (reglint_protocol_effective(rs, v, os, names[p],
                                           r ? "Server" : "Client", &e) < 0)
                continue;
            json_object *o = json_object_new_object();
            json_object_object_add(o, "protocol",
                                   json_object_new_string(names[p]));
            json_object_object_add(o, "role",
                                   json_object_new_string(r ? "Server"
                                                            : "Client"));
            json_object_object_add(o, "state", json_object_new_string(
                reglint_protocol_state_name(e.state)));
            json_object_object_add(o, "os_default", json_object_new_string(
                reglint_protocol_state_name(e.os_default)));
            json_object_object_add(o, "covered",
                                   json_object_new_boolean(e.covered));
            json_object_object_add(o, "Enabled",
                                   report_json_value(e.enabled));
            json_object_object_add(o, "Enabled_ignored",
                                   json_object_new_boolean(e.enabled_ignored));
            json_object_object_add(o, "DisabledByDefault",
                                   report_json_value(e.disabled_by_default));
            json_object_object_add(o, "DisabledByDefault_ignored",
                                   json_object_new_boolean(e.dbd_ignored));
            json_object_object_add(o, "release",
                                   e.release ? json_object_new_string(e.release)
                                             : NULL);
            json_object_object_add(o, "why", json_object_new_string(e.why));
            json_object_array_add(a, o);
        }
    }
    return a;
}

int reglint_info_write(FILE *out, const reglint_view *v, const reglint_os *os,
                       const reglint_rules *rs, reglint_format format)
{
    const reglint_key *prot = reglint_view_key_open(v, SCHANNEL_PROTOCOLS);
    unsigned ccs = reglint_view_control_set(v);
    if (format == REGLINT_FORMAT_JSON) {
        json_object *doc = json_object_new_object();
        json_object_object_add(doc, "tool", json_object_new_string("reglint"));
        json_object_object_add(doc, "version",
                               json_object_new_string(reglint_version()));
        json_object_object_add(doc, "sources", report_json_sources(v));
        json_object_object_add(doc, "control_set",
                               ccs ? json_object_new_int64(ccs) : NULL);
        json_object_object_add(doc, "os", report_json_os(v, os));
        json_object_object_add(doc, "schannel", json_schannel(v, prot));
        json_object_object_add(doc, "effective", json_matrix(v, os, rs));
        return report_json_print(out, doc);
    }
    for (size_t i = 0; i < reglint_view_source_count(v); i++) {
        if (i)
            fputc('\n', out);
        report_text_source(out, reglint_view_source(v, i));
    }
    if (ccs)
        fprintf(out, "\nCurrentControlSet: ControlSet%03u\n", ccs);
    report_text_os(out, v, os);
    text_schannel(out, v, prot);
    text_matrix(out, v, os, rs);
    if (fflush(out) != 0 || ferror(out))
        return reglint__fail(EIO, "cannot write the output");
    return 0;
}
