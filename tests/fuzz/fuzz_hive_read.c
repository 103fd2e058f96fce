/*
** fuzz_hive_read.c — libFuzzer harness for the hive source: opening and
** checking a regf file (hive_header.c, source_hive.c), loading it into a
** view (view.c) and reading the OS facts from it (os_facts.c).  libhivex
** does the cell parsing underneath.
**
** The input is the hive file.  It is written into an anonymous memory file
** (memfd_create) and the view opens /proc/self/fd/N, so nothing touches
** the disk.  For each input:
**   1. a view with the input as its only source, loaded whole (NULL
**      scope); then the OS facts, every key and value walked through the
**      public accessors, and the origin of each described;
**   2. a second view loaded through the scope `reglint info` uses (the OS
**      fact keys and the Schannel table), which takes the other path
**      through the hive: straight down to the keys asked for;
**   3. in both, every diagnostic must have a code and a message, and a
**      source that failed must say why with an error diagnostic.
** A violated expectation calls abort(), so libFuzzer keeps the input.
**
** The first 4 bytes are always "regf", so every input is read as a hive.
** Most mutations break the base block's checksum, which sends every input
** down the "bad checksum, unsafe mode" path.  So unless bit 0 of byte
** 0x1f0 (reserved, inside the checksummed area) is set, the harness writes
** the right checksum first; both paths stay reachable.
**
** Build: CC=clang meson setup build-fuzz -Dfuzzing=true
** Seeds: build-fuzz/tests/fuzz/gen_hive_seeds SEEDDIR
** Run:   build-fuzz/tests/fuzz/fuzz_hive_read -dict=tests/fuzz/hive.dict
**            SEEDDIR
*/
#include "reglint.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Big inputs only slow the fuzzer down; the reader's size limits are not
** what is fuzzed here. */
#define FUZZ_MAX_INPUT (1u << 20)

#define SCHANNEL_PROTOCOLS                                                 \
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"            \
    "SecurityProviders\\SCHANNEL\\Protocols"

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_hive_read: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    abort();
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void check_diags(const reglint_diags *d)
{
    FILE *sink = fopen("/dev/null", "w");
    for (size_t i = 0; i < reglint_diags_count(d); i++) {
        const reglint_diag *g = reglint_diags_at(d, i);
        if (!g || !g->code || !*g->code || !g->message || !g->file)
            fail("diagnostic without file, code or message", NULL);
        if (g->severity != REGLINT_WARNING && g->severity != REGLINT_ERROR)
            fail("diagnostic with an unknown severity", g->code);
        if (sink)
            reglint_diag_print(g, sink);
    }
    if (sink)
        fclose(sink);
}

static void check_source(const reglint_view *v, const reglint_diags *d)
{
    if (reglint_view_source_count(v) != 1)
        fail("one source added, the view lists another number", NULL);
    const reglint_source_info *si = reglint_view_source(v, 0);
    if (!si)
        fail("reglint_view_source(0) is NULL", NULL);
    if ((si->failed || si->errors) &&
        reglint_diags_count_severity(d, REGLINT_ERROR) == 0)
        fail("a source failed without an error diagnostic", NULL);
    if (si->errors + si->warnings > reglint_diags_count(d))
        fail("the source counts more diagnostics than were given", NULL);
    (void)reglint_hive_type_name(si->hive_type);
    if (si->kind == REGLINT_SOURCE_HIVE && si->mount) {
        if (si->dirty != (si->seq1 != si->seq2))
            fail("dirty does not match the sequence numbers", NULL);
        for (size_t i = 0; i < si->nlogs; i++)
            if (!si->logs[i])
                fail("NULL log name", NULL);
        if (si->control_set > 999)
            fail("control set over 999", NULL);
    }
}

