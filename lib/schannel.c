/*
** schannel.c — the Schannel OS-default table lookup and the effective
** state of a protocol role (e.g. TLS 1.2 Client), as Windows computes it
** from Enabled and DisabledByDefault under
** SCHANNEL\Protocols\<P>\<Role> and its own default for the build.
**
** The table is data (rules/schannel-defaults.yaml, compiled by the loader
** into reglint_rules); this file only reads it.  The semantics are those
** of ../shared/docs/rule-packs.md ("Effective state") and
** tls-facts.md §1.1: Enabled 0 = off, any non-zero = on; DisabledByDefault
** non-zero = only on request; a value that is not a 4-byte REG_DWORD is
** ignored by Windows, so the default stands in for it; a protocol the
** build cannot do is unsupported whatever the values say.
*/
#include "rules_eval.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *reglint_protocol_state_name(reglint_protocol_state s)
{
    switch (s) {
    case REGLINT_STATE_ON: return "on";
    case REGLINT_STATE_ON_REQUEST: return "on-request";
    case REGLINT_STATE_OFF: return "off";
    case REGLINT_STATE_UNSUPPORTED: return "unsupported";
    default: return "unknown";
    }
}

const char *const *reglint_protocols(const reglint_rules *rs, size_t *n)
{
    if (n)
        *n = rs ? rs->nprotocols : 0;
    return rs ? rs->protocols : NULL;
}

/* The first row for build on an OS of role (ROLE_CLIENT / ROLE_SERVER):
** a row without a role matches both. */
static const default_row *row_for(const reglint_rules *rs, unsigned build,
                                  int role)
{
    for (size_t i = 0; i < rs->nrows; i++) {
        const default_row *r = &rs->rows[i];
        if (build_set_has(&r->builds, build) &&
            (r->role == ROLE_ANY || r->role == role))
            return r;
    }
    return NULL;
}

/* With the OS role known, the first row matching build and role.  With it
** unknown, the row a client and the row a server would get: when they are
** one row, or say the same for this protocol role, or only one exists,
** that one is used (a role-specific row is not refused just because the
** role is unknown); when they disagree -- build 6002 is Vista SP2 and
** Server 2008 SP2, whose TLS 1.2 differs -- the default is unknown, as
** guessing a role would be guessing the answer. */
default_state schannel_default(const reglint_rules *rs, const reglint_os *os,
                               size_t p, int server, const default_row **row)
{
    if (row)
        *row = NULL;
    if (!rs || !os || p >= rs->nprotocols || p >= MAX_PROTOCOLS ||
        os->build == 0)
        return DEF_UNKNOWN;
    const default_row *r;
    int col = server ? 1 : 0;
    if (os->role == REGLINT_ROLE_UNKNOWN) {
        const default_row *rc = row_for(rs, os->build, ROLE_CLIENT);
        const default_row *rsv = row_for(rs, os->build, ROLE_SERVER);
        if (rc && rsv && rc != rsv && rc->state[p][col] != rsv->state[p][col])
            return DEF_UNKNOWN;
        r = !rc ? rsv : !rsv ? rc : rc < rsv ? rc : rsv;
    } else {
        bool srv = os->role == REGLINT_ROLE_SERVER ||
                   os->role == REGLINT_ROLE_DC;
        r = row_for(rs, os->build, srv ? ROLE_SERVER : ROLE_CLIENT);
    }
    if (!r)
        return DEF_UNKNOWN;
    if (row)
        *row = r;
    return r->state[p][col];
}

static reglint_protocol_state state_of_default(default_state d)
{
    switch (d) {
    case DEF_ENABLED: return REGLINT_STATE_ON;
    case DEF_DISABLED: return REGLINT_STATE_OFF;
    case DEF_UNSUPPORTED: return REGLINT_STATE_UNSUPPORTED;
    default: return REGLINT_STATE_UNKNOWN;
    }
}

