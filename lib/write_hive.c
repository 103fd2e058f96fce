/*
** write_hive.c — a minimal empty regf hive: what `reglint import` starts
** from when there is no base hive, and what reglint_hive_write_empty()
** writes.
**
** libhivex can edit a hive but cannot create one, so the first 8 KiB are
** laid out here by hand: the 4096-byte base block, then one 4096-byte hbin
** holding the root key's nk cell, its sk cell (a security descriptor:
** hivex copies the parent's sk into every key it adds and refuses to add
** one under a key without it), and one free cell for the rest of the bin.
**
** Format version 1.3: hivex stores value data of any size in one cell, and
** only from version 1.4 on do Windows and reglookup expect data over 16344
** bytes to be split into a big-data (db) record, which hivex cannot write.
** Version 1.3 hives are loaded by every Windows since NT 4.0.
*/
#include "internal.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Base block and hbin offsets (see hive_header.c for the base block). */
#define HBIN 0x1000u        /* the hbin, from the start of the file      */
#define ROOT_CELL 0x20u     /* cells, from the start of the hbin         */
#define NK_FIXED 0x4cu      /* an nk cell's fields before its name       */
#define HEADER_NAME_UNITS 31 /* UTF-16 units Windows keeps of the name   */

/* nk flags */
#define KEY_HIVE_ENTRY 0x0004u
#define KEY_NO_DELETE 0x0008u
#define KEY_COMP_NAME 0x0020u

#define CELL_NIL 0xffffffffu

/* Access masks and ACE flags of the root's DACL. */
#define KEY_ALL_ACCESS 0x000f003fu
#define KEY_READ 0x00020019u
#define CONTAINER_INHERIT_ACE 0x02u

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

/* Now as a Windows FILETIME: 100 ns units since 1601-01-01. */
static uint64_t filetime_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || ts.tv_sec < 0)
        return 0;
    return ((uint64_t)ts.tv_sec + 11644473600u) * 10000000u +
           (uint64_t)ts.tv_nsec / 100u;
}

/* A SID S-1-<authority>-<sub...> at p; returns its length. */
static size_t put_sid(uint8_t *p, uint8_t authority, const uint32_t *sub,
                      size_t nsub)
{
    p[0] = 1; /* revision */
    p[1] = (uint8_t)nsub;
    memset(p + 2, 0, 6); /* 48-bit big-endian identifier authority */
    p[7] = authority;
    for (size_t i = 0; i < nsub; i++)
        put32(p + 8 + 4 * i, sub[i]);
    return 8 + 4 * nsub;
}

static const uint32_t SUB_ADMINS[] = {32, 544}; /* S-1-5-32-544 */
static const uint32_t SUB_SYSTEM[] = {18};      /* S-1-5-18     */
static const uint32_t SUB_EVERYONE[] = {0};     /* S-1-1-0      */

/* An ACCESS_ALLOWED_ACE for a SID at p; returns its length. */
static size_t put_ace(uint8_t *p, uint32_t mask, uint8_t authority,
                      const uint32_t *sub, size_t nsub)
{
    p[0] = 0; /* ACCESS_ALLOWED_ACE_TYPE */
    p[1] = CONTAINER_INHERIT_ACE; /* subkeys inherit it */
    put32(p + 4, mask);
    size_t n = 8 + put_sid(p + 8, authority, sub, nsub);
    put16(p + 2, (uint32_t)n);
    return n;
}

