/*
** report_sources.c — sources, OS facts, values and origins described for
** reports: `reglint info` and `reglint check` print the same things the
** same way, for people and as JSON.
*/
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
void report_value_short(const reglint_value *v, char *buf, size_t len)
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

json_object *report_json_value(const reglint_value *v)
{
    if (!v)
        return NULL;
    json_object *o = json_object_new_object();
    char tb[REGLINT_TYPE_NAME_MAX];
    uint32_t type = reglint_value_type(v);
    json_object_object_add(o, "type",
                           json_object_new_string(reglint_type_name(type, tb)));
    uint32_t d;
    uint64_t q;
    json_object *data = NULL;
    if ((type == REGLINT_REG_DWORD || type == REGLINT_REG_DWORD_BIG_ENDIAN) &&
        reglint_value_get_dword(v, &d) == 0) {
        data = json_object_new_int64(d);
    } else if (type == REGLINT_REG_QWORD &&
               reglint_value_get_qword(v, &q) == 0) {
        data = json_object_new_uint64(q);
    } else if (type == REGLINT_REG_SZ || type == REGLINT_REG_EXPAND_SZ) {
        char *str = reglint_value_get_string(v);
        if (str)
            data = json_object_new_string(str);
        free(str);
    } else if (type == REGLINT_REG_MULTI_SZ) {
        size_t n;
        char **strv = reglint_value_get_multi_sz(v, &n);
        if (strv) {
            data = json_object_new_array();
            for (size_t i = 0; i < n; i++)
                json_object_array_add(data, json_object_new_string(strv[i]));
        }
        reglint_strv_free(strv);
    }
    if (data)
        json_object_object_add(o, "data", data);
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

void report_value_long(const reglint_value *v, char *buf, size_t len)
{
    char tb[REGLINT_TYPE_NAME_MAX];
    if (!v) {
        snprintf(buf, len, "absent");
        return;
    }
    uint32_t type = reglint_value_type(v);
    const char *tn = reglint_type_name(type, tb);
    uint32_t d;
    uint64_t q;
    size_t n;
    const uint8_t *p = reglint_value_data(v, &n);
    if (type == REGLINT_REG_DWORD && reglint_value_get_dword(v, &d) == 0) {
        snprintf(buf, len, "%s 0x%08" PRIx32 " (%" PRIu32 ")", tn, d, d);
    } else if (type == REGLINT_REG_QWORD &&
               reglint_value_get_qword(v, &q) == 0) {
        snprintf(buf, len, "%s 0x%016" PRIx64 " (%" PRIu64 ")", tn, q, q);
    } else if (type == REGLINT_REG_SZ || type == REGLINT_REG_EXPAND_SZ) {
        char *str = reglint_value_get_string(v);
        snprintf(buf, len, "%s \"%s\"", tn, str ? str : "?");
        free(str);
    } else {
        int w = snprintf(buf, len, "%s", tn);
        if (n == 0 && w > 0 && (size_t)w < len)
            snprintf(buf + w, len - (size_t)w, " (empty)");
        for (size_t i = 0; i < n && w > 0 && (size_t)w + 8 < len; i++)
            w += snprintf(buf + w, len - (size_t)w, " %02x", p[i]);
        if (w > 0 && (size_t)w + 8 >= len && len > 4)
            memcpy(buf + len - 4, "...", 4);
    }
}

json_object *report_json_text(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s), bad = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = utf8_decode(s + i, n - i, &cp);
        bad += l == 0;
        i += l ? l : 1;
    }
    if (!bad)
        return json_object_new_string(s);
    /* Each bad byte becomes three. */
    char *clean = malloc(n + 2 * bad + 1);
    if (!clean)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = utf8_decode(s + i, n - i, &cp);
        if (l == 0) {
            memcpy(clean + w, "\xef\xbf\xbd", 3);
            w += 3;
            i += l ? l : 1;
        } else {
            memcpy(clean + w, s + i, l);
            w += l;
            i += l;
        }
    }
    clean[w] = '\0';
    json_object *o = json_object_new_string(clean);
    free(clean);
    return o;
}