static const char *default_name(default_state d)
{
    switch (d) {
    case DEF_ENABLED: return "enabled";
    case DEF_DISABLED: return "disabled";
    case DEF_UNSUPPORTED: return "not supported";
    default: return "unknown";
    }
}

/* "Enabled=1", "Enabled=0xffffffff", "Enabled absent", "Enabled REG_SZ
** ignored" into buf. */
static void describe_value(const char *name, const reglint_value *v,
                           char *buf, size_t len)
{
    uint32_t d;
    if (!v) {
        snprintf(buf, len, "%s absent", name);
    } else if (ev_dword(v, &d)) {
        if (d <= 9)
            snprintf(buf, len, "%s=%u", name, (unsigned)d);
        else
            snprintf(buf, len, "%s=0x%x", name, (unsigned)d);
    } else {
        char tb[REGLINT_TYPE_NAME_MAX];
        size_t n = 0;
        reglint_value_data(v, &n);
        uint32_t t = reglint_value_type(v);
        if (t == REGLINT_REG_DWORD)
            snprintf(buf, len, "%s REG_DWORD of %zu bytes ignored", name, n);
        else
            snprintf(buf, len, "%s %s ignored", name,
                     reglint_type_name(t, tb));
    }
}

/* Why the table gives no default (row: the row that applied, if any). */
static const char *no_default_why(const reglint_rules *rs,
                                  const reglint_os *os,
                                  const default_row *row)
{
    if (!os->build)
        return "the OS build is unknown";
    if (row)
        return "the table gives none for this build";
    if (os->role == REGLINT_ROLE_UNKNOWN &&
        (row_for(rs, os->build, ROLE_CLIENT) ||
         row_for(rs, os->build, ROLE_SERVER)))
        return "it differs between the client and server releases of this "
               "build, and the role is unknown";
    return "the table has no row for this build";
}

/* out->why; a line longer than the field is cut, which is fine for a
** line meant for people. */
static void set_why(reglint_protocol_eval *out, const char *fmt, ...)
    RL_PRINTF(2, 3);
static void set_why(reglint_protocol_eval *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->why, sizeof out->why, fmt, ap);
    va_end(ap);
}

