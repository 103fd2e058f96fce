/*
** check_jsonl.c — JSON Lines output, parsed back with json-c line by line:
** field names, JSON types and values exactly as reglint.h documents them.
*/
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reglint.h"

static const reglint_origin NO_ORIGIN = {0, 0, 0};

/* ---------------------------------------------------------------- */
/* Helpers                                                            */
/* ---------------------------------------------------------------- */

#define MAX_LINES 256

typedef struct out {
    char *text;
    size_t len;
    size_t n;
    char *line[MAX_LINES];            /* each line, NUL-terminated */
    json_object *obj[MAX_LINES];
} out;

static void out_free(out *o)
{
    for (size_t i = 0; i < o->n; i++) {
        json_object_put(o->obj[i]);
        free(o->line[i]);
    }
    free(o->text);
    memset(o, 0, sizeof *o);
}

/* Split the captured text into lines; every line must end with "\n" and
** be exactly one JSON object, nothing else. */
static void parse_lines(out *o)
{
    const char *p = o->text, *end = o->text + o->len;
    ck_assert_msg(o->len == 0 || end[-1] == '\n',
                  "output does not end with a newline");
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        ck_assert_ptr_nonnull(nl);
        size_t n = (size_t)(nl - p);
        ck_assert_uint_lt(o->n, MAX_LINES);
        char *line = strndup(p, n);
        ck_assert_ptr_nonnull(line);
        ck_assert_msg(strlen(line) == n, "line %zu holds a NUL byte", o->n + 1);
        json_tokener *tok = json_tokener_new();
        json_object *obj = json_tokener_parse_ex(tok, line, (int)n);
        enum json_tokener_error err = json_tokener_get_error(tok);
        size_t used = json_tokener_get_parse_end(tok);
        json_tokener_free(tok);
        ck_assert_msg(obj != NULL && err == json_tokener_success,
                      "line %zu is not JSON (%s): %s", o->n + 1,
                      json_tokener_error_desc(err), line);
        ck_assert_msg(used == n, "line %zu has text after the JSON object: %s",
                      o->n + 1, line);
        ck_assert_msg(json_object_is_type(obj, json_type_object),
                      "line %zu is not a JSON object: %s", o->n + 1, line);
        o->line[o->n] = line;
        o->obj[o->n] = obj;
        o->n++;
        p = nl + 1;
    }
}

static FILE *out_open(out *o)
{
    memset(o, 0, sizeof *o);
    FILE *f = open_memstream(&o->text, &o->len);
    ck_assert_ptr_nonnull(f);
    return f;
}

static void out_close(out *o, FILE *f, int rc)
{
    ck_assert_msg(rc == 0, "writer returned %d: %s", rc, reglint_last_error());
    ck_assert_int_eq(fclose(f), 0);
    parse_lines(o);
}

static void run_all(out *o, const reglint_registry *reg, const reglint_key *from)
{
    FILE *f = out_open(o);
    out_close(o, f, reglint_jsonl_write(reg, from, f));
}

static void run_value(out *o, const reglint_key *k, const reglint_value *v)
{
    FILE *f = out_open(o);
    out_close(o, f, reglint_jsonl_write_value(k, v, f));
    ck_assert_uint_eq(o->n, 1);
}

static void run_key(out *o, const reglint_key *k)
{
    FILE *f = out_open(o);
    out_close(o, f, reglint_jsonl_write_key(k, f));
    ck_assert_uint_eq(o->n, 1);
}

/* The object has exactly these fields (NULL-terminated list). */
static void expect_fields(json_object *obj, const char *line,
                          const char *const *names)
{
    size_t want = 0;
    for (; names[want]; want++)
        ck_assert_msg(json_object_object_get_ex(obj, names[want], NULL),
                      "field \"%s\" missing: %s", names[want], line);
    ck_assert_msg((size_t)json_object_object_length(obj) == want,
                  "%d fields, want %zu: %s", json_object_object_length(obj),
                  want, line);
}

static json_object *field(json_object *obj, const char *name)
{
    json_object *v = NULL;
    json_object_object_get_ex(obj, name, &v);
    return v;
}

