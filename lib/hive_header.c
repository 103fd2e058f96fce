/*
** hive_header.c — the regf base block and the hbin chain, read without
** trusting them.
**
** libhivex says only "Invalid argument" or "Operation not supported" when
** it refuses a hive.  A user holding a damaged file from a disk image
** needs to know what is wrong and where, so reglint reads the 4096-byte
** base block and walks the hbin headers itself, and turns what it finds
** into diagnostics with byte offsets before (and after) asking hivex.
**
** Layout (offsets in the base block): 0 "regf", 4 sequence 1, 8 sequence
** 2, 12 last written (FILETIME), 20 major, 24 minor, 28 file type (0
** primary, 1/2 log), 32 format, 36 root cell offset, 40 hive bins data
** size, 44 clustering factor, 48 file name (64 bytes UTF-16LE), 508 XOR
** checksum of the 127 dwords before it.  Hive bins start at 4096.
*/
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

uint32_t hive_header_checksum(const uint8_t *base)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < 0x1fc; i += 4)
        sum ^= le32(base + i);
    return sum;
}

int hive_header_parse(const uint8_t *base, size_t len, hive_header *h)
{
    memset(h, 0, sizeof *h);
    if (len < 4 || memcmp(base, "regf", 4) != 0)
        return reglint__fail(EINVAL, "no \"regf\" signature; not a registry "
                                     "hive");
    if (len < HIVE_BASE_BLOCK)
        return reglint__fail(EINVAL, "truncated inside the 4096-byte base "
                                     "block (%zu bytes)", len);
    h->seq1 = le32(base + 4);
    h->seq2 = le32(base + 8);
    uint64_t ft = (uint64_t)le32(base + 12) | (uint64_t)le32(base + 16) << 32;
    /* FILETIME counts 100 ns from 1601; Unix time starts 11644473600 s on. */
    h->last_written = ft ? (int64_t)(ft / 10000000u) - 11644473600LL : 0;
    h->major = le32(base + 20);
    h->minor = le32(base + 24);
    h->file_type = le32(base + 28);
    h->format = le32(base + 32);
    h->root_offset = le32(base + 36);
    h->hbins_size = le32(base + 40);
    h->checksum = le32(base + 0x1fc);
    h->checksum_computed = hive_header_checksum(base);
    /* Windows stores 1 for a sum of 0 and -2 for -1 (it keeps 0 and -1 to
    ** mean "not computed"); hivex compares the plain sum. */
    uint32_t c = h->checksum_computed;
    h->checksum_ok = h->checksum == c ||
                     (c == 0 && h->checksum == 1) ||
                     (c == 0xffffffffu && h->checksum == 0xfffffffeu);
    bytebuf name = {0};
    size_t n = 0;
    while (n + 1 < 64 && (base[48 + n] || base[49 + n]))
        n += 2;
    if (utf16le_to_utf8(base + 48, n, &name, NULL) == 0 && name.data) {
        size_t m = name.len < sizeof h->name - 1 ? name.len
                                                 : sizeof h->name - 1;
        memcpy(h->name, name.data, m);
        h->name[m] = '\0';
    }
    bytebuf_free(&name);
    if (h->major != 1)
        return reglint__fail(ENOTSUP, "format version %u.%u; "
                             "only version 1.x hives exist", h->major,
                             h->minor);
    return 0;
}

int hive_hbins_check(int fd, uint64_t size, const hive_header *h,
                     uint64_t *bad_offset, char *why, size_t whylen)
{
    uint64_t end = (uint64_t)HIVE_BASE_BLOCK + h->hbins_size;
    uint64_t off = HIVE_BASE_BLOCK;
    *bad_offset = 0;
    if (h->hbins_size == 0 || h->hbins_size % 4096 != 0) {
        *bad_offset = 40;
        snprintf(why, whylen, "the header's hive-bins size %u is not a "
                 "positive multiple of 4096", h->hbins_size);
        return -1;
    }
    if (end > size) {
        *bad_offset = size;
        snprintf(why, whylen, "truncated: the header says the hive bins end "
                 "at %llu, the file ends at %llu",
                 (unsigned long long)end, (unsigned long long)size);
        return -2;
    }
    /* Each hbin is a multiple of 4096; at most size/4096 of them, so the
    ** walk always ends. */
    while (off < end) {
        uint8_t hb[32];
        if (pread(fd, hb, sizeof hb, (off_t)off) != (ssize_t)sizeof hb) {
            *bad_offset = off;
            snprintf(why, whylen, "cannot read the hbin header");
            return -1;
        }
        uint32_t hsize = le32(hb + 8);
        if (memcmp(hb, "hbin", 4) != 0) {
            *bad_offset = off;
            snprintf(why, whylen, "no \"hbin\" signature where a hive bin "
                     "should start");
            return -1;
        }
        if (le32(hb + 4) != off - HIVE_BASE_BLOCK) {
            *bad_offset = off + 4;
            snprintf(why, whylen, "the hive bin says it is at %u, it is at "
                     "%llu", le32(hb + 4),
                     (unsigned long long)(off - HIVE_BASE_BLOCK));
            return -1;
        }
        if (hsize == 0 || hsize % 4096 != 0 || off + hsize > end) {
            *bad_offset = off + 8;
            snprintf(why, whylen, "hive bin size %u is not a multiple of "
                     "4096 inside the hive bins", hsize);
            return -1;
        }
        off += hsize;
    }
    return 0;
}
