/*
** fuzz_reg_read.c — libFuzzer harness for the .reg reader (and, through the
** model it fills, the .reg and JSON Lines writers).
**
** For each input:
**   1. read it into a fresh registry (default options, then strict);
**   2. walk the model through the public accessors;
**   3. write it as .reg in UTF-16LE and in UTF-8, read each output back and
**      require that the re-read reports no error diagnostics and gives the
**      same keys and values (a round-trip failure is a bug: abort());
**   4. write it as JSON Lines and require every line to be a JSON object.
**
** Build: CC=clang meson setup build-fuzz -Dfuzzing=true
** Run:   build-fuzz/tests/fuzz/fuzz_reg_read -dict=tests/fuzz/reg.dict CORPUS
*/
#include "reglint.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Inputs bigger than this only slow the fuzzer down; the reader's limits
** (16 MiB lines, 64 MiB values) are covered by the unit tests. */
#define FUZZ_MAX_INPUT (1u << 20)

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_reg_read: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    abort();
}

static void print_diags(const reglint_diags *d)
{
    size_t n = reglint_diags_count(d);
    for (size_t i = 0; i < n; i++)
        reglint_diag_print(reglint_diags_at(d, i), stderr);
}

/* Touch everything a key offers through the public API. */
static void exercise_tree(const reglint_registry *reg)
{
    /* Iterative walk: depth may reach REGLINT_MAX_DEPTH. */
    size_t cap = 64, top = 0;
    reglint_key **stack = malloc(cap * sizeof *stack);
    if (!stack)
        return;
    stack[top++] = reglint_registry_top(reg);
    while (top > 0) {
        reglint_key *key = stack[--top];
        (void)reglint_key_name(key);
        (void)reglint_key_origin(key);
        char *path = reglint_key_path(key);
        if (path && *path) {
            reglint_key *again = reglint_key_open(reg, path);
            if (again != key)
                fail("reglint_key_open(reglint_key_path(k)) != k", path);
        }
        free(path);

        size_t nv = reglint_key_value_count(key);
        for (size_t i = 0; i < nv; i++) {
            const reglint_value *v = reglint_key_value_at(key, i);
            const char *name = reglint_value_name(v);
            if (reglint_key_value(key, name) != v)
                fail("reglint_key_value(name) does not find the value", name);
            size_t len = 0;
            const uint8_t *data = reglint_value_data(v, &len);
            if (len && !data)
                fail("value data NULL with non-zero length", name);
            char tbuf[REGLINT_TYPE_NAME_MAX];
            (void)reglint_type_name(reglint_value_type(v), tbuf);
            (void)reglint_value_origin(v);
            uint32_t dw;
            uint64_t qw;
            (void)reglint_value_get_dword(v, &dw);
            (void)reglint_value_get_qword(v, &qw);
            free(reglint_value_get_string(v));
            size_t count = 0;
            reglint_strv_free(reglint_value_get_multi_sz(v, &count));
        }

        size_t ns = reglint_key_subkey_count(key);
        for (size_t i = 0; i < ns; i++) {
            reglint_key *sub = reglint_key_subkey_at(key, i);
            if (reglint_key_parent(sub) != key)
                fail("subkey's parent is not the key", reglint_key_name(sub));
            if (reglint_key_subkey(key, reglint_key_name(sub)) != sub)
                fail("reglint_key_subkey(name) does not find the subkey",
                     reglint_key_name(sub));
            if (top == cap) {
                cap *= 2;
                reglint_key **grown = realloc(stack, cap * sizeof *stack);
                if (!grown)
                    abort();
                stack = grown;
            }
            stack[top++] = sub;
        }
    }
    free(stack);
}

/* Does the re-read model `b` hold everything of `a` below `ka`?  Roots
** without values are not written, so a root that holds nothing at all may
** be missing; everything else must be there with the same bytes. */
static void compare_key(const reglint_key *ka, const reglint_registry *b,
                        const char *label)
{
    size_t nv = reglint_key_value_count(ka);
    size_t ns = reglint_key_subkey_count(ka);
    char *path = reglint_key_path(ka);
    if (!path)
        abort();
    if (*path) {
        reglint_key *kb = reglint_key_open(b, path);
        int is_root = reglint_key_parent(reglint_key_parent(ka)) == NULL;
        if (!kb) {
            if (!(is_root && nv == 0 && ns == 0)) {
                fprintf(stderr, "round trip (%s): key missing\n", label);
                fail("key missing after round trip", path);
            }
        } else {
            if (strcmp(reglint_key_name(ka), reglint_key_name(kb)) != 0)
                fail("key spelling changed after round trip", path);
            if (reglint_key_value_count(kb) != nv) {
                fprintf(stderr, "round trip (%s): %zu values, now %zu\n",
                        label, nv, reglint_key_value_count(kb));
                fail("value count changed after round trip", path);
            }
            if (reglint_key_subkey_count(kb) != ns) {
                fprintf(stderr, "round trip (%s): %zu subkeys, now %zu\n",
                        label, ns, reglint_key_subkey_count(kb));
                fail("subkey count changed after round trip", path);
            }
            for (size_t i = 0; i < nv; i++) {
                const reglint_value *va = reglint_key_value_at(ka, i);
                const reglint_value *vb = reglint_key_value_at(kb, i);
                size_t la = 0, lb = 0;
                const uint8_t *da = reglint_value_data(va, &la);
                const uint8_t *db = reglint_value_data(vb, &lb);
                if (strcmp(reglint_value_name(va), reglint_value_name(vb))) {
                    fprintf(stderr, "round trip (%s): value \"%s\" became "
                            "\"%s\"\n", label, reglint_value_name(va),
                            reglint_value_name(vb));
                    fail("value name changed after round trip", path);
                }
                if (reglint_value_type(va) != reglint_value_type(vb) ||
                    la != lb || (la && memcmp(da, db, la) != 0)) {
                    fprintf(stderr, "round trip (%s): value \"%s\": type "
                            "%u len %zu, now type %u len %zu\n", label,
                            reglint_value_name(va), reglint_value_type(va),
                            la, reglint_value_type(vb), lb);
                    fail("value changed after round trip", path);
                }
            }
        }
    }
    free(path);
    for (size_t i = 0; i < ns; i++)
        compare_key(reglint_key_subkey_at(ka, i), b, label);
}

