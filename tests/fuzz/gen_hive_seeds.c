/*
** gen_hive_seeds.c — write the seed hives of the hive fuzzer.
**
** Usage: gen_hive_seeds OUTDIR
**
** Seeds are generated, never committed: each starts as the empty hive of
** reglint_hive_write_empty() and is filled through libhivex's write API,
** then some get their base block patched (a dirty hive, format 1.5) with
** the checksum made right again.  The names are fixed (tests/fuzz/
** meson.build lists them) and the content is deterministic apart from the
** timestamps hivex writes.  Each is a few KiB, so the fuzzer stays fast:
**   seed-system.hive      SYSTEM: Select, two control sets, ProductType,
**                         PROCESSOR_ARCHITECTURE, the Schannel table
**   seed-system-dirty.hive  the same, sequence numbers differing, 1.5
**   seed-software.hive    SOFTWARE: Windows NT\CurrentVersion, WOW6432Node
**   seed-ntuser.hive      NTUSER: every value type, odd names, a deep path
**   seed-wide.hive        an unknown hive: one key with many subkeys, and
**                         the value types and the deep path again
**   seed-empty.hive       the empty hive itself
** Exit 0, or 1 with a message when a seed cannot be written.
*/
#include "reglint.h"

#include <errno.h>
#include <hivex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *outdir;

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "gen_hive_seeds: %s: %s\n", what, detail);
    exit(1);
}

static char *out_path(const char *name)
{
    size_t n = strlen(outdir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p)
        die("out of memory", name);
    snprintf(p, n, "%s/%s", outdir, name);
    return p;
}

/* ---- values ---- */

typedef struct vbuf {
    hive_set_value v[16];
    char data[16][128];
    size_t n;
} vbuf;

static void put_raw(vbuf *b, const char *name, hive_type t, const void *data,
                    size_t len)
{
    if (b->n == 16 || len > sizeof b->data[0])
        die("seed recipe", "too many or too long values");
    memcpy(b->data[b->n], data, len);
    b->v[b->n].key = (char *)name;
    b->v[b->n].t = t;
    b->v[b->n].len = len;
    b->v[b->n].value = b->data[b->n];
    b->n++;
}

static void put_dword(vbuf *b, const char *name, uint32_t d)
{
    uint8_t le[4] = {(uint8_t)d, (uint8_t)(d >> 8), (uint8_t)(d >> 16),
                     (uint8_t)(d >> 24)};
    put_raw(b, name, hive_t_REG_DWORD, le, 4);
}

/* An ASCII string as REG_SZ-like UTF-16LE with its terminating NUL. */
static void put_str(vbuf *b, const char *name, hive_type t, const char *s)
{
    uint8_t u[128];
    size_t n = strlen(s);
    if (2 * n + 2 > sizeof u)
        die("seed recipe", "string too long");
    for (size_t i = 0; i <= n; i++) {
        u[2 * i] = (uint8_t)s[i];
        u[2 * i + 1] = 0;
    }
    put_raw(b, name, t, u, 2 * n + 2);
}

static void set_values(hive_h *h, hive_node_h node, vbuf *b)
{
    if (hivex_node_set_values(h, node, b->n, b->v, 0) < 0)
        die("hivex_node_set_values", strerror(errno));
    b->n = 0;
}

/* ---- keys ---- */

/* Find or add the key at a backslash-separated path below node. */
static hive_node_h key(hive_h *h, hive_node_h node, const char *path)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *part = strtok(buf, "\\"); part; part = strtok(NULL, "\\")) {
        hive_node_h child = hivex_node_get_child(h, node, part);
        if (!child)
            child = hivex_node_add_child(h, node, part);
        if (!child)
            die("hivex_node_add_child", part);
        node = child;
    }
    return node;
}

/* ---- files ---- */

static hive_h *start(const char *path, const char *header_name,
                     const char *root_name)
{
    if (reglint_hive_write_empty(path, header_name, root_name) < 0)
        die("reglint_hive_write_empty", reglint_last_error());
    hive_h *h = hivex_open(path, HIVEX_OPEN_WRITE);
    if (!h)
        die("hivex_open", strerror(errno));
    return h;
}