static void expect_str(json_object *obj, const char *line, const char *name,
                       const char *want)
{
    json_object *v = field(obj, name);
    ck_assert_msg(v != NULL, "no \"%s\": %s", name, line);
    ck_assert_msg(json_object_is_type(v, json_type_string),
                  "\"%s\" is not a string: %s", name, line);
    size_t n = (size_t)json_object_get_string_len(v);
    ck_assert_msg(n == strlen(want) && memcmp(json_object_get_string(v), want, n) == 0,
                  "\"%s\" is \"%s\", want \"%s\" (line: %s)", name,
                  json_object_get_string(v), want, line);
}

static reglint_key *mkkey(reglint_registry *reg, const char *path)
{
    reglint_key *k = reglint_key_create(reg, path, NO_ORIGIN);
    ck_assert_msg(k != NULL, "create %s: %s", path, reglint_last_error());
    return k;
}

static const reglint_value *setv(reglint_registry *reg, reglint_key *k,
                                 const char *name, uint32_t type,
                                 const void *data, size_t len)
{
    ck_assert_int_eq(reglint_key_set_value(reg, k, name, type, data, len,
                                           NO_ORIGIN), 0);
    const reglint_value *v = reglint_key_value(k, name);
    ck_assert_ptr_nonnull(v);
    return v;
}

static const char *const VALUE_FIELDS_DATA[] = {"key", "name", "type", "data",
                                                "raw", NULL};
static const char *const VALUE_FIELDS_NODATA[] = {"key", "name", "type", "raw",
                                                  NULL};
static const char *const KEY_FIELDS[] = {"key", NULL};

/* Check one value line: key path, name, type name, raw hex; data absent. */
static void expect_value_nodata(json_object *o, const char *line,
                                const char *key, const char *name,
                                const char *type, const char *raw)
{
    expect_fields(o, line, VALUE_FIELDS_NODATA);
    expect_str(o, line, "key", key);
    expect_str(o, line, "name", name);
    expect_str(o, line, "type", type);
    expect_str(o, line, "raw", raw);
}

static void expect_value_head(json_object *o, const char *line, const char *key,
                              const char *name, const char *type,
                              const char *raw)
{
    expect_fields(o, line, VALUE_FIELDS_DATA);
    expect_str(o, line, "key", key);
    expect_str(o, line, "name", name);
    expect_str(o, line, "type", type);
    expect_str(o, line, "raw", raw);
}

/* "data" is an unsigned integer with exactly this decimal text. */
static void expect_uint(json_object *o, const char *line, uint64_t want,
                        const char *decimal)
{
    json_object *d = field(o, "data");
    ck_assert_msg(d && json_object_is_type(d, json_type_int),
                  "\"data\" is not an integer: %s", line);
    ck_assert_msg(json_object_get_uint64(d) == want,
                  "\"data\" is %" PRIu64 ", want %" PRIu64 ": %s",
                  json_object_get_uint64(d), want, line);
    if (want <= INT64_MAX)
        ck_assert_msg(json_object_get_int64(d) == (int64_t)want,
                      "\"data\" is signed %" PRId64 ": %s",
                      json_object_get_int64(d), line);
    /* The number must be spelled exactly, unsigned, in the text. */
    const char *p = strstr(line, "\"data\"");
    ck_assert_ptr_nonnull(p);
    p += 6;
    while (*p == ' ' || *p == ':')
        p++;
    size_t n = strlen(decimal);
    ck_assert_msg(strncmp(p, decimal, n) == 0 && (p[n] < '0' || p[n] > '9') &&
                      p[n] != '.' && p[n] != 'e' && p[n] != 'E',
                  "\"data\" not written as %s: %s", decimal, line);
}

static void expect_data_string(json_object *o, const char *line,
                               const char *want, size_t wantlen)
{
    json_object *d = field(o, "data");
    ck_assert_msg(d && json_object_is_type(d, json_type_string),
                  "\"data\" is not a string: %s", line);
    size_t n = (size_t)json_object_get_string_len(d);
    ck_assert_msg(n == wantlen && memcmp(json_object_get_string(d), want, n) == 0,
                  "\"data\" is \"%s\" (%zu bytes), want \"%s\" (%zu): %s",
                  json_object_get_string(d), n, want, wantlen, line);
}

