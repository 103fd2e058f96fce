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
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

static int emit(json_object *o, FILE *out)
{
    const char *s = json_object_to_json_string_ext(
        o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    int rc = 0;
    if (!s || fputs(s, out) == EOF || fputc('\n', out) == EOF)
        rc = reglint__fail(EIO, "write error");
    json_object_put(o);
    return rc;
}

static json_object *typed_data(const reglint_value *v)
{
    uint32_t type = reglint_value_type(v);
    uint32_t d;
    uint64_t q;
    switch (type) {
    case REGLINT_REG_DWORD:
    case REGLINT_REG_DWORD_BIG_ENDIAN:
        return reglint_value_get_dword(v, &d) == 0 ? json_object_new_uint64(d)
                                                    : NULL;
    case REGLINT_REG_QWORD:
        return reglint_value_get_qword(v, &q) == 0 ? json_object_new_uint64(q)
                                                    : NULL;
    case REGLINT_REG_SZ:
    case REGLINT_REG_EXPAND_SZ:
    case REGLINT_REG_LINK: {
        char *s = reglint_value_get_string(v);
        if (!s)
            return NULL;
        json_object *o = json_object_new_string(s);
        free(s);
        return o;
    }
    case REGLINT_REG_MULTI_SZ: {
        size_t n;
        char **strv = reglint_value_get_multi_sz(v, &n);
        if (!strv)
            return NULL;
        json_object *a = json_object_new_array();
        for (size_t i = 0; a && i < n; i++)
            json_object_array_add(a, json_object_new_string(strv[i]));
        reglint_strv_free(strv);
        return a;
    }
    default:
        return NULL;
    }
}

static int value_line(const char *path, const reglint_value *v, FILE *out)
{
    json_object *o = json_object_new_object();
    if (!o)
        return reglint__fail(ENOMEM, "out of memory");
    char tbuf[REGLINT_TYPE_NAME_MAX];
    size_t len;
    const uint8_t *p = reglint_value_data(v, &len);
    char *raw = malloc(len * 2 + 1);
    if (!raw) {
        json_object_put(o);
        return reglint__fail(ENOMEM, "out of memory");
    }
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        raw[2 * i] = digits[p[i] >> 4];
        raw[2 * i + 1] = digits[p[i] & 15];
    }
    raw[2 * len] = '\0';
    json_object_object_add(o, "key", json_object_new_string(path));
    json_object_object_add(o, "name",
                           json_object_new_string(reglint_value_name(v)));
    json_object_object_add(
        o, "type",
        json_object_new_string(reglint_type_name(reglint_value_type(v), tbuf)));
    json_object *data = typed_data(v);
    if (data)
        json_object_object_add(o, "data", data);
    json_object_object_add(o, "raw", json_object_new_string(raw));
    free(raw);
    return emit(o, out);
}

static int key_line(const char *path, FILE *out)
{
    json_object *o = json_object_new_object();
    if (!o)
        return reglint__fail(ENOMEM, "out of memory");
    json_object_object_add(o, "key", json_object_new_string(path));
    return emit(o, out);
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