int reglint_protocol_effective(const reglint_rules *rs, const reglint_view *v,
                               const reglint_os *os, const char *protocol,
                               const char *role, reglint_protocol_eval *out)
{
    if (!rs || !v || !os || !protocol || !role || !out)
        return reglint__fail(EINVAL, "reglint_protocol_effective: NULL "
                             "argument");
    memset(out, 0, sizeof *out);
    size_t p = rs->nprotocols;
    for (size_t i = 0; i < rs->nprotocols; i++)
        if (reglint_name_compare(rs->protocols[i], protocol) == 0) {
            p = i;
            break;
        }
    if (p == rs->nprotocols)
        return reglint__fail(EINVAL, "'%s' is not a protocol of the Schannel "
                             "default table", protocol);
    int server;
    if (reglint_name_compare(role, "client") == 0)
        server = 0;
    else if (reglint_name_compare(role, "server") == 0)
        server = 1;
    else
        return reglint__fail(EINVAL, "'%s' is not a protocol role (client "
                             "or server)", role);

    /* The table's spelling of the protocol; Windows matches any case. */
    char path[512];
    int pl = snprintf(path, sizeof path, "%s\\%s\\%s", KEY_PROTOCOLS,
                      rs->protocols[p], server ? "Server" : "Client");
    if (pl < 0 || (size_t)pl >= sizeof path)
        return reglint__fail(EINVAL, "protocol name too long");

    const default_row *row;
    default_state def = schannel_default(rs, os, p, server, &row);
    out->os_default = state_of_default(def);
    out->release = row ? row->release : NULL;
    int cov = reglint_view_covers(v, path);
    out->covered = cov > 0;
    out->key = reglint_view_key_open(v, path);
    const reglint_value *en = NULL, *dbd = NULL;
    if (out->key) {
        en = reglint_key_value(out->key, "Enabled");
        dbd = reglint_key_value(out->key, "DisabledByDefault");
    }
    out->enabled = en;
    out->disabled_by_default = dbd;
    uint32_t en_v = 0, dbd_v = 0;
    bool have_en = en && ev_dword(en, &en_v);
    bool have_dbd = dbd && ev_dword(dbd, &dbd_v);
    out->enabled_ignored = en && !have_en;
    out->dbd_ignored = dbd && !have_dbd;

    char osname[160], rel[128];
    if (os->build)
        snprintf(osname, sizeof osname, "%s (build %u)",
                 reglint_os_release_name(os, rel, sizeof rel), os->build);
    else
        snprintf(osname, sizeof osname, "an unknown OS build");
    char en_s[64], dbd_s[64];
    describe_value("Enabled", en, en_s, sizeof en_s);
    describe_value("DisabledByDefault", dbd, dbd_s, sizeof dbd_s);
    const char *what = out->key ? "" : "key absent: ";

    if (def == DEF_UNSUPPORTED) {
        out->state = REGLINT_STATE_UNSUPPORTED;
        if (en || dbd)
            set_why(out, "not supported on %s; %s, %s ignored", osname,
                    en_s, dbd_s);
        else
            set_why(out, "not supported on %s", osname);
        return 0;
    }
    if (!out->covered) {
        /* Nothing says what the values are: the default would apply only
        ** if they are absent, which no source tells. */
        out->state = REGLINT_STATE_UNKNOWN;
        if (def == DEF_UNKNOWN)
            set_why(out, "no source covers the role key, and no default "
                    "is known for %s", osname);
        else
            set_why(out, "no source covers the role key (the default on %s "
                    "would be %s)", osname, default_name(def));
        return 0;
    }
    if (!have_en && !have_dbd) {
        out->state = state_of_default(def);
        if (def == DEF_UNKNOWN)
            set_why(out, "%s%s, %s -> no default: %s", what, en_s, dbd_s,
                    no_default_why(rs, os, row));
        else
            set_why(out, "%s%s, %s -> default for %s: %s", what, en_s, dbd_s,
                    osname, default_name(def));
        return 0;
    }
    /* The values that are set, with the default standing in for the other:
    ** an "enabled" default is Enabled 1 / DisabledByDefault 0, a "disabled"
    ** one Enabled 1 / DisabledByDefault 1 (tls-facts §1.1: the protocol is
    ** there but offered only on request). */
    int e = have_en ? (en_v != 0) : def == DEF_UNKNOWN ? -1 : 1;
    int d = have_dbd ? (dbd_v != 0)
            : def == DEF_UNKNOWN ? -1 : def == DEF_DISABLED ? 1 : 0;
    if (e == 0)
        out->state = REGLINT_STATE_OFF;
    else if (!have_en && d == 1 && def == DEF_DISABLED)
        /* DisabledByDefault=1 alone restates a "disabled" default -- it is
        ** how Windows 7 ships SSL 2.0\Client -- so the state stays the
        ** default's (off), not on-request: only an explicit Enabled opts
        ** in. */
        out->state = REGLINT_STATE_OFF;
    else if (e < 0 || d < 0)
        out->state = REGLINT_STATE_UNKNOWN;
    else
        out->state = d ? REGLINT_STATE_ON_REQUEST : REGLINT_STATE_ON;
    if (have_en && have_dbd)
        set_why(out, "%s, %s", en_s, dbd_s);
    else if (def == DEF_UNKNOWN)
        set_why(out, "%s, %s -> no default: %s", en_s, dbd_s,
                no_default_why(rs, os, row));
    else
        set_why(out, "%s, %s -> default for %s: %s", en_s, dbd_s, osname,
                default_name(def));
    return 0;
}