static void expect_data_array(json_object *o, const char *line,
                              const char *const *want, size_t count)
{
    json_object *d = field(o, "data");
    ck_assert_msg(d && json_object_is_type(d, json_type_array),
                  "\"data\" is not an array: %s", line);
    ck_assert_msg(json_object_array_length(d) == count,
                  "\"data\" has %zu strings, want %zu: %s",
                  json_object_array_length(d), count, line);
    for (size_t i = 0; i < count; i++) {
        json_object *e = json_object_array_get_idx(d, i);
        ck_assert_msg(e && json_object_is_type(e, json_type_string),
                      "\"data\"[%zu] is not a string: %s", i, line);
        ck_assert_msg(strcmp(json_object_get_string(e), want[i]) == 0,
                      "\"data\"[%zu] is \"%s\", want \"%s\": %s", i,
                      json_object_get_string(e), want[i], line);
    }
}

/* ---------------------------------------------------------------- */
/* Keys                                                               */
/* ---------------------------------------------------------------- */

START_TEST(test_key_line)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "hklm\\Software\\Caf\xc3\xa9 \"x\" ");
    out o;
    run_key(&o, k);
    expect_fields(o.obj[0], o.line[0], KEY_FIELDS);
    expect_str(o.obj[0], o.line[0], "key",
               "HKEY_LOCAL_MACHINE\\Software\\Caf\xc3\xa9 \"x\" ");
    out_free(&o);

    static const char *const abbrev[][2] = {
        {"HKCU\\a", "HKEY_CURRENT_USER\\a"},
        {"HKCR\\a", "HKEY_CLASSES_ROOT\\a"},
        {"HKU\\a", "HKEY_USERS\\a"},
        {"HKCC\\a", "HKEY_CURRENT_CONFIG\\a"},
        {"HKEY_PERFORMANCE_DATA\\a", "HKEY_PERFORMANCE_DATA\\a"},
        {"HKEY_DYN_DATA\\a", "HKEY_DYN_DATA\\a"},
        {"HKEY_LOCAL_MACHINE", "HKEY_LOCAL_MACHINE"},
    };
    for (size_t i = 0; i < sizeof abbrev / sizeof abbrev[0]; i++) {
        k = mkkey(reg, abbrev[i][0]);
        run_key(&o, k);
        expect_fields(o.obj[0], o.line[0], KEY_FIELDS);
        expect_str(o.obj[0], o.line[0], "key", abbrev[i][1]);
        out_free(&o);
    }
    reglint_registry_free(reg);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Values by type                                                     */
/* ---------------------------------------------------------------- */

#define KP "HKEY_CURRENT_USER\\T"

