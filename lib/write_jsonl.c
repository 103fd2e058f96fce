/*
** write_jsonl.c — JSON Lines output of keys and values, for machines.
**
** One object per line, built with json-c: {"key": PATH} per key, and
** {"key", "name", "type", "data", "raw"} per value.  "raw" is always the
** exact bytes in lower-case hex; "data" is the typed reading when the type
** and length make one (numbers are unsigned: a DWORD 0xffffffff is
** 4294967295, never -1).
*/
#include "internal.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

/* The objects have a fixed shape, so they are assembled here in the
** documented layout ({"key": ..., "name": ...}); json-c does the string
** escaping, which is the part worth not writing by hand. */
static int put_json_string(const char *s, FILE *out)
{
    json_object *o = json_object_new_string(s);
    if (!o)
        return reglint__fail(ENOMEM, "out of memory");
    const char *q = json_object_to_json_string_ext(
        o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    int rc = fputs(q, out) == EOF ? reglint__fail(EIO, "write error") : 0;
    json_object_put(o);
    return rc;
}

/* ", "data": ..." for the types that have a typed reading. */
static int put_data(const reglint_value *v, FILE *out)
{
    uint32_t d;
    uint64_t q;
    switch (reglint_value_type(v)) {
    case REGLINT_REG_DWORD:
    case REGLINT_REG_DWORD_BIG_ENDIAN:
        if (reglint_value_get_dword(v, &d) == 0)
            fprintf(out, ", \"data\": %" PRIu32, d);
        return 0;
    case REGLINT_REG_QWORD:
        if (reglint_value_get_qword(v, &q) == 0)
            fprintf(out, ", \"data\": %" PRIu64, q);
        return 0;
    case REGLINT_REG_SZ:
    case REGLINT_REG_EXPAND_SZ:
    case REGLINT_REG_LINK: {
        char *s = reglint_value_get_string(v);
        if (!s)
            return -1;
        fputs(", \"data\": ", out);
        int rc = put_json_string(s, out);
        free(s);
        return rc;
    }
    case REGLINT_REG_MULTI_SZ: {
        size_t n;
        char **strv = reglint_value_get_multi_sz(v, &n);
        if (!strv)
            return -1;
        int rc = 0;
        fputs(", \"data\": [", out);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            if (i)
                fputs(", ", out);
            rc = put_json_string(strv[i], out);
        }
        fputc(']', out);
        reglint_strv_free(strv);
        return rc;
    }
    default:
        return 0;
    }
}

static int value_line(const char *path, const reglint_value *v, FILE *out)
{
    char tbuf[REGLINT_TYPE_NAME_MAX];
    size_t len;
    const uint8_t *p = reglint_value_data(v, &len);
    static const char digits[] = "0123456789abcdef";
    fputs("{\"key\": ", out);
    if (put_json_string(path, out) < 0)
        return -1;
    fputs(", \"name\": ", out);
    if (put_json_string(reglint_value_name(v), out) < 0)
        return -1;
    fprintf(out, ", \"type\": \"%s\"",
            reglint_type_name(reglint_value_type(v), tbuf));
    if (put_data(v, out) < 0)
        return -1;
    fputs(", \"raw\": \"", out);
    for (size_t i = 0; i < len; i++) {
        fputc(digits[p[i] >> 4], out);
        fputc(digits[p[i] & 15], out);
    }
    if (fputs("\"}\n", out) == EOF || ferror(out))
        return reglint__fail(EIO, "write error");
    return 0;
}

static int key_line(const char *path, FILE *out)
{
    fputs("{\"key\": ", out);
    if (put_json_string(path, out) < 0)
        return -1;
    if (fputs("}\n", out) == EOF || ferror(out))
        return reglint__fail(EIO, "write error");
    return 0;
}

static int visit_key(const reglint_key *key, const char *path, size_t pathlen,
                     void *ctx)
{
    FILE *out = ctx;
    (void)pathlen;
    if (key_line(path, out) < 0)
        return -1;
    size_t n = reglint_key_value_count(key);
    for (size_t i = 0; i < n; i++)
        if (value_line(path, reglint_key_value_at(key, i), out) < 0)
            return -1;
    return 0;
}

int reglint_jsonl_write(const reglint_registry *reg, const reglint_key *from,
                        FILE *out)
{
    if (registry_walk(reg, from, visit_key, out) < 0)
        return -1;
    if (fflush(out) != 0)
        return reglint__fail(EIO, "write error: %s", strerror(errno));
    return 0;
}

int reglint_jsonl_write_key(const reglint_key *key, FILE *out)
{
    char *path = reglint_key_path(key);
    if (!path)
        return -1;
    int rc = key_line(path, out);
    free(path);
    return rc;
}

int reglint_jsonl_write_value(const reglint_key *key, const reglint_value *v,
                              FILE *out)
{
    char *path = reglint_key_path(key);
    if (!path)
        return -1;
    int rc = value_line(path, v, out);
    free(path);
    return rc;
}