/* Every key and value through the public accessors; each origin that
** names a source must be describable. */
static void walk(const reglint_view *v)
{
    const reglint_registry *reg = reglint_view_registry(v);
    size_t cap = 64, top = 0;
    reglint_key **stack = malloc(cap * sizeof *stack);
    if (!stack)
        abort();
    stack[top++] = reglint_registry_top(reg);
    while (top > 0) {
        reglint_key *key = stack[--top];
        char *path = reglint_key_path(key);
        if (!path)
            abort();
        if (*path && reglint_key_open(reg, path) != key)
            fail("reglint_key_open(reglint_key_path(k)) != k", path);
        free(path);
        reglint_origin o = reglint_key_origin(key);
        if (o.source) {
            char *desc = reglint_view_describe_origin(v, key, o);
            if (!desc)
                fail("reglint_view_describe_origin failed", NULL);
            free(desc);
        }
        for (size_t i = 0; i < reglint_key_value_count(key); i++) {
            const reglint_value *val = reglint_key_value_at(key, i);
            const char *name = reglint_value_name(val);
            if (reglint_key_value(key, name) != val)
                fail("reglint_key_value(name) does not find the value", name);
            size_t len = 0;
            const uint8_t *data = reglint_value_data(val, &len);
            if (len && !data)
                fail("value data NULL with non-zero length", name);
            uint32_t dw;
            uint64_t qw;
            (void)reglint_value_get_dword(val, &dw);
            (void)reglint_value_get_qword(val, &qw);
            free(reglint_value_get_string(val));
            size_t count = 0;
            reglint_strv_free(reglint_value_get_multi_sz(val, &count));
        }
        for (size_t i = 0; i < reglint_key_subkey_count(key); i++) {
            reglint_key *sub = reglint_key_subkey_at(key, i);
            if (reglint_key_parent(sub) != key)
                fail("subkey's parent is not the key", reglint_key_name(sub));
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

static void read_facts(const reglint_view *v)
{
    reglint_os os;
    memset(&os, 0xa5, sizeof os); /* reglint_os_read must set everything */
    if (reglint_os_read(v, &os) != 0)
        fail("reglint_os_read failed", NULL);
    char name[160];
    (void)reglint_os_release_name(&os, name, sizeof name);
    (void)reglint_os_role_name(os.role);
    (void)reglint_os_arch_name(os.arch);
    for (int f = 0; f < REGLINT_FACT_COUNT; f++)
        if (os.fact[f].known &&
            memchr(os.fact[f].where, '\0', sizeof os.fact[f].where) == NULL)
            fail("a fact's origin is not a terminated string", NULL);
    (void)reglint_view_key_open(v, SCHANNEL_PROTOCOLS);
    (void)reglint_view_control_set(v);
}

/* One view over the file at path, loaded with scope (NULL: whole). */
static void one_view(const char *path, const reglint_scope *scope,
                     int full_walk)
{
    reglint_view *v = reglint_view_new(NULL);
    reglint_diags *d = reglint_diags_new();
    if (!v || !d)
        abort();
    uint32_t id = reglint_view_add(v, path, NULL, d);
    if (!id && reglint_diags_count_severity(d, REGLINT_ERROR) == 0)
        fail("reglint_view_add failed without an error diagnostic",
             reglint_last_error());
    if (reglint_view_load(v, scope, d) != 0 && errno != ENOMEM)
        fail("reglint_view_load failed", reglint_last_error());
    check_diags(d);
    check_source(v, d);
    read_facts(v);
    if (full_walk)
        walk(v);
    reglint_diags_free(d);
    reglint_view_free(v);
}

static reglint_scope *info_scope;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Too big only slows the fuzzer down; shorter than the "regf"
    ** signature is never a hive. */
    if (size > FUZZ_MAX_INPUT || size < 4)
        return -1; /* not added to the corpus */
    if (!info_scope) {
        info_scope = reglint_scope_new();
        if (!info_scope || reglint_os_scope(info_scope) < 0 ||
            reglint_scope_add(info_scope, SCHANNEL_PROTOCOLS, 2) < 0)
            abort();
    }
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    /* Without the signature the view reads the file as .reg text, which
    ** fuzz_reg_read covers. */
    memcpy(copy, "regf", 4);
    if (size >= 0x200 && !(copy[0x1f0] & 1)) {
        uint32_t sum = 0;
        for (size_t i = 0; i < 0x1fc; i += 4)
            sum ^= le32(copy + i);
        copy[0x1fc] = (uint8_t)sum;
        copy[0x1fd] = (uint8_t)(sum >> 8);
        copy[0x1fe] = (uint8_t)(sum >> 16);
        copy[0x1ff] = (uint8_t)(sum >> 24);
    }
    int fd = memfd_create("fuzz-hive", MFD_CLOEXEC);
    if (fd < 0)
        fail("memfd_create", strerror(errno));
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, copy + done, size - done);
        if (n <= 0)
            fail("write to the memfd", strerror(errno));
        done += (size_t)n;
    }
    free(copy);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    one_view(path, NULL, 1);
    one_view(path, info_scope, 0);
    close(fd);
    return 0;
}