START_TEST(test_default_name)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKCU\\T");
    const reglint_value *v = setv(reg, k, "", REGLINT_REG_BINARY, "\x01", 1);
    out o;
    run_value(&o, k, v);
    expect_value_nodata(o.obj[0], o.line[0], KP, "", "REG_BINARY", "01");
    out_free(&o);
    /* A name that needs JSON escapes. */
    v = setv(reg, k, "q\"b\\s/\t\xe6\x97\xa5\xf0\x9f\x98\x80", REGLINT_REG_NONE, "", 0);
    run_value(&o, k, v);
    expect_value_nodata(o.obj[0], o.line[0], KP,
                        "q\"b\\s/\t\xe6\x97\xa5\xf0\x9f\x98\x80", "REG_NONE", "");
    out_free(&o);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_dword)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKCU\\T");
    out o;
    const reglint_value *v = setv(reg, k, "max", REGLINT_REG_DWORD,
                                  "\xff\xff\xff\xff", 4);
    run_value(&o, k, v);
    expect_value_head(o.obj[0], o.line[0], KP, "max", "REG_DWORD", "ffffffff");
    expect_uint(o.obj[0], o.line[0], 4294967295u, "4294967295");
    out_free(&o);

    v = setv(reg, k, "le", REGLINT_REG_DWORD, "\x78\x56\x34\x12", 4);
    run_value(&o, k, v);
    expect_value_head(o.obj[0], o.line[0], KP, "le", "REG_DWORD", "78563412");
    expect_uint(o.obj[0], o.line[0], 0x12345678u, "305419896");
    out_free(&o);

    v = setv(reg, k, "zero", REGLINT_REG_DWORD, "\0\0\0\0", 4);
    run_value(&o, k, v);
    expect_value_head(o.obj[0], o.line[0], KP, "zero", "REG_DWORD", "00000000");
    expect_uint(o.obj[0], o.line[0], 0, "0");
    out_free(&o);

    v = setv(reg, k, "high", REGLINT_REG_DWORD, "\x00\x00\x00\x80", 4);
    run_value(&o, k, v);
    expect_uint(o.obj[0], o.line[0], 2147483648u, "2147483648");
    out_free(&o);

    /* Wrong lengths: no "data". */
    static const struct { size_t len; const char *raw; } bad[] = {
        {0, ""}, {1, "ab"}, {3, "abcdef"}, {5, "abcdef0102"}, {8, "abcdef0102030405"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = setv(reg, k, "bad", REGLINT_REG_DWORD, "\xab\xcd\xef\x01\x02\x03\x04\x05",
                 bad[i].len);
        run_value(&o, k, v);
        expect_value_nodata(o.obj[0], o.line[0], KP, "bad", "REG_DWORD", bad[i].raw);
        out_free(&o);
    }
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_dword_big_endian)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKCU\\T");
    out o;
    const reglint_value *v = setv(reg, k, "be", REGLINT_REG_DWORD_BIG_ENDIAN,
                                  "\x12\x34\x56\x78", 4);
    run_value(&o, k, v);
    expect_value_head(o.obj[0], o.line[0], KP, "be", "REG_DWORD_BIG_ENDIAN",
                      "12345678");
    expect_uint(o.obj[0], o.line[0], 0x12345678u, "305419896");
    out_free(&o);

    v = setv(reg, k, "bemax", REGLINT_REG_DWORD_BIG_ENDIAN, "\xff\xff\xff\xfe", 4);
    run_value(&o, k, v);
    expect_uint(o.obj[0], o.line[0], 4294967294u, "4294967294");
    out_free(&o);

    v = setv(reg, k, "short", REGLINT_REG_DWORD_BIG_ENDIAN, "\x12\x34", 2);
    run_value(&o, k, v);
    expect_value_nodata(o.obj[0], o.line[0], KP, "short", "REG_DWORD_BIG_ENDIAN",
                        "1234");
    out_free(&o);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_qword)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKCU\\T");
    out o;
    const reglint_value *v = setv(reg, k, "max", REGLINT_REG_QWORD,
                                  "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
    run_value(&o, k, v);
    expect_value_head(o.obj[0], o.line[0], KP, "max", "REG_QWORD",
                      "ffffffffffffffff");
    expect_uint(o.obj[0], o.line[0], UINT64_MAX, "18446744073709551615");
    ck_assert_ptr_nonnull(strstr(o.line[0], "18446744073709551615"));
    out_free(&o);

    v = setv(reg, k, "one", REGLINT_REG_QWORD, "\x01\0\0\0\0\0\0\0", 8);
    run_value(&o, k, v);
    expect_value_head(o.obj[0], o.line[0], KP, "one", "REG_QWORD",
                      "0100000000000000");
    expect_uint(o.obj[0], o.line[0], 1, "1");
    out_free(&o);

    v = setv(reg, k, "top", REGLINT_REG_QWORD, "\0\0\0\0\0\0\0\x80", 8);
    run_value(&o, k, v);
    expect_uint(o.obj[0], o.line[0], UINT64_C(9223372036854775808),
                "9223372036854775808");
    out_free(&o);

    v = setv(reg, k, "mixed", REGLINT_REG_QWORD, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    run_value(&o, k, v);
    expect_uint(o.obj[0], o.line[0], UINT64_C(0x0807060504030201),
                "578437695752307201");
    out_free(&o);

    v = setv(reg, k, "short", REGLINT_REG_QWORD, "\x01\x02\x03\x04", 4);
    run_value(&o, k, v);
    expect_value_nodata(o.obj[0], o.line[0], KP, "short", "REG_QWORD", "01020304");
    out_free(&o);
    v = setv(reg, k, "long", REGLINT_REG_QWORD, "\x01\x02\x03\x04\x05\x06\x07\x08\x09", 9);
    run_value(&o, k, v);
    expect_value_nodata(o.obj[0], o.line[0], KP, "long", "REG_QWORD",
                        "010203040506070809");
    out_free(&o);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_strings)
{
    static const struct {
        uint32_t type;
        const char *tname;
        const char *data;
        size_t len;
        const char *want;
        size_t wantlen;
        const char *raw;
    } cases[] = {
        {REGLINT_REG_SZ, "REG_SZ", "a\0b\0\0\0", 6, "ab", 2, "610062000000"},
        {REGLINT_REG_EXPAND_SZ, "REG_EXPAND_SZ", "%\0P\0%\0\0\0", 8, "%P%", 3,
         "2500500025000000"},
        {REGLINT_REG_LINK, "REG_LINK", "\\\0R\0", 4, "\\R", 2, "5c005200"},
        /* empty string, empty data */
        {REGLINT_REG_SZ, "REG_SZ", "\0\0", 2, "", 0, "0000"},
        {REGLINT_REG_SZ, "REG_SZ", "", 0, "", 0, ""},
        /* JSON escapes: quote, backslash, line break, control char */
        {REGLINT_REG_SZ, "REG_SZ", "\"\0\\\0\n\0\x01\0\t\0\0\0", 12,
         "\"\\\n\x01\t", 5, "22005c000a00010009000000"},
        /* non-ASCII: é, 日, 😀 (surrogate pair) */
        {REGLINT_REG_SZ, "REG_SZ", "\xe9\0\xe5\x65\x3d\xd8\x00\xde\0\0", 10,
         "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80", 9, "e900e5653dd800de0000"},
        /* up to the first NUL */
        {REGLINT_REG_SZ, "REG_SZ", "a\0\0\0b\0\0\0", 8, "a", 1, "6100000062000000"},
        /* odd last byte ignored */
        {REGLINT_REG_SZ, "REG_SZ", "a\0b", 3, "a", 1, "610062"},
        /* unpaired surrogate -> U+FFFD */
        {REGLINT_REG_EXPAND_SZ, "REG_EXPAND_SZ", "\x00\xd8x\0\0\0", 6,
         "\xef\xbf\xbdx", 4, "00d878000000"},
    };
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKCU\\T");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        out o;
        const reglint_value *v = setv(reg, k, "s", cases[i].type, cases[i].data,
                                      cases[i].len);
        run_value(&o, k, v);
        expect_value_head(o.obj[0], o.line[0], KP, "s", cases[i].tname,
                          cases[i].raw);
        expect_data_string(o.obj[0], o.line[0], cases[i].want, cases[i].wantlen);
        out_free(&o);
    }
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_multi_sz)
{
    static const char *const ab[] = {"a", "b"};
    static const char *const a_empty_b[] = {"a", "", "b"};
    static const char *const intl[] = {"\xc3\xa9t\xc3\xa9", "\"q\\"};
    static const struct {
        const char *data;
        size_t len;
        const char *const *want;
        size_t count;
        const char *raw;
    } cases[] = {
        {"a\0\0\0b\0\0\0\0\0", 10, ab, 2, "61000000620000000000"},
        {"\0\0", 2, NULL, 0, "0000"},
        {"", 0, NULL, 0, ""},
        {"a\0\0\0b\0", 6, ab, 2, "610000006200"},
        {"a\0\0\0\0\0b\0\0\0\0\0", 12, a_empty_b, 3, "610000000000620000000000"},
        {"\xe9\0t\0\xe9\0\0\0\"\0q\0\\\0\0\0\0\0", 18, intl, 2,
         "e9007400e9000000220071005c0000000000"},
    };
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKCU\\T");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        out o;
        const reglint_value *v = setv(reg, k, "m", REGLINT_REG_MULTI_SZ,
                                      cases[i].data, cases[i].len);
        run_value(&o, k, v);
        expect_value_head(o.obj[0], o.line[0], KP, "m", "REG_MULTI_SZ",
                          cases[i].raw);
        expect_data_array(o.obj[0], o.line[0], cases[i].want, cases[i].count);
        out_free(&o);
    }
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_no_data_types)
{
    static const struct {
        uint32_t type;
        const char *tname;
    } cases[] = {
        {REGLINT_REG_NONE, "REG_NONE"},
        {REGLINT_REG_BINARY, "REG_BINARY"},
        {REGLINT_REG_RESOURCE_LIST, "REG_RESOURCE_LIST"},
        {REGLINT_REG_FULL_RESOURCE_DESCRIPTOR, "REG_FULL_RESOURCE_DESCRIPTOR"},
        {REGLINT_REG_RESOURCE_REQUIREMENTS_LIST, "REG_RESOURCE_REQUIREMENTS_LIST"},
        {12, "0xc"},
        {0x100, "0x100"},
        {0xabcdef, "0xabcdef"},
        {0xffffffffu, "0xffffffff"},
    };
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKCU\\T");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        out o;
        /* Data that looks like a DWORD or a string must not matter. */
        const reglint_value *v = setv(reg, k, "x", cases[i].type,
                                      "\xAB\xCD\x00\x00", 4);
        run_value(&o, k, v);
        expect_value_nodata(o.obj[0], o.line[0], KP, "x", cases[i].tname,
                            "abcd0000");
        out_free(&o);
        v = setv(reg, k, "x", cases[i].type, "", 0);
        run_value(&o, k, v);
        expect_value_nodata(o.obj[0], o.line[0], KP, "x", cases[i].tname, "");
        out_free(&o);
    }
    /* raw for every byte value, lower case. */
    uint8_t all[256];
    char rawall[513];
    for (int i = 0; i < 256; i++) {
        all[i] = (uint8_t)i;
        snprintf(rawall + 2 * i, 3, "%02x", i);
    }
    out o;
    const reglint_value *v = setv(reg, k, "all", REGLINT_REG_BINARY, all, 256);
    run_value(&o, k, v);
    expect_value_nodata(o.obj[0], o.line[0], KP, "all", "REG_BINARY", rawall);
    out_free(&o);
    reglint_registry_free(reg);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Whole trees                                                        */
