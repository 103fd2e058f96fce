/*
** check_hive_write.c — writing hives: reglint_hive_write_empty() byte by
** byte and through libhivex, and reglint_hive_import() read back through
** libhivex (never through reglint's own hive reader, so that a bug there
** cannot hide one here).
**
** Every expected byte is written out here from the regf format and the
** .reg syntax, not produced by calling the library.
*/
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "reglint.h"
#include "test_regf.h"
#include "test_utf16.h"

/* ---------------------------------------------------------------- */
/* Helpers                                                            */
/* ---------------------------------------------------------------- */


static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static char *tmpdir_new(void)
{
    char tmpl[] = "/tmp/check_hive_write.XXXXXX";
    char *d = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(d);
    return strdup(d);
}

static int dir_entries(const char *dir, char names[][256], int max)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n < max)
            snprintf(names[n], 256, "%s", e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

static bool dir_has(const char *dir, const char *name)
{
    char names[32][256];
    int n = dir_entries(dir, names, 32);
    for (int i = 0; i < n && i < 32; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

static void rm_dir(const char *dir)
{
    char names[64][256];
    int n = dir_entries(dir, names, 64);
    for (int i = 0; i < n && i < 64; i++) {
        char *p = malloc(strlen(dir) + strlen(names[i]) + 2);
        ck_assert_ptr_nonnull(p);
        sprintf(p, "%s/%s", dir, names[i]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
}

static char *path_in(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    ck_assert_ptr_nonnull(p);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* Write text to dir/name; returns the path (to free). */
static char *write_text(const char *dir, const char *name, const char *text)
{
    char *p = path_in(dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    ck_assert_int_eq(fclose(f), 0);
    return p;
}


/* The child of node called exactly name (byte comparison), or 0. */
static hive_node_h child_exact(hive_h *h, hive_node_h node, const char *name)
{
    hive_node_h *kids = hivex_node_children(h, node);
    ck_assert_ptr_nonnull(kids);
    hive_node_h found = 0;
    for (size_t i = 0; kids[i]; i++) {
        char *n = hivex_node_name(h, kids[i]);
        ck_assert_ptr_nonnull(n);
        if (strcmp(n, name) == 0) {
            ck_assert_msg(found == 0, "two subkeys named '%s'", name);
            found = kids[i];
        }
        free(n);
    }
    free(kids);
    return found;
}

/* The node at a backslash path below the root (exact names), or 0. */
static hive_node_h node_at(hive_h *h, const char *path)
{
    hive_node_h node = hivex_root(h);
    char *copy = strdup(path), *save = NULL;
    for (char *p = strtok_r(copy, "\\", &save); p && node;
         p = strtok_r(NULL, "\\", &save))
        node = child_exact(h, node, p);
    free(copy);
    return node;
}

/* The value of node called exactly name, or 0. */
static hive_value_h value_exact(hive_h *h, hive_node_h node, const char *name)
{
    hive_value_h *vals = hivex_node_values(h, node);
    ck_assert_ptr_nonnull(vals);
    hive_value_h found = 0;
    for (size_t i = 0; vals[i]; i++) {
        char *k = hivex_value_key(h, vals[i]);
        ck_assert_ptr_nonnull(k);
        if (strcmp(k, name) == 0) {
            ck_assert_msg(found == 0, "two values named '%s'", name);
            found = vals[i];
        }
        free(k);
    }
    free(vals);
    return found;
}

/* The names of node's values, in order, joined with '|'. */
static void value_names(hive_h *h, hive_node_h node, char *buf, size_t n)
{
    hive_value_h *vals = hivex_node_values(h, node);
    ck_assert_ptr_nonnull(vals);
    buf[0] = '\0';
    for (size_t i = 0; vals[i]; i++) {
        char *k = hivex_value_key(h, vals[i]);
        ck_assert_ptr_nonnull(k);
        size_t l = strlen(buf);
        snprintf(buf + l, n - l, "%s%s", i ? "|" : "", k);
        free(k);
    }
    free(vals);
}

static size_t nchildren(hive_h *h, hive_node_h node)
{
    hive_node_h *kids = hivex_node_children(h, node);
    ck_assert_ptr_nonnull(kids);
    size_t n = 0;
    while (kids[n])
        n++;
    free(kids);
    return n;
}

/* The value's type and bytes equal these exactly. */
static void assert_value(hive_h *h, const char *key, const char *name,
                         uint32_t type, const void *bytes, size_t len)
{
    hive_node_h node = node_at(h, key);
    ck_assert_msg(node != 0, "key %s is missing", key);
    hive_value_h v = value_exact(h, node, name);
    ck_assert_msg(v != 0, "value %s\\%s is missing", key, name);
    hive_type t;
    size_t got_len = 12345;
    errno = 0;
    char *got = hivex_value_value(h, v, &t, &got_len);
    ck_assert_msg(got != NULL || got_len == 0, "cannot read %s: %s", name,
                  strerror(errno));
    ck_assert_msg((uint32_t)t == type, "%s: type 0x%x, expected 0x%x", name,
                  (unsigned)t, (unsigned)type);
    ck_assert_msg(got_len == len, "%s: %zu bytes, expected %zu", name,
                  got_len, len);
    if (len)
        ck_assert_msg(memcmp(got, bytes, len) == 0, "%s: other bytes", name);
    free(got);
}

/* UTF-16LE of s with its terminating NUL (malloc'd). */
static uint8_t *u16z(const char *s, size_t *len)
{
    size_t n = strlen(s);
    uint8_t *b = malloc(2 * n + 2);
    ck_assert_ptr_nonnull(b);
    size_t o = test_utf16_encode(s, n, 0, b);
    b[o] = b[o + 1] = 0;
    *len = o + 2;
    return b;
}

/* How many diagnostics of this code and severity. */
static size_t count_code(const reglint_diags *d, const char *code,
                         reglint_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < reglint_diags_count(d); i++) {
        const reglint_diag *g = reglint_diags_at(d, i);
        if (strcmp(g->code, code) == 0 && g->severity == sev)
            n++;
    }
    return n;
}

static const reglint_diag *find_code(const reglint_diags *d, const char *code)
{
    for (size_t i = 0; i < reglint_diags_count(d); i++)
        if (strcmp(reglint_diags_at(d, i)->code, code) == 0)
            return reglint_diags_at(d, i);
    return NULL;
}

static void print_diags(const reglint_diags *d)
{
    for (size_t i = 0; i < reglint_diags_count(d); i++)
        reglint_diag_print(reglint_diags_at(d, i), stderr);
}

/* Import one .reg text into dir/out; expect success. */
static void import_ok(const char *base, const char *out, const char *reg,
                      const char *prefix, reglint_diags *d)
{
    const char *files[] = {reg};
    reglint_import_options o = {prefix, 0};
    int rc = reglint_hive_import(base, out, files, 1, &o, d);
    if (rc != 0)
        print_diags(d);
    ck_assert_msg(rc == 0, "import failed: %s", reglint_last_error());
}

#define HDR "Windows Registry Editor Version 5.00\r\n\r\n"

/* ---------------------------------------------------------------- */
/* The empty hive, byte by byte                                       */
/* ---------------------------------------------------------------- */

START_TEST(test_empty_base_block)
{
    char *dir = tmpdir_new(), *p = path_in(dir, "e.hiv");
    /* 36 characters: Windows keeps the last 31. */
    const char *name = "\\SystemRoot\\System32\\Config\\SOFTWARE";
    time_t before = time(NULL);
    ck_assert_int_eq(reglint_hive_write_empty(p, name, NULL), 0);
    time_t after = time(NULL);
    size_t len;
    uint8_t *b = slurp(p, &len);
    ck_assert_uint_eq(len, 8192);
    ck_assert(memcmp(b, "regf", 4) == 0);
    ck_assert_uint_eq(le32(b + 4), le32(b + 8)); /* clean: seq1 == seq2 */
    ck_assert_uint_ne(le32(b + 4), 0);
    /* Last written: a FILETIME of now. */
    uint64_t ft = (uint64_t)le32(b + 12) | (uint64_t)le32(b + 16) << 32;
    int64_t unix_s = (int64_t)(ft / 10000000u) - 11644473600LL;
    ck_assert_msg(unix_s >= before - 1 && unix_s <= after + 1,
                  "timestamp %lld not now", (long long)unix_s);
    ck_assert_uint_eq(le32(b + 20), 1); /* major */
    ck_assert(le32(b + 24) == 3 || le32(b + 24) == 5);
    ck_assert_uint_eq(le32(b + 28), 0);      /* primary file */
    ck_assert_uint_eq(le32(b + 32), 1);      /* format: memory load */
    ck_assert_uint_eq(le32(b + 40), 4096);   /* hive bins data size */
    ck_assert_uint_eq(le32(b + 44), 1);      /* clustering factor */
    /* Root cell offset: an nk cell in use inside the one hbin. */
    uint32_t root = le32(b + 36);
    ck_assert_uint_ge(root, 0x20);
    ck_assert_uint_lt(root, 4096);
    ck_assert_uint_eq(root % 8, 0);
    ck_assert_int_lt((int32_t)le32(b + 4096 + root), 0);
    ck_assert(memcmp(b + 4096 + root + 4, "nk", 2) == 0);
    /* The file name: the last 31 UTF-16 units, then NULs to 64 bytes. */
    const char *tail = name + strlen(name) - 31;
    uint8_t want[64] = {0};
    ck_assert_uint_eq(test_utf16_encode(tail, 31, 0, want), 62);
    ck_assert(memcmp(b + 48, want, 64) == 0);
    ck_assert(memcmp(b + 48, "e\0m\0R\0o\0o\0t\0", 12) == 0);
    /* Checksum: XOR of the first 127 dwords, and one that Windows stores
    ** as it is (it maps 0 to 1 and -1 to -2; hivex does not). */
    uint32_t sum = xor_checksum(b);
    ck_assert_uint_eq(le32(b + 0x1fc), sum);
    ck_assert_uint_ne(sum, 0);
    ck_assert_uint_ne(sum, 0xffffffffu);
    /* Nothing else in the first 4096 bytes but zeros after the name
    ** (reserved fields) apart from the checksum. */
    for (size_t i = 112; i < 4096; i++)
        if (i < 0x1fc || i >= 0x200)
            ck_assert_msg(b[i] == 0, "byte 0x%zx is 0x%02x", i, b[i]);
    free(b);
    unlink(p);
    free(p);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_empty_header_name_short_and_none)
{
    char *dir = tmpdir_new(), *p = path_in(dir, "e.hiv");
    ck_assert_int_eq(reglint_hive_write_empty(p, "SYSTEM", NULL), 0);
    size_t len;
    uint8_t *b = slurp(p, &len);
    uint8_t want[64] = {0};
    memcpy(want, "S\0Y\0S\0T\0E\0M\0", 12);
    ck_assert(memcmp(b + 48, want, 64) == 0);
    ck_assert_uint_eq(le32(b + 0x1fc), xor_checksum(b));
    free(b);
    ck_assert_int_eq(reglint_hive_write_empty(p, NULL, NULL), 0);
    b = slurp(p, &len);
    memset(want, 0, sizeof want);
    ck_assert(memcmp(b + 48, want, 64) == 0);
    ck_assert_uint_eq(le32(b + 0x1fc), xor_checksum(b));
    free(b);
    /* Non-ASCII, 40 characters: the last 31 UTF-16 units. */
    const char *u = "\\??\\C:\\Users\\Jürgen\\Sœurs\\NTUSER.DAT.x";
    ck_assert_int_eq(reglint_hive_write_empty(p, u, NULL), 0);
    b = slurp(p, &len);
    uint8_t all[200];
    size_t ul = test_utf16_encode(u, strlen(u), 0, all);
    ck_assert_uint_gt(ul, 62);
    memset(want, 0, sizeof want);
    memcpy(want, all + ul - 62, 62);
    ck_assert(memcmp(b + 48, want, 64) == 0);
    free(b);
    unlink(p);
    free(p);
    rm_dir(dir);
    free(dir);
}
END_TEST

/* The cells of the hbin: they tile it exactly; the nk, sk and free cell
** say what the format asks. */
START_TEST(test_empty_hbin_cells)
{
    char *dir = tmpdir_new(), *p = path_in(dir, "e.hiv");
    ck_assert_int_eq(reglint_hive_write_empty(p, NULL, "MyRoot"), 0);
    size_t len;
    uint8_t *b = slurp(p, &len);
    const uint8_t *bin = b + 4096;
    ck_assert(memcmp(bin, "hbin", 4) == 0);
    ck_assert_uint_eq(le32(bin + 4), 0);    /* offset from the first hbin */
    ck_assert_uint_eq(le32(bin + 8), 4096); /* size */
    /* Walk the cells. */
    uint32_t off = 0x20, nk = 0, sk = 0, nfree = 0, nused = 0;
    while (off < 4096) {
        int32_t size = (int32_t)le32(bin + off);
        uint32_t abs = (uint32_t)(size < 0 ? -size : size);
        ck_assert_msg(abs >= 8 && abs % 8 == 0 && off + abs <= 4096,
                      "bad cell size %d at 0x%x", size, off);
        if (size < 0) {
            nused++;
            if (memcmp(bin + off + 4, "nk", 2) == 0)
                nk = off;
            else if (memcmp(bin + off + 4, "sk", 2) == 0)
                sk = off;
        } else {
            nfree++;
        }
        off += abs;
    }
    ck_assert_uint_eq(off, 4096);
    ck_assert_uint_eq(nused, 2);
    ck_assert_uint_eq(nfree, 1);
    ck_assert_uint_eq(nk, le32(b + 36));
    /* The root nk. */
    const uint8_t *k = bin + nk + 4;
    ck_assert_uint_eq(le16(k + 2), 0x0004 | 0x0008 | 0x0020);
    ck_assert_uint_eq(le32(k + 0x14), 0);           /* subkeys */
    ck_assert_uint_eq(le32(k + 0x18), 0);           /* volatile subkeys */
    ck_assert_uint_eq(le32(k + 0x1c), 0xffffffffu); /* subkey list */
    ck_assert_uint_eq(le32(k + 0x20), 0xffffffffu);
    ck_assert_uint_eq(le32(k + 0x24), 0);           /* values */
    ck_assert_uint_eq(le32(k + 0x28), 0xffffffffu); /* value list */
    ck_assert_uint_eq(le32(k + 0x2c), sk);          /* security */
    ck_assert_uint_eq(le32(k + 0x30), 0xffffffffu); /* class */
    ck_assert_uint_eq(le16(k + 0x48), 6);
    ck_assert_uint_eq(le16(k + 0x4a), 0);
    ck_assert(memcmp(k + 0x4c, "MyRoot", 6) == 0);
    /* The sk: alone in its list, used once, a self-relative descriptor. */
    const uint8_t *s = bin + sk + 4;
    ck_assert_uint_eq(le32(s + 4), sk);
    ck_assert_uint_eq(le32(s + 8), sk);
    ck_assert_uint_eq(le32(s + 12), 1);
    uint32_t sdlen = le32(s + 16);
    ck_assert_uint_le(20 + sdlen + 4, (uint32_t)-(int32_t)le32(bin + sk));
    const uint8_t *sd = s + 20;
    ck_assert_uint_eq(sd[0], 1);
    ck_assert(le16(sd + 2) & 0x8000); /* SE_SELF_RELATIVE */
    ck_assert(le16(sd + 2) & 0x0004); /* SE_DACL_PRESENT  */
    uint32_t owner = le32(sd + 4), group = le32(sd + 8), dacl = le32(sd + 16);
    static const uint8_t admins[] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0,
                                     0x20, 2, 0, 0};
    static const uint8_t system[] = {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0};
    static const uint8_t everyone[] = {1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
    ck_assert_uint_le(owner + sizeof admins, sdlen);
    ck_assert(memcmp(sd + owner, admins, sizeof admins) == 0);
    ck_assert_uint_le(group + sizeof system, sdlen);
    ck_assert(memcmp(sd + group, system, sizeof system) == 0);
    ck_assert_uint_eq(le32(sd + 12), 0); /* no SACL */
    /* The DACL: each ACE allowed, the SIDs above with their masks. */
    const uint8_t *acl = sd + dacl;
    ck_assert_uint_eq(acl[0], 2);
    ck_assert_uint_le(dacl + le16(acl + 2), sdlen);
    unsigned n = le16(acl + 4), seen = 0;
    const uint8_t *ace = acl + 8;
    for (unsigned i = 0; i < n; i++) {
        ck_assert_uint_eq(ace[0], 0); /* ACCESS_ALLOWED */
        uint32_t mask = le32(ace + 4);
        const uint8_t *sid = ace + 8;
        if (memcmp(sid, admins, sizeof admins) == 0 && mask == 0xf003f)
            seen |= 1;
        else if (memcmp(sid, system, sizeof system) == 0 && mask == 0xf003f)
            seen |= 2;
        else if (memcmp(sid, everyone, sizeof everyone) == 0 &&
                 mask == 0x20019)
            seen |= 4;
        ace += le16(ace + 2);
    }
    ck_assert_uint_eq(seen, 7);
    ck_assert_uint_eq((size_t)(ace - acl), le16(acl + 2));
    free(b);
    unlink(p);
    free(p);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_empty_root_name_utf16)
{
    /* A name Latin-1 cannot hold is stored UTF-16LE, without the flag. */
    char *dir = tmpdir_new(), *p = path_in(dir, "e.hiv");
    ck_assert_int_eq(reglint_hive_write_empty(p, NULL, "Корень"), 0);
    size_t len;
    uint8_t *b = slurp(p, &len);
    const uint8_t *k = b + 4096 + le32(b + 36) + 4;
    ck_assert_uint_eq(le16(k + 2) & 0x20, 0);
    uint8_t want[12];
    ck_assert_uint_eq(test_utf16_encode("Корень", strlen("Корень"), 0, want),
                      12);
    ck_assert_uint_eq(le16(k + 0x48), 12);
    ck_assert(memcmp(k + 0x4c, want, 12) == 0);
    free(b);
    hive_h *h = hivex_open(p, 0);
    ck_assert_ptr_nonnull(h);
    char *rn = hivex_node_name(h, hivex_root(h));
    ck_assert_str_eq(rn, "Корень");
    free(rn);
    hivex_close(h);
    unlink(p);
    free(p);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_empty_bad_names)
{
    char *dir = tmpdir_new(), *p = path_in(dir, "e.hiv");
    errno = 0;
    ck_assert_int_eq(reglint_hive_write_empty(p, NULL, "a\\b"), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_str_ne(reglint_last_error(), "");
    ck_assert_int_eq(reglint_hive_write_empty(p, NULL, ""), -1);
    ck_assert_int_eq(errno, EINVAL);
    char longname[300];
    memset(longname, 'x', 256);
    longname[256] = '\0';
    ck_assert_int_eq(reglint_hive_write_empty(p, NULL, longname), -1);
    ck_assert_int_eq(errno, EINVAL);
    longname[255] = '\0';
    ck_assert_int_eq(reglint_hive_write_empty(p, NULL, longname), 0);
    unlink(p);
    char names[8][256];
    ck_assert_int_eq(dir_entries(dir, names, 8), 0);
    free(p);
    rm_dir(dir);
    free(dir);
}
END_TEST

/* ---------------------------------------------------------------- */
/* The empty hive through libhivex                                    */
/* ---------------------------------------------------------------- */

START_TEST(test_empty_hivex_reads)
{
    char *dir = tmpdir_new(), *p = path_in(dir, "e.hiv");
    ck_assert_int_eq(reglint_hive_write_empty(p, "SOFTWARE", NULL), 0);
    hive_h *h = hivex_open(p, 0);
    ck_assert_msg(h != NULL, "hivex_open: %s", strerror(errno));
    hive_node_h root = hivex_root(h);
    ck_assert_uint_ne(root, 0);
    char *name = hivex_node_name(h, root);
    ck_assert_str_eq(name, "ROOT");
    free(name);
    ck_assert_uint_eq(hivex_node_nr_children(h, root), 0);
    ck_assert_uint_eq(hivex_node_nr_values(h, root), 0);
    ck_assert_uint_eq(nchildren(h, root), 0);
    hivex_close(h);
    unlink(p);
    free(p);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_empty_hivex_writes)
{
    /* What hivex needs to add a key: the parent's sk cell, inherited. */
    char *dir = tmpdir_new(), *p = path_in(dir, "e.hiv"),
         *q = path_in(dir, "f.hiv");
    ck_assert_int_eq(reglint_hive_write_empty(p, "SOFTWARE", NULL), 0);
    hive_h *h = hivex_open(p, HIVEX_OPEN_WRITE);
    ck_assert_msg(h != NULL, "hivex_open write: %s", strerror(errno));
    hive_node_h a = hivex_node_add_child(h, hivex_root(h), "Alpha");
    ck_assert_msg(a != 0, "add_child: %s", strerror(errno));
    hive_node_h b = hivex_node_add_child(h, a, "Beta");
    ck_assert_msg(b != 0, "add_child: %s", strerror(errno));
    hive_set_value v = {(char *)"Val", hive_t_REG_DWORD, 4,
                        (char *)"\x2a\0\0\0"};
    ck_assert_int_eq(hivex_node_set_value(h, b, &v, 0), 0);
    ck_assert_int_eq(hivex_commit(h, q, 0), 0);
    hivex_close(h);
    /* The base was read, not written. */
    size_t len;
    uint8_t *orig = slurp(p, &len);
    ck_assert_uint_eq(len, 8192);
    free(orig);

    h = hivex_open(q, 0);
    ck_assert_msg(h != NULL, "reopen: %s", strerror(errno));
    hive_node_h nb = node_at(h, "Alpha\\Beta");
    ck_assert_uint_ne(nb, 0);
    hive_value_h vv = value_exact(h, nb, "Val");
    ck_assert_uint_ne(vv, 0);
    ck_assert_int_eq(hivex_value_dword(h, vv), 42);
    hivex_close(h);
    /* And deleting the key returns the sk's count: the hive stays valid. */
    h = hivex_open(q, HIVEX_OPEN_WRITE);
    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(hivex_node_delete_child(h, node_at(h, "Alpha")), 0);
    ck_assert_int_eq(hivex_commit(h, q, 0), 0);
    hivex_close(h);
    h = hivex_open(q, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(nchildren(h, hivex_root(h)), 0);
    hivex_close(h);
    unlink(p);
    unlink(q);
    free(p);
    free(q);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_empty_atomic)
{
    /* Replacing keeps the mode; a missing directory leaves nothing. */
    char *dir = tmpdir_new(), *p = path_in(dir, "e.hiv");
    char *old = write_text(dir, "e.hiv", "old content");
    ck_assert_int_eq(chmod(p, 0640), 0);
    ck_assert_int_eq(reglint_hive_write_empty(p, NULL, NULL), 0);
    struct stat st;
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_int_eq(st.st_size, 8192);
    ck_assert_int_eq(st.st_mode & 07777, 0640);
    char names[8][256];
    ck_assert_int_eq(dir_entries(dir, names, 8), 1);
    char *missing = path_in(dir, "no/such/e.hiv");
    errno = 0;
    ck_assert_int_eq(reglint_hive_write_empty(missing, NULL, NULL), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(dir_entries(dir, names, 8), 1);
    unlink(p);
    free(old);
    free(missing);
    free(p);
    rm_dir(dir);
    free(dir);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Import                                                             */
/* ---------------------------------------------------------------- */

START_TEST(test_import_every_type_byte_identical)
{
    char *dir = tmpdir_new(), *out = path_in(dir, "out.hiv");
    /* A value over 16344 bytes (one cell in a 1.3 hive), written as a
    ** continued hex line. */
    size_t big = 20000;
    char *bigline = malloc(big * 3 + 64);
    if (!bigline)
        abort();
    static const char hexd[] = "0123456789abcdef";
    size_t o = (size_t)snprintf(bigline, 64, "\"Big\"=hex:");
    for (size_t i = 0; i < big; i++) {
        unsigned v = (unsigned)(i * 7 % 256);
        bigline[o++] = hexd[v >> 4];
        bigline[o++] = hexd[v & 15];
        bigline[o++] = ',';
    }
    memcpy(bigline + o - 1, "\r\n", 3);
    o += 1;
    const char *head =
        HDR "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Types]\r\n"
        "\"None\"=hex(0):01,02\r\n"
        "\"Sz\"=\"héllo wörld\"\r\n"
        "\"Expand\"=hex(2):25,00,54,00,45,00,4d,00,50,00,25,00,00,00\r\n"
        "\"Binary\"=hex:de,ad,be,ef,00\r\n"
        "\"Dword\"=dword:fffffffe\r\n"
        "\"DwordBE\"=hex(5):00,00,00,2a\r\n"
        "\"Link\"=hex(6):5c,00,52,00\r\n"
        "\"Multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n"
        "\"ResList\"=hex(8):01\r\n"
        "\"FullRes\"=hex(9):01,02,03\r\n"
        "\"ResReq\"=hex(a):01,02,03,04\r\n"
        "\"Qword\"=hex(b):88,77,66,55,44,33,22,11\r\n"
        "\"Odd\"=hex(100):ab,cd\r\n"
        "\"Max\"=hex(ffffffff):01\r\n"
        "\"EmptyBin\"=hex:\r\n"
        "\"EmptySz\"=hex(1):\r\n"
        "@=\"default\"\r\n";
    char *text = malloc(strlen(head) + o + 1);
    ck_assert_ptr_nonnull(text);
    strcpy(text, head);
    strcat(text, bigline);
    char *reg = write_text(dir, "types.reg", text);
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, out, reg, NULL, d);
    ck_assert_uint_eq(reglint_diags_count(d), 0);

    hive_h *h = hivex_open(out, 0);
    ck_assert_msg(h != NULL, "hivex_open: %s", strerror(errno));
    const char *k = "Types";
    assert_value(h, k, "None", 0, "\x01\x02", 2);
    size_t sl;
    uint8_t *sz = u16z("héllo wörld", &sl);
    assert_value(h, k, "Sz", 1, sz, sl);
    free(sz);
    assert_value(h, k, "Expand", 2, "%\0T\0E\0M\0P\0%\0\0\0", 14);
    assert_value(h, k, "Binary", 3, "\xde\xad\xbe\xef\x00", 5);
    assert_value(h, k, "Dword", 4, "\xfe\xff\xff\xff", 4);
    assert_value(h, k, "DwordBE", 5, "\0\0\0\x2a", 4);
    assert_value(h, k, "Link", 6, "\\\0R\0", 4);
    assert_value(h, k, "Multi", 7, "a\0\0\0b\0\0\0\0\0", 10);
    assert_value(h, k, "ResList", 8, "\x01", 1);
    assert_value(h, k, "FullRes", 9, "\x01\x02\x03", 3);
    assert_value(h, k, "ResReq", 10, "\x01\x02\x03\x04", 4);
    assert_value(h, k, "Qword", 11, "\x88\x77\x66\x55\x44\x33\x22\x11", 8);
    assert_value(h, k, "Odd", 0x100, "\xab\xcd", 2);
    assert_value(h, k, "Max", 0xffffffffu, "\x01", 1);
    assert_value(h, k, "EmptyBin", 3, "", 0);
    assert_value(h, k, "EmptySz", 1, "", 0);
    uint8_t *def = u16z("default", &sl);
    assert_value(h, k, "", 1, def, sl);
    free(def);
    uint8_t *bb = malloc(big);
    for (size_t i = 0; i < big; i++)
        bb[i] = (uint8_t)(i * 7 % 256);
    assert_value(h, k, "Big", 3, bb, big);
    free(bb);
    /* In the order the lines set them. */
    char names[512];
    value_names(h, node_at(h, k), names, sizeof names);
    ck_assert_str_eq(names, "None|Sz|Expand|Binary|Dword|DwordBE|Link|Multi|"
                            "ResList|FullRes|ResReq|Qword|Odd|Max|EmptyBin|"
                            "EmptySz||Big");
    hivex_close(h);
    reglint_diags_free(d);
    free(text);
    free(bigline);
    free(reg);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_creates_parents)
{
    char *dir = tmpdir_new(), *out = path_in(dir, "out.hiv");
    char *reg = write_text(dir, "p.reg", HDR
                           "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A\\B\\C\\D]\r\n"
                           "\"v\"=dword:00000001\r\n"
                           "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A\\X]\r\n");
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, out, reg, NULL, d);
    hive_h *h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(nchildren(h, hivex_root(h)), 1);
    ck_assert_uint_ne(node_at(h, "A"), 0);
    ck_assert_uint_ne(node_at(h, "A\\B"), 0);
    ck_assert_uint_ne(node_at(h, "A\\B\\C"), 0);
    ck_assert_uint_ne(node_at(h, "A\\B\\C\\D"), 0);
    ck_assert_uint_ne(node_at(h, "A\\X"), 0);
    ck_assert_uint_eq(nchildren(h, node_at(h, "A")), 2);
    assert_value(h, "A\\B\\C\\D", "v", 4, "\x01\0\0\0", 4);
    /* A new hive's header names it after the prefix, as Windows would. */
    hivex_close(h);
    size_t len;
    uint8_t *b = slurp(out, &len);
    uint8_t want[64] = {0};
    test_utf16_encode("emRoot\\System32\\Config\\SOFTWARE", 31, 0, want);
    ck_assert(memcmp(b + 48, want, 64) == 0);
    free(b);
    reglint_diags_free(d);
    free(reg);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

/* A base hive with values, built by import. */
static const char BASE_REG[] =
    HDR "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Äpfel]\r\n"
        "\"First\"=\"1\"\r\n"
        "\"Value\"=dword:00000001\r\n"
        "\"Gone\"=hex(100):01,02,03,04,05,06\r\n"
        "\"Last\"=hex:09\r\n"
        "\"Wert Ä\"=dword:00000001\r\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Äpfel\\Sub\\Deeper]\r\n"
        "\"x\"=dword:00000002\r\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Keep]\r\n";

START_TEST(test_import_deletes)
{
    char *dir = tmpdir_new(), *base = path_in(dir, "base.hiv"),
         *out = path_in(dir, "out.hiv");
    char *r1 = write_text(dir, "base.reg", BASE_REG);
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, base, r1, NULL, d);
    char *r2 = write_text(dir, "del.reg", HDR
                          "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Äpfel\\Sub]\r\n"
                          "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Äpfel]\r\n"
                          "\"Gone\"=-\r\n"
                          "\"Absent\"=-\r\n"
                          "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\No\\Such\\Key]\r\n");
    import_ok(base, out, r2, NULL, d);
    ck_assert_uint_eq(reglint_diags_count(d), 0);
    hive_h *h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    hive_node_h ap = node_at(h, "Microsoft\\Äpfel");
    ck_assert_uint_ne(ap, 0);
    ck_assert_uint_eq(nchildren(h, ap), 0);
    ck_assert_uint_eq(value_exact(h, ap, "Gone"), 0);
    /* The others keep their bytes, types and order. */
    char names[256];
    value_names(h, ap, names, sizeof names);
    ck_assert_str_eq(names, "First|Value|Last|Wert Ä");
    assert_value(h, "Microsoft\\Äpfel", "First", 1, "1\0\0\0", 4);
    assert_value(h, "Microsoft\\Äpfel", "Value", 4, "\x01\0\0\0", 4);
    assert_value(h, "Microsoft\\Äpfel", "Last", 3, "\x09", 1);
    ck_assert_uint_ne(node_at(h, "Microsoft\\Keep"), 0);
    hivex_close(h);
    /* The base still has everything. */
    h = hivex_open(base, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_ne(node_at(h, "Microsoft\\Äpfel\\Sub\\Deeper"), 0);
    assert_value(h, "Microsoft\\Äpfel", "Gone", 0x100,
                 "\x01\x02\x03\x04\x05\x06", 6);
    hivex_close(h);
    reglint_diags_free(d);
    free(r1);
    free(r2);
    free(base);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_case_insensitive_merge)
{
    /* Keys and values match as Windows matches them, also beyond ASCII
    ** (hivex's own lookup folds ASCII only); the first spelling stays. */
    char *dir = tmpdir_new(), *base = path_in(dir, "base.hiv"),
         *out = path_in(dir, "out.hiv");
    char *r1 = write_text(dir, "base.reg", BASE_REG);
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, base, r1, NULL, d);
    char *r2 = write_text(dir, "m.reg", HDR
                          "[HKEY_LOCAL_MACHINE\\SOFTWARE\\MICROSOFT\\ÄPFEL]\r\n"
                          "\"VALUE\"=dword:00000007\r\n"
                          "\"wert ä\"=dword:00000008\r\n"
                          "\"new\"=\"n\"\r\n"
                          "[HKEY_LOCAL_MACHINE\\software\\microsoft\\äpfel\\SUB\\deeper]\r\n"
                          "\"X\"=dword:00000003\r\n");
    import_ok(base, out, r2, NULL, d);
    hive_h *h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(nchildren(h, hivex_root(h)), 1);
    hive_node_h ms = node_at(h, "Microsoft");
    ck_assert_uint_ne(ms, 0);
    ck_assert_uint_eq(nchildren(h, ms), 2); /* Äpfel and Keep */
    hive_node_h ap = node_at(h, "Microsoft\\Äpfel");
    ck_assert_uint_ne(ap, 0);
    ck_assert_uint_eq(nchildren(h, ap), 1);
    ck_assert_uint_eq(nchildren(h, node_at(h, "Microsoft\\Äpfel\\Sub")), 1);
    char names[256];
    value_names(h, ap, names, sizeof names);
    ck_assert_str_eq(names, "First|Value|Gone|Last|Wert Ä|new");
    assert_value(h, "Microsoft\\Äpfel", "Value", 4, "\x07\0\0\0", 4);
    assert_value(h, "Microsoft\\Äpfel", "Wert Ä", 4, "\x08\0\0\0", 4);
    value_names(h, node_at(h, "Microsoft\\Äpfel\\Sub\\Deeper"), names,
                sizeof names);
    ck_assert_str_eq(names, "x");
    assert_value(h, "Microsoft\\Äpfel\\Sub\\Deeper", "x", 4, "\x03\0\0\0", 4);
    hivex_close(h);
    reglint_diags_free(d);
    free(r1);
    free(r2);
    free(base);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

static const char SYSTEM_REG[] =
    HDR "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"
        "\"Current\"=dword:00000002\r\n"
        "\"Default\"=dword:00000002\r\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control]\r\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control]\r\n";

START_TEST(test_import_current_control_set)
{
    char *dir = tmpdir_new(), *base = path_in(dir, "SYSTEM"),
         *out = path_in(dir, "out.hiv");
    char *r1 = write_text(dir, "sys.reg", SYSTEM_REG);
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, base, r1, NULL, d);
    /* The base is recognised as SYSTEM (no prefix given); each line uses
    ** Select\Current as it is when the line is applied. */
    char *r2 = write_text(dir, "ccs.reg", HDR
                          "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa]\r\n"
                          "\"a\"=dword:00000001\r\n"
                          "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"
                          "\"Current\"=dword:00000001\r\n"
                          "[HKEY_LOCAL_MACHINE\\SYSTEM\\currentcontrolset\\Control\\Lsa]\r\n"
                          "\"b\"=dword:00000002\r\n");
    import_ok(base, out, r2, NULL, d);
    ck_assert_uint_eq(count_code(d, "no-current-control-set", REGLINT_WARNING),
                      0);
    hive_h *h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(node_at(h, "CurrentControlSet"), 0);
    ck_assert_uint_eq(child_exact(h, hivex_root(h), "currentcontrolset"), 0);
    assert_value(h, "ControlSet002\\Control\\Lsa", "a", 4, "\x01\0\0\0", 4);
    assert_value(h, "ControlSet001\\Control\\Lsa", "b", 4, "\x02\0\0\0", 4);
    ck_assert_uint_eq(value_exact(h, node_at(h, "ControlSet002\\Control\\Lsa"),
                                  "b"), 0);
    ck_assert_uint_eq(nchildren(h, hivex_root(h)), 3);
    hivex_close(h);
    reglint_diags_free(d);
    free(r1);
    free(r2);
    free(base);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_ccs_without_select)
{
    /* No Select\Current: the name is kept, with one warning for all. */
    char *dir = tmpdir_new(), *out = path_in(dir, "out.hiv");
    char *reg = write_text(dir, "c.reg", HDR
                           "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\A]\r\n"
                           "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\B]\r\n"
                           "\"v\"=dword:00000001\r\n");
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, out, reg, NULL, d);
    ck_assert_uint_eq(count_code(d, "no-current-control-set", REGLINT_WARNING),
                      1);
    const reglint_diag *g = find_code(d, "no-current-control-set");
    ck_assert_uint_eq(g->line, 3);
    ck_assert_uint_eq(reglint_diags_count(d), 1);
    hive_h *h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_ne(node_at(h, "CurrentControlSet\\A"), 0);
    assert_value(h, "CurrentControlSet\\B", "v", 4, "\x01\0\0\0", 4);
    hivex_close(h);
    /* A new SYSTEM hive is named so that reglint and hivex know it. */
    size_t len;
    uint8_t *b = slurp(out, &len);
    uint8_t want[64] = {0};
    test_utf16_encode("stemRoot\\System32\\Config\\SYSTEM", 31, 0, want);
    ck_assert(memcmp(b + 48, want, 64) == 0);
    free(b);
    reglint_diags_free(d);
    /* A SYSTEM base with Select\Default only: still no mapping, and not
    ** the view's "read as Select\Default" warning, which would be false. */
    char *base = path_in(dir, "SYSTEM");
    char *r0 = write_text(dir, "b.reg", HDR
                          "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"
                          "\"Default\"=dword:00000001\r\n"
                          "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001]\r\n");
    d = reglint_diags_new();
    import_ok(NULL, base, r0, NULL, d);
    reglint_diags_free(d);
    d = reglint_diags_new();
    import_ok(base, out, reg, NULL, d);
    ck_assert_uint_eq(count_code(d, "no-current-control-set", REGLINT_WARNING),
                      1);
    ck_assert_uint_eq(reglint_diags_count(d), 1);
    h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_ne(node_at(h, "CurrentControlSet\\A"), 0);
    ck_assert_uint_eq(node_at(h, "ControlSet001\\A"), 0);
    hivex_close(h);
    reglint_diags_free(d);
    free(r0);
    free(base);
    free(reg);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_refuses_same_file)
{
    char *dir = tmpdir_new(), *base = path_in(dir, "base.hiv");
    char *r1 = write_text(dir, "base.reg", BASE_REG);
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, base, r1, NULL, d);
    size_t blen, rlen;
    uint8_t *bbytes = slurp(base, &blen), *rbytes = slurp(r1, &rlen);
    const char *files[] = {r1};
    /* The same path, another spelling of it, a hard link: all refused. */
    char *other = malloc(strlen(dir) + 32);
    sprintf(other, "%s/./base.hiv", dir);
    char *link_ = path_in(dir, "link.hiv");
    ck_assert_int_eq(link(base, link_), 0);
    const char *outs[] = {base, other, link_};
    for (int i = 0; i < 3; i++) {
        reglint_diags *d2 = reglint_diags_new();
        errno = 0;
        ck_assert_int_eq(reglint_hive_import(base, outs[i], files, 1, NULL, d2),
                         -1);
        ck_assert_int_eq(errno, EINVAL);
        ck_assert_uint_eq(count_code(d2, "same-file", REGLINT_ERROR), 1);
        reglint_diags_free(d2);
    }
    /* The same name, even of a file that does not exist. */
    reglint_diags *d4 = reglint_diags_new();
    char *nothere = path_in(dir, "nothere.hiv");
    ck_assert_int_eq(reglint_hive_import(nothere, nothere, files, 1, NULL, d4),
                     -1);
    ck_assert_uint_eq(count_code(d4, "same-file", REGLINT_ERROR), 1);
    ck_assert_uint_eq(reglint_diags_count(d4), 1);
    reglint_diags_free(d4);
    free(nothere);
    /* Writing over one of the .reg files: refused too. */
    reglint_diags *d3 = reglint_diags_new();
    ck_assert_int_eq(reglint_hive_import(base, r1, files, 1, NULL, d3), -1);
    ck_assert_uint_eq(count_code(d3, "same-file", REGLINT_ERROR), 1);
    reglint_diags_free(d3);
    ck_assert_int_eq(reglint_hive_import(NULL, r1, files, 1, NULL, NULL), -1);
    /* Nothing changed, nothing was added. */
    size_t l2;
    uint8_t *b2 = slurp(base, &l2), *r2 = slurp(r1, &rlen);
    ck_assert_uint_eq(l2, blen);
    ck_assert(memcmp(b2, bbytes, blen) == 0);
    ck_assert(memcmp(r2, rbytes, rlen) == 0);
    char names[8][256];
    ck_assert_int_eq(dir_entries(dir, names, 8), 3);
    free(b2);
    free(r2);
    free(bbytes);
    free(rbytes);
    reglint_diags_free(d);
    free(other);
    free(link_);
    free(r1);
    free(base);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_base_untouched)
{
    /* The base's bytes, modification time and access time stay as they
    ** were: it is evidence, and is only read. */
    char *dir = tmpdir_new(), *base = path_in(dir, "base.hiv"),
         *out = path_in(dir, "out.hiv");
    char *r1 = write_text(dir, "base.reg", BASE_REG);
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, base, r1, NULL, d);
    /* An access time before the modification time: any plain read would
    ** move it, even under relatime. */
    struct timespec ts[2] = {{1000000000, 0}, {1100000000, 123456789}};
    ck_assert_int_eq(utimensat(AT_FDCWD, base, ts, 0), 0);
    struct stat before, after;
    ck_assert_int_eq(stat(base, &before), 0);
    size_t blen;
    uint8_t *bbytes = slurp(base, &blen);
    /* slurp itself read it: set the times again. */
    ck_assert_int_eq(utimensat(AT_FDCWD, base, ts, 0), 0);
    char *r2 = write_text(dir, "x.reg", HDR
                          "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft]\r\n"
                          "[HKEY_LOCAL_MACHINE\\SOFTWARE\\New]\r\n"
                          "\"v\"=\"x\"\r\n");
    import_ok(base, out, r2, NULL, d);
    ck_assert_int_eq(stat(base, &after), 0);
    ck_assert_int_eq(after.st_mtim.tv_sec, 1100000000);
    ck_assert_int_eq(after.st_mtim.tv_nsec, 123456789);
    ck_assert_int_eq(after.st_atim.tv_sec, 1000000000);
    ck_assert_int_eq(after.st_size, before.st_size);
    size_t l2;
    uint8_t *b2 = slurp(base, &l2);
    ck_assert_uint_eq(l2, blen);
    ck_assert(memcmp(b2, bbytes, blen) == 0);
    hive_h *h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(node_at(h, "Microsoft"), 0);
    ck_assert_uint_ne(node_at(h, "New"), 0);
    hivex_close(h);
    free(b2);
    free(bbytes);
    reglint_diags_free(d);
    free(r1);
    free(r2);
    free(base);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_outside_prefix)
{
    /* A key outside the hive: an error on its line, nothing written, an
    ** existing output file left as it was. */
    char *dir = tmpdir_new(), *out = path_in(dir, "out.hiv");
    char *prev = write_text(dir, "out.hiv", "previous");
    char *reg = write_text(dir, "o.reg", HDR
                           "[HKEY_LOCAL_MACHINE\\SOFTWARE\\In]\r\n"
                           "\"v\"=dword:00000001\r\n"
                           "\r\n"
                           "[HKEY_CURRENT_USER\\Software\\Out]\r\n"
                           "\"w\"=dword:00000001\r\n");
    reglint_diags *d = reglint_diags_new();
    const char *files[] = {reg};
    errno = 0;
    ck_assert_int_eq(reglint_hive_import(NULL, out, files, 1, NULL, d), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_uint_eq(count_code(d, "outside-prefix", REGLINT_ERROR), 1);
    const reglint_diag *g = find_code(d, "outside-prefix");
    ck_assert_str_eq(g->file, reg);
    ck_assert_uint_eq(g->line, 6);
    ck_assert_uint_eq(reglint_diags_count_severity(d, REGLINT_ERROR), 1);
    size_t len;
    uint8_t *b = slurp(out, &len);
    ck_assert_uint_eq(len, 8);
    ck_assert(memcmp(b, "previous", 8) == 0);
    free(b);
    char names[8][256];
    ck_assert_int_eq(dir_entries(dir, names, 8), 2);
    /* An explicit prefix: then HKCU\Software is inside, HKLM outside. */
    reglint_diags_free(d);
    d = reglint_diags_new();
    reglint_import_options o = {"hkcu\\software", 0};
    ck_assert_int_eq(reglint_hive_import(NULL, out, files, 1, &o, d), -1);
    g = find_code(d, "outside-prefix");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->line, 3);
    ck_assert_uint_eq(reglint_diags_count_severity(d, REGLINT_ERROR), 1);
    ck_assert_int_eq(dir_entries(dir, names, 8), 2);
    reglint_diags_free(d);
    free(prev);
    free(reg);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_delete_root_refused)
{
    char *dir = tmpdir_new(), *out = path_in(dir, "out.hiv");
    const char *bad[] = {"[-HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n",
                         "[-HKEY_LOCAL_MACHINE]\r\n"};
    for (int i = 0; i < 2; i++) {
        char text[300];
        snprintf(text, sizeof text, "%s%s%s", HDR,
                 "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\r\n", bad[i]);
        char *reg = write_text(dir, "r.reg", text);
        reglint_diags *d = reglint_diags_new();
        const char *files[] = {reg};
        ck_assert_int_eq(reglint_hive_import(NULL, out, files, 1, NULL, d),
                         -1);
        ck_assert_uint_eq(count_code(d, "delete-root", REGLINT_ERROR), 1);
        ck_assert(!dir_has(dir, "out.hiv"));
        reglint_diags_free(d);
        free(reg);
    }
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_prefix_from_first_key)
{
    char *dir = tmpdir_new(), *out = path_in(dir, "out.hiv");
    char *reg = write_text(dir, "u.reg", HDR
                           "; a comment\r\n"
                           "[HKEY_CURRENT_USER\\Software\\Vendor\\App]\r\n"
                           "\"v\"=dword:00000005\r\n"
                           "[HKEY_CURRENT_USER\\Software\\Other]\r\n");
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, out, reg, NULL, d);
    hive_h *h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(nchildren(h, hivex_root(h)), 2);
    assert_value(h, "Vendor\\App", "v", 4, "\x05\0\0\0", 4);
    ck_assert_uint_ne(node_at(h, "Other"), 0);
    hivex_close(h);
    reglint_diags_free(d);
    free(reg);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_prefix_bare_root)
{
    /* A first key line naming only a root: the hive is that root. */
    char *dir = tmpdir_new(), *out = path_in(dir, "out.hiv");
    char *reg = write_text(dir, "r.reg", HDR
                           "[HKEY_CURRENT_USER]\r\n"
                           "\"top\"=dword:00000001\r\n"
                           "[HKEY_CURRENT_USER\\Software\\X]\r\n");
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, out, reg, NULL, d);
    hive_h *h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_ne(node_at(h, "Software\\X"), 0);
    ck_assert_uint_ne(value_exact(h, hivex_root(h), "top"), 0);
    hivex_close(h);
    reglint_diags_free(d);
    free(reg);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_prefix_from_base_header)
{
    /* An empty base whose header says SOFTWARE: HKLM\SOFTWARE is its root,
    ** HKLM\SYSTEM is outside. */
    char *dir = tmpdir_new(), *base = path_in(dir, "b.hiv"),
         *out = path_in(dir, "out.hiv");
    ck_assert_int_eq(reglint_hive_write_empty(
                         base, "\\SystemRoot\\System32\\Config\\SOFTWARE",
                         NULL),
                     0);
    char *reg = write_text(dir, "s.reg", HDR
                           "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\X]\r\n");
    reglint_diags *d = reglint_diags_new();
    import_ok(base, out, reg, NULL, d);
    hive_h *h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_ne(node_at(h, "Policies\\X"), 0);
    hivex_close(h);
    reglint_diags_free(d);
    free(reg);
    reg = write_text(dir, "t.reg", HDR
                     "[HKEY_LOCAL_MACHINE\\SYSTEM\\Policies\\X]\r\n");
    d = reglint_diags_new();
    const char *files[] = {reg};
    ck_assert_int_eq(reglint_hive_import(base, out, files, 1, NULL, d), -1);
    ck_assert_uint_eq(count_code(d, "outside-prefix", REGLINT_ERROR), 1);
    reglint_diags_free(d);
    /* A base of no known type needs the prefix given. */
    ck_assert_int_eq(reglint_hive_write_empty(base, "whatever.dat", NULL), 0);
    d = reglint_diags_new();
    ck_assert_int_eq(reglint_hive_import(base, out, files, 1, NULL, d), -1);
    ck_assert_uint_eq(count_code(d, "hive-type-unknown", REGLINT_ERROR), 1);
    reglint_diags_free(d);
    d = reglint_diags_new();
    reglint_import_options o = {"HKEY_LOCAL_MACHINE\\SYSTEM", 0};
    ck_assert_int_eq(reglint_hive_import(base, out, files, 1, &o, d), 0);
    reglint_diags_free(d);
    free(reg);
    free(base);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_delete_then_recreate)
{
    /* Keys found before a delete are not found after it, also when the
    ** same names come back in the same import. */
    char *dir = tmpdir_new(), *base = path_in(dir, "base.hiv"),
         *out = path_in(dir, "out.hiv");
    char *r1 = write_text(dir, "base.reg", BASE_REG);
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, base, r1, NULL, d);
    char *r2 = write_text(dir, "r.reg", HDR
                          "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Äpfel\\Sub\\Deeper]\r\n"
                          "\"y\"=dword:00000001\r\n"
                          "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Äpfel]\r\n"
                          "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Keep\\A]\r\n"
                          "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Keep\\B]\r\n"
                          "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Äpfel\\Sub\\Deeper]\r\n"
                          "\"z\"=dword:00000002\r\n");
    import_ok(base, out, r2, NULL, d);
    ck_assert_uint_eq(reglint_diags_count(d), 0);
    hive_h *h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    hive_node_h deeper = node_at(h, "Microsoft\\Äpfel\\Sub\\Deeper");
    ck_assert_uint_ne(deeper, 0);
    char names[256];
    value_names(h, deeper, names, sizeof names);
    ck_assert_str_eq(names, "z");
    value_names(h, node_at(h, "Microsoft\\Äpfel"), names, sizeof names);
    ck_assert_str_eq(names, "");
    ck_assert_uint_eq(nchildren(h, node_at(h, "Microsoft")), 2);
    ck_assert_uint_eq(nchildren(h, node_at(h, "Microsoft\\Keep")), 2);
    hivex_close(h);
    reglint_diags_free(d);
    free(r1);
    free(r2);
    free(base);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_errors_write_nothing)
{
    /* A bad line anywhere, a warning under strict, an unreadable input or
    ** base: -1 and no file, no temporary file left. */
    char *dir = tmpdir_new(), *out = path_in(dir, "out.hiv");
    char *good = write_text(dir, "good.reg", HDR
                            "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\r\n");
    char *bad = write_text(dir, "bad.reg", HDR
                           "[HKEY_LOCAL_MACHINE\\SOFTWARE\\B]\r\n"
                           "\"x\"=dword:zz\r\n");
    char *warn = write_text(dir, "warn.reg", HDR
                            "[HKEY_LOCAL_MACHINE\\SOFTWARE\\C]\r\n"
                            "\"x\" = dword:00000001\r\n");
    char *missing = path_in(dir, "missing.reg");
    char *notreg = path_in(dir, "good.reg");
    struct {
        const char *base;
        const char *files[2];
        int strict;
        const char *code;
    } cases[] = {
        {NULL, {good, bad}, 0, "bad-dword"},
        {NULL, {good, warn}, 1, "space-around-equals"},
        {NULL, {good, missing}, 0, "unreadable"},
        {notreg, {good, good}, 0, "not-hive"},
        {missing, {good, good}, 0, "unreadable"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        reglint_diags *d = reglint_diags_new();
        reglint_import_options o = {NULL, cases[i].strict};
        ck_assert_int_eq(reglint_hive_import(cases[i].base, out,
                                             cases[i].files, 2, &o, d),
                         -1);
        ck_assert_msg(count_code(d, cases[i].code, REGLINT_ERROR) >= 1,
                      "case %zu: no %s error", i, cases[i].code);
        char names[8][256];
        ck_assert_msg(dir_entries(dir, names, 8) == 3,
                      "case %zu: a file was left behind", i);
        reglint_diags_free(d);
    }
    /* Without strict the warning is only a warning: written. */
    reglint_diags *d = reglint_diags_new();
    const char *files[] = {good, warn};
    ck_assert_int_eq(reglint_hive_import(NULL, out, files, 2, NULL, d), 0);
    ck_assert_uint_eq(count_code(d, "space-around-equals", REGLINT_WARNING), 1);
    ck_assert(dir_has(dir, "out.hiv"));
    reglint_diags_free(d);
    free(good);
    free(bad);
    free(warn);
    free(missing);
    free(notreg);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_replaces_atomically)
{
    /* An existing output is replaced whole; several files apply in order. */
    char *dir = tmpdir_new(), *out = path_in(dir, "out.hiv");
    char *prev = write_text(dir, "out.hiv", "previous");
    char *a = write_text(dir, "a.reg", HDR
                         "[HKEY_LOCAL_MACHINE\\SOFTWARE\\K]\r\n"
                         "\"v\"=\"a\"\r\n\"w\"=\"a\"\r\n");
    char *b = write_text(dir, "b.reg", HDR
                         "[HKEY_LOCAL_MACHINE\\SOFTWARE\\K]\r\n"
                         "\"v\"=\"b\"\r\n\"w\"=-\r\n");
    const char *files[] = {a, b};
    ck_assert_int_eq(reglint_hive_import(NULL, out, files, 2, NULL, NULL), 0);
    hive_h *h = hivex_open(out, 0);
    ck_assert_ptr_nonnull(h);
    assert_value(h, "K", "v", 1, "b\0\0\0", 4);
    ck_assert_uint_eq(value_exact(h, node_at(h, "K"), "w"), 0);
    hivex_close(h);
    char names[8][256];
    ck_assert_int_eq(dir_entries(dir, names, 8), 3);
    free(prev);
    free(a);
    free(b);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_limits)
{
    /* Data libhivex cannot store is a limit error on its line. */
    char *dir = tmpdir_new(), *out = path_in(dir, "out.hiv");
    size_t n = 1000000;
    char *text = malloc(n * 3 + 200);
    if (!text)
        abort();
    size_t o = (size_t)snprintf(text, 200,
                                "%s[HKEY_LOCAL_MACHINE\\SOFTWARE\\L]\r\n"
                                "\"huge\"=hex:", HDR);
    for (size_t i = 0; i < n; i++) {
        memcpy(text + o, "00,", 3);
        o += 3;
    }
    memcpy(text + o - 1, "\r\n", 3);
    char *reg = write_text(dir, "l.reg", text);
    reglint_diags *d = reglint_diags_new();
    const char *files[] = {reg};
    ck_assert_int_eq(reglint_hive_import(NULL, out, files, 1, NULL, d), -1);
    const reglint_diag *g = find_code(d, "limit");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->line, 4);
    ck_assert(!dir_has(dir, "out.hiv"));
    reglint_diags_free(d);
    free(text);
    free(reg);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

/* Patch bytes of a file in place (the test's own damage or upgrade). */
static void poke(const char *path, long off, const void *bytes, size_t n)
{
    int fd = open(path, O_RDWR);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pwrite(fd, bytes, n, off), (ssize_t)n);
    ck_assert_int_eq(close(fd), 0);
}

/* Set the base block's minor version and fix its checksum. */
static void set_minor(const char *path, uint32_t minor)
{
    uint8_t v[4] = {(uint8_t)minor, 0, 0, 0};
    poke(path, 24, v, 4);
    size_t len;
    uint8_t *b = slurp(path, &len);
    uint32_t sum = xor_checksum(b);
    uint8_t c[4] = {(uint8_t)sum, (uint8_t)(sum >> 8), (uint8_t)(sum >> 16),
                    (uint8_t)(sum >> 24)};
    poke(path, 0x1fc, c, 4);
    free(b);
}

START_TEST(test_import_big_value_warning)
{
    /* In a 1.5 hive, data over 16344 bytes belongs in a big-data record,
    ** which hivex cannot write: a warning names the value.  Up to 16344
    ** bytes, or in a 1.3 hive, no warning. */
    char *dir = tmpdir_new(), *base = path_in(dir, "b.hiv"),
         *out = path_in(dir, "out.hiv");
    ck_assert_int_eq(reglint_hive_write_empty(base, "SOFTWARE", NULL), 0);
    set_minor(base, 5);
    for (int big = 0; big < 2; big++) {
        size_t n = big ? 16345 : 16344;
        char *text = malloc(n * 3 + 200);
        if (!text)
            abort();
        size_t o = (size_t)snprintf(text, 200,
                                    "%s[HKEY_LOCAL_MACHINE\\SOFTWARE\\B]\r\n"
                                    "\"small\"=dword:00000001\r\n"
                                    "\"blob\"=hex:", HDR);
        for (size_t i = 0; i < n; i++) {
            memcpy(text + o, "ab,", 3);
            o += 3;
        }
        memcpy(text + o - 1, "\r\n", 3);
        char *reg = write_text(dir, "b.reg", text);
        reglint_diags *d = reglint_diags_new();
        import_ok(base, out, reg, NULL, d);
        ck_assert_uint_eq(count_code(d, "hive-big-value", REGLINT_WARNING),
                          big ? 1 : 0);
        if (big) {
            const reglint_diag *g = find_code(d, "hive-big-value");
            ck_assert_uint_eq(g->line, 5); /* the big value's own line */
            ck_assert_ptr_nonnull(strstr(g->message, "'blob'"));
        }
        reglint_diags_free(d);
        free(text);
        free(reg);
    }
    free(base);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_hivex_failure)
{
    /* hivex failing in the middle of a change (here: a base whose security
    ** cell says no key uses it) is an error on the line; nothing is
    ** written. */
    char *dir = tmpdir_new(), *base = path_in(dir, "b.hiv"),
         *out = path_in(dir, "out.hiv");
    char *r1 = write_text(dir, "base.reg", BASE_REG);
    reglint_diags *d = reglint_diags_new();
    import_ok(NULL, base, r1, NULL, d);
    reglint_diags_free(d);
    size_t len;
    uint8_t *b = slurp(base, &len);
    uint32_t root = le32(b + 36) + 4096;
    uint32_t sk = le32(b + root + 4 + 0x2c) + 4096;
    ck_assert(memcmp(b + sk + 4, "sk", 2) == 0);
    free(b);
    poke(base, (long)sk + 4 + 12, "\0\0\0\0", 4);
    char *r2 = write_text(dir, "d.reg", HDR
                          "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Keep]\r\n"
                          "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Other]\r\n");
    d = reglint_diags_new();
    const char *files[] = {r2};
    ck_assert_int_eq(reglint_hive_import(base, out, files, 1, NULL, d), -1);
    const reglint_diag *g = find_code(d, "hive-error");
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->file, r2);
    ck_assert_ptr_nonnull(strstr(g->message, "Microsoft\\Keep"));
    ck_assert(!dir_has(dir, "out.hiv"));
    reglint_diags_free(d);
    free(r1);
    free(r2);
    free(base);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

START_TEST(test_import_no_key_lines)
{
    /* Only a header: an empty hive (HKLM\SOFTWARE by default), which
    ** hivex opens for writing again. */
    char *dir = tmpdir_new(), *out = path_in(dir, "out.hiv");
    char *reg = write_text(dir, "e.reg", HDR);
    const char *files[] = {reg};
    ck_assert_int_eq(reglint_hive_import(NULL, out, files, 1, NULL, NULL), 0);
    hive_h *h = hivex_open(out, HIVEX_OPEN_WRITE);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(nchildren(h, hivex_root(h)), 0);
    ck_assert_uint_ne(hivex_node_add_child(h, hivex_root(h), "x"), 0);
    hivex_close(h);
    free(reg);
    free(out);
    rm_dir(dir);
    free(dir);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hive-write");
    TCase *tc = tcase_create("empty");
    tcase_add_test(tc, test_empty_base_block);
    tcase_add_test(tc, test_empty_header_name_short_and_none);
    tcase_add_test(tc, test_empty_hbin_cells);
    tcase_add_test(tc, test_empty_root_name_utf16);
    tcase_add_test(tc, test_empty_bad_names);
    tcase_add_test(tc, test_empty_hivex_reads);
    tcase_add_test(tc, test_empty_hivex_writes);
    tcase_add_test(tc, test_empty_atomic);
    suite_add_tcase(s, tc);
    tc = tcase_create("import");
    tcase_add_test(tc, test_import_every_type_byte_identical);
    tcase_add_test(tc, test_import_creates_parents);
    tcase_add_test(tc, test_import_deletes);
    tcase_add_test(tc, test_import_case_insensitive_merge);
    tcase_add_test(tc, test_import_current_control_set);
    tcase_add_test(tc, test_import_ccs_without_select);
    tcase_add_test(tc, test_import_refuses_same_file);
    tcase_add_test(tc, test_import_base_untouched);
    tcase_add_test(tc, test_import_outside_prefix);
    tcase_add_test(tc, test_import_delete_root_refused);
    tcase_add_test(tc, test_import_prefix_from_first_key);
    tcase_add_test(tc, test_import_prefix_bare_root);
    tcase_add_test(tc, test_import_prefix_from_base_header);
    tcase_add_test(tc, test_import_delete_then_recreate);
    tcase_add_test(tc, test_import_errors_write_nothing);
    tcase_add_test(tc, test_import_replaces_atomically);
    tcase_add_test(tc, test_import_limits);
    tcase_add_test(tc, test_import_no_key_lines);
    tcase_add_test(tc, test_import_big_value_warning);
    tcase_add_test(tc, test_import_hivex_failure);
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