/* A self-relative security descriptor as Windows gives a hive's root:
** owner Administrators, group SYSTEM, a protected DACL granting
** Administrators and SYSTEM full control and Everyone read.  Returns its
** length (120 bytes). */
static size_t put_security_descriptor(uint8_t *sd)
{
    size_t o = 20; /* the header */
    sd[0] = 1;     /* revision */
    sd[1] = 0;
    /* SE_SELF_RELATIVE | SE_DACL_PROTECTED | SE_DACL_PRESENT */
    put16(sd + 2, 0x8000u | 0x1000u | 0x0004u);
    size_t dacl = o;
    uint8_t *acl = sd + dacl;
    acl[0] = 2; /* ACL_REVISION */
    acl[1] = 0;
    size_t a = 8;
    a += put_ace(acl + a, KEY_ALL_ACCESS, 5, SUB_ADMINS, 2);
    a += put_ace(acl + a, KEY_ALL_ACCESS, 5, SUB_SYSTEM, 1);
    a += put_ace(acl + a, KEY_READ, 1, SUB_EVERYONE, 1);
    put16(acl + 2, (uint32_t)a);
    put16(acl + 4, 3); /* ACE count */
    o += a;
    size_t owner = o;
    o += put_sid(sd + o, 5, SUB_ADMINS, 2);
    size_t group = o;
    o += put_sid(sd + o, 5, SUB_SYSTEM, 1);
    put32(sd + 4, (uint32_t)owner);
    put32(sd + 8, (uint32_t)group);
    put32(sd + 12, 0); /* no SACL */
    put32(sd + 16, (uint32_t)dacl);
    return o;
}

/* The root key's name as stored: Latin-1 with KEY_COMP_NAME when every
** character fits (what Windows does), UTF-16LE otherwise.  -1 (EINVAL) for
** a name no key may have. */
static int encode_root_name(const char *name, bytebuf *out, bool *latin1)
{
    size_t n = strlen(name);
    if (n == 0)
        return reglint__fail(EINVAL, "the root key needs a name");
    if (memchr(name, '\\', n))
        return reglint__fail(EINVAL, "key name '%s' holds a backslash", name);
    if (utf8_utf16_units(name, n) > REGLINT_MAX_KEY_NAME)
        return reglint__fail(EINVAL, "key name longer than %d characters",
                             REGLINT_MAX_KEY_NAME);
    *latin1 = true;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = utf8_decode(name + i, n - i, &cp);
        if (l == 0)
            return reglint__fail(EINVAL, "key name '%s' is not UTF-8", name);
        if (cp > 0xff)
            *latin1 = false;
        i += l;
    }
    if (!*latin1)
        return utf8_to_utf16le(name, n, out) < 0
                   ? reglint__fail(ENOMEM, "out of memory")
                   : 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(name + i, n - i, &cp);
        if (bytebuf_putc(out, (uint8_t)cp) < 0)
            return reglint__fail(ENOMEM, "out of memory");
    }
    return 0;
}