/* ---------------------------------------------------------------- */

/* Each line: key path, and value name or NULL for a key line. */
static void expect_sequence(const out *o, const char *const (*want)[2], size_t n)
{
    for (size_t i = 0; i < o->n || i < n; i++) {
        ck_assert_msg(i < o->n, "output ends after %zu lines, want %zu", o->n, n);
        ck_assert_msg(i < n, "extra line %zu: %s", i + 1, o->line[i]);
        json_object *obj = o->obj[i];
        expect_str(obj, o->line[i], "key", want[i][0]);
        if (want[i][1] == NULL) {
            expect_fields(obj, o->line[i], KEY_FIELDS);
        } else {
            ck_assert_msg(field(obj, "name") != NULL,
                          "line %zu: want value \"%s\", got %s", i + 1, want[i][1],
                          o->line[i]);
            expect_str(obj, o->line[i], "name", want[i][1]);
        }
    }
}

START_TEST(test_tree_order)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_key *bc = mkkey(reg, "HKLM\\B\\C");
    reglint_key *a = mkkey(reg, "HKLM\\A");
    reglint_key *bd = mkkey(reg, "HKLM\\B\\D");
    mkkey(reg, "HKLM\\B\\C\\E");
    mkkey(reg, "HKCU\\Empty");
    reglint_key *cc = mkkey(reg, "HKCC");
    mkkey(reg, "HKU"); /* an empty root: nothing */
    setv(reg, bc, "c1", REGLINT_REG_DWORD, "\1\0\0\0", 4);
    setv(reg, bc, "", REGLINT_REG_SZ, "x\0\0\0", 4);
    setv(reg, a, "a", REGLINT_REG_BINARY, "", 0);
    setv(reg, bd, "d", REGLINT_REG_QWORD, "\0\0\0\0\0\0\0\0", 8);
    setv(reg, cc, "root", REGLINT_REG_DWORD, "\2\0\0\0", 4);
    static const char *const want[][2] = {
        {"HKEY_LOCAL_MACHINE\\B", NULL},
        {"HKEY_LOCAL_MACHINE\\B\\C", NULL},
        {"HKEY_LOCAL_MACHINE\\B\\C", "c1"},
        {"HKEY_LOCAL_MACHINE\\B\\C", ""},
        {"HKEY_LOCAL_MACHINE\\B\\C\\E", NULL},
        {"HKEY_LOCAL_MACHINE\\B\\D", NULL},
        {"HKEY_LOCAL_MACHINE\\B\\D", "d"},
        {"HKEY_LOCAL_MACHINE\\A", NULL},
        {"HKEY_LOCAL_MACHINE\\A", "a"},
        {"HKEY_CURRENT_USER\\Empty", NULL},
        {"HKEY_CURRENT_CONFIG", NULL},
        {"HKEY_CURRENT_CONFIG", "root"},
    };
    out o;
    run_all(&o, reg, NULL);
    expect_sequence(&o, want, sizeof want / sizeof want[0]);
    /* Data of a few lines, to see the whole writer agrees with _value. */
    expect_uint(o.obj[2], o.line[2], 1, "1");
    expect_data_string(o.obj[3], o.line[3], "x", 1);
    ck_assert_ptr_null(field(o.obj[8], "data"));
    expect_str(o.obj[8], o.line[8], "raw", "");
    expect_uint(o.obj[6], o.line[6], 0, "0");
    out_free(&o);

    /* The top is the same as NULL. */
    run_all(&o, reg, reglint_registry_top(reg));
    expect_sequence(&o, want, sizeof want / sizeof want[0]);
    out_free(&o);

    /* A subtree, the key itself included. */
    run_all(&o, reg, reglint_key_open(reg, "HKLM\\B"));
    expect_sequence(&o, want, 7);
    out_free(&o);

    /* A root without values below "from": not written, its children are. */
    run_all(&o, reg, reglint_key_open(reg, "HKEY_LOCAL_MACHINE"));
    expect_sequence(&o, want, 9);
    out_free(&o);

    /* A root with values as "from". */
    run_all(&o, reg, cc);
    expect_sequence(&o, want + 10, 2);
    out_free(&o);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_empty_registry)
{
    reglint_registry *reg = reglint_registry_new();
    out o;
    run_all(&o, reg, NULL);
    ck_assert_uint_eq(o.len, 0);
    out_free(&o);
    reglint_registry_free(reg);
}
END_TEST