static void compare_tree(const reglint_registry *a, const reglint_registry *b,
                         const char *label)
{
    /* compare_key recurses once per level; depth is at most 512 + 1. */
    compare_key(reglint_registry_top(a), b, label);
}

/* Write reg in enc, read the output back, check it. */
static void round_trip(const reglint_registry *reg, reglint_encoding enc)
{
    const char *label = enc == REGLINT_ENC_UTF8 ? "utf8" : "utf16le";
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out)
        abort();
    errno = 0;
    int rc = reglint_reg_write(reg, NULL, enc, out);
    int saved = errno;
    if (fclose(out) != 0)
        abort();
    if (rc != 0) {
        /* EINVAL: a name no .reg file can hold (a line break); documented. */
        if (saved != EINVAL && saved != ENOMEM) {
            fprintf(stderr, "reglint_reg_write (%s): %s\n", label,
                    reglint_last_error());
            fail("reglint_reg_write failed", strerror(saved));
        }
        free(buf);
        return;
    }

    reglint_registry *again = reglint_registry_new();
    reglint_diags *diags = reglint_diags_new();
    reglint_reg_info info;
    if (!again || !diags)
        abort();
    rc = reglint_reg_read_buffer(again, "roundtrip.reg", buf, len, NULL,
                                 diags, &info);
    if (rc != 0 || reglint_diags_count_severity(diags, REGLINT_ERROR) != 0) {
        print_diags(diags);
        fwrite(buf, 1, len < 4096 ? len : 4096, stderr);
        fputc('\n', stderr);
        fail("re-reading the writer's output gives errors", label);
    }
    if (info.version != 5)
        fail("writer output not read as version 5", label);
    if (info.encoding !=
        (enc == REGLINT_ENC_UTF8 ? REGLINT_ENC_UTF8 : REGLINT_ENC_UTF16LE))
        fail("writer output read with another encoding", label);
    compare_tree(reg, again, label);

    reglint_diags_free(diags);
    reglint_registry_free(again);
    free(buf);
}

static void check_jsonl(const reglint_registry *reg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out)
        abort();
    int rc = reglint_jsonl_write(reg, NULL, out);
    if (fclose(out) != 0)
        abort();
    if (rc != 0) {
        free(buf);
        return;
    }
    /* Every line one JSON object with a "key". */
    char *line = buf;
    while (line < buf + len) {
        char *nl = memchr(line, '\n', (size_t)(buf + len - line));
        if (!nl)
            fail("JSON Lines output does not end with a newline", NULL);
        *nl = '\0';
        json_object *obj = json_tokener_parse(line);
        if (!obj || !json_object_is_type(obj, json_type_object) ||
            !json_object_object_get_ex(obj, "key", NULL))
            fail("JSON Lines output line is not an object with a key", line);
        json_object_put(obj);
        line = nl + 1;
    }
    free(buf);
}

static reglint_registry *read_one(const uint8_t *data, size_t size,
                                  int strict, size_t max_diags)
{
    reglint_registry *reg = reglint_registry_new();
    reglint_diags *diags = reglint_diags_new();
    if (!reg || !diags)
        abort();
    reglint_reg_options opts = {.strict = strict, .max_diags = max_diags};
    reglint_reg_info info;
    memset(&info, 0, sizeof info);
    int rc = reglint_reg_read_buffer(reg, "fuzz.reg", data, size, &opts,
                                     diags, &info);
    if (rc != 0 && reglint_diags_count_severity(diags, REGLINT_ERROR) == 0)
        fail("read failed without an error diagnostic", NULL);
    (void)reglint_encoding_name(info.encoding);

    /* Diagnostics must be printable and well-formed. */
    size_t n = reglint_diags_count(diags);
    size_t limit = max_diags ? max_diags : 200;
    if (n > limit + 1)
        fail("more diagnostics than max_diags + 1", NULL);
    FILE *sink = fopen("/dev/null", "w");
    for (size_t i = 0; i < n; i++) {
        const reglint_diag *d = reglint_diags_at(diags, i);
        if (!d || !d->code || !d->message)
            fail("diagnostic without code or message", NULL);
        if (strict && d->severity != REGLINT_ERROR)
            fail("strict read reported a warning", d->code);
        if (sink)
            reglint_diag_print(d, sink);
    }
    if (sink)
        fclose(sink);
    reglint_diags_free(diags);
    return reg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return -1; /* not added to the corpus */

    /* Strict, with a small diagnostic limit: only the read itself. */
    reglint_registry *reg = read_one(data, size, 1, 5);
    exercise_tree(reg);
    reglint_registry_free(reg);

    /* Default options: the full round trip. */
    reg = read_one(data, size, 0, 0);
    exercise_tree(reg);
    (void)reglint_registry_key_count(reg);
    round_trip(reg, REGLINT_ENC_UTF16LE);
    round_trip(reg, REGLINT_ENC_UTF8);
    check_jsonl(reg);
    reglint_registry_free(reg);
    return 0;
}