static void finish(hive_h *h, const char *path)
{
    if (hivex_commit(h, path, 0) < 0)
        die("hivex_commit", strerror(errno));
    hivex_close(h);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Copy src to dst with the base block changed: sequence 2 = sequence 1
** minus seq_lag, minor version `minor`; the checksum made right. */
static void patched_copy(const char *src, const char *dst, uint32_t seq_lag,
                         uint32_t minor)
{
    FILE *f = fopen(src, "rb");
    if (!f)
        die(src, strerror(errno));
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *nb = realloc(buf, cap);
            if (!nb)
                die("out of memory", src);
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        if (!got)
            break;
        len += got;
    }
    fclose(f);
    if (len < 4096)
        die(src, "shorter than a base block");
    put32(buf + 8, le32(buf + 4) - seq_lag);
    put32(buf + 24, minor);
    uint32_t sum = 0;
    for (size_t i = 0; i < 0x1fc; i += 4)
        sum ^= le32(buf + i);
    put32(buf + 0x1fc, sum);
    f = fopen(dst, "wb");
    if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0)
        die(dst, strerror(errno));
    free(buf);
}

/* ---- recipes ---- */

static void gen_system(const char *path)
{
    hive_h *h = start(path, "\\REGISTRY\\MACHINE\\SYSTEM",
                      "CMI-CreateHive{2A7FB991-7BBE-4F9D-B91E-7CB51D4737F5}");
    hive_node_h root = hivex_root(h);
    vbuf b = {0};
    put_dword(&b, "Current", 2);
    put_dword(&b, "Default", 2);
    put_dword(&b, "Failed", 0);
    put_dword(&b, "LastKnownGood", 1);
    set_values(h, key(h, root, "Select"), &b);
    for (int cs = 1; cs <= 2; cs++) {
        char base[64];
        snprintf(base, sizeof base, "ControlSet%03d\\Control", cs);
        hive_node_h control = key(h, root, base);
        put_str(&b, "ProductType", hive_t_REG_SZ,
                cs == 2 ? "ServerNT" : "WinNT");
        set_values(h, key(h, control, "ProductOptions"), &b);
        put_str(&b, "PROCESSOR_ARCHITECTURE", hive_t_REG_SZ,
                cs == 2 ? "AMD64" : "x86");
        put_str(&b, "Path", hive_t_REG_EXPAND_SZ, "%SystemRoot%\\system32");
        set_values(h, key(h, control, "Session Manager\\Environment"), &b);
        hive_node_h sch =
            key(h, control, "SecurityProviders\\SCHANNEL");
        put_dword(&b, "EventLogging", 1);
        set_values(h, sch, &b);
        put_dword(&b, "Enabled", 0);
        put_dword(&b, "DisabledByDefault", 1);
        set_values(h, key(h, sch, "Protocols\\TLS 1.0\\Server"), &b);
        put_dword(&b, "Enabled", 0xffffffffu);
        set_values(h, key(h, sch, "Protocols\\TLS 1.2\\Client"), &b);
        put_raw(&b, "Enabled", hive_t_REG_BINARY, "\x01\x00", 2);
        set_values(h, key(h, sch, "Protocols\\SSL 3.0\\Client"), &b);
        (void)key(h, sch, "Protocols\\TLS 1.3");
    }
    (void)key(h, root, "MountedDevices");
    finish(h, path);
}

static void gen_software(const char *path)
{
    hive_h *h = start(path, "\\SystemRoot\\System32\\Config\\SOFTWARE",
                      "ROOT");
    hive_node_h root = hivex_root(h);
    vbuf b = {0};
    put_dword(&b, "CurrentMajorVersionNumber", 10);
    put_dword(&b, "CurrentMinorVersionNumber", 0);
    put_str(&b, "CurrentVersion", hive_t_REG_SZ, "6.3");
    put_str(&b, "CurrentBuild", hive_t_REG_SZ, "17763");
    put_str(&b, "CurrentBuildNumber", hive_t_REG_SZ, "17763");
    put_dword(&b, "UBR", 1234);
    put_str(&b, "EditionID", hive_t_REG_SZ, "ServerStandard");
    put_str(&b, "ProductName", hive_t_REG_SZ,
            "Windows Server 2019 Standard");
    put_str(&b, "ReleaseId", hive_t_REG_SZ, "1809");
    put_str(&b, "CSDVersion", hive_t_REG_SZ, "Service Pack 1");
    set_values(h, key(h, root, "Microsoft\\Windows NT\\CurrentVersion"), &b);
    put_str(&b, "", hive_t_REG_SZ, "default value");
    set_values(h, key(h, root, "WOW6432Node\\Microsoft"), &b);
    (void)key(h, root, "Classes\\.reg");
    finish(h, path);
}