int hive_build_empty(uint8_t *hive, const char *header_name,
                     const char *root_name)
{
    bytebuf name = {0}, hname = {0};
    bool latin1 = true;
    if (encode_root_name(root_name ? root_name : "ROOT", &name, &latin1) < 0)
        return -1;
    if (header_name &&
        utf8_to_utf16le(header_name, strlen(header_name), &hname) < 0) {
        bytebuf_free(&name);
        return reglint__fail(ENOMEM, "out of memory");
    }
    memset(hive, 0, HIVE_EMPTY_SIZE);
    uint64_t now = filetime_now();

    /* ---- the hbin and its cells ---- */
    uint8_t *bin = hive + HBIN;
    memcpy(bin, "hbin", 4);
    put32(bin + 4, 0);     /* its offset from the first hbin */
    put32(bin + 8, 0x1000); /* its size                       */
    put64(bin + 0x14, now);

    /* Cell sizes are multiples of 8, negative while in use. */
    uint32_t nk_size = (uint32_t)((4 + NK_FIXED + name.len + 7) & ~(size_t)7);
    uint32_t sk_off = ROOT_CELL + nk_size;
    uint8_t *nk = bin + ROOT_CELL;
    put32(nk, (uint32_t)-(int32_t)nk_size);
    nk += 4;
    memcpy(nk, "nk", 2);
    put16(nk + 0x02, KEY_HIVE_ENTRY | KEY_NO_DELETE |
                         (latin1 ? KEY_COMP_NAME : 0));
    put64(nk + 0x04, now);
    put32(nk + 0x10, CELL_NIL); /* parent: the root has none */
    put32(nk + 0x1c, CELL_NIL); /* subkey list                */
    put32(nk + 0x20, CELL_NIL); /* volatile subkey list       */
    put32(nk + 0x28, CELL_NIL); /* value list                 */
    put32(nk + 0x2c, sk_off);
    put32(nk + 0x30, CELL_NIL); /* class name                 */
    put16(nk + 0x48, (uint32_t)name.len);
    memcpy(nk + NK_FIXED, name.data, name.len);

    uint8_t *sk = bin + sk_off;
    uint32_t sd_len = (uint32_t)put_security_descriptor(sk + 4 + 0x14);
    uint32_t sk_size = (4 + 0x14 + sd_len + 7) & ~7u;
    put32(sk, (uint32_t)-(int32_t)sk_size);
    sk += 4;
    memcpy(sk, "sk", 2);
    /* The list of all sk cells is circular; this one is alone in it. */
    put32(sk + 0x04, sk_off);
    put32(sk + 0x08, sk_off);
    put32(sk + 0x0c, 1); /* keys that use it: the root */
    put32(sk + 0x10, sd_len);

    /* The rest of the bin is one free cell (positive size). */
    uint32_t free_off = sk_off + sk_size;
    put32(bin + free_off, 0x1000 - free_off);

    /* ---- the base block ---- */
    memcpy(hive, "regf", 4);
    put32(hive + 4, 1); /* sequence numbers equal: clean */
    put32(hive + 8, 1);
    put32(hive + 20, 1); /* format version 1.3 (see the top) */
    put32(hive + 24, 3);
    put32(hive + 28, 0); /* a primary file, not a log */
    put32(hive + 32, 1); /* direct memory load        */
    put32(hive + 36, ROOT_CELL);
    put32(hive + 40, 0x1000); /* hive bins data size   */
    put32(hive + 44, 1);      /* clustering factor     */
    /* Windows keeps the tail of a long name: the end says which hive. */
    size_t units = hname.len / 2, skip = 0;
    if (units > HEADER_NAME_UNITS)
        skip = units - HEADER_NAME_UNITS;
    if (skip < units && hname.data[2 * skip + 1] >= 0xdc &&
        hname.data[2 * skip + 1] <= 0xdf)
        skip++; /* not half a surrogate pair */
    if (units > skip)
        memcpy(hive + 48, hname.data + 2 * skip, 2 * (units - skip));
    /* Windows stores 1 for a checksum of 0 and -2 for -1, hivex the plain
    ** sum; another timestamp makes both agree. */
    for (;;) {
        put64(hive + 12, now);
        uint32_t sum = hive_header_checksum(hive);
        if (sum != 0 && sum != 0xffffffffu) {
            put32(hive + 0x1fc, sum);
            break;
        }
        now++;
    }
    bytebuf_free(&name);
    bytebuf_free(&hname);
    return 0;
}

int reglint_hive_write_empty(const char *path, const char *header_name,
                             const char *root_name)
{
    uint8_t hive[HIVE_EMPTY_SIZE];
    if (!path)
        return reglint__fail(EINVAL, "no file name");
    if (hive_build_empty(hive, header_name, root_name) < 0)
        return -1;
    atomic_file af;
    if (atomic_file_begin(&af, path) < 0)
        return -1;
    for (size_t done = 0; done < sizeof hive;) {
        ssize_t n = write(af.fd, hive + done, sizeof hive - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;
            reglint__fail(e, "%s: cannot write: %s", path, strerror(e));
            atomic_file_abort(&af);
            return -1;
        }
        done += (size_t)n;
    }
    return atomic_file_commit(&af);
}