/* Where a value came from, for machines: {"source": PATH, "line": N} for
** a .reg file, {"source": PATH, "key": "\\Real\\Key", "offset": N} for a
** hive (the cell's file offset), or NULL without a source. */
json_object *report_json_origin(const reglint_view *v, const reglint_key *key,
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

const char *report_source_state(const reglint_source_info *s)
{
    if (s->failed)
        return "unreadable";
    if (s->kind == REGLINT_SOURCE_REG)
        return s->errors ? "errors" : "read";
    return s->dirty ? "dirty" : "clean";
}

void report_text_source(FILE *out, const reglint_source_info *s)
{
    fprintf(out, "source %u: %s\n", s->id, s->path);
    if (s->kind == REGLINT_SOURCE_UNKNOWN) {
        fprintf(out, "  kind:        unknown (could not be read)\n");
    } else if (s->kind == REGLINT_SOURCE_REG) {
        if (s->failed) {
            fprintf(out, "  kind:        .reg (could not be read)\n");
        } else {
            fprintf(out, "  kind:        .reg, %s, %s\n",
                   reglint_encoding_name(s->reg.encoding),
                   s->reg.version == 5   ? "Windows Registry Editor 5.00"
                   : s->reg.version == 4 ? "REGEDIT4"
                                         : "no header");
            fprintf(out, "  read:        %" PRIu64 " lines, %" PRIu64
                   " key lines, %" PRIu64 " value lines\n",
                   s->reg.lines, s->reg.keys, s->reg.values);
        }
    } else if (s->failed && !s->mount) {
        fprintf(out, "  kind:        hive (could not be read)\n");
    } else {
        char when[32];
        iso_time(s->last_written, when, sizeof when);
        fprintf(out, "  kind:        hive %s, mounted at %s\n",
               reglint_hive_type_name(s->hive_type), s->mount);
        fprintf(out, "  header:      regf %u.%u, file name \"%s\", last written "
               "%s, %" PRIu64 " bytes\n",
               s->major, s->minor, s->header_name ? s->header_name : "",
               when, s->size);
        fprintf(out, "  state:       %s (sequence numbers %u/%u)%s\n",
               s->dirty ? "dirty" : "clean", s->seq1, s->seq2,
               s->unsafe ? ", read in hivex's unsafe mode" : "");
        if (s->dirty) {
            fprintf(out, "  logs:        ");
            if (!s->nlogs)
                fprintf(out, "none found beside it");
            for (size_t i = 0; i < s->nlogs; i++)
                fprintf(out, "%s%s", i ? ", " : "", s->logs[i]);
            fprintf(out, " (not replayed)\n");
        }
        if (s->hive_type == REGLINT_HIVE_SYSTEM) {
            if (s->control_set && strcmp(s->control_set_from, "lowest") == 0)
                fprintf(out, "  control set: ControlSet%03u (the lowest; Select "
                       "did not name one that exists)\n", s->control_set);
            else if (s->control_set)
                fprintf(out, "  control set: ControlSet%03u (from Select\\%s)\n",
                       s->control_set, s->control_set_from);
            else
                fprintf(out, "  control set: none\n");
        }
    }
    fprintf(out, "  diagnostics: %zu error%s, %zu warning%s\n", s->errors,
           s->errors == 1 ? "" : "s", s->warnings,
           s->warnings == 1 ? "" : "s");
}

json_object *report_json_source(const reglint_source_info *s)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "id", json_object_new_int64(s->id));
    json_object_object_add(o, "path", json_object_new_string(s->path));
    json_object_object_add(o, "kind", json_object_new_string(
        s->kind == REGLINT_SOURCE_HIVE  ? "hive"
        : s->kind == REGLINT_SOURCE_REG ? "reg"
                                        : "unknown"));
    json_object_object_add(o, "state",
                           json_object_new_string(report_source_state(s)));
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

void report_fact_value(const reglint_os *os, reglint_os_fact f, char *buf,
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
char *report_fact_from(const reglint_view *v, const reglint_os *os,
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

void report_text_os(FILE *out, const reglint_view *v, const reglint_os *os)
{
    char name[160], val[160];
    fprintf(out, "\nOS: %s\n", reglint_os_release_name(os, name, sizeof name));
    for (int f = 0; f < REGLINT_FACT_COUNT; f++) {
        report_fact_value(os, (reglint_os_fact)f, val, sizeof val);
        char *from = report_fact_from(v, os, (reglint_os_fact)f);
        fprintf(out, "  %-16s %s", reglint_os_fact_name((reglint_os_fact)f), val);
        if (from)
            fprintf(out, "  (%s)", from);
        fputc('\n', out);
        free(from);
    }
}

json_object *report_json_os(const reglint_view *v, const reglint_os *os)
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
                report_fact_value(os, (reglint_os_fact)f, val, sizeof val);
                value = json_object_new_string(val);
            }
        }
        json_object_object_add(fact, "value", value);
        if (fo->known) {
            char valname[256];
            reglint_key *k = fo->origin.source
                                 ? fact_key(v, fo, valname, sizeof valname)
                                 : NULL;
            json_object *from = report_json_origin(v, k, fo->origin);
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

json_object *report_json_sources(const reglint_view *v)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < reglint_view_source_count(v); i++)
        json_object_array_add(a, report_json_source(reglint_view_source(v, i)));
    return a;
}

int report_json_print(FILE *out, json_object *doc)
{
    const char *txt = json_object_to_json_string_ext(
        doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                 JSON_C_TO_STRING_NOSLASHESCAPE);
    int rc = txt && fprintf(out, "%s\n", txt) >= 0 ? 0 : -1;
    json_object_put(doc);
    if (rc < 0)
        return reglint__fail(EIO, "cannot write the report");
    return 0;
}