/* A key holding a value of every type (some of odd lengths), and a path
** 24 keys deep. */
static void add_types(hive_h *h, hive_node_h root)
{
    vbuf b = {0};
    hive_node_h types = key(h, root, "Software\\reglint\\types");
    put_raw(&b, "none", hive_t_REG_NONE, "", 0);
    put_str(&b, "sz", hive_t_REG_SZ, "text");
    put_raw(&b, "sz-unterminated", hive_t_REG_SZ, "a\0b\0", 4);
    put_raw(&b, "sz-odd", hive_t_REG_SZ, "a\0b", 3);
    put_raw(&b, "binary", hive_t_REG_BINARY, "\x00\xff\x10", 3);
    put_dword(&b, "dword", 0x12345678u);
    put_raw(&b, "dword-short", hive_t_REG_DWORD, "\x01\x02", 2);
    put_raw(&b, "dword-be", hive_t_REG_DWORD_BIG_ENDIAN, "\x00\x00\x01\x00",
            4);
    put_raw(&b, "link", hive_t_REG_LINK, "\\\0R\0", 4);
    put_raw(&b, "multi", hive_t_REG_MULTI_SZ, "a\0\0\0b\0c\0\0\0\0\0", 12);
    put_raw(&b, "qword", hive_t_REG_QWORD,
            "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    put_raw(&b, "resource-list", hive_t_REG_RESOURCE_LIST, "\x01\x00\x00\x00",
            4);
    put_raw(&b, "type-0x100", (hive_type)0x100, "\xde\xad", 2);
    put_raw(&b, "Mixed Case Name", hive_t_REG_DWORD, "\x00\x00\x00\x00", 4);
    set_values(h, types, &b);
    hive_node_h deep = root;
    for (int i = 0; i < 24; i++) {
        char name[16];
        snprintf(name, sizeof name, "d%02d", i);
        deep = key(h, deep, name);
    }
    put_dword(&b, "depth", 24);
    set_values(h, deep, &b);
}

static void gen_ntuser(const char *path)
{
    hive_h *h = start(path, "\\??\\C:\\Users\\user\\ntuser.dat", "ROOT");
    hive_node_h root = hivex_root(h);
    vbuf b = {0};
    put_str(&b, "TEMP", hive_t_REG_EXPAND_SZ, "%USERPROFILE%\\Temp");
    set_values(h, key(h, root, "Environment"), &b);
    (void)key(h, root, "Control Panel\\Desktop");
    add_types(h, root);
    finish(h, path);
}

static void gen_wide(const char *path)
{
    hive_h *h = start(path, NULL, "wide");
    hive_node_h wide = key(h, hivex_root(h), "many");
    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof name, "sub%03d", (i * 17) % 40);
        (void)key(h, wide, name);
    }
    add_types(h, hivex_root(h));
    finish(h, path);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_hive_seeds OUTDIR\n");
        return 1;
    }
    outdir = argv[1];
    char *system = out_path("seed-system.hive");
    char *dirty = out_path("seed-system-dirty.hive");
    char *software = out_path("seed-software.hive");
    char *ntuser = out_path("seed-ntuser.hive");
    char *wide = out_path("seed-wide.hive");
    char *empty = out_path("seed-empty.hive");
    gen_system(system);
    patched_copy(system, dirty, 1, 5);
    gen_software(software);
    gen_ntuser(ntuser);
    gen_wide(wide);
    if (reglint_hive_write_empty(empty, "EMPTY", NULL) < 0)
        die("reglint_hive_write_empty", reglint_last_error());
    free(system);
    free(dirty);
    free(software);
    free(ntuser);
    free(wide);
    free(empty);
    return 0;
}