START_TEST(test_write_error)
{
    FILE *f = fopen("/dev/full", "wb");
    if (!f)
        return; /* no /dev/full here */
    reglint_registry *reg = reglint_registry_new();
    reglint_key *k = mkkey(reg, "HKLM\\Full");
    for (int i = 0; i < 3000; i++) {
        char nm[32];
        snprintf(nm, sizeof nm, "value %d", i);
        setv(reg, k, nm, REGLINT_REG_DWORD, "\1\2\3\4", 4);
    }
    errno = 0;
    ck_assert_int_eq(reglint_jsonl_write(reg, NULL, f), -1);
    ck_assert_int_ne(errno, 0);
    fclose(f);
    reglint_registry_free(reg);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("jsonl");
    TCase *tc = tcase_create("jsonl");
    tcase_add_test(tc, test_key_line);
    tcase_add_test(tc, test_default_name);
    tcase_add_test(tc, test_dword);
    tcase_add_test(tc, test_dword_big_endian);
    tcase_add_test(tc, test_qword);
    tcase_add_test(tc, test_strings);
    tcase_add_test(tc, test_multi_sz);
    tcase_add_test(tc, test_no_data_types);
    tcase_add_test(tc, test_tree_order);
    tcase_add_test(tc, test_empty_registry);
    tcase_add_test(tc, test_write_error);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
